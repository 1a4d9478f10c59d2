/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP (tftpd-hpa's in.tftpd, port 69 udp; also dnsmasq's enable-tftp):
 * what Shadowserver's scan_tftp reports. */
#ifndef PORTGUARD_TFTP_H
#define PORTGUARD_TFTP_H

#include "services/service.h"

extern const struct service tftp_service;

#endif
