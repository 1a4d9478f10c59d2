/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which interfaces avahi serves: allow-interfaces and deny-interfaces of
 * avahi-daemon.conf's [server] section against the host's interfaces
 * and their networks. Internal to services/mdns/. */
#ifndef PORTGUARD_MDNS_CONFIG_H
#define PORTGUARD_MDNS_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "kernel/addresses.h"
#include "model/model.h"

#define PATH_AVAHI_CONF "/etc/avahi/avahi-daemon.conf"
#define PATH_AVAHI_SERVICES "/etc/avahi/services"
#define PATH_NSSWITCH "/etc/nsswitch.conf"
#define MDNS_CONFIG_LINE_MAX 1024
#define MDNS_INTERFACES_MAX 32

struct mdns_config {
	char file[64];			/* "" when there is no avahi-daemon.conf */
	char allow[MDNS_INTERFACES_MAX][IF_NAMESIZE];
	size_t allow_count;		/* 0: every interface */
	unsigned int allow_line;
	char deny[MDNS_INTERFACES_MAX][IF_NAMESIZE];
	size_t deny_count;
	unsigned int deny_line;
};

/* Parses text of file. Returns 0, or -EINVAL with *ret_error naming the
 * line: an interface name too long, more than MDNS_INTERFACES_MAX names,
 * binary data, a line too long. */
int mdns_config_parse(const char *text, size_t length, const char *file, struct mdns_config *ret_config,
		      struct error_record *ret_error);
/* PATH_AVAHI_CONF below host; file "" when it does not exist. Returns
 * 0, -EINVAL (as above, or unreadable), -ENOMEM. */
int mdns_config_read(const struct host *host, struct mdns_config *ret_config, struct error_record *ret_error);

/* Whether avahi serves the interface called name (deny wins over allow,
 * as in avahi). */
bool mdns_config_serves(const struct mdns_config *config, const char *name);

/* One network of an interface of the host. */

#endif
