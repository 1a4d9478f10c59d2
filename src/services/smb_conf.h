/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What /etc/samba/smb.conf says of a Samba file server and its clients,
 * read by hand from the text (pure, fuzzed), for the services that
 * answer for Samba (netbios: nmbd; wsd: wsdd; cldap: the AD DC):
 * [global]'s disable netbios, interfaces, bind interfaces only, hosts
 * allow, server role, realm and private dir, and the
 * shares the other sections define. Keys are matched as Samba matches
 * them: without case and without blanks ("hosts allow", "HostsAllow",
 * and the synonym "allow hosts"); a line ending in a backslash goes on
 * in the next. smb_conf_consumer.h derives the clients' networks. */
#ifndef PORTGUARD_SMB_CONF_H
#define PORTGUARD_SMB_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define SMB_CONF_PATH "/etc/samba/smb.conf"

/* Samba's own parser takes lines of any length; this bounds a lie. */
#define SMB_CONF_LINE_MAX 8192
#define SMB_CONF_VALUE_MAX 1024
#define SMB_CONF_SECTION_MAX 256

/* One [global] setting: the line it was last set on (0: never) and
 * its value, blanks around it cut. */
struct smb_conf_setting {
	unsigned int line;
	char value[SMB_CONF_VALUE_MAX];
};

struct smb_conf {
	struct smb_conf_setting disable_netbios;
	struct smb_conf_setting interfaces;
	struct smb_conf_setting bind_interfaces_only;
	struct smb_conf_setting hosts_allow;
	struct smb_conf_setting server_role;	/* cldap: "active directory domain controller" */
	struct smb_conf_setting realm;
	struct smb_conf_setting private_dir;	/* cldap: where samba's ldapi sockets are; or "private directory" */
	struct smb_conf_setting include;	/* the first include = line */
	size_t share_count;			/* sections but [global] */
	unsigned int share_line;		/* the first share's */
	char share[SMB_CONF_SECTION_MAX];
};

/* Parses text into *ret_conf. Returns 0; -EINVAL with *ret_line and
 * *ret_reason for a line that is no smb.conf(5) line (binary data, too
 * long, a section header without its bracket). */
int smb_conf_parse(const char *text, size_t length, struct smb_conf *ret_conf, unsigned int *ret_line,
		   const char **ret_reason);

/* Samba's booleans: yes/true/on/1 and no/false/off/0, without case. */
bool smb_conf_true(const struct smb_conf_setting *setting);

#endif
