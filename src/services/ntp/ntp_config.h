/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ntpd's restrict lines (ntp.conf): which sources may query it (mode 6)
 * and get time (modes 3 and 4), and whether it serves time at all.
 * Internal to services/ntp/. */
#ifndef PORTGUARD_NTP_CONFIG_H
#define PORTGUARD_NTP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "model/model.h"

/* ntpsec's, then classic ntpd's. */
#define PATH_NTPSEC_CONF "/etc/ntpsec/ntp.conf"
#define PATH_NTP_CONF "/etc/ntp.conf"
#define NTP_CONFIG_LINE_MAX 1024
#define NTP_RESTRICTS_MAX 256

struct ntp_restrict {
	unsigned int line;
	bool is_default;	/* "default": every source no other line names */
	struct cidr network;	/* else the source it names */
	bool noquery;		/* no mode 6 (and mode 7) */
	bool ignore;		/* nothing at all */
	bool noserve;		/* no time */
};

struct ntp_config {
	char file[64];		/* "" when no ntp.conf was found */
	struct ntp_restrict restricts[NTP_RESTRICTS_MAX];
	size_t count;
	unsigned int server_line;	/* the first server, pool or peer line, 0 without */
	/* The first "unrestrict" line that takes noquery or ignore away from
	 * default or a network beyond loopback (ntpsec's way to open mode 6,
	 * whose built-in default has noquery); 0 without. */
	unsigned int unrestrict_query_line;
};

/* Parses text of file. Returns 0, or -EINVAL with *ret_error naming the
 * line: a restrict line whose address or mask is none, more than
 * NTP_RESTRICTS_MAX restrict lines, binary data, a line too long. */
int ntp_config_parse(const char *text, size_t length, const char *file, struct ntp_config *ret_config,
		     struct error_record *ret_error);

/* The first of PATH_NTPSEC_CONF and PATH_NTP_CONF below host; file ""
 * when neither exists. Returns 0, -EINVAL (as above, or unreadable),
 * -ENOMEM. */
int ntp_config_read(const struct host *host, struct ntp_config *ret_config, struct error_record *ret_error);

/* Whether the restrict lines let a source that is not loopback send
 * mode 6 queries. ntpsec answers them only from a network a line names
 * without noquery, never through "restrict default" (measured with
 * ntpsec 1.2.2); classic ntpd also through default. */
bool ntp_config_lets_outsiders_query(const struct ntp_config *config, bool ntpsec);

#endif
