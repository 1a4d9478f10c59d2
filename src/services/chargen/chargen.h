/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PORTGUARD_CHARGEN_H
#define PORTGUARD_CHARGEN_H

#include "services/service.h"

extern const struct service chargen_service;

#endif
