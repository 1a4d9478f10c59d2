/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report the portmapper: Shadowserver's scan_portmapper
 * (programs, mountd_port, exports) and CERT-Bund's rpc_response, the
 * record's keys for such a row and the report's words on it. */
#ifndef PORTGUARD_PORTMAPPER_MAIL_H
#define PORTGUARD_PORTMAPPER_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "services/service.h"

extern const struct service_mail portmapper_mail;

#define PORTMAPPER_MAIL_ITEMS_MAX 256
#define PORTMAPPER_MAIL_PROTOCOL_MAX 8

/* One entry of rpc_response: "100024 1 47632/udp", or Shadowserver's
 * "100024 1 47632/udp status". */
struct portmapper_mail_item {
	uint32_t program;
	uint32_t version;
	uint16_t port;
	char protocol[PORTMAPPER_MAIL_PROTOCOL_MAX];	/* "udp", "tcp", "udp6", ... */
};

/* Splits rpc_response ("100000 4 111/udp; 100024 1 47632/udp;") into
 * distinct items in order of appearance, at most capacity. Pieces that do
 * not read as "program version port/protocol", and items beyond capacity,
 * are counted in *ret_skipped (may be NULL). Returns the item count. */
size_t portmapper_mail_response_parse(const char *text, struct portmapper_mail_item *items, size_t capacity,
				      size_t *ret_skipped);

#endif
