/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DNS's recursive query and its reply by hand: every count, length and
 * compression pointer of the reply is checked against the bytes that
 * are there before it is used. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"
#include "services/dns/dns_wire.h"

#define FLAG_QR 0x8000
#define FLAG_AA 0x0400
#define FLAG_TC 0x0200
#define FLAG_RD 0x0100
#define FLAG_RA 0x0080

static uint16_t get16(const uint8_t *at)
{
	return (uint16_t)(at[0] << 8 | at[1]);
}

static uint32_t get32(const uint8_t *at)
{
	return (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | at[3];
}

static void put16(uint8_t *at, uint16_t value)
{
	at[0] = (uint8_t)(value >> 8);
	at[1] = (uint8_t)value;
}

/* name in wire form into buffer; its length or -EINVAL. */
static int name_encode(const char *name, uint8_t *buffer, size_t size)
{
	size_t at = 0, length = strlen(name);

	if (length > 0 && name[length - 1] == '.')
		length--;
	while (length > 0) {
		const char *dot = memchr(name, '.', length);
		size_t label = dot ? (size_t)(dot - name) : length;

		if (label == 0 || label > DNS_LABEL_MAX || at + 1 + label + 1 > DNS_NAME_MAX || at + 1 + label >= size)
			return -EINVAL;
		buffer[at++] = (uint8_t)label;
		memcpy(buffer + at, name, label);
		at += label;
		name += label + (dot ? 1 : 0);
		length -= label + (dot ? 1 : 0);
		if (dot && length == 0)
			return -EINVAL;
	}
	if (at >= size)
		return -EINVAL;
	buffer[at++] = 0;
	return (int)at;
}

int dns_query_encode(uint16_t id, const char *name, uint16_t qtype, uint8_t *buffer, size_t size)
{
	uint8_t wire[DNS_NAME_MAX + 1];
	int length;

	if (!name)
		return -EINVAL;
	length = name_encode(name, wire, sizeof(wire));
	if (length < 0)
		return length;
	if (size < DNS_HEADER_SIZE + (size_t)length + 4)
		return -ENOBUFS;
	memset(buffer, 0, DNS_HEADER_SIZE);
	put16(buffer, id);
	put16(buffer + 2, FLAG_RD);
	put16(buffer + 4, 1);
	memcpy(buffer + DNS_HEADER_SIZE, wire, (size_t)length);
	put16(buffer + DNS_HEADER_SIZE + length, qtype);
	put16(buffer + DNS_HEADER_SIZE + length + 2, DNS_CLASS_IN);
	return DNS_HEADER_SIZE + length + 4;
}

int dns_name_decode(const uint8_t *message, size_t length, size_t offset, char *text, size_t *ret_end)
{
	size_t at = offset, end = 0, wire = 0, used = 0, pointers = 0, limit = offset;
	bool jumped = false;

	for (;;) {
		uint8_t label;

		if (at >= length)
			return -EBADMSG;
		label = message[at];
		if ((label & 0xc0) == 0xc0) {
			size_t target;

			if (at + 1 >= length)
				return -EBADMSG;
			target = (size_t)(label & 0x3f) << 8 | message[at + 1];
			/* Only backwards, and before where the last pointer
			 * led: every jump shrinks the bound, so no loop. */
			if (target >= limit || ++pointers > DNS_POINTERS_MAX)
				return -EBADMSG;
			if (!jumped)
				end = at + 2;
			jumped = true;
			limit = target;
			at = target;
			continue;
		}
		if (label & 0xc0)	/* 0x40 and 0x80: extended labels, obsolete */
			return -EBADMSG;
		wire += 1 + label;
		if (wire > DNS_NAME_MAX || at + 1 + label > length)
			return -EBADMSG;
		if (label == 0)
			break;
		if (used + label + 1 >= DNS_NAME_TEXT_MAX)
			return -EBADMSG;
		for (size_t i = 0; i < label; i++) {
			uint8_t c = message[at + 1 + i];

			text[used++] = c > 0x20 && c < 0x7f && c != '.' ? (char)c : '?';
		}
		text[used++] = '.';
		at += 1 + label;
	}
	if (used == 0)
		text[used++] = '.';
	text[used] = '\0';
	*ret_end = jumped ? end : at + 1;
	return 0;
}

static bool same_name(const char *decoded, const char *asked)
{
	size_t length = strlen(asked);

	if (length > 0 && asked[length - 1] == '.')
		length--;
	return strlen(decoded) == length + 1 && strncasecmp(decoded, asked, length) == 0 && decoded[length] == '.';
}

static void rdata_text(const uint8_t *message, size_t length, size_t at, struct dns_record *record)
{
	char name[DNS_NAME_TEXT_MAX];
	size_t end;

	record->text[0] = '\0';
	if (record->type == DNS_TYPE_A && record->rdata_bytes == 4)
		inet_ntop(AF_INET, message + at, record->text, sizeof(record->text));
	else if (record->type == DNS_TYPE_AAAA && record->rdata_bytes == 16)
		inet_ntop(AF_INET6, message + at, record->text, sizeof(record->text));
	else if ((record->type == DNS_TYPE_CNAME || record->type == DNS_TYPE_NS) &&
		 dns_name_decode(message, length, at, name, &end) == 0 && end == at + record->rdata_bytes)
		text_format(record->text, sizeof(record->text), "%s", name);
}

/* One record at *at; kept into record when not NULL. */
static int record_decode(const uint8_t *message, size_t length, size_t *at, struct dns_record *record)
{
	char name[DNS_NAME_TEXT_MAX];
	struct dns_record decoded;
	size_t end;

	if (dns_name_decode(message, length, *at, name, &end) < 0 || end + 10 > length)
		return -EBADMSG;
	decoded = (struct dns_record){
		.type = get16(message + end),
		.rclass = get16(message + end + 2),
		.ttl = get32(message + end + 4),
		.rdata_bytes = get16(message + end + 8),
	};
	end += 10;
	if (decoded.rdata_bytes > length - end)
		return -EBADMSG;
	/* An A or AAAA record of another size is no address. */
	if ((decoded.type == DNS_TYPE_A && decoded.rclass == DNS_CLASS_IN && decoded.rdata_bytes != 4) ||
	    (decoded.type == DNS_TYPE_AAAA && decoded.rclass == DNS_CLASS_IN && decoded.rdata_bytes != 16))
		return -EBADMSG;
	if (record) {
		rdata_text(message, length, end, &decoded);
		*record = decoded;
	}
	*at = end + decoded.rdata_bytes;
	return 0;
}

int dns_reply_decode(const uint8_t *reply, size_t length, uint16_t id, const char *name, uint16_t qtype,
		     struct dns_reply *ret_reply)
{
	struct dns_reply decoded = { 0 };
	uint16_t flags;
	size_t at = DNS_HEADER_SIZE;

	if (!reply || !name || length < DNS_HEADER_SIZE)
		return -EBADMSG;
	decoded.id = get16(reply);
	flags = get16(reply + 2);
	if (decoded.id != id || !(flags & FLAG_QR))
		return -EBADMSG;
	decoded.opcode = (uint8_t)(flags >> 11 & 0x0f);
	decoded.authoritative = flags & FLAG_AA;
	decoded.truncated = flags & FLAG_TC;
	decoded.recursion_desired = flags & FLAG_RD;
	decoded.recursion_available = flags & FLAG_RA;
	decoded.rcode = (uint8_t)(flags & 0x0f);
	decoded.question_count = get16(reply + 4);
	decoded.answer_count = get16(reply + 6);
	decoded.authority_count = get16(reply + 8);
	decoded.additional_count = get16(reply + 10);
	if (decoded.opcode != 0 || decoded.question_count > 1)
		return -EBADMSG;
	if (decoded.question_count == 1) {
		char asked[DNS_NAME_TEXT_MAX];
		size_t end;

		if (dns_name_decode(reply, length, at, asked, &end) < 0 || end + 4 > length || !same_name(asked, name) ||
		    get16(reply + end) != qtype || get16(reply + end + 2) != DNS_CLASS_IN)
			return -EBADMSG;
		at = end + 4;
	} else if (decoded.rcode == DNS_RCODE_NOERROR) {
		/* Only an error may leave the question out. */
		return -EBADMSG;
	}
	for (size_t i = 0; i < (size_t)decoded.answer_count + decoded.authority_count + decoded.additional_count; i++) {
		struct dns_record *keep = i < decoded.answer_count && decoded.records_kept < DNS_RECORDS_MAX
						  ? &decoded.records[decoded.records_kept] : NULL;

		if (record_decode(reply, length, &at, keep) < 0) {
			/* A truncated reply may stop in any record. */
			if (!decoded.truncated)
				return -EBADMSG;
			break;
		}
		decoded.records_kept += keep != NULL;
	}
	/* A truncated reply may end anywhere; any other ends with its last record. */
	if (at != length && !decoded.truncated)
		return -EBADMSG;
	*ret_reply = decoded;
	return 0;
}

bool dns_reply_recurses(const struct dns_reply *reply)
{
	return reply->recursion_available && (reply->rcode == DNS_RCODE_NOERROR || reply->rcode == DNS_RCODE_NXDOMAIN ||
					      reply->rcode == DNS_RCODE_SERVFAIL);
}

const char *dns_rcode_name(uint8_t rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
					     "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE" };

	return rcode < sizeof(names) / sizeof(names[0]) ? names[rcode] : "?";
}

const char *dns_type_name(uint16_t type)
{
	switch (type) {
	case DNS_TYPE_A: return "A";
	case DNS_TYPE_NS: return "NS";
	case DNS_TYPE_CNAME: return "CNAME";
	case DNS_TYPE_SOA: return "SOA";
	case DNS_TYPE_AAAA: return "AAAA";
	case DNS_TYPE_OPT: return "OPT";
	case DNS_TYPE_ANY: return "ANY";
	}
	return NULL;
}
