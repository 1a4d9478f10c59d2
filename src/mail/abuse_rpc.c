/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rpc_response column of an abuse row: what the scanner saw
 * registered, "100000 4 111/udp; 100024 1 47632/udp;". Scanners differ
 * and mails mangle it, so what does not read cleanly is counted, not
 * fatal. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mail/abuse.h"

#define RPC_PROGRAM_PORTMAPPER 100000

/* Strictly decimal, at most max; advances *cursor past the digits. */
static bool read_number(const char **cursor, const char *end, uint32_t max, uint32_t *ret_value)
{
	uint64_t value = 0;
	const char *s = *cursor;

	if (s >= end || !isdigit((unsigned char)*s))
		return false;
	for (; s < end && isdigit((unsigned char)*s); s++) {
		value = value * 10 + (uint64_t)(*s - '0');
		if (value > max)
			return false;
	}
	*cursor = s;
	*ret_value = (uint32_t)value;
	return true;
}

static bool read_spaces(const char **cursor, const char *end)
{
	const char *s = *cursor;

	while (s < end && isspace((unsigned char)*s))
		s++;
	if (s == *cursor)
		return false;
	*cursor = s;
	return true;
}

/* "100024 1 47632/udp", surrounded by any white space. */
static bool parse_item(const char *s, const char *end, struct abuse_rpc_item *ret_item)
{
	struct abuse_rpc_item item = { 0 };
	uint32_t port;
	size_t length = 0;

	read_spaces(&s, end);
	if (!read_number(&s, end, UINT32_MAX, &item.program) || !read_spaces(&s, end) ||
	    !read_number(&s, end, UINT32_MAX, &item.version) || !read_spaces(&s, end) ||
	    !read_number(&s, end, UINT16_MAX, &port) || s >= end || *s++ != '/')
		return false;
	item.port = (uint16_t)port;
	for (; s < end && isalnum((unsigned char)*s); s++) {
		if (length + 1 >= sizeof(item.protocol))
			return false;
		item.protocol[length++] = (char)tolower((unsigned char)*s);
	}
	/* Shadowserver names the program after the port: "111/udp portmapper". */
	if (read_spaces(&s, end))
		while (s < end && (isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.'))
			s++;
	read_spaces(&s, end);
	if (length == 0 || s != end)
		return false;
	*ret_item = item;
	return true;
}

static bool same_item(const struct abuse_rpc_item *a, const struct abuse_rpc_item *b)
{
	return a->program == b->program && a->version == b->version && a->port == b->port &&
	       strcmp(a->protocol, b->protocol) == 0;
}

size_t abuse_rpc_response_parse(const char *text, struct abuse_rpc_item *items, size_t capacity,
				size_t *ret_skipped)
{
	size_t count = 0, skipped = 0;

	while (text && *text) {
		const char *end = text + strcspn(text, ";");
		struct abuse_rpc_item item;
		bool known = false;

		if (parse_item(text, end, &item)) {
			for (size_t i = 0; i < count && !known; i++)
				known = same_item(&items[i], &item);
			if (!known && count < capacity)
				items[count++] = item;
			else if (!known)
				skipped++;
		} else if (strspn(text, " \t\r\n") < (size_t)(end - text)) {
			skipped++;
		}
		text = *end ? end + 1 : end;
	}
	if (ret_skipped)
		*ret_skipped = skipped;
	return count;
}

bool abuse_row_names_rpc_services(const struct abuse_row *row)
{
	struct abuse_rpc_item items[ABUSE_RPC_ITEMS_MAX];
	size_t count = abuse_rpc_response_parse(row->rpc_response, items, ABUSE_RPC_ITEMS_MAX, NULL);

	if (row->mountd_port || row->exports)
		return true;
	for (size_t i = 0; i < count; i++)
		if (items[i].program != RPC_PROGRAM_PORTMAPPER)
			return true;
	return false;
}
