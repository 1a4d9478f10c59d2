/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "services/ntp/ntp_wire.h"

enum { NTP_VERSION_SCANNED = 2, NTP_VERSION_MAX = 4 };
enum { CONTROL_OPCODE_READVAR = 2 };
enum { CONTROL_RESPONSE = 0x80, CONTROL_ERROR = 0x40, CONTROL_MORE = 0x20, CONTROL_OPCODE = 0x1f };
enum { PRIVATE_RESPONSE = 0x80, PRIVATE_MORE = 0x40, PRIVATE_SEQUENCE = 0x7f };
enum { IMPLEMENTATION_XNTPD = 3, REQUEST_MON_GETLIST_1 = 42 };
/* After a fragment's data: padding to 4 bytes, then perhaps a MAC (key
 * id and a SHA-1 digest at most). */
#define CONTROL_TRAILER_MAX (3 + 4 + 20)

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint8_t first_byte(unsigned int leap, unsigned int version, unsigned int mode)
{
	return (uint8_t)(leap << 6 | version << 3 | mode);
}

int ntp_packet_mode(const uint8_t *packet, size_t length)
{
	if (length < 1)
		return -EBADMSG;
	return packet[0] & NTP_MODE_MASK;
}

bool ntp_mode_is_query(int mode)
{
	return mode == NTP_MODE_CONTROL || mode == NTP_MODE_PRIVATE;
}

int ntp_readvar_encode(uint16_t sequence, uint8_t *buffer, size_t size)
{
	if (size < NTP_READVAR_REQUEST_SIZE)
		return -ENOBUFS;
	memset(buffer, 0, NTP_READVAR_REQUEST_SIZE);
	buffer[0] = first_byte(0, NTP_VERSION_SCANNED, NTP_MODE_CONTROL);
	buffer[1] = CONTROL_OPCODE_READVAR;
	buffer[2] = (uint8_t)(sequence >> 8);
	buffer[3] = (uint8_t)sequence;
	return NTP_READVAR_REQUEST_SIZE;
}

int ntp_monlist_encode(uint8_t *buffer, size_t size)
{
	if (size < NTP_MONLIST_REQUEST_SIZE)
		return -ENOBUFS;
	memset(buffer, 0, NTP_MONLIST_REQUEST_SIZE);
	buffer[0] = first_byte(0, NTP_VERSION_SCANNED, NTP_MODE_PRIVATE);
	buffer[2] = IMPLEMENTATION_XNTPD;
	buffer[3] = REQUEST_MON_GETLIST_1;
	return NTP_MONLIST_REQUEST_SIZE;
}

static bool version_known(uint8_t byte)
{
	unsigned int version = byte >> 3 & 0x07;

	return version >= 1 && version <= NTP_VERSION_MAX;
}

void ntp_control_reply_init(struct ntp_control_reply *reply, uint16_t sequence)
{
	memset(reply, 0, sizeof(*reply));
	reply->sequence = sequence;
}

/* Whether a fragment fits beside those already here: no overlap, nothing
 * past the last fragment's end. A gap is no error, only not complete. */
static int fragment_fits(const struct ntp_control_reply *reply, size_t offset, size_t count, bool last)
{
	size_t end = offset + count;

	if (reply->end != 0 && (last || end > reply->end))
		return -EBADMSG;
	for (size_t i = 0; i < reply->datagrams; i++) {
		size_t other = reply->fragments[i].offset, other_end = other + reply->fragments[i].count;

		if (offset < other_end && other < end)
			return -EBADMSG;
		if (last && other_end > end)
			return -EBADMSG;
	}
	return 0;
}

int ntp_control_reply_feed(struct ntp_control_reply *reply, const uint8_t *datagram, size_t length)
{
	size_t offset, count;
	bool more;
	int r;

	if (reply->complete || length < NTP_CONTROL_HEADER_SIZE ||
	    ntp_packet_mode(datagram, length) != NTP_MODE_CONTROL || !version_known(datagram[0]) ||
	    !(datagram[1] & CONTROL_RESPONSE))
		return -EBADMSG;
	if ((datagram[1] & CONTROL_OPCODE) != CONTROL_OPCODE_READVAR || be16(datagram + 2) != reply->sequence ||
	    be16(datagram + 6) != 0)
		return -ESRCH;
	if (datagram[1] & CONTROL_ERROR)
		return -EPROTO;
	more = datagram[1] & CONTROL_MORE;
	offset = be16(datagram + 8);
	count = be16(datagram + 10);
	/* Compared one by one so that no sum can pass a bound by wrapping. */
	if (count > NTP_CONTROL_FRAGMENT_DATA_MAX || count > length - NTP_CONTROL_HEADER_SIZE ||
	    length - NTP_CONTROL_HEADER_SIZE - count > CONTROL_TRAILER_MAX || (more && count == 0))
		return -EBADMSG;
	if (offset + count > NTP_CONTROL_DATA_MAX || reply->datagrams >= NTP_CONTROL_FRAGMENTS_MAX)
		return -E2BIG;
	r = fragment_fits(reply, offset, count, !more);
	if (r < 0)
		return r;
	if (reply->datagrams == 0)
		reply->status = be16(datagram + 4);
	memcpy(reply->data + offset, datagram + NTP_CONTROL_HEADER_SIZE, count);
	reply->fragments[reply->datagrams].offset = (uint16_t)offset;
	reply->fragments[reply->datagrams].count = (uint16_t)count;
	reply->datagrams++;
	reply->wire_bytes += length;
	reply->received += count;
	if (!more)
		reply->end = offset + count;
	/* No overlaps, so the bytes received cover [0, end) exactly when they
	 * add up to it. */
	if ((reply->end != 0 || !more) && reply->received == reply->end) {
		reply->length = reply->end;
		reply->complete = true;
		return 1;
	}
	return 0;
}

static bool name_character(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

static bool blank(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t skip_blanks(const uint8_t *data, size_t length, size_t at)
{
	while (at < length && blank(data[at]))
		at++;
	return at;
}

/* Reads the value at *at (after '='), up to the ',' or the end that
 * follows it; leaves *at there. */
static int parse_value(const uint8_t *data, size_t length, size_t *at, struct ntp_variable *variable)
{
	size_t start = *at, end;

	if (start < length && data[start] == '"') {
		const uint8_t *quote = memchr(data + start + 1, '"', length - start - 1);

		if (!quote)
			return -EBADMSG;
		start++;
		end = (size_t)(quote - data);
		*at = end + 1;
		variable->quoted = true;
	} else {
		const uint8_t *comma = memchr(data + start, ',', length - start);

		*at = comma ? (size_t)(comma - data) : length;
		end = *at;
		while (end > start && blank(data[end - 1]))
			end--;
	}
	/* Inside quotes anything printable; bare, no blank, '=' or '"' (two
	 * variables that lost their comma). */
	for (size_t i = start; i < end; i++)
		if (data[i] < 0x20 || data[i] > 0x7e ||
		    (!variable->quoted && (data[i] == ' ' || data[i] == '=' || data[i] == '"')))
			return -EBADMSG;
	if (end - start >= sizeof(variable->value))
		return -E2BIG;
	memcpy(variable->value, data + start, end - start);
	return 0;
}

static int parse_variable(const uint8_t *data, size_t length, size_t *at, struct ntp_variable *ret_variable)
{
	struct ntp_variable variable = { 0 };
	size_t start = *at, end = start;
	int r;

	while (end < length && name_character(data[end]))
		end++;
	if (end == start)
		return -EBADMSG;
	if (end - start >= sizeof(variable.name))
		return -E2BIG;
	memcpy(variable.name, data + start, end - start);
	*at = skip_blanks(data, length, end);
	if (*at < length && data[*at] == '=') {
		*at = skip_blanks(data, length, *at + 1);
		r = parse_value(data, length, at, &variable);
		if (r < 0)
			return r;
		*at = skip_blanks(data, length, *at);
	}
	if (*at < length && data[*at] != ',')
		return -EBADMSG;
	*ret_variable = variable;
	return 0;
}

static int variable_append(struct ntp_variable_list *list, const struct ntp_variable *variable)
{
	struct ntp_variable *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = *variable;
	return 0;
}

int ntp_variables_parse(const uint8_t *data, size_t length, struct ntp_variable_list *list)
{
	size_t count_before = list->count, at = skip_blanks(data, length, 0), parsed = 0;
	int r = 0;

	/* Each variable consumes at least its name, so this ends. */
	while (at < length) {
		struct ntp_variable variable;

		if (parsed >= NTP_VARIABLES_MAX) {
			r = -E2BIG;
			break;
		}
		r = parse_variable(data, length, &at, &variable);
		if (r >= 0)
			r = variable_append(list, &variable);
		if (r < 0)
			break;
		parsed++;
		if (at < length)
			at = skip_blanks(data, length, at + 1);	/* the ',' */
	}
	if (r < 0)
		list->count = count_before;
	return r;
}

const char *ntp_variable_find(const struct ntp_variable_list *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].name, name) == 0)
			return list->items[i].value;
	return NULL;
}

void ntp_variable_list_free(struct ntp_variable_list *list)
{
	free(list->items);
	*list = (struct ntp_variable_list){ 0 };
}

void ntp_monlist_reply_init(struct ntp_monlist_reply *reply)
{
	*reply = (struct ntp_monlist_reply){ .last_sequence = -1 };
}

static bool sequence_seen(const struct ntp_monlist_reply *reply, unsigned int sequence)
{
	return reply->seen[sequence / 8] & (1u << sequence % 8);
}

/* A datagram must be new and, with the last one known, before it. */
static int sequence_fits(const struct ntp_monlist_reply *reply, unsigned int sequence, bool last)
{
	if (sequence_seen(reply, sequence))
		return -EBADMSG;
	if (reply->last_sequence >= 0 && (last || (int)sequence > reply->last_sequence))
		return -EBADMSG;
	if (last)
		for (unsigned int later = sequence + 1; later < NTP_PRIVATE_DATAGRAMS_MAX; later++)
			if (sequence_seen(reply, later))
				return -EBADMSG;
	return 0;
}

int ntp_monlist_reply_feed(struct ntp_monlist_reply *reply, const uint8_t *datagram, size_t length)
{
	unsigned int sequence, error, items, item_size;
	bool more;
	int r;

	if (reply->complete || length < NTP_PRIVATE_HEADER_SIZE ||
	    length > NTP_PRIVATE_HEADER_SIZE + NTP_PRIVATE_DATA_MAX ||
	    ntp_packet_mode(datagram, length) != NTP_MODE_PRIVATE || !version_known(datagram[0]) ||
	    !(datagram[0] & PRIVATE_RESPONSE))
		return -EBADMSG;
	if (datagram[2] != IMPLEMENTATION_XNTPD || datagram[3] != REQUEST_MON_GETLIST_1)
		return -ESRCH;
	more = datagram[0] & PRIVATE_MORE;
	sequence = datagram[1] & PRIVATE_SEQUENCE;
	error = datagram[4] >> 4;
	items = (unsigned int)(datagram[4] & 0x0f) << 8 | datagram[5];
	item_size = (unsigned int)(datagram[6] & 0x0f) << 8 | datagram[7];
	if (datagram[6] >> 4 != 0)
		return -EBADMSG;
	if (error != 0) {
		reply->error = (int)error;
		return -EPROTO;
	}
	/* both < 4096: the product cannot wrap */
	if ((item_size != NTP_MONITOR_ENTRY_SIZE && item_size != NTP_MONITOR_ENTRY_SIZE_IPV4) ||
	    items * item_size > NTP_PRIVATE_DATA_MAX ||
	    items * item_size > length - NTP_PRIVATE_HEADER_SIZE)
		return -EBADMSG;
	r = sequence_fits(reply, sequence, !more);
	if (r < 0)
		return r;
	reply->seen[sequence / 8] |= (uint8_t)(1u << sequence % 8);
	reply->datagrams++;
	reply->wire_bytes += length;
	reply->entries += items;
	if (!more)
		reply->last_sequence = (int)sequence;
	if (reply->last_sequence >= 0 && reply->datagrams == (size_t)reply->last_sequence + 1) {
		reply->complete = true;
		return 1;
	}
	return 0;
}
