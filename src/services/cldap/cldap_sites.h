/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The subnets that an AD DC's directory names for its sites (objects of
 * class subnet below CN=Subnets,CN=Sites of the configuration: cn is
 * the prefix, siteObject the site), read from samba's privileged LDAP
 * socket, PRIVATE_DIR/ldap_priv/ldapi, as root: samba gives a
 * connection there the system session without a bind (samba 4.17,
 * ldapsrv_accept_priv), while the unprivileged PRIVATE_DIR/ldapi
 * refuses the search without authentication. The private dir comes
 * from smb.conf, as samba takes it. Below --root the socket is looked
 * for inside the tree; a fixture tree has none. */
#ifndef PORTGUARD_CLDAP_SITES_H
#define PORTGUARD_CLDAP_SITES_H

#include <stddef.h>

#include "base/paths.h"
#include "model/cidr.h"
#include "services/cldap/cldap_wire.h"
#include "services/smb_conf.h"

/* Debian's samba (testparm -s --parameter-name "private dir") */
#define CLDAP_PRIVATE_DIR_DEFAULT "/var/lib/samba/private"
#define CLDAP_SITES_SOCKET "ldap_priv/ldapi"
/* A stuck DC must not hang check or fix: the whole exchange. */
#define CLDAP_SITES_TIMEOUT_MS 2000
/* More are not read: the sites are then not used at all. */
#define CLDAP_SITES_SUBNETS_MAX 1024
#define CLDAP_SITE_MAX 64
#define CLDAP_SITES_WHY_MAX 256

struct cldap_subnet {
	struct cidr network;
	char site[CLDAP_SITE_MAX];	/* siteObject's name; "" when it names none */
};

struct cldap_sites {
	struct cldap_subnet *items;
	size_t count;
	size_t capacity;
	size_t unusable;		/* subnets whose cn is no prefix */
	char first_unusable[CLDAP_TEXT_MAX];
	char socket[PATH_MAX];		/* the socket on the analysed host */
};

/* The socket for conf's private dir (or the default) into buffer
 * (PATH_MAX bytes). Returns 0, -EINVAL for a private dir that is no
 * absolute path, -ENAMETOOLONG. */
int cldap_sites_socket(const struct smb_conf *conf, char *buffer);

/* Reads the subnets within timeout_ms. Returns 1 when the directory
 * answered (ret_sites->count may be 0); 0 when it could not be read,
 * with why in words ("no socket ...", "the search timed out", ...);
 * -ENOMEM. ret_sites is the caller's to free either way. */
int cldap_sites_read(const struct host *host, const struct smb_conf *conf, unsigned int timeout_ms,
		     struct cldap_sites *ret_sites, char *why, size_t why_size);

void cldap_sites_free(struct cldap_sites *sites);

#endif
