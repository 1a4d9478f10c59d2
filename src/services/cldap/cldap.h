/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CLDAP (389/udp) of a Samba AD DC: what Shadowserver's scan_ldap_udp
 * reports as an open LDAP (UDP) service. */
#ifndef PORTGUARD_CLDAP_H
#define PORTGUARD_CLDAP_H

#include "services/service.h"

extern const struct service cldap_service;

#endif
