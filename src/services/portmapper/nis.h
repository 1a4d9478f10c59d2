/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NIS (YP) on the analysed host: ypserv and ypbind find each other and
 * their clients through rpcbind. Running means a process of that name
 * below --root's /proc; enabled means a systemd enablement link. */
#ifndef PORTGUARD_NIS_H
#define PORTGUARD_NIS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/paths.h"
#include "model/model.h"

#define NIS_TEXT_MAX 256

struct nis_daemon {
	bool running;
	pid_t pid;
	bool enabled;
	char enabled_link[NIS_TEXT_MAX];	/* the link that enables it */
};

struct nis_state {
	struct nis_daemon server;	/* ypserv */
	struct nis_daemon client;	/* ypbind */
	bool securenets_found;
	struct cidr_list securenets;	/* normalised */
	bool securenets_everyone;	/* a 0.0.0.0 0.0.0.0 line, or nothing listed */
};

int nis_read(const struct host *host, struct nis_state *ret_state, struct error_record *ret_error);

/* securenets(5): "netmask network" and "host address" lines, IPv4 or
 * IPv6. Appends to list. Returns 0 or -EINVAL with *ret_error. */
int nis_securenets_parse(const char *text, size_t length, const char *file_name, struct cidr_list *list,
			 struct error_record *ret_error);

void nis_state_free(struct nis_state *state);

#endif
