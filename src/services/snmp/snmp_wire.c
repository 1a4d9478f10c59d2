/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "services/snmp/snmp_wire.h"

enum {
	BER_INTEGER = 0x02,
	BER_OCTET_STRING = 0x04,
	BER_NULL = 0x05,
	BER_OID = 0x06,
	BER_SEQUENCE = 0x30,
	SNMP_GET_REQUEST = 0xa0,
	SNMP_GET_RESPONSE = 0xa2,
	SNMP_NO_SUCH_OBJECT = 0x80,
	SNMP_NO_SUCH_INSTANCE = 0x81,
	SNMP_END_OF_MIB_VIEW = 0x82,
};

/* 1.3.6.1.2.1.1.1.0: "1.3" is 0x2b, every other arc fits one byte. */
static const uint8_t sysdescr_oid[] = { 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00 };

/* A BER element's contents, or the rest of the message: what is left to
 * read. The decoder walks the one shape of a GetResponse and never
 * recurses, so nesting is bounded by that shape (five levels). */
struct ber_reader {
	const uint8_t *data;
	size_t length;
};

/* Reads one element with a one-byte tag and a definite length: short
 * form, or long form of 1 to 4 bytes. The contents must lie inside what
 * is left; the reader moves past them. */
static int ber_read_any(struct ber_reader *reader, uint8_t *ret_tag, struct ber_reader *ret_contents)
{
	const uint8_t *p = reader->data;
	size_t left = reader->length, length, header = 2;

	if (left < 2)
		return -EBADMSG;
	length = p[1];
	if (length & 0x80) {
		size_t bytes = length & 0x7f;

		/* 0x80 is the indefinite form, which SNMP forbids */
		if (bytes == 0 || bytes > 4 || left - 2 < bytes)
			return -EBADMSG;
		length = 0;
		for (size_t i = 0; i < bytes; i++)
			length = length << 8 | p[2 + i];
		header += bytes;
	}
	if (length > left - header)
		return -EBADMSG;
	*ret_tag = p[0];
	*ret_contents = (struct ber_reader){ .data = p + header, .length = length };
	reader->data += header + length;
	reader->length -= header + length;
	return 0;
}

static int ber_read(struct ber_reader *reader, uint8_t tag, struct ber_reader *ret_contents)
{
	struct ber_reader before = *reader;
	uint8_t found;

	if (ber_read_any(reader, &found, ret_contents) < 0)
		return -EBADMSG;
	if (found != tag) {
		*reader = before;
		return -EBADMSG;
	}
	return 0;
}

/* Two's complement, 1 to 5 octets: 5 carries an unsigned 32-bit value. */
static int ber_read_integer(struct ber_reader *reader, int64_t *ret_value)
{
	struct ber_reader contents;
	int64_t value;

	if (ber_read(reader, BER_INTEGER, &contents) < 0 || contents.length < 1 || contents.length > 5)
		return -EBADMSG;
	value = (int8_t)contents.data[0];
	for (size_t i = 1; i < contents.length; i++)
		value = value * 256 + contents.data[i];
	*ret_value = value;
	return 0;
}

/* A constructed element that must be the last thing its parent holds. */
static int ber_read_last(struct ber_reader *reader, uint8_t tag, struct ber_reader *ret_contents)
{
	if (ber_read(reader, tag, ret_contents) < 0 || reader->length != 0)
		return -EBADMSG;
	return 0;
}

struct ber_writer {
	uint8_t *data;
	size_t length;
};

static void put(struct ber_writer *writer, uint8_t byte)
{
	writer->data[writer->length++] = byte;
}

static void put_bytes(struct ber_writer *writer, const void *bytes, size_t length)
{
	memcpy(writer->data + writer->length, bytes, length);
	writer->length += length;
}

/* The shortest two's complement, as agents and snmpget write it. */
static size_t integer_length(int32_t value)
{
	uint32_t bits = (uint32_t)value;
	size_t length = 4;

	/* a leading byte is redundant when it only repeats the sign of the next */
	while (length > 1) {
		uint32_t top = bits >> (8 * (length - 1)) & 0xff, sign = bits >> (8 * (length - 1) - 1) & 1;

		if (!(top == 0 && sign == 0) && !(top == 0xff && sign == 1))
			break;
		length--;
	}
	return length;
}

static void put_integer(struct ber_writer *writer, int32_t value, size_t length)
{
	put(writer, BER_INTEGER);
	put(writer, (uint8_t)length);
	for (size_t i = length; i-- > 0;)
		put(writer, (uint8_t)((uint32_t)value >> (8 * i)));
}

int snmp_get_sysdescr_encode(enum snmp_version version, const char *community, int32_t request_id,
			     uint8_t *buffer, size_t size)
{
	size_t community_length, id_length = integer_length(request_id), varbind_list, pdu, message;
	struct ber_writer writer = { .data = buffer };

	if ((version != SNMP_VERSION_1 && version != SNMP_VERSION_2C) || !community)
		return -EINVAL;
	community_length = strlen(community);
	if (community_length == 0 || community_length > SNMP_COMMUNITY_MAX)
		return -EINVAL;
	varbind_list = 2 + 2 + 2 + sizeof(sysdescr_oid) + 2;
	pdu = 2 + id_length + 3 + 3 + varbind_list;
	message = 3 + 2 + community_length + 2 + pdu;
	/* all below 128: every length is one byte */
	if (size < 2 + message)
		return -ENOBUFS;
	put(&writer, BER_SEQUENCE);
	put(&writer, (uint8_t)message);
	put_integer(&writer, (int32_t)version, 1);
	put(&writer, BER_OCTET_STRING);
	put(&writer, (uint8_t)community_length);
	put_bytes(&writer, community, community_length);
	put(&writer, SNMP_GET_REQUEST);
	put(&writer, (uint8_t)pdu);
	put_integer(&writer, request_id, id_length);
	put_integer(&writer, 0, 1);	/* error-status */
	put_integer(&writer, 0, 1);	/* error-index */
	put(&writer, BER_SEQUENCE);
	put(&writer, (uint8_t)(varbind_list - 2));
	put(&writer, BER_SEQUENCE);
	put(&writer, (uint8_t)(varbind_list - 4));
	put(&writer, BER_OID);
	put(&writer, sizeof(sysdescr_oid));
	put_bytes(&writer, sysdescr_oid, sizeof(sysdescr_oid));
	put(&writer, BER_NULL);
	put(&writer, 0);
	return (int)writer.length;
}

/* The message up to the request id: what tells us it answers ours. */
static int decode_header(struct ber_reader *message, enum snmp_version version, const char *community,
			 int32_t request_id, struct ber_reader *ret_pdu)
{
	struct ber_reader reader = *message, name;
	int64_t number;

	if (ber_read_integer(&reader, &number) < 0 || number != (int64_t)version ||
	    ber_read(&reader, BER_OCTET_STRING, &name) < 0 ||
	    name.length != strlen(community) || memcmp(name.data, community, name.length) != 0 ||
	    ber_read_last(&reader, SNMP_GET_RESPONSE, ret_pdu) < 0 ||
	    ber_read_integer(ret_pdu, &number) < 0)
		return -EBADMSG;
	return number == (int64_t)request_id ? 0 : -ESRCH;
}

static void copy_for_display(char *text, const uint8_t *bytes, size_t length)
{
	for (size_t i = 0; i < length; i++)
		text[i] = bytes[i] >= 0x20 && bytes[i] <= 0x7e ? (char)bytes[i] : '?';
	text[length] = '\0';
}

/* The value: the text, or why there is none. What fits depends on the
 * error status and the version: v1 has no exceptions, and an agent that
 * reports an error echoes the request's NULL. */
static int decode_value(uint8_t tag, const struct ber_reader *value, enum snmp_version version,
			struct snmp_sysdescr *result)
{
	if (result->error_status != 0)
		return tag == BER_NULL && value->length == 0 ? 0 : -EBADMSG;
	switch (tag) {
	case BER_OCTET_STRING:
		if (value->length > SNMP_SYSDESCR_MAX)
			return -E2BIG;
		result->value = SNMP_VALUE_TEXT;
		result->text_bytes = value->length;
		copy_for_display(result->text, value->data, value->length);
		return 0;
	case SNMP_NO_SUCH_OBJECT:
	case SNMP_NO_SUCH_INSTANCE:
	case SNMP_END_OF_MIB_VIEW:
		if (version != SNMP_VERSION_2C || value->length != 0)
			return -EBADMSG;
		result->value = tag == SNMP_NO_SUCH_OBJECT ? SNMP_VALUE_NO_SUCH_OBJECT
			      : tag == SNMP_NO_SUCH_INSTANCE ? SNMP_VALUE_NO_SUCH_INSTANCE
			      : SNMP_VALUE_END_OF_MIB_VIEW;
		return 0;
	default:
		return -EBADMSG;
	}
}

int snmp_get_sysdescr_decode(const uint8_t *reply, size_t length, enum snmp_version version,
			     const char *community, int32_t request_id, struct snmp_sysdescr *ret_result)
{
	struct snmp_sysdescr result = { .value = SNMP_VALUE_NONE, .reply_bytes = length };
	struct ber_reader datagram = { .data = reply, .length = length }, message, pdu, list, varbind, name, value;
	int64_t error_status, error_index;
	uint8_t tag;
	int r;

	if ((version != SNMP_VERSION_1 && version != SNMP_VERSION_2C) || !community)
		return -EINVAL;
	if (ber_read_last(&datagram, BER_SEQUENCE, &message) < 0)
		return -EBADMSG;
	r = decode_header(&message, version, community, request_id, &pdu);
	if (r < 0)
		return r;
	if (ber_read_integer(&pdu, &error_status) < 0 || error_status < 0 ||
	    error_status > SNMP_ERROR_STATUS_MAX ||
	    ber_read_integer(&pdu, &error_index) < 0 || error_index < 0 ||
	    error_index > (error_status == 0 ? 0 : 1) ||
	    ber_read_last(&pdu, BER_SEQUENCE, &list) < 0 ||
	    ber_read_last(&list, BER_SEQUENCE, &varbind) < 0 ||
	    ber_read(&varbind, BER_OID, &name) < 0 ||
	    name.length != sizeof(sysdescr_oid) || memcmp(name.data, sysdescr_oid, name.length) != 0 ||
	    ber_read_any(&varbind, &tag, &value) < 0 || varbind.length != 0)
		return -EBADMSG;
	result.error_status = (uint32_t)error_status;
	result.error_index = (uint32_t)error_index;
	r = decode_value(tag, &value, version, &result);
	if (r < 0)
		return r;
	*ret_result = result;
	return 0;
}
