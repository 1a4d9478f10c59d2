/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PORTGUARD_IPMI_MAIL_H
#define PORTGUARD_IPMI_MAIL_H

#include "services/service.h"

extern const struct service_mail ipmi_mail;

#endif
