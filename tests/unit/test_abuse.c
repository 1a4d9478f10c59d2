/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/addresses.h"
#include "mail/abuse.h"
#include "mail/mail.h"
#include "model/cidr.h"
#include "services/portmapper/portmapper.h"
#include "services/portmapper/portmapper_mail.h"
#include "abuse_fixture.h"

#define HEADER "\"asn\",\"ip\",\"timestamp\",\"rpc_response\"\n"

/* fuzz/fuzz_abuse.c, linked in to replay the fixtures */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void expect_row(const struct abuse_row *row, const char *asn, const char *ip, const char *timestamp,
		       const char *rpc_response)
{
	char text[CIDR_TEXT_MAX];

	assert_string_equal(row->asn, asn);
	assert_string_equal(ip_address_format(&row->ip, text), ip);
	assert_string_equal(row->timestamp, timestamp);
	assert_ptr_equal(row->service, &portmapper_service);
	assert_string_equal(abuse_row_column(row, "rpc_response") ? abuse_row_column(row, "rpc_response")
			    : abuse_row_column(row, "programs"), rpc_response);
}

static void sample_mail(const char *name)
{
	struct abuse_report report = { 0 };

	read_fixture(name, &report);
	assert_int_equal(report.count, 2);
	expect_row(&report.rows[0], "64496", "192.0.2.10", "2026-11-24 03:12:45",
		   "100000 4 111/udp; 100000 3 111/udp; 100000 2 111/udp; 100000 4 111/udp; 100000 3 111/udp; 100000 2 111/udp;");
	expect_row(&report.rows[1], "64496", "2001:db8:10::5", "2026-11-24 03:14:02",
		   "100000 4 111/udp; 100000 3 111/udp; 100000 2 111/udp; 100024 1 47632/udp; 100024 1 40151/udp; 100005 3 20048/udp; 100005 3 20048/udp; 100003 3 2049/udp; 100021 4 40327/udp;");
	assert_int_equal(report.rows[0].ip.family, AF_INET);
	assert_int_equal(report.rows[1].ip.family, AF_INET6);
	assert_int_equal(report.rows[0].line, 32);
	abuse_report_free(&report);
}

static void reads_the_sample_mail(void **state)
{
	(void)state;
	sample_mail("certbund-portmapper.txt");
}

static void reads_the_sample_mail_with_crlf(void **state)
{
	(void)state;
	sample_mail("crlf.txt");
}

static void reads_bare_csv_with_ipv6(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("ipv6-row.csv", &report);
	assert_int_equal(report.count, 1);
	expect_row(&report.rows[0], "64496", "2001:db8:10::5", "2026-11-24 03:14:02",
		   "100000 4 111/udp; 100000 3 111/udp; 100024 1 47632/udp;");
	abuse_report_free(&report);
}

static void reads_quoted_commas_semicolons_and_doubled_quotes(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("quoted-commas.csv", &report);
	assert_int_equal(report.count, 2);
	expect_row(&report.rows[0], "64496", "192.0.2.10", "2026-11-24 03:12:45",
		   "100000 4 111/udp, said \"scanner\"; 100000 3 111/udp; junk, more junk;");
	expect_row(&report.rows[1], "64496", "198.51.100.23", "2026-11-24, 03:15:40", "100000 2 111/udp;");
	abuse_report_free(&report);
}

static void reads_unquoted_fields_with_bom_and_as_prefix(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("unquoted-bom.csv", &report);
	assert_int_equal(report.count, 2);
	expect_row(&report.rows[0], "64496", "192.0.2.10", "2026-11-24 03:12:45", "100000 4 111/udp; 100000 2 111/udp");
	expect_row(&report.rows[1], "64496", "2001:db8:10::5", "2026-11-24 03:14:02", "100000 4 111/udp");
	abuse_report_free(&report);
}

static void maps_columns_by_name(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("extra-columns.csv", &report);
	assert_int_equal(report.count, 1);
	expect_row(&report.rows[0], "64496", "192.0.2.10", "2026-11-24 03:12:45", "100000 4 111/udp;");
	abuse_report_free(&report);
}

static void decodes_quoted_printable(void **state)
{
	static const char *const names[] = { "quoted-printable.eml", "quoted-printable-crlf.eml" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct abuse_report report = { 0 };

		read_fixture(names[i], &report);
		assert_int_equal(report.count, 1);
		expect_row(&report.rows[0], "64496", "192.0.2.10", "2026-11-24 03:12:45",
			   "100000 4 111/udp; 100000 3 111/udp; 100000 2 111/udp; 100024 1 47632/udp;");
		abuse_report_free(&report);
	}
}

static void reads_a_quoted_reply_with_a_wrapped_row(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("reply-quoted.txt", &report);
	assert_int_equal(report.count, 2);
	expect_row(&report.rows[0], "64496", "192.0.2.10", "2026-11-24 03:12:45",
		   "100000 4 111/udp; 100000 3 111/udp; 100000 2 111/udp;");
	expect_row(&report.rows[1], "64496", "2001:db8:10::5", "2026-11-24 03:14:02", "100000 4 111/udp;");
	assert_int_equal(report.rows[1].line, 14);
	abuse_report_free(&report);
}

static void drops_repeated_rows_and_maps_ipv4_in_ipv6(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("forwarded-twice.txt", &report);
	assert_int_equal(report.count, 3);
	assert_int_equal(report.rows[2].ip.family, AF_INET);
	expect_row(&report.rows[2], "64496", "192.0.2.12", "2026-11-24 03:12:55", "100000 4 111/udp;");
	abuse_report_free(&report);
}

static void prose_after_the_rows_ends_them(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("signature-after-rows.txt", &report);
	assert_int_equal(report.count, 1);
	abuse_report_free(&report);
}

#define NO_ROWS " has no CSV rows under a header with an \"ip\" column (CERT-Bund's \"asn\",\"ip\",\"timestamp\",... or Shadowserver's scan_* CSVs); pass the provider's mail or its CSV part"
#define UNCHANGED "; pass the provider's mail or its CSV part unchanged"

static void refuses_files_without_rows(void **state)
{
	(void)state;
	expect_fixture_error("no-rows.txt", -ENODATA, NO_ROWS);
	expect_fixture_error("zip-only.eml", -ENODATA,
			     " has no CSV rows under a header with an \"ip\" column (CERT-Bund's \"asn\",\"ip\",\"timestamp\",... "
			     "or Shadowserver's scan_* CSVs) in its text, and portguard does not read its attachment "
			     "2026-11-24-scan_portmapper.csv.zip (application/zip); save the report as text or CSV and pass that");
	expect_fixture_error("binary.bin", -ENODATA,
			     " is binary, not a mail or CSV text; pass the provider's mail or its CSV part");
	expect_fixture_error("header-only.csv", -ENODATA,
			     " has a CSV header at line 1 but no rows under it; pass the provider's mail or its CSV part");
}

static void refuses_malformed_rows(void **state)
{
	(void)state;
	expect_fixture_error("overlong-line.csv", -EMSGSIZE,
			     " line 2: the field in rpc_response is longer than 16384 bytes" UNCHANGED);
	expect_fixture_error("unterminated-quote.csv", -EBADMSG,
			     " line 3: the quote in rpc_response is never closed" UNCHANGED);
	expect_fixture_error("quote-runs-into-next-row.csv", -EBADMSG,
			     " line 2: text follows the closing quote in rpc_response" UNCHANGED);
	expect_fixture_error("bad-ip.csv", -EBADMSG,
			     " line 2: '192.0.2.300' in column ip is not an IP address" UNCHANGED);
	expect_fixture_error("control-characters.csv", -EBADMSG,
			     " line 2: the field in timestamp holds control characters or is not UTF-8" UNCHANGED);
}

static void expect_text_error(const char *text, int expected, const char *message)
{
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };

	assert_int_equal(abuse_report_parse(text, strlen(text), "mail", &report, &error), expected);
	assert_string_equal(line_of(&error), message);
	assert_int_equal(report.count, 0);
}

static void refuses_wrong_field_counts_and_values(void **state)
{
	(void)state;
	expect_text_error(HEADER "\"64496\",\"192.0.2.10\",\"2026-11-24\"\n", -EBADMSG,
			  "mail line 2: the row has 3 fields, the header at line 1 has 4" UNCHANGED);
	expect_text_error(HEADER "\"64496\",\"192.0.2.10\",\"x\",\"y\",\"z\"\n", -EBADMSG,
			  "mail line 2: the row has 5 fields, the header at line 1 has 4" UNCHANGED);
	/* A decoded part without a name counts its own lines, by its number. */
	expect_text_error("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
			  "hello\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
			  "aXAsdGltZXN0YW1wCjE5Mi4wLjIuMQo=\r\n--b--\r\n", -EBADMSG,
			  "mail, part 2, line 2: the row has 1 fields, the header at line 1 has 2" UNCHANGED);
	expect_text_error(HEADER "\"AS-X\",\"192.0.2.10\",\"x\",\"y\"\n", -EBADMSG,
			  "mail line 2: 'AS-X' in column asn is not an AS number" UNCHANGED);
	expect_text_error(HEADER "\"4294967296\",\"192.0.2.10\",\"x\",\"y\"\n", -EBADMSG,
			  "mail line 2: '4294967296' in column asn is not an AS number" UNCHANGED);
	expect_text_error(HEADER "\"1\",\"192.0.2.10\",\"x\x1b[2J\",\"y\"\n", -EBADMSG,
			  "mail line 2: the field in timestamp holds control characters or is not UTF-8" UNCHANGED);
	expect_text_error("Content-Type: text/plain; charset=utf-8\n\n" HEADER "\"1\",\"192.0.2.10\",\"x\xc3\",\"y\"\n",
			  -EBADMSG, "mail line 4: the field in timestamp holds control characters or is not UTF-8" UNCHANGED);
	expect_text_error("", -ENODATA, "mail is empty; pass the provider's mail or its CSV part");
}

#define SHADOWSERVER_HEADER "\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\"," \
	"\"region\",\"city\",\"naics\",\"sic\",\"programs\",\"mountd_port\",\"exports\",\"sector\",\"response_size\",\"amplification\""
#define SHADOWSERVER_ROW_START "\"2026-11-24 03:12:45\",\"192.0.2.10\",\"udp\",111,\"host10.example.net\",\"portmapper\",64496,\"DE\","
#define SHADOWSERVER_PROGRAMS "100000 4 111/udp portmapper;100000 3 111/udp portmapper;100000 2 111/udp portmapper;" \
	"100024 1 47632/udp status;100005 3 20048/udp mountd;100003 3 2049/udp nfs;100021 4 40327/udp nlockmgr;"

/* The two rows of the Shadowserver fixture, whatever the mail around them. */
static void expect_shadowserver_rows(const struct abuse_report *report, size_t first, const char *city)
{
	const struct abuse_row *row = &report->rows[first];
	const struct abuse_source *source = &report->sources[row->source];
	char text[CIDR_TEXT_MAX];

	expect_row(row, "64496", "192.0.2.10", "2026-11-24 03:12:45", SHADOWSERVER_PROGRAMS);
	assert_string_equal(row->protocol, "udp");
	assert_int_equal(row->port, 111);
	assert_string_equal(abuse_row_column(row, "mountd_port"), "20048");
	assert_string_equal(abuse_row_column(row, "exports"), "/srv/share 10.20.0.0/24");
	assert_true(abuse_row_names_more(row));
	assert_int_equal(strncmp(row->raw, SHADOWSERVER_ROW_START, strlen(SHADOWSERVER_ROW_START)), 0);
	assert_non_null(strstr(row->raw, city));
	assert_string_equal(ip_address_format(&report->rows[first + 1].ip, text), "198.51.100.7");
	assert_string_equal(abuse_row_column(&report->rows[first + 1], "mountd_port"), "");
	assert_string_equal(abuse_row_column(&report->rows[first + 1], "exports"), "");
	assert_false(abuse_row_names_more(&report->rows[first + 1]));
	assert_int_equal(source->reporter, ABUSE_REPORTER_SHADOWSERVER);
	assert_string_equal(source->header, SHADOWSERVER_HEADER);
	assert_string_equal(source->reference, "");
}

static void reads_shadowserver_in_every_shape(void **state)
{
	static const struct {
		const char *file, *date, *attachment, *subject, *city;
		size_t line;
	} shapes[] = {
		{ "2026-11-24-scan_portmapper-asn64496-de.csv", "2026-11-24", "", "", "\"KOLN\"", 2 },
		{ "shadowserver-inline.txt", "Tue, 24 Nov 2026 09:12:00 +0100", "", "Open Portmapper report for your server",
		  "\"KOLN\"", 15 },
		{ "shadowserver-base64.eml", "2026-11-24", "2026-11-24-scan_portmapper-asn64496-de.csv",
		  "Offener Portmapper-Dienst \u2013 Shadowserver-Bericht", "\"KOLN\"", 2 },
		{ "shadowserver-quoted-printable.eml", "2026-11-24", "2026-11-24-scan_portmapper-asn64496-de.csv",
		  "Open portmapper (Shadowserver)", "\"KOLN\"", 2 },
		{ "shadowserver-latin1.eml", "2026-11-24", "2026-11-24-scan_portmapper-asn64496-de.csv", "Shadowserver report",
		  "\"K\u00d6LN\"", 2 },
		{ "shadowserver-forwarded-twice.txt", "Tue, 24 Nov 2026 06:00:00 +0000", "",
		  "[Shadowserver] Open Portmapper Report: 2026-11-24", "\"KOLN\"", 19 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct abuse_report report = { 0 };

		read_fixture(shapes[i].file, &report);
		assert_int_equal(report.count, 2);
		assert_int_equal(report.source_count, 1);
		expect_shadowserver_rows(&report, 0, shapes[i].city);
		assert_string_equal(report.sources[0].date, shapes[i].date);
		assert_string_equal(report.sources[0].attachment, shapes[i].attachment);
		assert_string_equal(report.sources[0].subject, shapes[i].subject);
		assert_int_equal(report.rows[0].line, shapes[i].line);
		abuse_report_free(&report);
	}
}

static void reads_certbund_in_latin1_with_its_reference(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("certbund-latin1.eml", &report);
	assert_int_equal(report.count, 2);
	assert_int_equal(report.source_count, 1);
	assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_CERT_BUND);
	assert_string_equal(report.sources[0].reference, "CB-Report#20261124-10012345");
	assert_string_equal(report.sources[0].subject, "[CB-Report#20261124-10012345] Offene Portmapper-Dienste f\u00fcr AS64496");
	assert_string_equal(report.sources[0].header, "\"asn\",\"ip\",\"timestamp\",\"rpc_response\"");
	assert_true(abuse_row_names_more(&report.rows[0]));
	assert_false(abuse_row_names_more(&report.rows[1]));
	abuse_report_free(&report);
}

static void reads_several_reports_in_one_mail(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("several-reports.eml", &report);
	assert_int_equal(report.count, 4);
	assert_int_equal(report.source_count, 3);
	assert_string_equal(report.sources[0].reference, "CB-Report#20261124-10012345");
	assert_string_equal(report.sources[0].date, "Tue, 24 Nov 2026 07:30:00 +0100");
	assert_string_equal(report.sources[1].reference, "CB-Report#20261125-10012399");
	assert_string_equal(report.sources[1].subject, "[CB-Report#20261125-10012399] Offene Portmapper-Dienste in AS64496");
	assert_int_equal(report.sources[2].reporter, ABUSE_REPORTER_SHADOWSERVER);
	assert_string_equal(report.sources[2].subject, "Several reports about your servers");
	expect_row(&report.rows[0], "64496", "192.0.2.10", "2026-11-24 03:12:45",
		   "100000 4 111/udp; 100000 3 111/udp; 100000 2 111/udp;");
	assert_int_equal(report.rows[0].line, 22);
	assert_int_equal(report.rows[1].source, 1);
	assert_int_equal(report.rows[1].line, 37);
	expect_shadowserver_rows(&report, 2, "\"KOLN\"");
	assert_int_equal(report.rows[2].source, 2);
	abuse_report_free(&report);
}

static void reads_reordered_and_unknown_columns(void **state)
{
	struct abuse_report report = { 0 };

	(void)state;
	read_fixture("reordered-columns.csv", &report);
	assert_int_equal(report.count, 2);
	expect_row(&report.rows[0], "64496", "2001:db8:10::5", "2026-11-24 03:14:02",
		   "100000 4 111/udp portmapper;100024 1 47632/udp status;");
	assert_string_equal(report.rows[1].protocol, "tcp");
	assert_int_equal(report.rows[1].port, 111);
	assert_true(abuse_row_names_more(&report.rows[0]));
	assert_false(abuse_row_names_more(&report.rows[1]));
	abuse_report_free(&report);
}

static void refuses_rows_it_cannot_read(void **state)
{
	(void)state;
	expect_fixture_error("garbage.txt", -EBADMSG, " line 5: the row has 2 fields, the header at line 4 has 3" UNCHANGED);
	expect_fixture_error("ipv6-first.csv", -EBADMSG, " line 3: '2001:db8::7' in column asn is not an AS number" UNCHANGED);
	expect_fixture_error("bracket-first.txt", -EBADMSG,
			     " line 5: '[2001:db8::7]' in column asn is not an AS number" UNCHANGED);
	expect_fixture_error("letter-first.csv", -EBADMSG, " line 3: 'eleven' in column port is not a port number" UNCHANGED);
	expect_fixture_error("broken-quote-attachment.eml", -EBADMSG,
			     ", attachment scan_portmapper.csv, line 3: text follows the closing quote in ip" UNCHANGED);
	expect_text_error(HEADER "\n\"64496\",\"192.0.2.10\",\"t\",\"r\"\n\n\"64496\",\"192.0.2.300\",\"t\",\"r\"\n",
			  -EBADMSG, "mail line 5: '192.0.2.300' in column ip is not an IP address" UNCHANGED);
	expect_text_error("ip,port\n192.0.2.1,111\n192.0.2.2,111,extra\n", -EBADMSG,
			  "mail line 3: the row has 3 fields, the header at line 1 has 2" UNCHANGED);
	expect_text_error("ip,protocol\n192.0.2.1,udp/tcp\n", -EBADMSG,
			  "mail line 2: 'udp/tcp' in column protocol is not a protocol" UNCHANGED);
}

static void decodes_mime_parts(void **state)
{
	static const char text[] =
		"Content-Type: multipart/mixed; boundary=\"=_x\"\r\n\r\n"
		"--=_x\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
		"ip,timestamp\r\n192.0.2.1,M=E4rz\r\n"
		"--=_x\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\nip,timestamp\r\n192.0.2.2,\xc1\r\n"
		"--=_x--\r\n";
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };
	struct mail mail = { 0 };
	const char *words = "=?utf-8?B?W0NCLVJlcG9ydCMxXQ==?= =?utf-8?Q?_F=C3=BCr?= x";
	char subject[64];

	(void)state;
	assert_int_equal(abuse_report_parse(text, sizeof(text) - 1, "mail", &report, &error), 0);
	assert_int_equal(report.count, 1);
	assert_string_equal(report.rows[0].timestamp, "M\u00e4rz");
	abuse_report_free(&report);
	assert_int_equal(mail_parse(text, sizeof(text) - 1, &mail), 0);
	assert_int_equal(mail.count, 1);
	assert_string_equal(mail.skipped, "a part in charset koi8-r, which portguard does not convert");
	mail_free(&mail);
	mail_header_decode(words, strlen(words), subject, sizeof(subject));
	assert_string_equal(subject, "[CB-Report#1] F\u00fcr x");
}

static void refuses_nul_inside_a_field(void **state)
{
	static const char text[] = HEADER "\"1\",\"192.0.2.10\",\"x\",\"y\0z\"\n";
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(abuse_report_parse(text, sizeof(text) - 1, "mail", &report, &error), -EBADMSG);
	assert_string_equal(line_of(&error),
			    "mail line 2: the field in rpc_response holds control characters or is not UTF-8" UNCHANGED);
}

static void accepts_empty_asn_and_bracketed_ipv6(void **state)
{
	static const char text[] = HEADER "\"\",\"[2001:db8::1]\",\"\",\"\"\n";
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(abuse_report_parse(text, sizeof(text) - 1, "mail", &report, &error), 0);
	expect_row(&report.rows[0], "", "2001:db8::1", "", "");
	abuse_report_free(&report);
}

static void bounds_size_and_rows(void **state)
{
	char path[] = "/tmp/portguard-abuse-XXXXXX";
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };
	char *text = malloc(ABUSE_FILE_MAX + 2);
	size_t length;
	int fd;

	(void)state;
	assert_non_null(text);
	/* Exactly the limit, rows at the end: read. One byte more: refused. */
	memset(text, ' ', ABUSE_FILE_MAX);
	text[0] = '\n';
	length = strlen(HEADER "\"1\",\"192.0.2.1\",\"t\",\"r\"\n");
	memcpy(text + ABUSE_FILE_MAX - length, HEADER "\"1\",\"192.0.2.1\",\"t\",\"r\"\n", length);
	text[ABUSE_FILE_MAX - length - 1] = '\n';
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, ABUSE_FILE_MAX), ABUSE_FILE_MAX);
	assert_int_equal(abuse_report_read(path, &report, &error), 0);
	assert_int_equal(report.count, 1);
	abuse_report_free(&report);
	assert_int_equal(write(fd, "\n", 1), 1);
	assert_int_equal(abuse_report_read(path, &report, &error), -EFBIG);
	assert_int_equal(strncmp(line_of(&error), path, strlen(path)), 0);
	assert_string_equal(line_of(&error) + strlen(path),
			    " is larger than 1024 KiB; pass only the provider's mail or its CSV part");
	close(fd);
	unlink(path);

	/* One row more than allowed */
	length = (size_t)sprintf(text, HEADER);
	for (unsigned int i = 0; i <= ABUSE_ROWS_MAX; i++)
		length += (size_t)sprintf(text + length, "\"1\",\"10.0.%u.%u\",\"t\",\"r\"\n", i / 256, i % 256);
	assert_int_equal(abuse_report_parse(text, length, "mail", &report, &error), -E2BIG);
	assert_string_equal(line_of(&error), "mail has more than 1000 rows; pass only the part about this server");
	free(text);
}

static void explains_unreadable_files(void **state)
{
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(abuse_report_read("/nonexistent/mail.txt", &report, &error), -ENOENT);
	assert_string_equal(line_of(&error), "cannot read the abuse report /nonexistent/mail.txt: No such file or directory; "
			    "pass the path of the provider's mail saved as a file");
	assert_int_equal(abuse_report_read("/", &report, &error), -EISDIR);
	assert_non_null(strstr(line_of(&error), "Is a directory"));
}

static void splits_rpc_responses(void **state)
{
	struct portmapper_mail_item items[PORTMAPPER_MAIL_ITEMS_MAX];
	size_t skipped;

	(void)state;
	assert_int_equal(portmapper_mail_response_parse("100000 4 111/udp; 100000 3 111/udp; 100000 4 111/udp; 100024 1 47632/UDP;",
						  items, PORTMAPPER_MAIL_ITEMS_MAX, &skipped), 3);
	assert_int_equal(skipped, 0);
	assert_int_equal(items[2].program, 100024);
	assert_int_equal(items[2].version, 1);
	assert_int_equal(items[2].port, 47632);
	assert_string_equal(items[2].protocol, "udp");

	assert_int_equal(portmapper_mail_response_parse("", items, PORTMAPPER_MAIL_ITEMS_MAX, &skipped), 0);
	assert_int_equal(skipped, 0);
	assert_int_equal(portmapper_mail_response_parse(" ; ;; ", items, PORTMAPPER_MAIL_ITEMS_MAX, &skipped), 0);
	assert_int_equal(skipped, 0);
	assert_int_equal(portmapper_mail_response_parse("4294967296 1 1/udp; 1 1 65536/udp; 1 1 1/; 1 1 1/udpudpudp; "
						  "-1 1 1/udp; 1 1 1 udp; 1  1\t1/tcp6 ; x; 1 1 1/udp x",
						  items, PORTMAPPER_MAIL_ITEMS_MAX, &skipped), 2);
	assert_int_equal(skipped, 7);
	assert_string_equal(items[0].protocol, "tcp6");
	assert_int_equal(portmapper_mail_response_parse("1 1 1/udp; 2 1 1/udp; 3 1 1/udp", items, 2, &skipped), 2);
	assert_int_equal(skipped, 1);
	assert_int_equal(portmapper_mail_response_parse(NULL, items, 2, NULL), 0);
}

static void builds_the_record_value(void **state)
{
	struct abuse_report report = { 0 };
	struct local_address here = { .scope = SCOPE_PUBLIC };
	struct address_list local = { .items = &here, .count = 1, .capacity = 1 };
	json_t *value, *rows;

	(void)state;
	read_fixture("certbund-portmapper.txt", &report);
	assert_int_equal(ip_address_parse("192.0.2.10", &here.address), 0);
	value = abuse_report_json(&report, &local);
	assert_non_null(value);
	assert_string_equal(json_string_value(json_object_get(value, "file")), report.file);
	rows = json_object_get(value, "rows");
	assert_int_equal(json_array_size(rows), 2);
	assert_true(json_is_true(json_object_get(json_array_get(rows, 0), "on_this_host")));
	assert_true(json_is_false(json_object_get(json_array_get(rows, 1), "on_this_host")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "ip")), "2001:db8:10::5");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "asn")), "64496");
	/* nine entries, one repeated */
	assert_int_equal(json_array_size(json_object_get(json_array_get(rows, 1), "programs")), 8);
	json_decref(value);
	abuse_report_free(&report);
}

static size_t replay_directory(const char *directory)
{
	DIR *dir = opendir(directory);
	uint8_t *data = malloc(ABUSE_FILE_MAX + 1);
	struct dirent *entry;
	size_t count = 0;

	assert_non_null(dir);
	assert_non_null(data);
	while ((entry = readdir(dir))) {
		struct stat status;
		char *path;
		FILE *file;
		size_t length;

		assert_true(asprintf(&path, "%s/%s", directory, entry->d_name) > 0);
		if (stat(path, &status) < 0 || !S_ISREG(status.st_mode)) {
			free(path);
			continue;
		}
		file = fopen(path, "rb");
		assert_non_null(file);
		length = fread(data, 1, ABUSE_FILE_MAX + 1, file);
		fclose(file);
		LLVMFuzzerTestOneInput(data, length);
		free(path);
		count++;
	}
	closedir(dir);
	free(data);
	return count;
}

/* The fixtures and what the fuzzer found worth keeping (corpus/, the
 * inputs that reach every edge libFuzzer reached, MIME path included). */
static void replays_fixtures_and_corpus_through_the_fuzz_harness(void **state)
{
	char *fixtures = fixture(""), *corpus = fixture("corpus");

	(void)state;
	assert_true(replay_directory(fixtures) >= 20);
	assert_true(replay_directory(corpus) >= 50);
	free(fixtures);
	free(corpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_sample_mail),
		cmocka_unit_test(reads_the_sample_mail_with_crlf),
		cmocka_unit_test(reads_bare_csv_with_ipv6),
		cmocka_unit_test(reads_quoted_commas_semicolons_and_doubled_quotes),
		cmocka_unit_test(reads_unquoted_fields_with_bom_and_as_prefix),
		cmocka_unit_test(maps_columns_by_name),
		cmocka_unit_test(decodes_quoted_printable),
		cmocka_unit_test(reads_a_quoted_reply_with_a_wrapped_row),
		cmocka_unit_test(drops_repeated_rows_and_maps_ipv4_in_ipv6),
		cmocka_unit_test(prose_after_the_rows_ends_them),
		cmocka_unit_test(refuses_files_without_rows),
		cmocka_unit_test(refuses_malformed_rows),
		cmocka_unit_test(refuses_wrong_field_counts_and_values),
		cmocka_unit_test(reads_shadowserver_in_every_shape),
		cmocka_unit_test(reads_certbund_in_latin1_with_its_reference),
		cmocka_unit_test(reads_several_reports_in_one_mail),
		cmocka_unit_test(reads_reordered_and_unknown_columns),
		cmocka_unit_test(refuses_rows_it_cannot_read),
		cmocka_unit_test(decodes_mime_parts),
		cmocka_unit_test(refuses_nul_inside_a_field),
		cmocka_unit_test(accepts_empty_asn_and_bracketed_ipv6),
		cmocka_unit_test(bounds_size_and_rows),
		cmocka_unit_test(explains_unreadable_files),
		cmocka_unit_test(splits_rpc_responses),
		cmocka_unit_test(builds_the_record_value),
		cmocka_unit_test(replays_fixtures_and_corpus_through_the_fuzz_harness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
