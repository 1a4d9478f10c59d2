/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/grow.h"
#include "services/mdns/mdns_wire.h"

enum { DNS_TYPE_A = 1, DNS_TYPE_PTR = 12, DNS_TYPE_TXT = 16, DNS_TYPE_AAAA = 28, DNS_TYPE_SRV = 33 };
enum { DNS_CLASS_IN = 1, MDNS_CLASS_MASK = 0x7fff };	/* the top bit: QU or cache-flush */
enum { DNS_FLAG_RESPONSE = 0x8000, DNS_FLAG_TRUNCATED = 0x0200 };
enum { DNS_POINTER = 0xc0 };
/* owner, type, class, TTL, RDLENGTH */
#define RECORD_FIXED_SIZE 10

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t value)
{
	p[0] = (uint8_t)(value >> 8);
	p[1] = (uint8_t)value;
}

int mdns_ptr_query_encode(uint16_t id, const char *name, uint8_t *buffer, size_t size)
{
	uint8_t query[MDNS_QUERY_MAX] = { 0 };
	size_t at = DNS_HEADER_SIZE, name_start = at;
	const char *label = name;

	for (;;) {
		const char *dot = strchr(label, '.');
		size_t label_length = dot ? (size_t)(dot - label) : strlen(label);

		if (label_length == 0 || label_length > DNS_LABEL_MAX ||
		    at - name_start + 1 + label_length + 1 > DNS_NAME_MAX)
			return -EINVAL;
		query[at++] = (uint8_t)label_length;
		memcpy(query + at, label, label_length);
		at += label_length;
		if (!dot)
			break;
		label = dot + 1;
	}
	query[at++] = 0;
	put16(query, id);
	put16(query + 4, 1);		/* QDCOUNT; flags and the other counts stay 0 */
	put16(query + at, DNS_TYPE_PTR);
	put16(query + at + 2, DNS_CLASS_IN);
	at += 4;
	if (size < at)
		return -ENOBUFS;
	memcpy(buffer, query, at);
	return (int)at;
}

int mdns_services_query_encode(uint16_t id, uint8_t *buffer, size_t size)
{
	return mdns_ptr_query_encode(id, MDNS_SERVICES_NAME, buffer, size);
}

static size_t append_label(char *text, size_t out, const uint8_t *label, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		uint8_t c = label[i];

		if (c == '.' || c == '\\') {
			text[out++] = '\\';
			text[out++] = (char)c;
		} else if (c < 0x20 || c > 0x7e) {
			snprintf(text + out, 5, "\\%03u", c);
			out += 4;
		} else {
			text[out++] = (char)c;
		}
	}
	return out;
}

/* Reads the name at `at` into text (MDNS_NAME_TEXT_MAX bytes); *ret_end
 * is where the bytes after it start. Each pointer must point before the
 * last place jumped to (the name's start at first), so a walk always
 * goes back and ends; the hop limit bounds the work besides. */
static int read_name(const uint8_t *message, size_t length, size_t at, size_t *ret_end, char *text)
{
	size_t limit = at, wire = 1, out = 0, end = 0;
	unsigned int hops = 0;

	for (;;) {
		uint8_t byte;

		if (at >= length)
			return -EBADMSG;
		byte = message[at];
		if (byte == 0)
			break;
		if ((byte & DNS_POINTER) == DNS_POINTER) {
			size_t target;

			if (length - at < 2)
				return -EBADMSG;
			target = (size_t)(byte & ~DNS_POINTER) << 8 | message[at + 1];
			if (target >= limit || ++hops > MDNS_POINTER_HOPS_MAX)
				return -EBADMSG;
			if (end == 0)
				end = at + 2;
			limit = at = target;
			continue;
		}
		/* 0x40 and 0x80 are label types RFC 6891 retired. */
		if (byte > DNS_LABEL_MAX || byte > length - at - 1)
			return -EBADMSG;
		wire += 1 + (size_t)byte;
		if (wire > DNS_NAME_MAX)
			return -EBADMSG;
		if (out > 0)
			text[out++] = '.';
		out = append_label(text, out, message + at + 1, byte);
		at += 1 + (size_t)byte;
	}
	if (out == 0)
		text[out++] = '.';
	text[out] = '\0';
	*ret_end = end != 0 ? end : at + 1;
	return 0;
}

static int names_append(struct mdns_reply *reply, size_t *capacity, const char *name)
{
	char **names;

	if (reply->name_count >= MDNS_NAMES_MAX)
		return -E2BIG;
	names = grow_for_one(reply->names, reply->name_count, capacity, sizeof(*names));
	if (!names)
		return -ENOMEM;
	reply->names = names;
	names[reply->name_count] = strdup(name);
	if (!names[reply->name_count])
		return -ENOMEM;
	reply->name_count++;
	return 0;
}

static int check_question(const uint8_t *message, size_t length, size_t *at, const char *name)
{
	char text[MDNS_NAME_TEXT_MAX];
	size_t end;

	if (read_name(message, length, *at, &end, text) < 0 || length - end < 4)
		return -EBADMSG;
	*at = end + 4;
	if (strcasecmp(text, name) != 0 || be16(message + end) != DNS_TYPE_PTR ||
	    (be16(message + end + 2) & MDNS_CLASS_MASK) != DNS_CLASS_IN)
		return -ESRCH;
	return 0;
}

static int skip_strings(const uint8_t *rdata, size_t length)
{
	for (size_t at = 0; at < length; at += 1 + (size_t)rdata[at])
		if (rdata[at] > length - at - 1)
			return -EBADMSG;
	return 0;
}

/* The rdata of one record, between at and rdata_end, checked by type;
 * what leaks is kept when the record is of class IN. */
static int read_rdata(const uint8_t *message, size_t at, size_t rdata_end, uint16_t type, bool asked_owner,
		      bool in, struct mdns_reply *reply, size_t *capacity)
{
	char text[MDNS_NAME_TEXT_MAX];
	size_t end, length = rdata_end - at;

	switch (type) {
	case DNS_TYPE_PTR:
		if (read_name(message, rdata_end, at, &end, text) < 0 || end != rdata_end)
			return -EBADMSG;
		return asked_owner && in ? names_append(reply, capacity, text) : 0;
	case DNS_TYPE_SRV:
		/* priority, weight, port, target */
		if (length < 7 || read_name(message, rdata_end, at + 6, &end, text) < 0 || end != rdata_end)
			return -EBADMSG;
		if (!in)
			return 0;
		if (reply->port_count >= MDNS_PORTS_MAX)
			return -E2BIG;
		reply->ports[reply->port_count++] = be16(message + at + 4);
		return 0;
	case DNS_TYPE_TXT:
		return skip_strings(message + at, length);
	case DNS_TYPE_A:
	case DNS_TYPE_AAAA:
		if (length != (type == DNS_TYPE_A ? 4u : 16u))
			return -EBADMSG;
		reply->addresses++;
		return 0;
	default:
		return 0;
	}
}

static int read_records(const uint8_t *message, size_t length, size_t at, size_t records, const char *name,
			struct mdns_reply *reply)
{
	size_t capacity = 0;

	/* Each record takes at least 11 bytes, so a lying count ends at the
	 * buffer's end. */
	for (size_t i = 0; i < records; i++) {
		char owner[MDNS_NAME_TEXT_MAX];
		size_t end, rdata_length;
		uint16_t type, class;
		int r;

		if (read_name(message, length, at, &end, owner) < 0 || length - end < RECORD_FIXED_SIZE)
			return -EBADMSG;
		type = be16(message + end);
		class = be16(message + end + 2) & MDNS_CLASS_MASK;
		rdata_length = be16(message + end + 8);
		at = end + RECORD_FIXED_SIZE;
		if (rdata_length > length - at)
			return -EBADMSG;
		/* A name in rdata may point back anywhere, but must end inside it:
		 * read_rdata reads names only up to the rdata's end. */
		r = read_rdata(message, at, at + rdata_length, type, strcasecmp(owner, name) == 0,
			       class == DNS_CLASS_IN, reply, &capacity);
		if (r < 0)
			return r;
		at += rdata_length;
		reply->records++;
	}
	return at == length ? 0 : -EBADMSG;
}

int mdns_reply_decode(const uint8_t *message, size_t length, uint16_t id, const char *name,
		      struct mdns_reply *ret_reply)
{
	struct mdns_reply reply = { 0 };
	size_t at = DNS_HEADER_SIZE, questions, records;
	uint16_t flags;
	int r;

	if (length < DNS_HEADER_SIZE)
		return -EBADMSG;
	if (be16(message) != id)
		return -ESRCH;
	flags = be16(message + 2);
	/* QR set, opcode 0 (QUERY) */
	if (!(flags & DNS_FLAG_RESPONSE) || (flags >> 11 & 0x0f) != 0)
		return -EBADMSG;
	if ((flags & 0x0f) != 0)
		return -EPROTO;
	questions = be16(message + 4);
	records = (size_t)be16(message + 6) + be16(message + 8) + be16(message + 10);
	/* RFC 6762 6.7: a legacy unicast reply repeats the one question. */
	if (questions > 1)
		return -EBADMSG;
	if (questions == 1) {
		r = check_question(message, length, &at, name);
		if (r < 0)
			return r;
	}
	reply.truncated = flags & DNS_FLAG_TRUNCATED;
	r = read_records(message, length, at, records, name, &reply);
	if (r < 0) {
		mdns_reply_free(&reply);
		return r;
	}
	*ret_reply = reply;
	return 0;
}

void mdns_reply_free(struct mdns_reply *reply)
{
	for (size_t i = 0; i < reply->name_count; i++)
		free(reply->names[i]);
	free(reply->names);
	*reply = (struct mdns_reply){ 0 };
}
