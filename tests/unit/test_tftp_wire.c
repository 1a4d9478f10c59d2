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

#include "services/tftp/tftp.h"
#include "services/tftp/tftp_probe.h"
#include "services/tftp/tftp_wire.h"

/* tests/fixtures/tftp/: tftpd-hpa 5.2 (Debian 12, in.tftpd -L -s DIR)
 * asked from another namespace: the scanners' request for a file that
 * is not there, a read request for a file of 1000 bytes, and one with
 * the options blksize 1024 and tsize 0. */
static struct tftp_reply reply;

static uint8_t *recorded(const char *name, size_t expected, size_t *ret_length)
{
	uint8_t *data = fixture_read("tftp", name, ret_length);

	assert_int_equal(*ret_length, expected);
	return data;
}

static void request_is_the_scanners_bytes(void **state)
{
	static const uint8_t expected[] = "\x00\x01portguard-probe-missing\x00octet";	/* and its NUL */
	uint8_t request[TFTP_REQUEST_MAX];
	char long_name[TFTP_FILENAME_MAX + 2];

	(void)state;
	assert_int_equal(tftp_request_encode(TFTP_MISSING_FILE, request, sizeof(request)), sizeof(expected));
	assert_memory_equal(request, expected, sizeof(expected));
	assert_int_equal(tftp_probe.request_bytes, sizeof(expected));
	assert_int_equal(tftp_request_encode(TFTP_BOOT_FILE, request, sizeof(request)), 19);
	assert_int_equal(tftp_request_encode(TFTP_BOOT_FILE, request, 18), -ENOBUFS);
	assert_int_equal(tftp_request_encode("", request, sizeof(request)), -EINVAL);
	assert_int_equal(tftp_request_encode(NULL, request, sizeof(request)), -EINVAL);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(tftp_request_encode(long_name, request, sizeof(request)), -EINVAL);
	long_name[TFTP_FILENAME_MAX] = '\0';
	assert_int_equal(tftp_request_encode(long_name, request, sizeof(request)), TFTP_REQUEST_MAX);
	assert_int_equal(tftp_abort_encode(request, sizeof(request)), 15);
	assert_memory_equal(request, "\x00\x05\x00\x00probe done", 15);
}

static void decodes_real_replies(void **state)
{
	size_t length;
	uint8_t *data;

	(void)state;
	data = recorded("error-file-not-found.bin", 19, &length);
	assert_int_equal(tftp_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.opcode, TFTP_OPCODE_ERROR);
	assert_int_equal(reply.error_code, TFTP_ERROR_FILE_NOT_FOUND);
	assert_string_equal(reply.message, "File not found");
	assert_int_equal(reply.message_bytes, 14);
	free(data);
	data = recorded("data-block1.bin", 516, &length);
	assert_int_equal(tftp_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.opcode, TFTP_OPCODE_DATA);
	assert_int_equal(reply.block, 1);
	assert_int_equal(reply.data_bytes, TFTP_BLOCK_SIZE);
	free(data);
	data = recorded("oack-blksize.bin", 26, &length);
	assert_int_equal(tftp_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.opcode, TFTP_OPCODE_OACK);
	assert_int_equal(reply.option_count, 2);
	assert_string_equal(reply.options[0].name, "blksize");
	assert_string_equal(reply.options[0].value, "1024");
	assert_string_equal(reply.options[1].name, "tsize");
	assert_string_equal(reply.options[1].value, "1000");
	free(data);
}

static void rejects_every_truncation(void **state)
{
	size_t length;
	uint8_t *data = recorded("error-file-not-found.bin", 19, &length);

	(void)state;
	/* the last NUL ends an ERROR: every shorter cut is refused */
	for (size_t cut = 0; cut < length; cut++)
		assert_int_equal(tftp_reply_decode(data, cut, &reply), -EBADMSG);
	free(data);
	/* an OACK cut after a pair's value is an OACK of fewer options
	 * (blksize's pair ends at 15); any other cut is refused */
	data = recorded("oack-blksize.bin", 26, &length);
	for (size_t cut = 0; cut < length; cut++) {
		int r = tftp_reply_decode(data, cut, &reply);

		assert_int_equal(r, cut == 15 ? 0 : -EBADMSG);
	}
	assert_int_equal(reply.option_count, 1);
	free(data);
	assert_int_equal(tftp_reply_decode(NULL, 0, &reply), -EBADMSG);
}

static void header_and_bounds_are_checked(void **state)
{
	size_t length;
	uint8_t *data = recorded("data-block1.bin", 516, &length);
	uint8_t longer[TFTP_HEADER_SIZE + TFTP_BLOCK_SIZE + 1];
	static const uint8_t error_trailing[] = "\x00\x05\x00\x01no\x00x";
	static const uint8_t error_escape[] = "\x00\x05\x00\x02\x1b[1m";	/* and its NUL */

	(void)state;
	memcpy(longer, data, length);
	longer[length] = 'P';
	assert_int_equal(tftp_reply_decode(longer, sizeof(longer), &reply), -EBADMSG);	/* 513 bytes of data */
	longer[3] = 2;
	assert_int_equal(tftp_reply_decode(longer, length, &reply), -EBADMSG);	/* block 2 */
	longer[1] = TFTP_OPCODE_ACK;
	assert_int_equal(tftp_reply_decode(longer, 4, &reply), -EBADMSG);
	longer[1] = TFTP_OPCODE_RRQ;
	assert_int_equal(tftp_reply_decode(longer, length, &reply), -EBADMSG);
	longer[1] = 7;
	assert_int_equal(tftp_reply_decode(longer, length, &reply), -EBADMSG);
	assert_int_equal(tftp_reply_decode(error_trailing, sizeof(error_trailing) - 1, &reply), -EBADMSG);
	assert_int_equal(tftp_reply_decode(error_escape, sizeof(error_escape), &reply), 0);
	assert_string_equal(reply.message, "?[1m");
	/* an empty DATA block is a file of 0 bytes */
	assert_int_equal(tftp_reply_decode(data, TFTP_HEADER_SIZE, &reply), 0);
	assert_int_equal(reply.data_bytes, 0);
	free(data);
}

/* What check shows and the record keeps comes back from the record's
 * JSON as it was. */
static void answer_round_trips_through_json(void **state)
{
	const struct service_probe *probe = tftp_service.probe;
	struct tftp_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .reachable = true, .probe = probe }, back = { 0 };
	const struct tftp_detail *read;
	size_t length;
	uint8_t *data;
	json_t *json;

	(void)state;
	assert_non_null(detail);
	data = recorded("error-file-not-found.bin", 19, &length);
	assert_int_equal(tftp_reply_decode(data, length, &detail->missing.reply), 0);
	free(data);
	detail->missing.request_bytes = probe->request_bytes;
	detail->missing.reply_bytes = 19;
	data = recorded("data-block1.bin", 516, &length);
	assert_int_equal(tftp_reply_decode(data, length, &detail->boot.reply), 0);
	free(data);
	detail->boot.request_bytes = 19;
	detail->boot.reply_bytes = 516;
	answer.detail = detail;
	assert_ptr_equal(tftp_largest(detail), &detail->boot);
	answer.request_bytes = 19;
	answer.reply_bytes = 516;
	answer.amplification = 27.16;
	snprintf(answer.peer, sizeof(answer.peer), "192.0.2.69");
	json = probe->answer_json(&answer, json_true());
	assert_non_null(json);
	assert_string_equal(json_string_value(json_object_get(json, "opcode")), "ERROR");
	assert_int_equal(json_integer_value(json_object_get(json, "errorcode")), 1);
	assert_string_equal(json_string_value(json_object_get(json, "errormessage")), "File not found");
	assert_true(json_is_true(json_object_get(json, "serves_files")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json, "boot"), "data_bytes")), 512);
	assert_int_equal(probe->answer_from_json(json, &back), 0);
	read = tftp_detail_of(&back);
	assert_true(back.reachable && probe->answer_open(&back));
	assert_int_equal(back.reply_bytes, 516);
	assert_int_equal(back.request_bytes, 19);
	assert_string_equal(back.peer, "192.0.2.69");
	assert_int_equal(read->missing.status, 0);
	assert_int_equal(read->missing.reply_bytes, 19);
	assert_int_equal(read->missing.request_bytes, probe->request_bytes);
	assert_int_equal(read->missing.reply.error_code, 1);
	assert_string_equal(read->missing.reply.message, "File not found");
	assert_true(tftp_serves_boot_file(read));
	assert_int_equal(read->boot.reply.data_bytes, 512);
	json_decref(json);
	service_answer_free(&back);
	service_answer_free(&answer);
}

static void single_bit_flips(void **state)
{
	size_t length;
	uint8_t *data = recorded("oack-blksize.bin", 26, &length);

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
	snprintf(fixtures, sizeof(fixtures), "%s/tftp", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/tftp/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 14);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_is_the_scanners_bytes),
		cmocka_unit_test(decodes_real_replies),
		cmocka_unit_test(rejects_every_truncation),
		cmocka_unit_test(header_and_bounds_are_checked),
		cmocka_unit_test(answer_round_trips_through_json),
		cmocka_unit_test(single_bit_flips),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
