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
#include "services/ntp/ntp_wire.h"

/* ntpsec-readvar-0.bin answers sequence 1: 12-byte header, 400 bytes */
#define READVAR_SEQUENCE 1
#define READVAR_DATA 400


/* A mode 6 READVAR response fragment as ntpsec writes it (LI 3, VN 2). */
static size_t control_fragment(uint8_t *out, uint16_t sequence, bool more, size_t offset,
			       const uint8_t *data, size_t count)
{
	size_t padded = (count + 3) / 4 * 4;

	memset(out, 0, NTP_CONTROL_HEADER_SIZE + padded);
	out[0] = 0xd6;
	out[1] = (uint8_t)(0x80 | (more ? 0x20 : 0) | 2);
	out[2] = (uint8_t)(sequence >> 8);
	out[3] = (uint8_t)sequence;
	out[4] = 0xc0;
	out[5] = 0x16;
	out[8] = (uint8_t)(offset >> 8);
	out[9] = (uint8_t)offset;
	out[10] = (uint8_t)(count >> 8);
	out[11] = (uint8_t)count;
	memcpy(out + NTP_CONTROL_HEADER_SIZE, data, count);
	return NTP_CONTROL_HEADER_SIZE + padded;
}

static int feed_unchanged(struct ntp_control_reply *reply, const uint8_t *datagram, size_t length)
{
	static struct ntp_control_reply before;
	int r;

	before = *reply;
	r = ntp_control_reply_feed(reply, datagram, length);
	if (r < 0)
		assert_memory_equal(&before, reply, sizeof(before));
	return r;
}

static void readvar_is_12_bytes_as_scanners_send(void **state)
{
	/* RESEARCH18 3.1: LI 0, VN 2, mode 6; opcode 2; the rest zero */
	const uint8_t expected[] = { 0x16, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t buffer[16];

	(void)state;
	assert_int_equal(ntp_readvar_encode(1, buffer, sizeof(buffer)), 12);
	assert_memory_equal(buffer, expected, sizeof(expected));
	assert_int_equal(ntp_readvar_encode(0xabcd, buffer, 12), 12);
	assert_int_equal(buffer[2], 0xab);
	assert_int_equal(buffer[3], 0xcd);
	assert_int_equal(ntp_readvar_encode(1, buffer, 11), -ENOBUFS);
}

static void monlist_is_8_bytes_as_scanners_send(void **state)
{
	/* RESEARCH18 3.4: VN 2 mode 7, implementation 3, request 42 */
	const uint8_t expected[] = { 0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0 };
	uint8_t buffer[8];

	(void)state;
	assert_int_equal(ntp_monlist_encode(buffer, sizeof(buffer)), 8);
	assert_memory_equal(buffer, expected, sizeof(expected));
	assert_int_equal(ntp_monlist_encode(buffer, 7), -ENOBUFS);
}

static void classifier_drops_only_modes_6_and_7(void **state)
{
	/* client (e3: ntpdate/ntpd), server (24), the probes, ntpq's d6 */
	const struct { uint8_t first; int mode; bool query; } packets[] = {
		{ 0xe3, 3, false }, { 0x23, 3, false }, { 0x24, 4, false }, { 0x1c, 4, false },
		{ 0x16, 6, true }, { 0xd6, 6, true }, { 0x17, 7, true }, { 0x97, 7, true },
		{ 0x21, 1, false }, { 0x25, 5, false }, { 0x00, 0, false },
	};
	uint8_t request[12];

	(void)state;
	for (size_t i = 0; i < sizeof(packets) / sizeof(packets[0]); i++) {
		assert_int_equal(ntp_packet_mode(&packets[i].first, 1), packets[i].mode);
		assert_int_equal(ntp_mode_is_query(packets[i].mode), packets[i].query);
	}
	assert_int_equal(ntp_packet_mode(request, 0), -EBADMSG);
	ntp_readvar_encode(7, request, sizeof(request));
	assert_true(ntp_mode_is_query(ntp_packet_mode(request, sizeof(request))));
	ntp_monlist_encode(request, sizeof(request));
	assert_true(ntp_mode_is_query(ntp_packet_mode(request, sizeof(request))));
}

static void decode_readvar_fixture(struct ntp_control_reply *reply, struct ntp_variable_list *list)
{
	size_t length;
	uint8_t *datagram = fixture_read("ntp", "ntpsec-readvar-0.bin", &length);

	assert_int_equal(length, 412);
	ntp_control_reply_init(reply, READVAR_SEQUENCE);
	assert_int_equal(ntp_control_reply_feed(reply, datagram, length), 1);
	assert_int_equal(ntp_variables_parse(reply->data, reply->length, list), 0);
	free(datagram);
}

static void decodes_ntpsec_readvar(void **state)
{
	static struct ntp_control_reply reply;
	struct ntp_variable_list list = { 0 };

	(void)state;
	decode_readvar_fixture(&reply, &list);
	assert_int_equal(reply.length, READVAR_DATA);
	assert_int_equal(reply.wire_bytes, 412);
	assert_int_equal(reply.datagrams, 1);
	assert_int_equal(reply.status, 0xc016);
	/* what ntpq -c rv prints, and Shadowserver's scan_ntp columns */
	assert_int_equal(list.count, 21);
	assert_string_equal(ntp_variable_find(&list, "version"), "ntpd ntpsec-1.2.2");
	assert_string_equal(ntp_variable_find(&list, "processor"), "x86_64");
	assert_memory_equal(ntp_variable_find(&list, "system"), "Linux/", 6);
	assert_string_equal(ntp_variable_find(&list, "leap"), "3");
	assert_string_equal(ntp_variable_find(&list, "stratum"), "16");
	assert_string_equal(ntp_variable_find(&list, "refid"), "INIT");
	assert_string_equal(ntp_variable_find(&list, "precision"), "-24");
	assert_string_equal(ntp_variable_find(&list, "mintc"), "0");	/* last, before \r\n */
	assert_string_equal(ntp_variable_find(&list, "leapsec"), "2017-01-01T00:00Z");
	assert_string_equal(list.items[0].name, "leap");
	assert_false(list.items[0].quoted);
	assert_true(list.items[16].quoted);
	assert_string_equal(list.items[16].name, "version");
	assert_null(ntp_variable_find(&list, "peer_address"));
	ntp_variable_list_free(&list);
	assert_null(list.items);
}

static void reassembles_fragments_in_any_order(void **state)
{
	static struct ntp_control_reply whole, reply;
	struct ntp_variable_list list = { 0 };
	uint8_t fragments[3][NTP_CONTROL_HEADER_SIZE + 200];
	size_t lengths[3];
	const int order[] = { 2, 0, 1 };

	(void)state;
	decode_readvar_fixture(&whole, &list);
	ntp_variable_list_free(&list);
	lengths[0] = control_fragment(fragments[0], 9, true, 0, whole.data, 150);
	lengths[1] = control_fragment(fragments[1], 9, true, 150, whole.data + 150, 150);
	lengths[2] = control_fragment(fragments[2], 9, false, 300, whole.data + 300, 100);
	ntp_control_reply_init(&reply, 9);
	assert_int_equal(ntp_control_reply_feed(&reply, fragments[order[0]], lengths[order[0]]), 0);
	assert_int_equal(ntp_control_reply_feed(&reply, fragments[order[1]], lengths[order[1]]), 0);
	/* a repeated fragment overlaps itself */
	assert_int_equal(feed_unchanged(&reply, fragments[0], lengths[0]), -EBADMSG);
	assert_int_equal(ntp_control_reply_feed(&reply, fragments[order[2]], lengths[order[2]]), 1);
	assert_int_equal(reply.length, READVAR_DATA);
	assert_memory_equal(reply.data, whole.data, READVAR_DATA);
	assert_int_equal(reply.datagrams, 3);
	assert_int_equal(reply.wire_bytes, 3 * 12 + 152 + 152 + 100);
	/* complete: nothing more is taken */
	assert_int_equal(feed_unchanged(&reply, fragments[2], lengths[2]), -EBADMSG);
}

static void fragments_are_checked(void **state)
{
	static struct ntp_control_reply reply;
	uint8_t data[NTP_CONTROL_FRAGMENT_DATA_MAX + 4] = { 'x' };
	uint8_t datagram[NTP_CONTROL_HEADER_SIZE + sizeof(data) + 64];
	size_t length;

	(void)state;
	memset(data, 'x', sizeof(data));
	/* overlap */
	ntp_control_reply_init(&reply, 1);
	length = control_fragment(datagram, 1, true, 0, data, 100);
	assert_int_equal(feed_unchanged(&reply, datagram, length), 0);
	length = control_fragment(datagram, 1, true, 99, data, 10);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -EBADMSG);
	/* a gap is no error, only not complete; filling it completes */
	length = control_fragment(datagram, 1, false, 200, data, 8);
	assert_int_equal(feed_unchanged(&reply, datagram, length), 0);
	/* past the last; a second last; a last before what came */
	length = control_fragment(datagram, 1, true, 208, data, 4);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -EBADMSG);
	length = control_fragment(datagram, 1, false, 100, data, 4);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -EBADMSG);
	length = control_fragment(datagram, 1, true, 100, data, 100);
	assert_int_equal(feed_unchanged(&reply, datagram, length), 1);
	assert_int_equal(reply.length, 208);

	ntp_control_reply_init(&reply, 1);
	length = control_fragment(datagram, 1, true, 300, data, 4);
	assert_int_equal(feed_unchanged(&reply, datagram, length), 0);
	length = control_fragment(datagram, 1, false, 0, data, 4);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -EBADMSG);

	/* an empty fragment with More would let a sender go on for ever */
	ntp_control_reply_init(&reply, 1);
	length = control_fragment(datagram, 1, true, 0, data, 0);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -EBADMSG);
	/* an empty answer is one */
	length = control_fragment(datagram, 1, false, 0, data, 0);
	assert_int_equal(feed_unchanged(&reply, datagram, length), 1);
	assert_int_equal(reply.length, 0);

	/* bounds: one fragment's data, the whole, the fragments */
	ntp_control_reply_init(&reply, 1);
	length = control_fragment(datagram, 1, true, 0, data, NTP_CONTROL_FRAGMENT_DATA_MAX + 1);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -EBADMSG);
	length = control_fragment(datagram, 1, true, NTP_CONTROL_DATA_MAX - 3, data, 4);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -E2BIG);
	length = control_fragment(datagram, 1, true, 0xfffc, data, 4);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -E2BIG);
	for (size_t i = 0; i < NTP_CONTROL_FRAGMENTS_MAX; i++) {
		length = control_fragment(datagram, 1, true, i * 4, data, 4);
		assert_int_equal(feed_unchanged(&reply, datagram, length), 0);
	}
	length = control_fragment(datagram, 1, false, NTP_CONTROL_FRAGMENTS_MAX * 4, data, 4);
	assert_int_equal(feed_unchanged(&reply, datagram, length), -E2BIG);

	/* count beyond the datagram; trailing bytes beyond padding and a MAC */
	ntp_control_reply_init(&reply, 1);
	length = control_fragment(datagram, 1, false, 0, data, 40);
	assert_int_equal(feed_unchanged(&reply, datagram, length - 1), -EBADMSG);
	memset(datagram + length, 0, 28);
	assert_int_equal(feed_unchanged(&reply, datagram, length + 28), -EBADMSG);
	assert_int_equal(feed_unchanged(&reply, datagram, length + 27), 1);
}

static void header_is_checked(void **state)
{
	static struct ntp_control_reply reply;
	size_t length;
	uint8_t *fixture = fixture_read("ntp", "ntpsec-readvar-0.bin", &length);
	uint8_t datagram[412];

	(void)state;
	/* every truncation */
	for (size_t cut = 0; cut < length; cut++) {
		ntp_control_reply_init(&reply, READVAR_SEQUENCE);
		assert_int_equal(feed_unchanged(&reply, fixture, cut), -EBADMSG);
	}
	/* another sequence, opcode or association is another answer */
	ntp_control_reply_init(&reply, 2);
	assert_int_equal(feed_unchanged(&reply, fixture, length), -ESRCH);
	const struct { size_t at; uint8_t value; int expected; } changes[] = {
		{ 1, 0x81, -ESRCH },	/* READSTAT */
		{ 7, 0x01, -ESRCH },	/* association 1 */
		{ 1, 0x02, -EBADMSG },	/* no response bit: our own request */
		{ 1, 0xc2, -EPROTO },	/* the error bit */
		{ 0, 0xd7, -EBADMSG },	/* mode 7 */
		{ 0, 0xd4, -EBADMSG },	/* mode 4 */
		{ 0, 0xc6, -EBADMSG },	/* version 0 */
		{ 0, 0xee, -EBADMSG },	/* version 5 */
		{ 10, 0x02, -EBADMSG },	/* count 0x290: past the datagram */
		{ 11, 0x70, -EBADMSG },	/* count 0x170: 32 trailing bytes */
		{ 8, 0x20, -E2BIG },	/* offset 0x2000 */
	};
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		memcpy(datagram, fixture, length);
		datagram[changes[i].at] = changes[i].value;
		ntp_control_reply_init(&reply, READVAR_SEQUENCE);
		assert_int_equal(feed_unchanged(&reply, datagram, length), changes[i].expected);
	}
	/* every single bit flipped: refused, or taken whole (status, LI, VN) */
	for (size_t bit = 0; bit < length * 8; bit++) {
		static struct ntp_variable_list list;
		int r;

		memcpy(datagram, fixture, length);
		datagram[bit / 8] ^= (uint8_t)(1u << bit % 8);
		ntp_control_reply_init(&reply, READVAR_SEQUENCE);
		r = feed_unchanged(&reply, datagram, length);
		if (bit / 8 >= 2 && bit / 8 < 4)
			assert_int_equal(r, -ESRCH);
		if (r == 1 && ntp_variables_parse(reply.data, reply.length, &list) == 0)
			assert_true(list.count <= NTP_VARIABLES_MAX);
		ntp_variable_list_free(&list);
	}
	free(fixture);
}

static void variables_are_checked(void **state)
{
	const struct { const char *text; int expected; size_t count; } cases[] = {
		{ "", 0, 0 },
		{ " \r\n", 0, 0 },
		{ "flag", 0, 1 },
		{ "a=1,b=\"two, three\",\r\nc= 3 ", 0, 3 },
		{ "a=1,", 0, 1 },
		{ "a=\"open", -EBADMSG, 0 },
		{ "=3", -EBADMSG, 0 },
		{ "a=1 b=2", -EBADMSG, 0 },
		{ "a=1=2", -EBADMSG, 0 },
		{ "a=x\"y", -EBADMSG, 0 },
		{ "a=\"x\"y", -EBADMSG, 0 },
		{ "a=1,,b=2", -EBADMSG, 0 },
		{ "a=1\r\nb=2", -EBADMSG, 0 },
		{ "a=\x01", -EBADMSG, 0 },
		{ "a=\"\x7f\"", -EBADMSG, 0 },
		{ "na\xffme=1", -EBADMSG, 0 },
		{ "abcdefghijabcdefghijabcdefghijab=1", -E2BIG, 0 },
		{ "abcdefghijabcdefghijabcdefghija=1", 0, 1 },
	};
	struct ntp_variable_list list = { 0 };
	char many[NTP_VARIABLES_MAX * 5 + 16] = "", value[NTP_VARIABLE_VALUE_MAX + 8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ntp_variables_parse((const uint8_t *)cases[i].text, strlen(cases[i].text), &list),
				 cases[i].expected);
		assert_int_equal(list.count, cases[i].count);
		ntp_variable_list_free(&list);
	}
	assert_int_equal(ntp_variables_parse((const uint8_t *)cases[3].text, strlen(cases[3].text), &list), 0);
	assert_string_equal(ntp_variable_find(&list, "b"), "two, three");
	assert_string_equal(ntp_variable_find(&list, "c"), "3");
	/* on error the list keeps what it had */
	assert_int_equal(ntp_variables_parse((const uint8_t *)"d=4,e=\"", 7, &list), -EBADMSG);
	assert_int_equal(list.count, 3);
	assert_null(ntp_variable_find(&list, "d"));
	ntp_variable_list_free(&list);

	for (size_t i = 0; i < NTP_VARIABLES_MAX; i++)
		strcat(many, "v=1,");
	assert_int_equal(ntp_variables_parse((const uint8_t *)many, strlen(many), &list), 0);
	assert_int_equal(list.count, NTP_VARIABLES_MAX);
	ntp_variable_list_free(&list);
	strcat(many, "v=1");
	assert_int_equal(ntp_variables_parse((const uint8_t *)many, strlen(many), &list), -E2BIG);
	assert_int_equal(list.count, 0);

	memset(value, 'y', sizeof(value));
	memcpy(value, "a=\"", 3);
	value[3 + NTP_VARIABLE_VALUE_MAX - 1] = '"';
	assert_int_equal(ntp_variables_parse((const uint8_t *)value, 3 + NTP_VARIABLE_VALUE_MAX, &list), 0);
	assert_int_equal(strlen(list.items[0].value), NTP_VARIABLE_VALUE_MAX - 1);
	ntp_variable_list_free(&list);
	value[3 + NTP_VARIABLE_VALUE_MAX - 1] = 'y';
	value[3 + NTP_VARIABLE_VALUE_MAX] = '"';
	assert_int_equal(ntp_variables_parse((const uint8_t *)value, 4 + NTP_VARIABLE_VALUE_MAX, &list), -E2BIG);
	ntp_variable_list_free(&list);
}

/* Mode 7: no daemon on Debian 12 answers it (ntpsec has no mode 7 code,
 * classic ntpd is not installable): the replies are built by hand from
 * classic ntpd's ntp_request.h by tests/fixtures/ntp/make_monlist.py. */
static void counts_monlist_entries(void **state)
{
	struct ntp_monlist_reply reply;
	size_t first_length, last_length;
	uint8_t *first = fixture_read("ntp", "monlist-8-entries-0.bin", &first_length);
	uint8_t *last = fixture_read("ntp", "monlist-8-entries-1.bin", &last_length);

	(void)state;
	assert_int_equal(first_length, 8 + 6 * 72);
	assert_int_equal(last_length, 8 + 2 * 72);
	ntp_monlist_reply_init(&reply);
	assert_int_equal(ntp_monlist_reply_feed(&reply, first, first_length), 0);
	assert_int_equal(ntp_monlist_reply_feed(&reply, last, last_length), 1);
	assert_int_equal(reply.entries, 8);
	assert_int_equal(reply.datagrams, 2);
	assert_int_equal(reply.wire_bytes, 592);
	assert_int_equal(ntp_monlist_reply_feed(&reply, last, last_length), -EBADMSG);

	/* the last first */
	ntp_monlist_reply_init(&reply);
	assert_int_equal(ntp_monlist_reply_feed(&reply, last, last_length), 0);
	assert_int_equal(ntp_monlist_reply_feed(&reply, first, first_length), 1);
	assert_int_equal(reply.entries, 8);
	free(first);
	free(last);
}

static void monlist_is_checked(void **state)
{
	struct ntp_monlist_reply reply, before;
	size_t length;
	uint8_t *fixture = fixture_read("ntp", "monlist-8-entries-0.bin", &length);
	uint8_t datagram[600];
	const struct { size_t at; uint8_t value; int expected; } changes[] = {
		{ 0, 0x57, -EBADMSG },	/* no response bit */
		{ 0, 0xd6, -EBADMSG },	/* mode 6 */
		{ 0, 0xc7, -EBADMSG },	/* version 0 */
		{ 2, 0x02, -ESRCH },	/* implementation 2 */
		{ 3, 0x14, -ESRCH },	/* MON_GETLIST (20) */
		{ 4, 0x50, -EPROTO },	/* err 5: no data */
		{ 6, 0x10, -EBADMSG },	/* mbz */
		{ 7, 0x30, -EBADMSG },	/* item size 48 */
		{ 5, 0x07, -EBADMSG },	/* 7 × 72 > 500 */
	};

	(void)state;
	for (size_t cut = 0; cut < length; cut++) {
		ntp_monlist_reply_init(&reply);
		assert_int_equal(ntp_monlist_reply_feed(&reply, fixture, cut), -EBADMSG);
		assert_int_equal(reply.datagrams, 0);
	}
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		memcpy(datagram, fixture, length);
		datagram[changes[i].at] = changes[i].value;
		ntp_monlist_reply_init(&reply);
		assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), changes[i].expected);
		assert_int_equal(reply.datagrams, 0);
		assert_int_equal(reply.error, changes[i].expected == -EPROTO ? 5 : 0);
	}
	/* a pre-IPv6 ntpd's 32-byte entries */
	memcpy(datagram, fixture, length);
	datagram[0] = 0x97;
	datagram[5] = 15;
	datagram[7] = 32;
	ntp_monlist_reply_init(&reply);
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, 8 + 15 * 32), 1);
	assert_int_equal(reply.entries, 15);
	/* longer than classic ntpd's resp_pkt */
	memset(datagram + length, 0, sizeof(datagram) - length);
	memcpy(datagram, fixture, length);
	ntp_monlist_reply_init(&reply);
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, 509), -EBADMSG);
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, 508), 0);

	/* sequences: repeated, past the last, a second last, a last before */
	ntp_monlist_reply_init(&reply);
	datagram[1] = 3;
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), 0);
	before = reply;
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), -EBADMSG);
	datagram[0] = 0x97;
	datagram[1] = 2;
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), -EBADMSG);
	assert_memory_equal(&before, &reply, sizeof(reply));
	datagram[1] = 5;
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), 0);
	datagram[1] = 6;
	datagram[0] = 0xd7;
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), -EBADMSG);
	datagram[0] = 0x97;
	assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), -EBADMSG);
	for (uint8_t sequence = 0; sequence < 5; sequence++) {
		datagram[0] = 0xd7;
		datagram[1] = sequence;
		if (sequence != 3)
			assert_int_equal(ntp_monlist_reply_feed(&reply, datagram, length), sequence == 4 ? 1 : 0);
	}
	assert_int_equal(reply.entries, 6 * 6);
	free(fixture);
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	size_t count;

	(void)state;
	count = corpus_replay(FIXTURES "/ntp") + corpus_replay(FIXTURES "/ntp/corpus");
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readvar_is_12_bytes_as_scanners_send),
		cmocka_unit_test(monlist_is_8_bytes_as_scanners_send),
		cmocka_unit_test(classifier_drops_only_modes_6_and_7),
		cmocka_unit_test(decodes_ntpsec_readvar),
		cmocka_unit_test(reassembles_fragments_in_any_order),
		cmocka_unit_test(fragments_are_checked),
		cmocka_unit_test(header_is_checked),
		cmocka_unit_test(variables_are_checked),
		cmocka_unit_test(counts_monlist_entries),
		cmocka_unit_test(monlist_is_checked),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
