/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the abuse mail: MIME (mail.c: headers,
 * multipart, base64, quoted-printable, charsets, RFC 2047), the CSV
 * finder and row reader, and the rpc_response splitter. Asserts what
 * the report relies on: bounded, terminated, printable fields.
 * tests/unit/test_abuse links it too and replays tests/fixtures/abuse
 * through it. */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "mail/abuse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Printable UTF-8 (line breaks where allowed): what JSON and the
 * report take without a word. */
static void check_text(const char *text, size_t max)
{
	const unsigned char *s = (const unsigned char *)text;

	assert(text);
	assert(strlen(text) < max);
	while (*s) {
		size_t extra = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2 : 3;

		assert(*s < 0xf8 && (*s < 0x80 || *s >= 0xc2));
		assert(extra > 0 || *s == '\n' || (*s >= 0x20 && *s != 0x7f));
		for (size_t i = 1; i <= extra; i++)
			assert((s[i] & 0xc0) == 0x80);
		s += extra + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };
	int r = abuse_report_parse((const char *)data, size, "fuzz", &report, &error);

	if (r < 0) {
		assert(report.count == 0 && !report.rows);
		char line[ABUSE_MESSAGE_MAX];

		assert(error.message[0] && memchr(error.message, '\0', sizeof(error.message)));
		assert(error_record_format(&error, line, sizeof(line))[0]);
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
		if (row->rpc_response)
			check_text(row->rpc_response, ABUSE_FIELD_MAX + 1);
		if (row->exports)
			check_text(row->exports, ABUSE_FIELD_MAX + 1);
		check_text(row->raw, ABUSE_FILE_MAX * 3);
		check_text(row->protocol, ABUSE_PROTOCOL_MAX);
		assert(row->source < report.source_count);
		count = abuse_rpc_response_parse(row->rpc_response, items, ABUSE_RPC_ITEMS_MAX, &skipped);
		assert(count <= ABUSE_RPC_ITEMS_MAX);
		for (size_t j = 0; j < count; j++)
			assert(items[j].protocol[0] && strlen(items[j].protocol) < ABUSE_PROTOCOL_MAX);
	}
	assert(report.source_count > 0 && report.source_count <= ABUSE_SOURCES_MAX);
	for (size_t i = 0; i < report.source_count; i++) {
		const struct abuse_source *source = &report.sources[i];

		check_text(source->header, ABUSE_FILE_MAX * 3);
		assert(!strchr(source->header, '\n'));
		check_text(source->reference, ABUSE_REFERENCE_MAX);
		check_text(source->date, MAIL_DATE_MAX);
		check_text(source->subject, MAIL_SUBJECT_MAX);
		check_text(source->attachment, MAIL_NAME_MAX);
		assert(!strchr(source->subject, '\n') && !strchr(source->attachment, '/'));
	}
	abuse_report_free(&report);
	return 0;
}
