/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rpc/xdr.h"

static void reads_big_endian_words(void **state)
{
	static const uint8_t bytes[] = { 0x00, 0x01, 0x86, 0xa0, 0xff, 0xff, 0xff, 0xff, 0x00 };
	struct xdr_reader reader;
	uint32_t value;

	(void)state;
	xdr_reader_init(&reader, bytes, sizeof(bytes));
	assert_int_equal(xdr_read_u32(&reader, &value), 0);
	assert_int_equal(value, 100000);
	assert_int_equal(xdr_read_u32(&reader, &value), 0);
	assert_int_equal(value, UINT32_MAX);
	assert_int_equal(xdr_remaining(&reader), 1);
	/* one byte is no word, and the reader stays put */
	assert_int_equal(xdr_read_u32(&reader, &value), -EBADMSG);
	assert_int_equal(xdr_remaining(&reader), 1);
}

static void booleans_are_zero_or_one(void **state)
{
	static const uint8_t bytes[] = { 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2 };
	struct xdr_reader reader;
	bool value;

	(void)state;
	xdr_reader_init(&reader, bytes, sizeof(bytes));
	assert_int_equal(xdr_read_bool(&reader, &value), 0);
	assert_true(value);
	assert_int_equal(xdr_read_bool(&reader, &value), 0);
	assert_false(value);
	assert_int_equal(xdr_read_bool(&reader, &value), -EBADMSG);
	assert_int_equal(xdr_remaining(&reader), 4);
}

static void opaque_skips_padding(void **state)
{
	static const uint8_t bytes[] = { 0, 0, 0, 3, 't', 'c', 'p', 0, 0, 0, 0, 0, 0, 0, 0, 9 };
	struct xdr_reader reader;
	struct xdr_bytes text;
	uint32_t value;

	(void)state;
	xdr_reader_init(&reader, bytes, sizeof(bytes));
	assert_int_equal(xdr_read_opaque(&reader, 16, &text), 0);
	assert_int_equal(text.length, 3);
	assert_memory_equal(text.data, "tcp", 3);
	/* an empty string takes one word, no padding */
	assert_int_equal(xdr_read_opaque(&reader, 16, &text), 0);
	assert_int_equal(text.length, 0);
	assert_int_equal(xdr_read_u32(&reader, &value), 0);
	assert_int_equal(value, 9);
}

static void opaque_rejects_lying_lengths(void **state)
{
	/* lengths that overrun the buffer, wrap when padded, exceed the
	 * maximum, or leave no room for the padding */
	static const uint8_t lies[][12] = {
		{ 0xff, 0xff, 0xff, 0xff, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' },
		{ 0xff, 0xff, 0xff, 0xfd, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' },
		{ 0x80, 0x00, 0x00, 0x00, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' },
		{ 0x00, 0x00, 0x00, 0x09, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' },
	};
	static const uint8_t unpadded[] = { 0, 0, 0, 7, 'a', 'b', 'c', 'd', 'e', 'f', 'g' };
	static const uint8_t too_long[] = { 0, 0, 0, 8, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h' };
	struct xdr_reader reader;
	struct xdr_bytes text;

	(void)state;
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		xdr_reader_init(&reader, lies[i], sizeof(lies[i]));
		assert_int_equal(xdr_read_opaque(&reader, SIZE_MAX, &text), -EBADMSG);
		assert_int_equal(xdr_remaining(&reader), sizeof(lies[i]));
	}
	xdr_reader_init(&reader, unpadded, sizeof(unpadded));
	assert_int_equal(xdr_read_opaque(&reader, 64, &text), -EBADMSG);
	xdr_reader_init(&reader, too_long, sizeof(too_long));
	assert_int_equal(xdr_read_opaque(&reader, 7, &text), -EBADMSG);
	assert_int_equal(xdr_read_opaque(&reader, 8, &text), 0);
	assert_int_equal(xdr_remaining(&reader), 0);
}

static void writer_stops_at_the_end(void **state)
{
	uint8_t buffer[6] = { 0 };
	struct xdr_writer writer;

	(void)state;
	xdr_writer_init(&writer, buffer, sizeof(buffer));
	assert_int_equal(xdr_write_u32(&writer, 0x01020304), 0);
	assert_int_equal(xdr_write_u32(&writer, 0x05060708), -ENOBUFS);
	assert_int_equal(writer.length, 4);
	assert_memory_equal(buffer, ((const uint8_t[]){ 1, 2, 3, 4, 0, 0 }), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_big_endian_words),
		cmocka_unit_test(booleans_are_zero_or_one),
		cmocka_unit_test(opaque_skips_padding),
		cmocka_unit_test(opaque_rejects_lying_lengths),
		cmocka_unit_test(writer_stops_at_the_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
