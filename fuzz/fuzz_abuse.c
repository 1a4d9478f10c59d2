/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the abuse mail: MIME (mail.c: headers,
 * multipart, base64, quoted-printable, charsets, RFC 2047), the CSV
 * finder and row reader, the service each report is told to, and the
 * service's own columns as the record keeps them (the portmapper's
 * rpc_response splitter). Asserts what the report relies on: bounded,
 * terminated, printable fields, a service for every row.
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

		assert(row->ip.family == AF_INET || row->ip.family == AF_INET6);
		assert(strspn(row->asn, "0123456789") == strlen(row->asn));
		check_text(row->timestamp, ABUSE_TIMESTAMP_MAX);
		assert(row->service && row->service->mail && row->service == report.sources[row->source].service);
		assert(row->column_count <= ABUSE_COLUMNS_MAX);
		for (size_t j = 0; j < row->column_count; j++) {
			check_text(row->columns[j].name, ABUSE_COLUMN_NAME_MAX);
			check_text(row->columns[j].value, ABUSE_FIELD_MAX + 1);
		}
		check_text(row->response_size, ABUSE_NUMBER_MAX);
		check_text(row->amplification, ABUSE_NUMBER_MAX);
		check_text(row->raw, ABUSE_FILE_MAX * 3);
		check_text(row->protocol, ABUSE_PROTOCOL_MAX);
		assert(row->source < report.source_count);
		(void)abuse_row_names_more(row);	/* the service's keys, built as the record builds them */
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
		check_text(source->report_type, ABUSE_COLUMN_NAME_MAX);
		assert(!strchr(source->subject, '\n') && !strchr(source->attachment, '/'));
	}
	abuse_report_free(&report);
	return 0;
}
