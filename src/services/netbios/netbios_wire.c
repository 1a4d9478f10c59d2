/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NBSTAT by hand: every length in the reply is checked against the
 * bytes that are there before it is used. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "services/netbios/netbios_wire.h"

#define HEADER_SIZE 12
#define ENCODED_NAME_LETTERS 32
#define NAME_ENTRY_SIZE 18
/* RFC 1002 4.1: a compressed name with its scope is at most 255 bytes. */
#define NAME_WIRE_MAX 255
#define FLAG_RESPONSE 0x8000
#define OPCODE_MASK 0x7800
#define RCODE_MASK 0x000f

static void put16(uint8_t *at, uint16_t value)
{
	at[0] = (uint8_t)(value >> 8);
	at[1] = (uint8_t)value;
}

static uint16_t get16(const uint8_t *at)
{
	return (uint16_t)(at[0] << 8 | at[1]);
}

/* "*" padded with NULs to 16 bytes, each half of a byte a letter from
 * 'A': 'C','K' then 'A','A' thirty times (RFC 1001 14.1). */
static void encode_star(uint8_t *at)
{
	at[0] = ENCODED_NAME_LETTERS;
	at[1] = 'A' + ('*' >> 4);
	at[2] = 'A' + ('*' & 0x0f);
	memset(at + 3, 'A', ENCODED_NAME_LETTERS - 2);
	at[1 + ENCODED_NAME_LETTERS] = 0;
}

int netbios_status_encode(uint16_t transaction_id, uint8_t *buffer, size_t size)
{
	if (size < NETBIOS_REQUEST_SIZE)
		return -ENOBUFS;
	memset(buffer, 0, HEADER_SIZE);
	put16(buffer, transaction_id);
	put16(buffer + 4, 1);		/* QDCOUNT; flags, the other counts 0 */
	encode_star(buffer + HEADER_SIZE);
	put16(buffer + HEADER_SIZE + 34, NETBIOS_TYPE_NBSTAT);
	put16(buffer + HEADER_SIZE + 36, NETBIOS_CLASS_IN);
	return NETBIOS_REQUEST_SIZE;
}

/* The answer's RR_NAME at *offset: the encoded "*" and a scope of
 * labels up to the root label; no pointers (there is nothing before
 * it to point to). Moves *offset past it. */
static int skip_star(const uint8_t *reply, size_t length, size_t *offset)
{
	uint8_t star[1 + ENCODED_NAME_LETTERS + 1];
	size_t at = *offset, total = 0;

	encode_star(star);
	/* the label of "*", then the scope's labels and the root label */
	if (length - at < sizeof(star) - 1 || memcmp(reply + at, star, sizeof(star) - 1) != 0)
		return -EBADMSG;
	at += sizeof(star) - 1;
	total += sizeof(star) - 1;
	for (;;) {
		size_t label;

		if (at >= length)
			return -EBADMSG;
		label = reply[at];
		if (label == 0)
			break;
		/* 0xc0 pointers and the reserved 0x40/0x80 forms */
		if (label > 63 || label >= length - at - 1 || total + 1 + label >= NAME_WIRE_MAX)
			return -EBADMSG;
		at += 1 + label;
		total += 1 + label;
	}
	*offset = at + 1;
	return 0;
}

static void name_copy(const uint8_t *at, struct netbios_name *name)
{
	size_t end = NETBIOS_NAME_CHARS;

	while (end > 0 && (at[end - 1] == ' ' || at[end - 1] == '\0'))
		end--;
	for (size_t i = 0; i < end; i++)
		name->name[i] = at[i] >= 0x20 && at[i] < 0x7f ? (char)at[i] : '?';
	name->name[end] = '\0';
	name->suffix = at[NETBIOS_NAME_CHARS];
	name->flags = get16(at + NETBIOS_NAME_CHARS + 1);
}

int netbios_status_decode(const uint8_t *reply, size_t length, uint16_t transaction_id,
			  struct netbios_status *ret_status)
{
	static struct netbios_status status;	/* 5 KiB: not on the stack */
	size_t offset = HEADER_SIZE, rdlength, names;
	uint16_t flags;
	int r;

	if (!reply || length < HEADER_SIZE)
		return -EBADMSG;
	if (get16(reply) != transaction_id)
		return -ESRCH;
	flags = get16(reply + 2);
	if (!(flags & FLAG_RESPONSE) || (flags & OPCODE_MASK) != 0 || get16(reply + 4) != 0 ||
	    get16(reply + 8) != 0 || get16(reply + 10) != 0)
		return -EBADMSG;
	memset(&status, 0, sizeof(status));
	status.rcode = flags & RCODE_MASK;
	if (get16(reply + 6) == 0) {
		/* a negative response: the header alone */
		if (status.rcode == 0 || length != HEADER_SIZE)
			return -EBADMSG;
		*ret_status = status;
		return 0;
	}
	if (get16(reply + 6) != 1)
		return -EBADMSG;
	r = skip_star(reply, length, &offset);
	if (r < 0)
		return r;
	/* RR_TYPE, RR_CLASS, TTL, RDLENGTH */
	if (length - offset < 10 || get16(reply + offset) != NETBIOS_TYPE_NBSTAT ||
	    get16(reply + offset + 2) != NETBIOS_CLASS_IN)
		return -EBADMSG;
	rdlength = get16(reply + offset + 8);
	offset += 10;
	if (rdlength != length - offset || rdlength < 1)
		return -EBADMSG;
	names = reply[offset++];
	if (names * NAME_ENTRY_SIZE > length - offset)
		return -EBADMSG;
	for (size_t i = 0; i < names; i++, offset += NAME_ENTRY_SIZE)
		name_copy(reply + offset, &status.names[i]);
	status.name_count = names;
	status.statistics_bytes = length - offset;
	if (status.statistics_bytes >= NETBIOS_MAC_SIZE) {
		status.has_unit_id = true;
		memcpy(status.unit_id, reply + offset, NETBIOS_MAC_SIZE);
	}
	*ret_status = status;
	return 0;
}

static bool is_workstation(const struct netbios_name *name)
{
	return name->suffix == NETBIOS_SUFFIX_WORKSTATION && name->name[0];
}

const struct netbios_name *netbios_status_machine(const struct netbios_status *status)
{
	for (size_t i = 0; i < status->name_count; i++)
		if (is_workstation(&status->names[i]) && !(status->names[i].flags & NETBIOS_NAME_GROUP))
			return &status->names[i];
	/* a server that registers only its file service */
	for (size_t i = 0; i < status->name_count; i++)
		if (status->names[i].suffix == NETBIOS_SUFFIX_SERVER && !(status->names[i].flags & NETBIOS_NAME_GROUP) &&
		    status->names[i].name[0])
			return &status->names[i];
	return NULL;
}

const struct netbios_name *netbios_status_workgroup(const struct netbios_status *status)
{
	for (size_t i = 0; i < status->name_count; i++)
		if (is_workstation(&status->names[i]) && (status->names[i].flags & NETBIOS_NAME_GROUP))
			return &status->names[i];
	return NULL;
}

const struct netbios_name *netbios_status_user(const struct netbios_status *status, size_t index)
{
	const struct netbios_name *machine = netbios_status_machine(status);

	for (size_t i = 0; i < status->name_count; i++) {
		const struct netbios_name *name = &status->names[i];

		if (name->suffix != NETBIOS_SUFFIX_MESSENGER || (name->flags & NETBIOS_NAME_GROUP) || !name->name[0] ||
		    (machine && strcmp(name->name, machine->name) == 0))
			continue;
		if (index-- == 0)
			return name;
	}
	return NULL;
}

bool netbios_status_has_mac(const struct netbios_status *status)
{
	static const uint8_t zeros[NETBIOS_MAC_SIZE];

	return status->has_unit_id && memcmp(status->unit_id, zeros, sizeof(zeros)) != 0;
}
