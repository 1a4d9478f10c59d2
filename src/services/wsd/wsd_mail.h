/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report WS-Discovery: Shadowserver's scan_ws_discovery,
 * CERT-Bund's "Offener WS-Discovery-Dienst". */
#ifndef PORTGUARD_WSD_MAIL_H
#define PORTGUARD_WSD_MAIL_H

#include "services/service.h"

extern const struct service_mail wsd_mail;

#endif
