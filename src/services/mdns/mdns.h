/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PORTGUARD_MDNS_H
#define PORTGUARD_MDNS_H

#include "services/service.h"

extern const struct service mdns_service;

#endif
