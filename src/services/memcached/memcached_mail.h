/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report memcached: Shadowserver's scan_memcached, CERT-Bund's "Offener memcached-Dienst". */
#ifndef PORTGUARD_MEMCACHED_MAIL_H
#define PORTGUARD_MEMCACHED_MAIL_H

#include "services/service.h"

extern const struct service_mail memcached_mail;

#endif
