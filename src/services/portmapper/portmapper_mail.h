/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report the portmapper: Shadowserver's scan_portmapper
 * (programs, mountd_port, exports) and CERT-Bund's rpc_response, read
 * into a typed row; the report's words on such a row
 * (portmapper_mail.c) and the record's keys for it
 * (portmapper_mail_json.c). */
#ifndef PORTGUARD_PORTMAPPER_MAIL_H
#define PORTGUARD_PORTMAPPER_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

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

/* A row's portmapper columns, read. Its texts point into the columns. */
struct portmapper_mail_row {
	const char *response;		/* rpc_response, else Shadowserver's programs; "" when neither */
	struct portmapper_mail_item items[PORTMAPPER_MAIL_ITEMS_MAX];	/* response, parsed */
	size_t item_count;
	uint16_t mountd_port;		/* 0 when absent or not a port */
	const char *exports;		/* NULL when absent or empty */
	/* It shows more than the portmapper reachable: another RPC
	 * program, a mountd port or exports. */
	bool more;
};

void portmapper_mail_row_read(const struct service_column *columns, size_t count, struct portmapper_mail_row *ret_row);

/* service_mail.columns_to_json and columns_from_json: the keys 0.1
 * wrote, "rpc_response", "programs" [ {program, version, port,
 * protocol} ], "rpc_services", "mountd_port" and "exports". */
int portmapper_mail_columns_json(const struct service_column *columns, size_t count, json_t *row);
int portmapper_mail_columns_from_json(const json_t *row, struct service_column *columns, size_t max);

#endif
