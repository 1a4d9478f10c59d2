/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report SNMP: Shadowserver's scan_snmp and scan6_snmp, CERT-Bund's "Offener SNMP-Dienst". */
#ifndef PORTGUARD_SNMP_MAIL_H
#define PORTGUARD_SNMP_MAIL_H

#include "services/service.h"

extern const struct service_mail snmp_mail;

#endif
