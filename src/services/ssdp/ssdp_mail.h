/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report SSDP: Shadowserver's scan_ssdp, CERT-Bund's "Offener SSDP-Dienst". */
#ifndef PORTGUARD_SSDP_MAIL_H
#define PORTGUARD_SSDP_MAIL_H

#include "services/service.h"

extern const struct service_mail ssdp_mail;

#endif
