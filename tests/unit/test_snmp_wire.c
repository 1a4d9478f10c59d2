/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"

#include "services/snmp/snmp_wire.h"

/* What tests/fixtures/snmp/capture.sh recorded from snmpd 5.9.3. */
#define LINUX_SYSDESCR "Linux vm 6.18.44-fc-v1294 #1 SMP PREEMPT_DYNAMIC @0 x86_64"




/* Recorded replies and the request each answers. */
static const struct recorded {
	const char *name;
	enum snmp_version version;
	const char *community;
	int32_t request_id;
} recorded[] = {
	{ "v1-public-id1.bin", SNMP_VERSION_1, "public", 1 },
	{ "v2c-public-id1234abcd.bin", SNMP_VERSION_2C, "public", 0x1234abcd },
	{ "v2c-hidden-nosuchobject.bin", SNMP_VERSION_2C, "hidden", 0x5047 },
	{ "v1-hidden-nosuchname.bin", SNMP_VERSION_1, "hidden", 0x5047 },
	{ "v2c-public-long-sysdescr.bin", SNMP_VERSION_2C, "public", 0x7fffffff },
};

static int decode_recorded(const struct recorded *reply, const uint8_t *data, size_t length,
			   struct snmp_sysdescr *result)
{
	return snmp_get_sysdescr_decode(data, length, reply->version, reply->community, reply->request_id, result);
}

static void requests_are_the_measured_bytes(void **state)
{
	static const uint8_t v1_id1[40] = {
		0x30, 0x26, 0x02, 0x01, 0x00, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c', 0xa0, 0x19, 0x02,
		0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06,
		0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00,
	};
	static const uint8_t v1_id1234abcd[43] = {
		0x30, 0x29, 0x02, 0x01, 0x00, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c', 0xa0, 0x1c, 0x02,
		0x04, 0x12, 0x34, 0xab, 0xcd, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c, 0x06,
		0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00,
	};
	uint8_t request[SNMP_REQUEST_MAX], v2c_id1[40];

	(void)state;
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_1, "public", 1, request, sizeof(request)), 40);
	assert_memory_equal(request, v1_id1, 40);
	memcpy(v2c_id1, v1_id1, 40);
	v2c_id1[4] = 0x01;
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_2C, "public", 1, request, sizeof(request)), 40);
	assert_memory_equal(request, v2c_id1, 40);
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_1, "public", 0x1234abcd, request, sizeof(request)), 43);
	assert_memory_equal(request, v1_id1234abcd, 43);
}

static void request_ids_are_shortest_twos_complement(void **state)
{
	static const struct {
		int32_t id;
		size_t length;
		uint8_t bytes[4];
	} ids[] = {
		{ 0, 1, { 0x00 } }, { 0x7f, 1, { 0x7f } }, { 0x80, 2, { 0x00, 0x80 } },
		{ -1, 1, { 0xff } }, { -128, 1, { 0x80 } }, { -129, 2, { 0xff, 0x7f } },
		{ 0x7fffffff, 4, { 0x7f, 0xff, 0xff, 0xff } }, { INT32_MIN, 4, { 0x80, 0, 0, 0 } },
		{ 0x5047, 2, { 0x50, 0x47 } },
	};
	uint8_t request[SNMP_REQUEST_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int length = snmp_get_sysdescr_encode(SNMP_VERSION_2C, "public", ids[i].id, request, sizeof(request));

		assert_int_equal(length, 39 + (int)ids[i].length);
		assert_int_equal(request[16], ids[i].length);
		assert_memory_equal(request + 17, ids[i].bytes, ids[i].length);
	}
}

static void bad_requests_are_refused(void **state)
{
	char longest[SNMP_COMMUNITY_MAX + 2];
	uint8_t request[SNMP_REQUEST_MAX + 1];

	(void)state;
	memset(longest, 'c', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_2C, longest, 1, request, sizeof(request)), -EINVAL);
	longest[SNMP_COMMUNITY_MAX] = '\0';
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_2C, longest, INT32_MAX, request, sizeof(request)),
			 SNMP_REQUEST_MAX);
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_2C, longest, INT32_MAX, request, SNMP_REQUEST_MAX - 1),
			 -ENOBUFS);
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_2C, "", 1, request, sizeof(request)), -EINVAL);
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_2C, NULL, 1, request, sizeof(request)), -EINVAL);
	assert_int_equal(snmp_get_sysdescr_encode((enum snmp_version)3, "public", 1, request, sizeof(request)), -EINVAL);
	assert_int_equal(snmp_get_sysdescr_encode(SNMP_VERSION_1, "public", 1, request, 39), -ENOBUFS);
}

static void decodes_real_sysdescr(void **state)
{
	struct snmp_sysdescr result;
	size_t length;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		uint8_t *reply = fixture_read("snmp", recorded[i].name, &length);

		assert_int_equal(decode_recorded(&recorded[i], reply, length, &result), 0);
		assert_int_equal(result.value, SNMP_VALUE_TEXT);
		assert_int_equal(result.error_status, 0);
		assert_string_equal(result.text, LINUX_SYSDESCR);
		assert_int_equal(result.text_bytes, strlen(LINUX_SYSDESCR));
		assert_int_equal(result.reply_bytes, i == 0 ? 98 : 101);
		free(reply);
	}
}

/* 240 octets, "Zürich-" 30 times: BER's 0x81 and 0x82 lengths, and
 * bytes that are not ASCII shown as '?'. */
static void decodes_long_non_ascii_sysdescr(void **state)
{
	struct snmp_sysdescr result;
	size_t length;
	uint8_t *reply = fixture_read("snmp", recorded[4].name, &length);

	(void)state;
	assert_int_equal(decode_recorded(&recorded[4], reply, length, &result), 0);
	assert_int_equal(result.value, SNMP_VALUE_TEXT);
	assert_int_equal(result.text_bytes, 240);
	assert_int_equal(result.reply_bytes, 291);
	assert_int_equal(strlen(result.text), 240);
	for (size_t i = 0; i < 240; i += 8)
		assert_memory_equal(result.text + i, "Z??rich-", 8);
	free(reply);
}

static void hidden_sysdescr_is_an_answer(void **state)
{
	struct snmp_sysdescr result;
	size_t length;
	uint8_t *reply = fixture_read("snmp", recorded[2].name, &length);

	(void)state;
	assert_int_equal(decode_recorded(&recorded[2], reply, length, &result), 0);
	assert_int_equal(result.value, SNMP_VALUE_NO_SUCH_OBJECT);
	assert_int_equal(result.error_status, 0);
	assert_string_equal(result.text, "");
	/* the other two exceptions, at the same place */
	assert_int_equal(reply[length - 2], 0x80);
	reply[length - 2] = 0x81;
	assert_int_equal(decode_recorded(&recorded[2], reply, length, &result), 0);
	assert_int_equal(result.value, SNMP_VALUE_NO_SUCH_INSTANCE);
	reply[length - 2] = 0x82;
	assert_int_equal(decode_recorded(&recorded[2], reply, length, &result), 0);
	assert_int_equal(result.value, SNMP_VALUE_END_OF_MIB_VIEW);
	reply[length - 2] = 0x83;
	assert_int_equal(decode_recorded(&recorded[2], reply, length, &result), -EBADMSG);
	/* an exception with contents, and one in a v1 message */
	reply[length - 2] = 0x80;
	reply[length - 1] = 0x01;
	assert_int_equal(decode_recorded(&recorded[2], reply, length, &result), -EBADMSG);
	reply[length - 1] = 0x00;
	reply[4] = 0x00;
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "hidden", 0x5047, &result), -EBADMSG);
	free(reply);

	reply = fixture_read("snmp", recorded[3].name, &length);
	assert_int_equal(decode_recorded(&recorded[3], reply, length, &result), 0);
	assert_int_equal(result.value, SNMP_VALUE_NONE);
	assert_int_equal(result.error_status, SNMP_ERROR_NO_SUCH_NAME);
	assert_int_equal(result.error_index, 1);
	assert_int_equal(result.text_bytes, 0);
	free(reply);
}

static const struct snmp_sysdescr untouched = { .value = SNMP_VALUE_END_OF_MIB_VIEW, .error_status = 77,
						 .text = "untouched", .text_bytes = 9 };

static void assert_untouched(const struct snmp_sysdescr *result)
{
	assert_int_equal(result->value, untouched.value);
	assert_int_equal(result->error_status, 77);
	assert_string_equal(result->text, "untouched");
}

/* Every prefix of a real reply is truncated, and one byte more is no
 * reply either: an error, never a crash, the result as it was. */
static void rejects_every_truncation(void **state)
{
	(void)state;
	for (size_t n = 0; n < sizeof(recorded) / sizeof(recorded[0]); n++) {
		size_t length;
		uint8_t *reply = fixture_read("snmp", recorded[n].name, &length);
		struct snmp_sysdescr result = untouched;

		for (size_t cut = 0; cut < length; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);

			/* a copy of exactly cut bytes, so ASan sees every overread */
			memcpy(copy, reply, cut);
			assert_int_equal(decode_recorded(&recorded[n], copy, cut, &result), -EBADMSG);
			assert_untouched(&result);
			free(copy);
		}
		reply[length] = 0;
		assert_int_equal(decode_recorded(&recorded[n], reply, length + 1, &result), -EBADMSG);
		assert_untouched(&result);
		free(reply);
	}
}

/* The same cuts inside a message whose own length tells the truth: each
 * inner element that runs past its parent is caught where it starts
 * (ASan sees any read past the exact-size copy). */
static void rejects_every_truncation_inside_the_message(void **state)
{
	size_t length;
	uint8_t *reply = fixture_read("snmp", recorded[0].name, &length);
	struct snmp_sysdescr result = untouched;

	(void)state;
	for (size_t cut = 2; cut < length; cut++) {
		uint8_t *copy = malloc(cut);

		memcpy(copy, reply, cut);
		copy[1] = (uint8_t)(cut - 2);
		assert_int_equal(decode_recorded(&recorded[0], copy, cut, &result), -EBADMSG);
		assert_untouched(&result);
		free(copy);
	}
	free(reply);
}

/* Flipping any one bit of the v1 reply: only a flip inside the sysDescr
 * octets still decodes; a flip in the request id's value is another
 * request's answer; every other flip is refused. */
static void single_bit_flips(void **state)
{
	size_t length, text_start = 40, id_offset = 17, decoded = 0, other_id = 0;
	uint8_t *reply = fixture_read("snmp", recorded[0].name, &length);

	(void)state;
	assert_int_equal(length - text_start, strlen(LINUX_SYSDESCR));
	for (size_t byte = 0; byte < length; byte++)
		for (int bit = 0; bit < 8; bit++) {
			struct snmp_sysdescr result = untouched;
			int r;

			reply[byte] ^= (uint8_t)(1 << bit);
			r = decode_recorded(&recorded[0], reply, length, &result);
			reply[byte] ^= (uint8_t)(1 << bit);
			if (byte >= text_start) {
				assert_int_equal(r, 0);
				assert_int_equal(result.text_bytes, strlen(LINUX_SYSDESCR));
				decoded++;
			} else if (byte == id_offset) {
				assert_int_equal(r, -ESRCH);
				other_id++;
			} else {
				if (r != -EBADMSG && r != -ESRCH)
					fail_msg("flip of bit %d of byte %zu: %d", bit, byte, r);
				assert_untouched(&result);
			}
		}
	assert_int_equal(decoded, 8 * strlen(LINUX_SYSDESCR));
	assert_int_equal(other_id, 8);
	free(reply);
}

static void answers_to_another_question_are_refused(void **state)
{
	struct snmp_sysdescr result = untouched;
	size_t length;
	uint8_t *reply = fixture_read("snmp", recorded[0].name, &length);

	(void)state;
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "public", 2, &result), -ESRCH);
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "public", -1, &result), -ESRCH);
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_2C, "public", 1, &result), -EBADMSG);
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "Public", 1, &result), -EBADMSG);
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "publi", 1, &result), -EBADMSG);
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "publics", 1, &result), -EBADMSG);
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, (enum snmp_version)2, "public", 1, &result), -EINVAL);
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, NULL, 1, &result), -EINVAL);
	/* our own request, a Report and a Trap PDU */
	reply[13] = 0xa0;
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "public", 1, &result), -EBADMSG);
	reply[13] = 0xa8;
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "public", 1, &result), -EBADMSG);
	reply[13] = 0xa4;
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "public", 1, &result), -EBADMSG);
	reply[13] = 0xa2;
	/* another OID: sysName.0 */
	reply[36] = 0x05;
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "public", 1, &result), -EBADMSG);
	assert_untouched(&result);
	free(reply);
}

/* Crafted GetResponses, built inside out with any length form. */
struct ber {
	uint8_t data[8192];
	size_t length;
};

/* Wraps the whole of inner as the contents of one element of tag; a
 * length_bytes of 0 is the short form. */
static void wrap(struct ber *inner, uint8_t tag, size_t length_bytes)
{
	uint8_t header[6];
	size_t header_length = 0, length = inner->length;

	header[header_length++] = tag;
	if (length_bytes == 0) {
		assert_true(length < 128);
		header[header_length++] = (uint8_t)length;
	} else {
		header[header_length++] = (uint8_t)(0x80 | length_bytes);
		for (size_t i = length_bytes; i-- > 0;)
			header[header_length++] = (uint8_t)(length >> (8 * i));
	}
	assert_true(header_length + inner->length <= sizeof(inner->data));
	memmove(inner->data + header_length, inner->data, inner->length);
	memcpy(inner->data, header, header_length);
	inner->length += header_length;
}

static void append(struct ber *ber, const void *bytes, size_t length)
{
	assert_true(ber->length + length <= sizeof(ber->data));
	memcpy(ber->data + ber->length, bytes, length);
	ber->length += length;
}

struct response {
	const uint8_t *id;
	size_t id_length;
	uint8_t error_status;
	uint8_t error_index;
	uint8_t value_tag;
	size_t value_length;
	size_t value_length_bytes;
	uint8_t value_byte;
	size_t varbinds;
};

static void build(struct ber *message, const struct response *response)
{
	static const uint8_t oid[] = { 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00 };
	static const uint8_t one = 0x01;
	struct ber varbind = { .length = 0 }, value = { .length = 0 };
	uint8_t status[] = { 0x02, 0x01, response->error_status, 0x02, 0x01, response->error_index };

	for (size_t i = 0; i < response->value_length; i++)
		value.data[value.length++] = response->value_byte;
	wrap(&value, response->value_tag, response->value_length_bytes);
	append(&varbind, oid, sizeof(oid));
	append(&varbind, value.data, value.length);
	wrap(&varbind, 0x30, varbind.length < 128 ? 0 : 2);
	*message = (struct ber){ .length = 0 };
	for (size_t i = 0; i < response->varbinds; i++)
		append(message, varbind.data, varbind.length);
	wrap(message, 0x30, message->length < 128 ? 0 : 2);
	{
		struct ber pdu = { .length = 0 };

		pdu.data[pdu.length++] = 0x02;
		pdu.data[pdu.length++] = (uint8_t)(response->id ? response->id_length : 1);
		append(&pdu, response->id ? response->id : &one, response->id ? response->id_length : 1);
		append(&pdu, status, sizeof(status));
		append(&pdu, message->data, message->length);
		wrap(&pdu, 0xa2, 2);
		*message = (struct ber){ .length = 0 };
		append(message, "\x02\x01\x01\x04\x06public", 11);
		append(message, pdu.data, pdu.length);
		wrap(message, 0x30, 4);
	}
}

static int decode_built(const struct response *response, struct snmp_sysdescr *result)
{
	struct ber message;

	build(&message, response);
	return snmp_get_sysdescr_decode(message.data, message.length, SNMP_VERSION_2C, "public", 1, result);
}

static void sysdescr_length_is_bounded(void **state)
{
	struct response response = { .value_tag = 0x04, .value_byte = 'x', .value_length_bytes = 2, .varbinds = 1 };
	struct snmp_sysdescr result = untouched;

	(void)state;
	response.value_length = SNMP_SYSDESCR_MAX;
	assert_int_equal(decode_built(&response, &result), 0);
	assert_int_equal(result.text_bytes, SNMP_SYSDESCR_MAX);
	assert_int_equal(strlen(result.text), SNMP_SYSDESCR_MAX);
	result = untouched;
	response.value_length = SNMP_SYSDESCR_MAX + 1;
	assert_int_equal(decode_built(&response, &result), -E2BIG);
	assert_untouched(&result);
	/* control characters and a NUL are shown, safely */
	response.value_length = 3;
	response.value_byte = '\0';
	assert_int_equal(decode_built(&response, &result), 0);
	assert_string_equal(result.text, "???");
	assert_int_equal(result.text_bytes, 3);
}

static void lengths_are_checked(void **state)
{
	/* the outer header, then the rest of the real reply (when body) */
	static const struct {
		uint8_t header[7];
		size_t length;
		bool body;
	} lies[] = {
		{ { 0x30, 0x80 }, 2, true },				/* indefinite */
		{ { 0x30, 0x85, 0, 0, 0, 0, 0x60 }, 7, true },	/* 5 length bytes, true ones */
		{ { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff }, 6, true },	/* 4 GB */
		{ { 0x30, 0x84, 0x00, 0x00, 0x00, 0x61 }, 6, true },	/* one more than there is */
		{ { 0x30, 0x81, 0x61 }, 3, true },
		{ { 0x30, 0x5f }, 2, true },				/* one less */
		{ { 0x30, 0x82, 0x00 }, 3, false },			/* length bytes cut */
		{ { 0x31, 0x60 }, 2, true },				/* a SET */
		{ { 0x3f, 0x60 }, 2, true },				/* high tag number form */
	};
	struct snmp_sysdescr result = untouched;
	size_t length;
	uint8_t *reply = fixture_read("snmp", recorded[0].name, &length);
	uint8_t message[256];

	(void)state;
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		size_t total = lies[i].length;

		memcpy(message, lies[i].header, lies[i].length);
		if (lies[i].body) {
			memcpy(message + total, reply + 2, length - 2);
			total += length - 2;
		}
		assert_int_equal(snmp_get_sysdescr_decode(message, total, SNMP_VERSION_1, "public", 1, &result),
				 -EBADMSG);
	}
	/* the long forms that tell the truth are fine, non-minimal too */
	memcpy(message, "\x30\x84\x00\x00\x00\x60", 6);
	memcpy(message + 6, reply + 2, length - 2);
	assert_int_equal(snmp_get_sysdescr_decode(message, length + 4, SNMP_VERSION_1, "public", 1, &result), 0);
	assert_string_equal(result.text, LINUX_SYSDESCR);
	/* the sysDescr claims a byte more than its message holds */
	reply[39] = 0x3b;
	result = untouched;
	assert_int_equal(snmp_get_sysdescr_decode(reply, length, SNMP_VERSION_1, "public", 1, &result), -EBADMSG);
	assert_untouched(&result);
	free(reply);
}

static void integers_are_checked(void **state)
{
	static const uint8_t five[] = { 0x00, 0x80, 0x00, 0x00, 0x01 };
	static const uint8_t six[] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t padded[] = { 0x00, 0x00, 0x01 };
	struct response response = { .value_tag = 0x04, .value_byte = 'x', .value_length = 4, .varbinds = 1 };
	struct snmp_sysdescr result;

	(void)state;
	response.id = padded;
	response.id_length = sizeof(padded);
	assert_int_equal(decode_built(&response, &result), 0);
	response.id = five;
	response.id_length = sizeof(five);
	assert_int_equal(decode_built(&response, &result), -ESRCH);
	response.id = six;
	response.id_length = sizeof(six);
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.id = padded;
	response.id_length = 0;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.id_length = sizeof(padded);

	/* error-status 0..18, error-index 0 without an error, 0 or 1 with */
	response.error_status = 19;
	response.value_tag = 0x05;
	response.value_length = 0;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.error_status = 0xff;	/* -1 */
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.error_status = 18;
	response.error_index = 1;
	assert_int_equal(decode_built(&response, &result), 0);
	assert_int_equal(result.error_status, 18);
	response.error_index = 2;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.error_status = 0;
	response.error_index = 1;
	response.value_tag = 0x04;
	response.value_length = 4;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	/* an error echoes NULL; no error carries the text */
	response.error_index = 0;
	response.value_tag = 0x05;
	response.value_length = 0;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.error_status = 2;
	response.value_tag = 0x04;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.value_tag = 0x02;	/* sysDescr is no INTEGER */
	response.error_status = 0;
	response.value_length = 1;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
}

static void exactly_one_varbind(void **state)
{
	struct response response = { .value_tag = 0x04, .value_byte = 'x', .value_length = 4 };
	struct snmp_sysdescr result;

	(void)state;
	response.varbinds = 0;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.varbinds = 2;
	assert_int_equal(decode_built(&response, &result), -EBADMSG);
	response.varbinds = 1;
	assert_int_equal(decode_built(&response, &result), 0);
	assert_string_equal(result.text, "xxxx");
}

/* Nesting the decoder does not expect is refused where it starts: no
 * recursion, so no depth runs the stack out. */
static void deep_nesting_is_refused(void **state)
{
	size_t depth = 20000, length = depth * 6;
	uint8_t *deep = malloc(length);
	struct response response = { .value_tag = 0x30, .value_length = 0, .varbinds = 1 };
	struct snmp_sysdescr result = untouched;
	struct ber message;

	(void)state;
	assert_non_null(deep);
	for (size_t i = 0; i < depth; i++) {
		size_t inner = length - (i + 1) * 6;

		deep[i * 6] = 0x30;
		deep[i * 6 + 1] = 0x84;
		deep[i * 6 + 2] = (uint8_t)(inner >> 24);
		deep[i * 6 + 3] = (uint8_t)(inner >> 16);
		deep[i * 6 + 4] = (uint8_t)(inner >> 8);
		deep[i * 6 + 5] = (uint8_t)inner;
	}
	assert_int_equal(snmp_get_sysdescr_decode(deep, length, SNMP_VERSION_2C, "public", 1, &result), -EBADMSG);
	/* as the value: SEQ{ SEQ{ ... } } */
	build(&message, &response);
	for (int i = 0; i < 500; i++)
		wrap(&message, 0x30, 2);
	assert_int_equal(snmp_get_sysdescr_decode(message.data, message.length, SNMP_VERSION_2C, "public", 1, &result),
			 -EBADMSG);
	assert_untouched(&result);
	free(deep);
}

/* The recorded replies and the fuzz corpus, through the harness. */
static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/snmp", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/snmp/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(requests_are_the_measured_bytes),
		cmocka_unit_test(request_ids_are_shortest_twos_complement),
		cmocka_unit_test(bad_requests_are_refused),
		cmocka_unit_test(decodes_real_sysdescr),
		cmocka_unit_test(decodes_long_non_ascii_sysdescr),
		cmocka_unit_test(hidden_sysdescr_is_an_answer),
		cmocka_unit_test(rejects_every_truncation),
		cmocka_unit_test(rejects_every_truncation_inside_the_message),
		cmocka_unit_test(single_bit_flips),
		cmocka_unit_test(answers_to_another_question_are_refused),
		cmocka_unit_test(sysdescr_length_is_bounded),
		cmocka_unit_test(lengths_are_checked),
		cmocka_unit_test(integers_are_checked),
		cmocka_unit_test(exactly_one_varbind),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
