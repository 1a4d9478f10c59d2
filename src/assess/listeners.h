/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The first stage as a whole: a service's sockets from the kernel
 * (scan), who holds them (owner: processes; units: the socket units PID
 * 1 holds, over sd-bus), and which of them portguard's table limits (the
 * table read back through nft). scan and owner stay below the bus and
 * the firewall; this is where they meet. */
#ifndef PORTGUARD_LISTENERS_H
#define PORTGUARD_LISTENERS_H

#include "model/model.h"
#include "nft/nft.h"
#include "services/service.h"

/* portguard's table as read alongside: the whole table (every
 * service's part, the service's own among them; left empty when way has
 * NFT_READ_ONE_PART; with NFT_READ_KEEP it may be the kept record lent,
 * table_lent, for as long as nft_table_read_known_lent says),
 * nft_table_read's result and, when it failed, its one-line error. */
struct listeners_filter {
	struct nft_table table;
	bool table_lent;
	int read;
	char error[NFT_ERROR_MAX];
};

/* Scans the service's ports, attributes the owners and marks what the installed table
 * filters (a table that cannot be read counts as absent). The table goes
 * to *ret_filter when that is not NULL (the caller frees it with
 * listeners_filter_free).
 * Returns 0 or the scan's negative errno (-EPROTONOSUPPORT: no inet_diag). */
int listeners_read(const struct service *service, struct listener_list *ret_list, struct listeners_filter *ret_filter);
/* The same, reading the table as nft_ruleset_read_known does: the record
 * below known_host (NULL: none) used or written as way says. */
int listeners_read_known(const struct service *service, const struct host *known_host, unsigned int way, struct listener_list *ret_list,
			 struct listeners_filter *ret_filter);

/* The same for sockets already dumped for several services at once
 * (scanned, which stays the caller's): those on the service's ports
 * and transports are taken from it instead of a dump of their own. */
int listeners_pick_known(const struct service *service, const struct listener_list *scanned,
			 const struct host *known_host, unsigned int way, struct listener_list *ret_list,
			 struct listeners_filter *ret_filter);

/* The owners of every socket of scanned (the services' sockets from
 * one dump) in one search, the services' processes first, while the
 * command's owner memo is begun (kernel/owner.h): each service's
 * listeners_pick_known and its fix's own look are then served from the
 * memo instead of a search each. Without the memo, nothing. */
int listeners_attribute_scanned(const struct service *const *services, size_t count, struct listener_list *scanned);

/* Marks the listeners whose port the installed table limits; a table
 * that trusts everybody limits nothing. */
void listeners_mark_filtered(struct listener_list *list, const struct nft_ruleset *installed);

void listeners_filter_free(struct listeners_filter *filter);

#endif
