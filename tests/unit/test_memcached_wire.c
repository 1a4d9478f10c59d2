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

#include "services/memcached/memcached_wire.h"

/* tests/fixtures/memcached/capture.sh's recording of memcached 1.6.18 */
#define RECORDED_STATS 92
#define RECORDED_ID 0xabcd




struct datagrams {
	uint8_t *data[2];
	size_t length[2];
};

static void read_udp_reply(struct datagrams *datagrams)
{
	datagrams->data[0] = fixture_read("memcached", "stats-udp-abcd-0.bin", &datagrams->length[0]);
	datagrams->data[1] = fixture_read("memcached", "stats-udp-abcd-1.bin", &datagrams->length[1]);
	assert_int_equal(datagrams->length[0], 1400);
	assert_int_equal(datagrams->length[1], 827);
}

static void free_datagrams(struct datagrams *datagrams)
{
	free(datagrams->data[0]);
	free(datagrams->data[1]);
}

static void request_is_the_measured_bytes(void **state)
{
	static const uint8_t measured[MEMCACHED_UDP_STATS_SIZE] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 's', 't', 'a', 't', 's', '\r', '\n',
	};
	uint8_t request[32];

	(void)state;
	assert_int_equal(memcached_udp_stats_encode(0, request, sizeof(request)), 15);
	assert_memory_equal(request, measured, sizeof(measured));
	assert_int_equal(memcached_udp_stats_encode(RECORDED_ID, request, sizeof(request)), 15);
	assert_memory_equal(request, "\xab\xcd\x00\x00\x00\x01\x00\x00stats\r\n", 15);
	assert_int_equal(memcached_udp_stats_encode(1, request, 14), -ENOBUFS);
}

static void assert_recorded_leaks(const struct memcached_stats *stats, int64_t curr_connections)
{
	assert_int_equal(stats->count, RECORDED_STATS);
	assert_string_equal(stats->version, "1.6.18");
	assert_int_equal(stats->pid, 7216);
	assert_int_equal(stats->uptime, 4);
	assert_int_equal(stats->time, 1796520197);
	assert_int_equal(stats->pointer_size, 64);
	assert_int_equal(stats->curr_connections, curr_connections);
	assert_int_equal(stats->total_connections, 6);
	assert_string_equal(stats->items[0].name, "pid");
	assert_string_equal(memcached_stats_find(stats, "libevent"), "2.1.12-stable");
	assert_string_equal(stats->items[RECORDED_STATS - 1].name, "lru_bumps_dropped");
	assert_null(memcached_stats_find(stats, "no_such_stat"));
}

static void decodes_real_tcp_reply(void **state)
{
	struct memcached_stats stats;
	size_t length;
	char *text = (char *)fixture_read("memcached", "stats-tcp.bin", &length);

	(void)state;
	assert_true(memcached_reply_complete(text, length));
	assert_int_equal(memcached_stats_parse(text, length, &stats), 0);
	assert_recorded_leaks(&stats, 5);
	memcached_stats_free(&stats);
	assert_null(stats.items);
	free(text);
}

/* Both orders give the same text: 2 datagrams, 1392 + 819 bytes. */
static void reassembles_real_udp_reply(void **state)
{
	struct memcached_udp_reply reply;
	struct memcached_stats stats;
	struct datagrams datagrams;
	char *in_order, *reversed;
	size_t length, reversed_length;

	(void)state;
	read_udp_reply(&datagrams);
	memcached_udp_reply_init(&reply, RECORDED_ID);
	assert_int_equal(memcached_udp_reply_feed(&reply, datagrams.data[0], datagrams.length[0]), 0);
	assert_int_equal(memcached_udp_reply_join(&reply, &in_order, &length), -EBADMSG);
	assert_int_equal(memcached_udp_reply_feed(&reply, datagrams.data[1], datagrams.length[1]), 1);
	assert_int_equal(reply.wire_bytes, 2227);
	assert_int_equal(memcached_udp_reply_join(&reply, &in_order, &length), 0);
	assert_int_equal(length, 2211);
	memcached_udp_reply_free(&reply);

	assert_int_equal(memcached_udp_reply_feed(&reply, datagrams.data[1], datagrams.length[1]), 0);
	assert_int_equal(memcached_udp_reply_join(&reply, &reversed, &reversed_length), -EBADMSG);
	assert_int_equal(memcached_udp_reply_feed(&reply, datagrams.data[0], datagrams.length[0]), 1);
	assert_int_equal(memcached_udp_reply_join(&reply, &reversed, &reversed_length), 0);
	assert_int_equal(reversed_length, length);
	assert_memory_equal(reversed, in_order, length);
	assert_int_equal(reversed[length], '\0');
	memcached_udp_reply_free(&reply);

	assert_true(memcached_reply_complete(in_order, length));
	assert_int_equal(memcached_stats_parse(in_order, length, &stats), 0);
	assert_recorded_leaks(&stats, 4);
	memcached_stats_free(&stats);
	free(in_order);
	free(reversed);
	free_datagrams(&datagrams);
}

static void assert_reply_state(const struct memcached_udp_reply *reply, uint16_t total, uint16_t received,
			       size_t wire_bytes)
{
	assert_int_equal(reply->total, total);
	assert_int_equal(reply->received, received);
	assert_int_equal(reply->wire_bytes, wire_bytes);
}

static void frame_headers_are_checked(void **state)
{
	struct memcached_udp_reply reply;
	struct datagrams datagrams;
	uint8_t *first, *second;
	char *text;
	size_t length;

	(void)state;
	read_udp_reply(&datagrams);
	first = datagrams.data[0];
	second = datagrams.data[1];
	memcached_udp_reply_init(&reply, RECORDED_ID + 1);
	assert_int_equal(memcached_udp_reply_feed(&reply, first, 1400), -ESRCH);
	assert_reply_state(&reply, 0, 0, 0);
	memcached_udp_reply_init(&reply, RECORDED_ID);
	for (size_t cut = 0; cut < MEMCACHED_UDP_HEADER_SIZE; cut++)
		assert_int_equal(memcached_udp_reply_feed(&reply, first, cut), -EBADMSG);
	first[7] = 1;	/* reserved */
	assert_int_equal(memcached_udp_reply_feed(&reply, first, 1400), -EBADMSG);
	first[7] = 0;
	first[6] = 0x80;
	assert_int_equal(memcached_udp_reply_feed(&reply, first, 1400), -EBADMSG);
	first[6] = 0;
	first[5] = 0;	/* total 0 */
	assert_int_equal(memcached_udp_reply_feed(&reply, first, 1400), -EBADMSG);
	first[5] = 2;
	first[3] = 2;	/* sequence 2 of 2 */
	assert_int_equal(memcached_udp_reply_feed(&reply, first, 1400), -EBADMSG);
	first[3] = 0;
	assert_reply_state(&reply, 0, 0, 0);

	assert_int_equal(memcached_udp_reply_feed(&reply, first, 1400), 0);
	/* the same datagram again, and a second that counts otherwise */
	assert_int_equal(memcached_udp_reply_feed(&reply, first, 1400), -EBADMSG);
	second[5] = 3;
	assert_int_equal(memcached_udp_reply_feed(&reply, second, 827), -EBADMSG);
	second[5] = 1;
	assert_int_equal(memcached_udp_reply_feed(&reply, second, 827), -EBADMSG);
	second[5] = 2;
	assert_reply_state(&reply, 2, 1, 1400);
	assert_int_equal(memcached_udp_reply_join(&reply, &text, &length), -EBADMSG);
	assert_int_equal(memcached_udp_reply_feed(&reply, second, 827), 1);
	/* complete: anything more is a duplicate or out of range */
	assert_int_equal(memcached_udp_reply_feed(&reply, second, 827), -EBADMSG);
	second[3] = 5;
	assert_int_equal(memcached_udp_reply_feed(&reply, second, 827), -EBADMSG);
	assert_reply_state(&reply, 2, 2, 2227);
	memcached_udp_reply_free(&reply);

	memcached_udp_reply_init(&reply, 0);
	assert_int_equal(memcached_udp_reply_join(&reply, &text, &length), -EBADMSG);
	free_datagrams(&datagrams);
}

static void totals_and_sizes_are_bounded(void **state)
{
	struct memcached_udp_reply reply;
	uint8_t header[MEMCACHED_UDP_HEADER_SIZE] = { 0x12, 0x34, 0, 0, 0, 0, 0, 0 };
	size_t big = 65000;
	uint8_t *datagram = calloc(1, big);
	char *text;
	size_t length;
	int r = 0;

	(void)state;
	assert_non_null(datagram);
	memcached_udp_reply_init(&reply, 0x1234);
	header[4] = 0;
	header[5] = MEMCACHED_UDP_DATAGRAMS_MAX + 1;
	assert_int_equal(memcached_udp_reply_feed(&reply, header, sizeof(header)), -E2BIG);
	header[4] = 0xff;
	header[5] = 0xff;
	assert_int_equal(memcached_udp_reply_feed(&reply, header, sizeof(header)), -E2BIG);
	/* exactly the bound, backwards, empty payloads */
	header[4] = 0;
	header[5] = MEMCACHED_UDP_DATAGRAMS_MAX;
	for (size_t i = MEMCACHED_UDP_DATAGRAMS_MAX; i-- > 0;) {
		assert_int_equal(r, 0);
		header[2] = (uint8_t)(i >> 8);
		header[3] = (uint8_t)i;
		r = memcached_udp_reply_feed(&reply, header, sizeof(header));
	}
	assert_int_equal(r, 1);
	assert_int_equal(memcached_udp_reply_join(&reply, &text, &length), 0);
	assert_int_equal(length, 0);
	free(text);
	memcached_udp_reply_free(&reply);

	/* 65,000-byte datagrams until the text bound */
	memcpy(datagram, header, sizeof(header));
	r = 0;
	for (size_t i = 0; r == 0; i++) {
		datagram[2] = (uint8_t)(i >> 8);
		datagram[3] = (uint8_t)i;
		r = memcached_udp_reply_feed(&reply, datagram, big);
		if (r == -E2BIG) {
			assert_int_equal(i, MEMCACHED_TEXT_MAX / (big - MEMCACHED_UDP_HEADER_SIZE));
			assert_true(reply.text_bytes <= MEMCACHED_TEXT_MAX);
		}
	}
	assert_int_equal(r, -E2BIG);
	memcached_udp_reply_free(&reply);
	free(datagram);
}

static void error_replies_are_answers(void **state)
{
	static const char *const errors[] = {
		"ERROR\r\n", "SERVER_ERROR out of memory\r\n", "CLIENT_ERROR bad command line format\r\n",
		"STAT pid 1\r\nSERVER_ERROR busy\r\n",
	};
	struct memcached_udp_reply reply;
	struct memcached_stats stats = { .pid = 42 };
	size_t length, text_length;
	uint8_t *datagram = fixture_read("memcached", "error-udp-0102-0.bin", &length);
	char *text;

	(void)state;
	memcached_udp_reply_init(&reply, 0x0102);
	assert_int_equal(memcached_udp_reply_feed(&reply, datagram, length), 1);
	assert_int_equal(memcached_udp_reply_join(&reply, &text, &text_length), 0);
	assert_string_equal(text, "ERROR\r\n");
	assert_true(memcached_reply_complete(text, text_length));
	assert_int_equal(memcached_stats_parse(text, text_length, &stats), -EPROTO);
	free(text);
	memcached_udp_reply_free(&reply);
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		assert_true(memcached_reply_complete(errors[i], strlen(errors[i])));
		assert_int_equal(memcached_stats_parse(errors[i], strlen(errors[i]), &stats), -EPROTO);
	}
	assert_int_equal(stats.pid, 42);
	assert_false(memcached_reply_complete("ERRORS\r\n", 8));
	assert_false(memcached_reply_complete("STAT x ERROR\r\n", 14));
	assert_false(memcached_reply_complete("END\r", 4));
	assert_false(memcached_reply_complete("", 0));
	assert_true(memcached_reply_complete("END\r\n", 5));
	free(datagram);
}

/* Every prefix of the real text is cut: not complete, refused, and
 * nothing for the caller to free. */
static void rejects_every_truncation(void **state)
{
	struct memcached_stats stats = { .pid = 42 };
	size_t length;
	char *text = (char *)fixture_read("memcached", "stats-tcp.bin", &length);

	(void)state;
	for (size_t cut = 0; cut < length; cut++) {
		char *copy = malloc(cut ? cut : 1);

		/* exactly cut bytes, no NUL after them: ASan sees any overread */
		memcpy(copy, text, cut);
		assert_false(memcached_reply_complete(copy, cut));
		assert_int_equal(memcached_stats_parse(copy, cut, &stats), -EBADMSG);
		free(copy);
	}
	assert_int_equal(stats.pid, 42);
	assert_null(stats.items);
	/* anything after END */
	text[length] = '\n';
	assert_int_equal(memcached_stats_parse(text, length + 1, &stats), -EBADMSG);
	free(text);
}

/* A flipped bit changes a value or a letter of a name, or breaks the
 * text; it never adds or drops a stat. */
static void single_bit_flips(void **state)
{
	size_t length, parsed = 0;
	char *text = (char *)fixture_read("memcached", "stats-tcp.bin", &length);

	(void)state;
	for (size_t byte = 0; byte < length; byte++)
		for (int bit = 0; bit < 8; bit++) {
			struct memcached_stats stats = { .pid = 42 };
			int r;

			text[byte] = (char)(text[byte] ^ (1 << bit));
			r = memcached_stats_parse(text, length, &stats);
			text[byte] = (char)(text[byte] ^ (1 << bit));
			if (r == 0) {
				assert_int_equal(stats.count, RECORDED_STATS);
				memcached_stats_free(&stats);
				parsed++;
			} else {
				if (r != -EBADMSG && r != -E2BIG)
					fail_msg("flip of bit %d of byte %zu: %d", bit, byte, r);
				assert_int_equal(stats.pid, 42);
			}
		}
	print_message("%zu of %zu flips still parse\n", parsed, length * 8);
	assert_true(parsed > 0 && parsed < length * 8 / 2);
	free(text);
}

static int parse_text(const char *text, struct memcached_stats *stats)
{
	return memcached_stats_parse(text, strlen(text), stats);
}

static void lines_are_checked(void **state)
{
	static const struct {
		const char *text;
		int result;
	} cases[] = {
		{ "END\r\n", 0 },
		{ "STAT pid 1\r\nEND\r\n", 0 },
		{ "STAT 1:chunk_size 96\r\nEND\r\n", 0 },
		{ "STAT pid 1\nEND\r\n", -EBADMSG },		/* bare LF */
		{ "STAT pid 1\rEND\r\n", -EBADMSG },		/* bare CR */
		{ "STAT pid 1\r\nEND\r\nEND\r\n", -EBADMSG },
		{ "STAT pid 1\r\nEND", -EBADMSG },
		{ "STAT Pid 1\r\nEND\r\n", -EBADMSG },
		{ "STAT pid\r\nEND\r\n", -EBADMSG },
		{ "STAT pid \r\nEND\r\n", -EBADMSG },
		{ "STAT  1\r\nEND\r\n", -EBADMSG },
		{ "STATS pid 1\r\nEND\r\n", -EBADMSG },
		{ "stat pid 1\r\nEND\r\n", -EBADMSG },
		{ "STAT pid 1\t\r\nEND\r\n", -EBADMSG },
		{ "STAT version 1.6\x7f\r\nEND\r\n", -EBADMSG },
		{ "STAT version \xc3\xa4\r\nEND\r\n", -EBADMSG },
		{ "VALUE x 0 1\r\nx\r\nEND\r\n", -EBADMSG },
		{ "STAT pid 12a\r\nEND\r\n", -EBADMSG },
		{ "STAT pid -1\r\nEND\r\n", -EBADMSG },
		{ "STAT uptime 9223372036854775808\r\nEND\r\n", -EBADMSG },
		{ "STAT uptime 99999999999999999999\r\nEND\r\n", -EBADMSG },
		{ "STAT curr_connections 0x10\r\nEND\r\n", -EBADMSG },
		{ "STAT version spaces are fine\r\nEND\r\n", 0 },
	};
	struct memcached_stats stats;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = parse_text(cases[i].text, &stats);

		if (r != cases[i].result)
			fail_msg("case %zu: %d, not %d", i, r, cases[i].result);
		if (r == 0)
			memcached_stats_free(&stats);
	}
	assert_int_equal(memcached_stats_parse("STAT pid 1\r\n\0ND\r\n", 17, &stats), -EBADMSG);
	assert_int_equal(parse_text("STAT uptime 9223372036854775807\r\nEND\r\n", &stats), 0);
	assert_int_equal(stats.uptime, INT64_MAX);
	assert_int_equal(stats.pid, -1);
	assert_int_equal(stats.curr_connections, -1);
	assert_string_equal(stats.version, "");
	memcached_stats_free(&stats);
}

static void names_values_and_counts_are_bounded(void **state)
{
	char name[MEMCACHED_STAT_NAME_MAX + 1], value[MEMCACHED_STAT_VALUE_MAX + 1], *text;
	size_t size = (MEMCACHED_STATS_MAX + 2) * 16, length = 0;
	struct memcached_stats stats;

	(void)state;
	memset(name, 'n', sizeof(name));
	memset(value, 'v', sizeof(value));
	text = malloc(size);
	assert_non_null(text);
	length = (size_t)snprintf(text, size, "STAT %.*s 1\r\nEND\r\n", MEMCACHED_STAT_NAME_MAX - 1, name);
	assert_int_equal(memcached_stats_parse(text, length, &stats), 0);
	assert_int_equal(strlen(stats.items[0].name), MEMCACHED_STAT_NAME_MAX - 1);
	memcached_stats_free(&stats);
	length = (size_t)snprintf(text, size, "STAT %.*s 1\r\nEND\r\n", MEMCACHED_STAT_NAME_MAX, name);
	assert_int_equal(memcached_stats_parse(text, length, &stats), -E2BIG);
	length = (size_t)snprintf(text, size, "STAT version %.*s\r\nEND\r\n", MEMCACHED_STAT_VALUE_MAX - 1, value);
	assert_int_equal(memcached_stats_parse(text, length, &stats), 0);
	assert_int_equal(strlen(stats.version), MEMCACHED_STAT_VALUE_MAX - 1);
	memcached_stats_free(&stats);
	length = (size_t)snprintf(text, size, "STAT version %.*s\r\nEND\r\n", MEMCACHED_STAT_VALUE_MAX, value);
	assert_int_equal(memcached_stats_parse(text, length, &stats), -E2BIG);

	length = 0;
	for (size_t i = 0; i < MEMCACHED_STATS_MAX; i++)
		length += (size_t)snprintf(text + length, size - length, "STAT s%zu 1\r\n", i % 1000);
	memcpy(text + length, "END\r\n", 5);
	assert_int_equal(memcached_stats_parse(text, length + 5, &stats), 0);
	assert_int_equal(stats.count, MEMCACHED_STATS_MAX);
	memcached_stats_free(&stats);
	length += (size_t)snprintf(text + length, size - length, "STAT one_more 1\r\n");
	memcpy(text + length, "END\r\n", 5);
	assert_int_equal(memcached_stats_parse(text, length + 5, &stats), -E2BIG);
	free(text);
}

/* The recorded replies and the fuzz corpus, through the harness. */
static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/memcached", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/memcached/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_is_the_measured_bytes),
		cmocka_unit_test(decodes_real_tcp_reply),
		cmocka_unit_test(reassembles_real_udp_reply),
		cmocka_unit_test(frame_headers_are_checked),
		cmocka_unit_test(totals_and_sizes_are_bounded),
		cmocka_unit_test(error_replies_are_answers),
		cmocka_unit_test(rejects_every_truncation),
		cmocka_unit_test(single_bit_flips),
		cmocka_unit_test(lines_are_checked),
		cmocka_unit_test(names_values_and_counts_are_bounded),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
