/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What portguard does about an exposed portmapper: the mode the admin
 * asks for (--mode, the config's mode) and the action the plan decides,
 * each with the one table of the words users, the state file and the
 * JSON spell it in. */
#ifndef PORTGUARD_ACTION_H
#define PORTGUARD_ACTION_H

#include <errno.h>
#include <stdbool.h>

enum action {
	ACTION_NONE,		/* not exposed: nothing to change */
	ACTION_STOP,		/* stop, disable and mask the rpcbind units */
	ACTION_RESTRICT,	/* nftables: only loopback and trusted networks */
	/* nothing may be changed by portguard: the service serves the world
	 * on purpose (a DNS server's zones); the plan says which line of its
	 * configuration to change instead, and the host stays exposed */
	ACTION_EXPLAIN,
	_ACTION_MAX,
	_ACTION_INVALID = -EINVAL,
};

enum mode {
	MODE_AUTO,		/* stop when nothing needs rpcbind, else restrict */
	MODE_STOP,
	MODE_RESTRICT,
	_MODE_MAX,
	_MODE_INVALID = -EINVAL,
};

/* "none", "stop", "restrict", "explain"; NULL for a value outside the enum. */
const char *action_to_string(enum action action);
/* _ACTION_INVALID for NULL or any other text. */
enum action action_from_string(const char *text);
/* true for stop and restrict: the actions that change the host. */
bool action_changes_host(enum action action);

/* "auto", "stop", "restrict". */
const char *mode_to_string(enum mode mode);
enum mode mode_from_string(const char *text);

#endif
