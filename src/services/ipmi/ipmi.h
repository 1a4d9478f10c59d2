/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PORTGUARD_IPMI_H
#define PORTGUARD_IPMI_H

#include "services/ipmi/ipmi_wire.h"
#include "services/service.h"

/* IPMI_PORT is ipmi_wire.h's. */
extern const struct service ipmi_service;

#endif
