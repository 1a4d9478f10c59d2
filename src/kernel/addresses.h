/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host's own addresses, IPv4 and IPv6, from netlink (RTM_GETADDR):
 * is a reported address this machine's, and what to name in the report. */
#ifndef PORTGUARD_ADDRESSES_H
#define PORTGUARD_ADDRESSES_H

#include <jansson.h>
#include <net/if.h>
#include <stdbool.h>

#include "model/model.h"

struct local_address {
	struct ip_address address;
	unsigned int prefix_length;
	enum scope scope;
	unsigned int interface_index;
};

struct address_list {
	struct local_address *items;	/* distinct addresses, in kernel order */
	size_t count;
	size_t capacity;
};

/* Every address configured in this network namespace, including
 * loopback, link-local and tentative ones; not those that failed
 * duplicate address detection. Returns 0 or a negative errno. */
int addresses_local(struct address_list *ret_list);
void address_list_free(struct address_list *list);

bool address_list_contains(const struct address_list *list, const struct ip_address *address);
/* true when any address has SCOPE_PUBLIC */
bool address_list_has_public(const struct address_list *list);

/* A named interface's address with its network, for a daemon that
 * serves interfaces (avahi, minissdpd): its peers are that network's. */
struct local_link {
	char name[IF_NAMESIZE];
	struct ip_address address;
	struct cidr network;
	enum scope scope;
};

/* The links of this network namespace's public and private addresses
 * (no loopback or link-local ones), up to max. Returns how many or a
 * negative errno. */
int addresses_links(struct local_link *links, size_t max);

/* The addresses the record keeps: without loopback and link-local
 * ones, which say nothing to an outsider. *ret_addresses is allocated
 * (free()). Returns 0 or -ENOMEM. */
int addresses_shown(const struct address_list *list, struct ip_address **ret_addresses, size_t *ret_count);
/* addresses as a JSON array of their text. NULL when out of memory. */
json_t *addresses_json_array(const struct ip_address *addresses, size_t count);
/* addresses_shown as that array. */
json_t *addresses_json(const struct address_list *list);

#endif
