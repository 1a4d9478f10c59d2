/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which interfaces minissdpd serves: MiniSSDPd_INTERFACE_ADDRESS (and
 * any -i in MiniSSDPd_OTHER_OPTIONS) of /etc/default/minissdpd, names
 * or IPv4 addresses, against the host's interfaces and their networks.
 * minissdpd answers only a source on the network of one of them.
 * Internal to services/ssdp/. */
#ifndef PORTGUARD_SSDP_CONFIG_H
#define PORTGUARD_SSDP_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "kernel/addresses.h"
#include "model/model.h"

#define PATH_MINISSDPD_DEFAULT "/etc/default/minissdpd"
#define SSDP_CONFIG_LINE_MAX 1024
#define SSDP_INTERFACES_MAX 16
#define SSDP_INTERFACE_NAME_MAX 64	/* a name or an IPv4 address, with the NUL */

struct ssdp_config {
	char file[64];			/* "" when there is no /etc/default/minissdpd */
	char interfaces[SSDP_INTERFACES_MAX][SSDP_INTERFACE_NAME_MAX];
	size_t interface_count;		/* 0: minissdpd is given none and does not start */
	unsigned int line;		/* of MiniSSDPd_INTERFACE_ADDRESS, 0 when none */
	bool ipv6;			/* -6 in MiniSSDPd_OTHER_OPTIONS: IPv6 as well */
};

/* Parses text of file, a shell variable file: the last assignment of
 * each variable counts, quotes are taken off. Returns 0, or -EINVAL
 * with *ret_error naming the line: binary data, a line too long, more
 * than SSDP_INTERFACES_MAX interfaces or one too long. */
int ssdp_config_parse(const char *text, size_t length, const char *file, struct ssdp_config *ret_config,
		      struct error_record *ret_error);
/* PATH_MINISSDPD_DEFAULT below host; file "" when it does not exist.
 * Returns 0, -EINVAL (as above, or unreadable), -ENOMEM. */
int ssdp_config_read(const struct host *host, struct ssdp_config *ret_config, struct error_record *ret_error);

/* One address of an interface of the host, with its network. */
/* Whether minissdpd serves link: its name or its address is listed,
 * and it is IPv4 or minissdpd was given -6. */
bool ssdp_config_serves(const struct ssdp_config *config, const struct local_link *link);


#endif
