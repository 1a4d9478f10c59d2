/* libFuzzer harness for the abuse mail: the CSV finder and row reader,
 * quoted-printable decoding and the rpc_response splitter. Asserts what
 * the report relies on: bounded, terminated, printable fields.
 * tests/unit/test_abuse links it too and replays tests/fixtures/abuse
 * through it. */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "abuse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *text, size_t max)
{
	assert(text);
	assert(strlen(text) < max);
	for (; *text; text++)
		assert((unsigned char)*text >= 0x20 && *text != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct abuse_report report = { 0 };
	struct abuse_error error = { { 0 } };
	int r = abuse_report_parse((const char *)data, size, "fuzz", &report, &error);

	if (r < 0) {
		assert(report.count == 0 && !report.rows);
		assert(error.message[0] && memchr(error.message, '\0', sizeof(error.message)));
		return 0;
	}
	assert(report.count > 0 && report.count <= ABUSE_ROWS_MAX);
	for (size_t i = 0; i < report.count; i++) {
		const struct abuse_row *row = &report.rows[i];
		struct abuse_rpc_item items[ABUSE_RPC_ITEMS_MAX];
		size_t skipped, count;

		assert(row->ip.family == AF_INET || row->ip.family == AF_INET6);
		assert(strspn(row->asn, "0123456789") == strlen(row->asn));
		check_text(row->timestamp, ABUSE_TIMESTAMP_MAX);
		check_text(row->rpc_response, ABUSE_FIELD_MAX + 1);
		count = abuse_rpc_response_parse(row->rpc_response, items, ABUSE_RPC_ITEMS_MAX, &skipped);
		assert(count <= ABUSE_RPC_ITEMS_MAX);
		for (size_t j = 0; j < count; j++)
			assert(items[j].protocol[0] && strlen(items[j].protocol) < ABUSE_PROTOCOL_MAX);
	}
	abuse_report_free(&report);
	return 0;
}
