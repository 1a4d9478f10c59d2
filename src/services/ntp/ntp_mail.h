/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report NTP: Shadowserver's scan_ntp (mode 6) and scan_ntpmonitor (mode 7, monlist), also over IPv6, CERT-Bund's NTP mails. */
#ifndef PORTGUARD_NTP_MAIL_H
#define PORTGUARD_NTP_MAIL_H

#include "services/service.h"

extern const struct service_mail ntp_mail;

#endif
