/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report the internal services: Shadowserver's
 * scan_chargen (Open-Chargen) and scan_qotd (Open-QOTD), CERT-Bund's
 * Chargen and QOTD mails. */
#ifndef PORTGUARD_CHARGEN_MAIL_H
#define PORTGUARD_CHARGEN_MAIL_H

#include "services/service.h"

extern const struct service_mail chargen_mail;

#endif
