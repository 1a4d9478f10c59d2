/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host names as the analysed host resolves them. On the live system
 * (root "") getaddrinfo() asks the host's own resolver (/etc/hosts,
 * DNS, ...). Below --root only DIR/etc/hosts is read: a name in another
 * host's files means what that host's hosts file says, never what this
 * machine's DNS says, and an offline analysis stays offline. */
#ifndef PORTGUARD_RESOLVE_H
#define PORTGUARD_RESOLVE_H

#include "base/paths.h"
#include "model/model.h"

/* Appends a host prefix (/32, /128) for every address of name. Returns
 * the number added (0: the name does not resolve) or a negative errno. */
int resolve_host(const struct host *host, const char *name, struct cidr_list *list);

/* Same, for the text of a hosts file (exposed for the tests). */
int resolve_in_hosts_text(const char *text, const char *name, struct cidr_list *list);

#endif
