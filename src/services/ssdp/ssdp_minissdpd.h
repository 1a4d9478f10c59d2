/* SPDX-License-Identifier: GPL-2.0-or-later */
/* minissdpd's own socket (internal to services/ssdp/): how many services
 * it holds, asked with its request type 3 ("all devices") over
 * /run/minissdpd.sock, so that the local M-SEARCH ends as soon as that
 * many replies came; and its command line, for the interfaces it serves
 * and its socket's path. The protocol (minissdpd.c, codelength.h of
 * minissdpd 1.6.0): a request is its type byte and a string after its
 * length; the reply to type 3 is one byte, the count of entries (up to
 * 255), then for each its location, its type (ST or NT) and its USN,
 * each after its length in 7-bit groups, most significant first, the
 * high bit set on every group but the last. The entries are the devices
 * minissdpd heard announced on its links first, then the services
 * registered with it (type 4, as miniupnpd and minidlna register); only
 * these answer an M-SEARCH, and a device of this host's own that it
 * heard announced is listed again with the same type and USN. */
#ifndef PORTGUARD_SSDP_MINISSDPD_H
#define PORTGUARD_SSDP_MINISSDPD_H

#include <stddef.h>
#include <stdint.h>

#include "services/ssdp/ssdp_config.h"

#define MINISSDPD_SOCKET "/run/minissdpd.sock"
#define MINISSDPD_SEARCH_ALL 3
/* minissdpd writes one reply of RESPONSE_BUFFER_SIZE (4096) at most;
 * twice that is refused. */
#define MINISSDPD_REPLY_MAX 8192
#define MINISSDPD_ENTRIES_MAX 255
#define MINISSDPD_PATH_MAX 108	/* sun_path */

struct minissdpd_slice {
	uint16_t offset;	/* into the reply */
	uint16_t length;
};

struct minissdpd_entry {
	struct minissdpd_slice location, st, usn;
};

struct minissdpd_reply {
	size_t count;		/* entries, as its first byte says */
	size_t distinct;	/* of them, those whose ST and USN no earlier one has */
	struct minissdpd_entry entries[MINISSDPD_ENTRIES_MAX];
};

/* Decodes the reply to type 3 in data. Returns 0; -EAGAIN when data
 * ends before the reply does (read more); -EBADMSG for bytes that are no
 * such reply: a length of more than four groups or past
 * MINISSDPD_REPLY_MAX (or that many bytes and not whole), bytes after
 * the last entry. Pure, bounded. */
int minissdpd_reply_decode(const uint8_t *data, size_t length, struct minissdpd_reply *ret_reply);

/* Asks the minissdpd listening at path for all it holds, timeout_ms in
 * all. Returns 0 with the reply decoded; -ENOENT, -ECONNREFUSED,
 * -EACCES and the like when there is no such socket or it may not be
 * used; -ETIMEDOUT; -EBADMSG. */
int minissdpd_ask_all(const char *path, unsigned int timeout_ms, struct minissdpd_reply *ret_reply);

/* minissdpd's command line, its arguments separated by NULs as in
 * /proc/PID/cmdline: the interfaces (-i, a name or an address), -6, and
 * the socket (-s) into socket_path (MINISSDPD_SOCKET without -s).
 * Returns 0; -EINVAL when it is no minissdpd command line or has more
 * than SSDP_INTERFACES_MAX interfaces or a value too long. Pure. */
int minissdpd_cmdline_parse(const char *text, size_t length, struct ssdp_config *ret_config,
			    char socket_path[MINISSDPD_PATH_MAX]);

#endif
