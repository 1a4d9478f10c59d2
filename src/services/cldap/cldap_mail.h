/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report the CLDAP service: Shadowserver's
 * scan_ldap_udp, CERT-Bund's "Offener CLDAP-Dienst". */
#ifndef PORTGUARD_CLDAP_MAIL_H
#define PORTGUARD_CLDAP_MAIL_H

#include "services/service.h"

extern const struct service_mail cldap_mail;

#endif
