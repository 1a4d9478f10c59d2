/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PORTGUARD_NTP_H
#define PORTGUARD_NTP_H

#include "services/service.h"

extern const struct service ntp_service;

#endif
