/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report TFTP: Shadowserver's scan_tftp, CERT-Bund's
 * "Offener TFTP-Dienst". */
#ifndef PORTGUARD_TFTP_MAIL_H
#define PORTGUARD_TFTP_MAIL_H

#include "services/service.h"

extern const struct service_mail tftp_mail;

#endif
