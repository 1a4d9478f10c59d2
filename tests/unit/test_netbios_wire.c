/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"

#include "services/netbios/netbios.h"
#include "services/netbios/netbios_probe.h"
#include "services/netbios/netbios_wire.h"

/* tests/fixtures/netbios/status-abcd.bin: nmbd 4.17.12 (Debian 12) with
 * netbios name PGSERVER and workgroup PGGROUP, asked by the request of
 * request_is_the_scanners_bytes with id 0xabcd from another namespace */
#define RECORDED_ID 0xabcd
#define RECORDED_BYTES 193
#define RECORDED_NAMES 5
/* where NUM_NAMES is: 12 + 34 + 10 */
#define NUM_NAMES_AT 56

static struct netbios_status status;

static uint8_t *recorded(size_t *ret_length)
{
	uint8_t *data = fixture_read("netbios", "status-abcd.bin", ret_length);

	assert_int_equal(*ret_length, RECORDED_BYTES);
	return data;
}

static void request_is_the_scanners_bytes(void **state)
{
	/* nbtscan's and Shadowserver's NBSTAT for "*": "CK" and 30 "A" */
	static const uint8_t expected[NETBIOS_REQUEST_SIZE] = {
		0xab, 0xcd, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 'C', 'K',
		'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A',
		'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A',
		0x00, 0x00, 0x21, 0x00, 0x01,
	};
	uint8_t request[64];

	(void)state;
	assert_int_equal(netbios_status_encode(RECORDED_ID, request, sizeof(request)), NETBIOS_REQUEST_SIZE);
	assert_memory_equal(request, expected, sizeof(expected));
	assert_int_equal(netbios_status_encode(1, request, NETBIOS_REQUEST_SIZE - 1), -ENOBUFS);
}

static void decodes_real_reply(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);
	const struct netbios_name *name;

	(void)state;
	assert_int_equal(netbios_status_decode(data, length, RECORDED_ID, &status), 0);
	assert_int_equal(status.rcode, 0);
	assert_int_equal(status.name_count, RECORDED_NAMES);
	assert_string_equal(status.names[0].name, "PGSERVER");
	assert_int_equal(status.names[0].suffix, 0x00);
	assert_int_equal(status.names[0].flags, NETBIOS_NAME_ACTIVE);
	assert_int_equal(status.names[1].suffix, 0x03);
	assert_int_equal(status.names[2].suffix, 0x20);
	assert_string_equal(status.names[3].name, "PGGROUP");
	assert_int_equal(status.names[3].flags, NETBIOS_NAME_GROUP | NETBIOS_NAME_ACTIVE);
	assert_int_equal(status.names[4].suffix, 0x1e);
	name = netbios_status_machine(&status);
	assert_non_null(name);
	assert_string_equal(name->name, "PGSERVER");
	name = netbios_status_workgroup(&status);
	assert_non_null(name);
	assert_string_equal(name->name, "PGGROUP");
	/* PGSERVER<03> is the machine's own messenger name, no user's */
	assert_null(netbios_status_user(&status, 0));
	/* nmbd sends 46 bytes of statistics, all zero: no MAC */
	assert_int_equal(status.statistics_bytes, 46);
	assert_true(status.has_unit_id);
	assert_false(netbios_status_has_mac(&status));
	assert_int_equal(netbios_status_decode(data, length, RECORDED_ID + 1, &status), -ESRCH);
	free(data);
}

/* The recorded reply with a user's messenger name added and a MAC in
 * the unit ID, as a Windows host answers. */
static size_t with_user_and_mac(uint8_t *buffer, size_t size)
{
	size_t length;
	uint8_t *data = recorded(&length);
	static const uint8_t user[18] = { 'A', 'L', 'I', 'C', 'E', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
					  0x03, 0x04, 0x00 };
	size_t names_end = NUM_NAMES_AT + 1 + RECORDED_NAMES * 18;

	assert_true(size >= length + 18);
	memcpy(buffer, data, names_end);
	memcpy(buffer + names_end, user, sizeof(user));
	memcpy(buffer + names_end + 18, data + names_end, length - names_end);
	buffer[NUM_NAMES_AT]++;
	buffer[NUM_NAMES_AT - 1] += 18;		/* RDLENGTH's low byte: 137 + 18 < 256 */
	memcpy(buffer + names_end + 18, "\x00\x11\x22\x33\x44\x55", 6);
	free(data);
	return length + 18;
}

static void users_and_mac_are_taken_out(void **state)
{
	uint8_t reply[512];
	size_t length = with_user_and_mac(reply, sizeof(reply));
	const struct netbios_name *user;

	(void)state;
	assert_int_equal(netbios_status_decode(reply, length, RECORDED_ID, &status), 0);
	assert_int_equal(status.name_count, RECORDED_NAMES + 1);
	user = netbios_status_user(&status, 0);
	assert_non_null(user);
	assert_string_equal(user->name, "ALICE");
	assert_null(netbios_status_user(&status, 1));
	assert_true(netbios_status_has_mac(&status));
	assert_memory_equal(status.unit_id, "\x00\x11\x22\x33\x44\x55", 6);
}

/* What check shows and the record keeps comes back from the record's
 * JSON as it was: the names, the unit ID, the sizes. */
static void answer_round_trips_through_json(void **state)
{
	const struct service_probe *probe = netbios_service.probe;
	struct netbios_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .reachable = true, .request_bytes = NETBIOS_REQUEST_SIZE, .probe = probe };
	struct service_answer back = { 0 };
	const struct netbios_detail *read;
	uint8_t reply[512];
	size_t length = with_user_and_mac(reply, sizeof(reply));
	json_t *json;

	(void)state;
	assert_non_null(detail);
	assert_int_equal(netbios_status_decode(reply, length, RECORDED_ID, &detail->node), 0);
	answer.detail = detail;
	answer.reply_bytes = length;
	answer.amplification = 4.22;
	snprintf(answer.peer, sizeof(answer.peer), "192.0.2.60");
	json = probe->answer_json(&answer, json_true());
	assert_non_null(json);
	assert_string_equal(json_string_value(json_object_get(json, "machine_name")), "PGSERVER");
	assert_string_equal(json_string_value(json_object_get(json, "workgroup")), "PGGROUP");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json, "usernames"), 0)), "ALICE");
	assert_string_equal(json_string_value(json_object_get(json, "mac_address")), "00:11:22:33:44:55");
	assert_int_equal(probe->answer_from_json(json, &back), 0);
	read = netbios_detail_of(&back);
	assert_true(back.reachable && probe->answer_open(&back));
	assert_int_equal(back.reply_bytes, length);
	assert_string_equal(back.peer, "192.0.2.60");
	assert_int_equal(read->node.name_count, RECORDED_NAMES + 1);
	assert_memory_equal(read->node.names, detail->node.names, sizeof(read->node.names[0]) * (RECORDED_NAMES + 1));
	assert_true(netbios_status_has_mac(&read->node));
	assert_string_equal(netbios_status_user(&read->node, 0)->name, "ALICE");
	json_decref(json);
	service_answer_free(&back);
	service_answer_free(&answer);
}

static void rejects_every_truncation_and_trailing_bytes(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);
	uint8_t longer[RECORDED_BYTES + 1];

	(void)state;
	/* RDLENGTH must end the datagram: every shorter cut is refused */
	for (size_t cut = 0; cut < length; cut++)
		assert_int_equal(netbios_status_decode(data, cut, RECORDED_ID, &status), -EBADMSG);
	memcpy(longer, data, length);
	longer[length] = 0;
	assert_int_equal(netbios_status_decode(longer, sizeof(longer), RECORDED_ID, &status), -EBADMSG);
	assert_int_equal(netbios_status_decode(NULL, 0, RECORDED_ID, &status), -EBADMSG);
	free(data);
}

static void header_and_answer_are_checked(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);
	uint8_t copy[RECORDED_BYTES];

	(void)state;
#define MUTATED(offset, value) (memcpy(copy, data, length), copy[offset] = (value), \
				netbios_status_decode(copy, length, RECORDED_ID, &status))
	assert_int_equal(MUTATED(2, 0x04), -EBADMSG);		/* a request, not a response */
	assert_int_equal(MUTATED(2, 0x84 | 0x08), -EBADMSG);	/* another opcode */
	assert_int_equal(MUTATED(5, 1), -EBADMSG);		/* a question in a response */
	assert_int_equal(MUTATED(7, 2), -EBADMSG);		/* two answers */
	assert_int_equal(MUTATED(9, 1), -EBADMSG);		/* authority records */
	assert_int_equal(MUTATED(11, 1), -EBADMSG);		/* additional records */
	assert_int_equal(MUTATED(12, 0xc0), -EBADMSG);		/* a pointer for the name */
	assert_int_equal(MUTATED(14, 'L'), -EBADMSG);		/* another name than "*" */
	assert_int_equal(MUTATED(47, 0x20), -EBADMSG);		/* NB, not NBSTAT */
	assert_int_equal(MUTATED(49, 0x02), -EBADMSG);		/* another class */
	assert_int_equal(MUTATED(55, 138), -EBADMSG);		/* RDLENGTH past the end */
	assert_int_equal(MUTATED(55, 136), -EBADMSG);		/* and short of it */
	assert_int_equal(MUTATED(NUM_NAMES_AT, 8), -EBADMSG);	/* more names than bytes */
	assert_int_equal(MUTATED(NUM_NAMES_AT, 255), -EBADMSG);
	/* fewer names: the rest are statistics, as RDLENGTH says */
	assert_int_equal(MUTATED(NUM_NAMES_AT, 0), 0);
	assert_int_equal(status.name_count, 0);
	assert_null(netbios_status_machine(&status));
	/* a name's bytes that are no printable ASCII are shown as '?' */
	assert_int_equal(MUTATED(NUM_NAMES_AT + 1, 0x1b), 0);
	assert_string_equal(status.names[0].name, "?GSERVER");
#undef MUTATED
	free(data);
}

static void scope_and_negative_responses(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);
	uint8_t scoped[RECORDED_BYTES + 8];
	static const uint8_t negative[12] = { 0xab, 0xcd, 0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t silent_rcode[12] = { 0xab, 0xcd, 0x84, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	/* "*" in scope "lan.": a label of 3 before the root label */
	memcpy(scoped, data, 45);
	memcpy(scoped + 45, "\x03lan", 4);
	memcpy(scoped + 49, data + 45, length - 45);
	assert_int_equal(netbios_status_decode(scoped, length + 4, RECORDED_ID, &status), 0);
	assert_int_equal(status.name_count, RECORDED_NAMES);
	/* a label that runs past the datagram */
	scoped[45] = 60;
	assert_int_equal(netbios_status_decode(scoped, 50, RECORDED_ID, &status), -EBADMSG);
	assert_int_equal(netbios_status_decode(negative, sizeof(negative), RECORDED_ID, &status), 0);
	assert_int_equal(status.rcode, 3);
	assert_int_equal(status.name_count, 0);
	assert_int_equal(netbios_status_decode(silent_rcode, sizeof(silent_rcode), RECORDED_ID, &status), -EBADMSG);
	free(data);
}

static void single_bit_flips(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);

	(void)state;
	for (size_t bit = 0; bit < length * 8; bit++) {
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		LLVMFuzzerTestOneInput(data, length);
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	free(data);
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/netbios", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/netbios/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_is_the_scanners_bytes),
		cmocka_unit_test(decodes_real_reply),
		cmocka_unit_test(users_and_mac_are_taken_out),
		cmocka_unit_test(answer_round_trips_through_json),
		cmocka_unit_test(rejects_every_truncation_and_trailing_bytes),
		cmocka_unit_test(header_and_answer_are_checked),
		cmocka_unit_test(scope_and_negative_responses),
		cmocka_unit_test(single_bit_flips),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
