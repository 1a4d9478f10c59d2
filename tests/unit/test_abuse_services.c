/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The abuse mails of the next services, told by their mail descriptors.
 * Until their table entries land, this test links a table of its own:
 * service_count(), service_at() and service_find() are wrapped
 * (-Wl,--wrap), so the parser sees the portmapper and entries built
 * here around mdns_mail, snmp_mail, ntp_mail and memcached_mail. */
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

#include "kernel/addresses.h"
#include "mail/abuse.h"
#include "model/cidr.h"
#include "report/report_abuse.h"
#include "services/mdns/mdns_mail.h"
#include "services/memcached/memcached_mail.h"
#include "services/ntp/ntp_mail.h"
#include "services/portmapper/portmapper.h"
#include "services/snmp/snmp_mail.h"
#include "abuse_fixture.h"
#include "fixture_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct service mdns = { .name = "mdns", .mail = &mdns_mail };
static const struct service snmp = { .name = "snmp", .mail = &snmp_mail };
static const struct service ntp = { .name = "ntp", .mail = &ntp_mail };
static const struct service memcached = { .name = "memcached", .mail = &memcached_mail };
static const struct service *const table[] = { &portmapper_service, &mdns, &snmp, &ntp, &memcached };
#define TABLE_COUNT (sizeof(table) / sizeof(table[0]))

size_t __wrap_service_count(void);
const struct service *__wrap_service_at(size_t index);
const struct service *__wrap_service_find(const char *name);

size_t __wrap_service_count(void)
{
	return TABLE_COUNT;
}

const struct service *__wrap_service_at(size_t index)
{
	return index < TABLE_COUNT ? table[index] : NULL;
}

const struct service *__wrap_service_find(const char *name)
{
	for (size_t i = 0; i < TABLE_COUNT; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

static void expect_address(const struct abuse_row *row, const char *ip)
{
	char text[CIDR_TEXT_MAX];

	assert_string_equal(ip_address_format(&row->ip, text), ip);
}

/* Shadowserver's files, bare and as the attachment of a mail. */
static void tells_shadowserver_reports_by_file_name(void **state)
{
	static const struct {
		const char *type, *mail;
		const struct service *service;
		size_t rows;
		const char *ip, *column, *value, *response_size, *amplification;
	} reports[] = {
		{ "scan_mdns", "shadowserver-mdns.eml", &mdns, 2, "192.0.2.20", "workstation_info",
		  "host20 [02:00:5e:10:00:20]", "", "" },
		{ "scan_snmp", "shadowserver-snmp.eml", &snmp, 2, "192.0.2.30", "sysdesc",
		  "Linux host30 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64", "98", "2.45" },
		{ "scan_ntp", "shadowserver-ntp.eml", &ntp, 1, "192.0.2.40", "version", "ntpd ntpsec-1.2.2", "412", "34.3" },
		{ "scan_ntpmonitor", "shadowserver-ntpmonitor.eml", &ntp, 1, "192.0.2.41", "packets", "10", "4400", "550.0" },
		{ "scan_memcached", "shadowserver-memcached.eml", &memcached, 1, "192.0.2.50", "pointer_size", "64", "2221",
		  "148.07" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		for (int attached = 0; attached < 2; attached++) {
			struct abuse_report report = { 0 };
			char file[128];

			snprintf(file, sizeof(file), "2026-11-24-%s-asn64496-de.csv", reports[i].type);
			read_fixture(attached ? reports[i].mail : file, &report);
			assert_int_equal(report.count, reports[i].rows);
			assert_int_equal(report.source_count, 1);
			assert_ptr_equal(report.sources[0].service, reports[i].service);
			assert_string_equal(report.sources[0].report_type, reports[i].type);
			assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_SHADOWSERVER);
			assert_string_equal(report.sources[0].attachment, attached ? file : "");
			assert_ptr_equal(report.rows[0].service, reports[i].service);
			expect_address(&report.rows[0], reports[i].ip);
			assert_string_equal(report.rows[0].asn, "64496");
			assert_string_equal(abuse_row_column(&report.rows[0], reports[i].column), reports[i].value);
			assert_string_equal(report.rows[0].response_size, reports[i].response_size);
			assert_string_equal(report.rows[0].amplification, reports[i].amplification);
			/* Shadowserver's own metadata is not the service's. */
			assert_null(abuse_row_column(&report.rows[0], "severity"));
			assert_null(abuse_row_column(&report.rows[0], "city"));
			assert_false(abuse_row_names_more(&report.rows[0]));
			abuse_report_free(&report);
		}
}

/* CERT-Bund's mails in the sample's format: told by the text's words. */
static void tells_certbund_mails_by_their_words(void **state)
{
	static const struct {
		const char *file;
		const struct service *service;
		size_t rows;
		const char *column, *value;
	} mails[] = {
		{ "certbund-mdns.txt", &mdns, 2, "workstation_info", "host20 [02:00:5e:10:00:20]" },
		{ "certbund-snmp.txt", &snmp, 1, "sysdesc",
		  "Linux host30 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64" },
		{ "certbund-ntp.txt", &ntp, 2, NULL, NULL },
		{ "certbund-memcached.txt", &memcached, 1, "version", "1.6.18" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(mails) / sizeof(mails[0]); i++) {
		struct abuse_report report = { 0 };

		read_fixture(mails[i].file, &report);
		assert_int_equal(report.count, mails[i].rows);
		assert_ptr_equal(report.sources[0].service, mails[i].service);
		assert_string_equal(report.sources[0].report_type, "");
		for (size_t j = 0; j < report.count; j++)
			assert_ptr_equal(report.rows[j].service, mails[i].service);
		if (mails[i].column)
			assert_string_equal(abuse_row_column(&report.rows[0], mails[i].column), mails[i].value);
		else
			assert_int_equal(report.rows[0].column_count, 0);
		abuse_report_free(&report);
	}
}

static void parse_text(const char *text, struct abuse_report *report)
{
	struct error_record error = { 0 };
	int r = abuse_report_parse(text, strlen(text), "mail", report, &error);

	if (r < 0)
		fail_msg("%d %s", r, line_of(&error));
}

/* Report type before words before columns; a mail that says nothing
 * is the portmapper's. */
static void tells_the_service_in_order(void **state)
{
	static const struct {
		const char *text;
		const struct service *service;
	} mails[] = {
		/* the subject's report type wins over the text's words */
		{ "Subject: [Shadowserver] scan_ntpmonitor report\n\nYour open SNMP and mDNS services.\n\n"
		  "\"timestamp\",\"ip\",\"packets\"\n\"2026-11-24\",\"192.0.2.41\",\"10\"\n", &ntp },
		/* the words in the subject */
		{ "Subject: [CB-Report#20261124-10012346] Offene memcached-Server in AS64496\n\n"
		  "\"asn\",\"ip\",\"timestamp\",\"version\"\n\"64496\",\"192.0.2.50\",\"2026-11-24 04:31:02\",\"1.6.18\"\n",
		  &memcached },
		/* columns alone */
		{ "\"asn\",\"ip\",\"timestamp\",\"sysdesc\"\n\"64496\",\"192.0.2.30\",\"2026-11-24\",\"Linux\"\n", &snmp },
		{ "\"asn\",\"ip\",\"timestamp\",\"workstation_info\"\n\"64496\",\"192.0.2.20\",\"2026-11-24\",\"h\"\n", &mdns },
		/* nothing said: as 0.1 and 0.2 read every mail */
		{ "\"asn\",\"ip\",\"timestamp\",\"rpc_response\"\n\"64496\",\"192.0.2.10\",\"2026-11-24\",\"100000 2 111/udp;\"\n",
		  &portmapper_service },
		{ "Open service\n\n\"asn\",\"ip\",\"timestamp\"\n\"64496\",\"192.0.2.10\",\"2026-11-24\"\n", &portmapper_service },
		/* words naming two services tell nothing; the column does */
		{ "Subject: NTP and SNMP\n\n\"asn\",\"ip\",\"timestamp\",\"pointer_size\"\n\"64496\",\"192.0.2.50\",\"x\",\"64\"\n",
		  &memcached },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(mails) / sizeof(mails[0]); i++) {
		struct abuse_report report = { 0 };

		parse_text(mails[i].text, &report);
		assert_int_equal(report.count, 1);
		if (report.rows[0].service != mails[i].service)
			fail_msg("mail %zu: %s, not %s", i, report.rows[0].service->name, mails[i].service->name);
		abuse_report_free(&report);
	}
}

static void refuses_what_it_cannot_tell(void **state)
{
	char long_message[256];

	(void)state;
	expect_fixture_error("two-services.csv", -EPROTONOSUPPORT,
			     " line 1: the header has columns of snmp and of memcached; pass each service's report on its own");
	expect_fixture_error("2026-11-24-scan_chargen-asn64496-de.csv", -EPROTONOSUPPORT,
			     " line 1: Shadowserver's report type scan_chargen is none that portguard reads (scan_portmapper, "
			     "scan_mdns, scan_snmp, scan6_snmp, scan_ntp, scan6_ntp, scan_ntpmonitor, scan6_ntpmonitor, "
			     "scan_memcached); pass a report of one of them");
	snprintf(long_message, sizeof(long_message), " line 2: the field in sysdesc is longer than %d bytes; "
		 "pass the provider's mail or its CSV part unchanged", ABUSE_FIELD_MAX);
	expect_fixture_error("overlong-sysdesc.csv", -EMSGSIZE, long_message);
}

/* The record keeps a service's columns under "columns", with its name;
 * read back, it is the same. */
static void keeps_the_columns_in_the_record(void **state)
{
	struct abuse_report report = { 0 };
	struct local_address here = { .scope = SCOPE_PUBLIC };
	struct address_list local = { .items = &here, .count = 1, .capacity = 1 };
	struct abuse_record record = { 0 };
	json_t *value, *row, *again;

	(void)state;
	read_fixture("shadowserver-snmp.eml", &report);
	assert_int_equal(ip_address_parse("192.0.2.30", &here.address), 0);
	value = abuse_report_json(&report, &local);
	assert_non_null(value);
	row = json_array_get(json_object_get(value, "rows"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "service")), "snmp");
	assert_string_equal(json_string_value(json_object_get(json_object_get(row, "columns"), "community")), "public");
	assert_int_equal(json_integer_value(json_object_get(row, "response_size")), 98);
	assert_null(json_object_get(row, "rpc_response"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(value, "reports"), 0),
							      "report_type")), "scan_snmp");
	assert_int_equal(abuse_record_from_json(value, &record), 0);
	again = abuse_record_to_json(&record);
	assert_true(json_equal(value, again));
	assert_ptr_equal(abuse_record_service(record.rows[0].service), &snmp);
	assert_ptr_equal(abuse_record_service(NULL), &portmapper_service);
	json_decref(again);
	json_decref(value);
	abuse_record_free(&record);
	abuse_report_free(&report);
}

/* The record's text as the state file holds it. */
static char *record_text(const struct abuse_record *record)
{
	json_t *json = abuse_record_to_json(record);
	char *text;

	assert_non_null(json);
	text = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	assert_non_null(text);
	json_decref(json);
	return text;
}

static void expect_same_columns(const struct abuse_record_row *a, const struct abuse_record_row *b)
{
	assert_int_equal(a->has_columns, b->has_columns);
	assert_int_equal(a->column_count, b->column_count);
	for (size_t i = 0; i < a->column_count; i++) {
		assert_string_equal(a->columns[i].name, b->columns[i].name);
		assert_string_equal(a->columns[i].value, b->columns[i].value);
	}
}

/* record -> JSON -> record -> JSON: the second text is the first, byte
 * for byte, and the columns read back are read back again the same.
 * Returns the first text, for the caller to look into. */
static char *expect_round_trip(const struct abuse_record *record, struct abuse_record *ret_again)
{
	char *first = record_text(record), *second;
	struct abuse_record third = { 0 };
	json_error_t error;
	json_t *json = json_loads(first, 0, &error);

	assert_non_null(json);
	assert_int_equal(abuse_record_from_json(json, ret_again), 0);
	json_decref(json);
	second = record_text(ret_again);
	assert_string_equal(first, second);
	json = abuse_record_to_json(ret_again);
	assert_int_equal(abuse_record_from_json(json, &third), 0);
	assert_int_equal(third.row_count, ret_again->row_count);
	for (size_t i = 0; i < third.row_count; i++)
		expect_same_columns(&ret_again->rows[i], &third.rows[i]);
	json_decref(json);
	abuse_record_free(&third);
	free(second);
	return first;
}

static const char *column_of(const struct abuse_record_row *row, const char *name)
{
	return abuse_columns_value(row->columns, row->column_count, name);
}

/* The portmapper's columns (Shadowserver's programs, mountd_port and
 * exports; CERT-Bund's rpc_response) are written under the keys 0.1
 * wrote, read back from them, and written again byte for byte. */
static void a_portmapper_rows_columns_survive_the_record(void **state)
{
	static const char *const keys[] = { "asn", "ip", "timestamp", "service", "rpc_response", "programs",
					    "rpc_services", "mountd_port", "exports", "raw", NULL };
	static const char *const files[] = { "2026-11-24-scan_portmapper-asn64496-de.csv", "certbund-portmapper.txt" };
	struct local_address here = { .scope = SCOPE_PUBLIC };
	struct address_list local = { .items = &here, .count = 1, .capacity = 1 };

	(void)state;
	assert_int_equal(ip_address_parse("192.0.2.10", &here.address), 0);
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct abuse_report report = { 0 };
		struct abuse_record record = { 0 }, again = { 0 };
		const struct abuse_record_row *row;
		json_t *json, *first;
		char *text;
		size_t k = 0;
		const char *key;
		json_t *value;

		read_fixture(files[f], &report);
		assert_int_equal(abuse_record_from_report(&report, &local, &record), 0);
		assert_true(record.rows[0].has_columns);
		text = expect_round_trip(&record, &again);
		json = json_loads(text, 0, NULL);
		first = json_array_get(json_object_get(json, "rows"), 0);
		row = &again.rows[0];
		assert_ptr_equal(abuse_record_service(row->service), &portmapper_service);
		if (f == 0) {
			/* Shadowserver's programs is kept as rpc_response */
			assert_string_equal(column_of(row, "rpc_response"), abuse_row_column(&report.rows[0], "programs"));
			assert_string_equal(column_of(row, "mountd_port"), "20048");
			assert_string_equal(column_of(row, "exports"), "/srv/share 10.20.0.0/24");
			assert_int_equal(row->column_count, 3);
			json_object_foreach(first, key, value)
				if (keys[k] && strcmp(key, keys[k]) == 0)
					k++;
			assert_null(keys[k]);
			assert_int_equal(json_integer_value(json_object_get(first, "mountd_port")), 20048);
			assert_true(json_is_true(json_object_get(first, "rpc_services")));
			assert_int_equal(json_array_size(json_object_get(first, "programs")), 7);
			assert_int_equal(json_integer_value(json_object_get(
				json_array_get(json_object_get(first, "programs"), 4), "port")), 20048);
			/* the second row's empty mountd_port and exports are not kept */
			assert_int_equal(again.rows[1].column_count, 1);
			assert_false(json_is_true(json_object_get(json_array_get(json_object_get(json, "rows"), 1),
								  "rpc_services")));
		} else {
			assert_string_equal(column_of(row, "rpc_response"), abuse_row_column(&report.rows[0], "rpc_response"));
			assert_null(json_object_get(first, "mountd_port"));
			assert_null(json_object_get(first, "columns"));
		}
		free(text);
		json_decref(json);
		abuse_record_free(&again);
		abuse_record_free(&record);
		abuse_report_free(&report);
	}
}

/* A row of a record that lost the service's keys (or never had them)
 * reads back without columns and is written back without them; a row
 * that lost rpc_response keeps what its programs say. */
static void a_record_that_lost_the_keys_reads_leniently(void **state)
{
	static const char *const text = "{\"rows\": [{\"ip\": \"192.0.2.10\"}, "
		"{\"ip\": \"192.0.2.11\", \"programs\": [{\"program\": 100005, \"version\": 3, \"port\": 20048, "
		"\"protocol\": \"udp\"}, {\"program\": \"x\"}], \"rpc_services\": true, \"mountd_port\": \"20048\"}, "
		"{\"ip\": \"192.0.2.12\", \"service\": \"snmp\", \"columns\": {\"community\": \"public\", \"sysname\": 7}}]}";
	json_t *json = json_loads(text, 0, NULL), *written, *row;
	struct abuse_record record = { 0 };

	(void)state;
	assert_non_null(json);
	assert_int_equal(abuse_record_from_json(json, &record), 0);
	assert_false(record.rows[0].has_columns);
	assert_int_equal(record.rows[1].column_count, 1);
	assert_string_equal(column_of(&record.rows[1], "programs"), "100005 3 20048/udp");
	assert_int_equal(record.rows[2].column_count, 1);
	assert_string_equal(column_of(&record.rows[2], "community"), "public");
	written = abuse_record_to_json(&record);
	row = json_array_get(json_object_get(written, "rows"), 0);
	assert_null(json_object_get(row, "rpc_response"));
	assert_null(json_object_get(row, "programs"));
	row = json_array_get(json_object_get(written, "rows"), 1);
	assert_string_equal(json_string_value(json_object_get(row, "rpc_response")), "100005 3 20048/udp");
	assert_true(json_is_true(json_object_get(row, "rpc_services")));
	assert_null(json_object_get(row, "mountd_port"));
	json_decref(written);
	json_decref(json);
	abuse_record_free(&record);
}

/* Another service's columns: under "columns", each value under its
 * name, read back in the mail's order and written again byte for byte. */
static void another_services_columns_survive_the_record(void **state)
{
	struct abuse_report report = { 0 };
	struct abuse_record record = { 0 }, again = { 0 };
	char *text;

	(void)state;
	read_fixture("shadowserver-snmp.eml", &report);
	assert_int_equal(abuse_record_from_report(&report, NULL, &record), 0);
	assert_true(record.rows[0].column_count > 3);
	text = expect_round_trip(&record, &again);
	assert_non_null(strstr(text, "\"columns\": {"));
	assert_null(strstr(text, "rpc_response"));
	for (size_t i = 0; i < record.row_count; i++)
		expect_same_columns(&record.rows[i], &again.rows[i]);
	free(text);
	abuse_record_free(&again);
	abuse_record_free(&record);
	abuse_report_free(&report);
}

/* Which services the mail names on this host's addresses: what fix
 * looks at without --service. */
static void names_the_services_on_this_host(void **state)
{
	static const char mail[] =
		"From: abuse@provider.example\nSubject: two reports\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
		"\"asn\",\"ip\",\"timestamp\",\"sysdesc\"\n\"64496\",\"192.0.2.30\",\"2026-11-24\",\"Linux\"\n"
		"\n--b\nContent-Type: text/csv; name=\"2026-11-24-scan_mdns-asn64496.csv\"\n"
		"Content-Disposition: attachment; filename=\"2026-11-24-scan_mdns-asn64496.csv\"\n\n"
		"\"timestamp\",\"ip\",\"port\",\"workstation_info\"\n\"2026-11-24\",\"192.0.2.20\",5353,\"h\"\n"
		"\"2026-11-24\",\"192.0.2.30\",5353,\"h\"\n--b--\n";
	struct local_address addresses[2] = { { .scope = SCOPE_PUBLIC }, { .scope = SCOPE_PUBLIC } };
	struct address_list local = { .items = addresses, .count = 1, .capacity = 2 };
	const struct service *services[4];
	struct abuse_report report = { 0 };

	(void)state;
	parse_text(mail, &report);
	assert_int_equal(report.count, 3);
	assert_int_equal(ip_address_parse("192.0.2.20", &addresses[0].address), 0);
	assert_int_equal(ip_address_parse("192.0.2.30", &addresses[1].address), 0);
	assert_int_equal(abuse_report_services(&report, &local, services, 4), 1);
	assert_ptr_equal(services[0], &mdns);
	local.count = 2;
	assert_int_equal(abuse_report_services(&report, &local, services, 4), 2);
	assert_ptr_equal(services[0], &mdns);
	assert_ptr_equal(services[1], &snmp);
	assert_int_equal(abuse_report_services(&report, &local, services, 1), 1);
	local.count = 0;
	assert_int_equal(abuse_report_services(&report, &local, services, 4), 0);
	abuse_report_free(&report);
}

/* Without --service fix takes the mail's service; a mail about another
 * service than the one fix would look at is refused, not answered as
 * if it were about it. */
static void picks_the_service_fix_looks_at(void **state)
{
	struct local_address addresses[2] = { { .scope = SCOPE_PUBLIC }, { .scope = SCOPE_PUBLIC } };
	struct address_list local = { .items = addresses, .count = 2, .capacity = 2 };
	struct abuse_report snmp_mail_report = { 0 }, both = { 0 };
	struct error_record error = { 0 };
	const struct service *picked[SERVICES_MAX];
	const struct service *const portmapper_only[] = { &portmapper_service }, *const snmp_only[] = { &snmp };
	const struct service *const mdns_and_ntp[] = { &mdns, &ntp };
	size_t count = 0;

	(void)state;
	assert_int_equal(ip_address_parse("192.0.2.30", &addresses[0].address), 0);
	assert_int_equal(ip_address_parse("192.0.2.20", &addresses[1].address), 0);
	read_fixture("certbund-snmp.txt", &snmp_mail_report);
	free(snmp_mail_report.file);
	snmp_mail_report.file = strdup("mail.txt");
	parse_text("\"asn\",\"ip\",\"timestamp\",\"sysdesc\"\n\"64496\",\"192.0.2.30\",\"x\",\"Linux\"\n\n"
		   "\"asn\",\"ip\",\"timestamp\",\"workstation_info\"\n\"64496\",\"192.0.2.20\",\"x\",\"h\"\n", &both);

	/* no --service: the one the mail names */
	assert_int_equal(abuse_report_pick_services(&snmp_mail_report, &local, portmapper_only, 1, false, picked, &count,
						    &error), 0);
	assert_int_equal(count, 1);
	assert_ptr_equal(picked[0], &snmp);
	/* --service snmp: the same */
	assert_int_equal(abuse_report_pick_services(&snmp_mail_report, &local, snmp_only, 1, true, picked, &count, &error), 0);
	assert_int_equal(count, 1);
	assert_ptr_equal(picked[0], &snmp);
	/* --service portmapper with a mail about SNMP: refused, nothing picked */
	assert_int_equal(abuse_report_pick_services(&snmp_mail_report, &local, portmapper_only, 1, true, picked, &count,
						    &error), -EXDEV);
	assert_int_equal(count, 0);
	assert_string_equal(line_of(&error), "mail.txt reports snmp, not portmapper; run fix --service snmp");
	/* the rows are on no address of this host (NAT): still the mail's service */
	local.count = 0;
	assert_int_equal(abuse_report_pick_services(&snmp_mail_report, &local, portmapper_only, 1, false, picked, &count,
						    &error), 0);
	assert_int_equal(count, 1);
	assert_ptr_equal(picked[0], &snmp);
	local.count = 2;
	/* two services: both, in the table's order; --service narrows */
	assert_int_equal(abuse_report_pick_services(&both, &local, portmapper_only, 1, false, picked, &count, &error), 0);
	assert_int_equal(count, 2);
	assert_ptr_equal(picked[0], &mdns);
	assert_ptr_equal(picked[1], &snmp);
	assert_int_equal(abuse_report_pick_services(&both, &local, mdns_and_ntp, 2, true, picked, &count, &error), 0);
	assert_int_equal(count, 1);
	assert_ptr_equal(picked[0], &mdns);
	/* no row names a service: what was given */
	assert_int_equal(abuse_report_pick_services(&(struct abuse_report){ 0 }, &local, mdns_and_ntp, 2, true, picked,
						    &count, &error), 0);
	assert_int_equal(count, 2);
	abuse_report_free(&both);
	abuse_report_free(&snmp_mail_report);
}

/* The report answers the rows of the service fixed; a row about
 * another service says so instead of claiming the change covers it. */
static void answers_only_the_fixed_services_rows(void **state)
{
	struct local_address here = { .scope = SCOPE_PUBLIC };
	struct address_list local = { .items = &here, .count = 1, .capacity = 1 };
	struct abuse_report report = { 0 };
	struct abuse_record record = { 0 };
	char *text = NULL;
	size_t size = 0;
	struct prose prose = { .out = open_memstream(&text, &size) };
	struct abuse_answer answer = { .abuse = &record, .service = &snmp, .fixed = true, .has_public = true };

	(void)state;
	parse_text("\"asn\",\"ip\",\"timestamp\",\"sysdesc\"\n\"64496\",\"192.0.2.30\",\"x\",\"Linux\"\n\n"
		   "\"asn\",\"ip\",\"timestamp\",\"workstation_info\"\n\"64496\",\"192.0.2.30\",\"y\",\"h\"\n", &report);
	assert_int_equal(ip_address_parse("192.0.2.30", &here.address), 0);
	assert_int_equal(abuse_record_from_report(&report, &local, &record), 0);
	assert_non_null(prose.out);
	report_abuse_section(&prose, &answer, LANGUAGE_ENGLISH, 4);
	assert_int_equal(fclose(prose.out), 0);
	assert_non_null(strstr(text, "192.0.2.30 (reported x): an address of this server. The change above\n    covers it."));
	assert_non_null(strstr(text, "192.0.2.30 (reported y): about the service mdns, which this"));
	assert_non_null(strstr(text, "\"portguard fix --service mdns\" does."));
	assert_null(strstr(text, "(reported y): an address of this server"));
	free(text);
	abuse_record_free(&record);
	abuse_report_free(&report);
}

/* The fuzz harness over the new fixtures, with the services told. */
static void replays_the_fixtures_through_the_fuzz_harness(void **state)
{
	static const char *const files[] = {
		"2026-11-24-scan_mdns-asn64496-de.csv", "2026-11-24-scan_snmp-asn64496-de.csv",
		"2026-11-24-scan_ntp-asn64496-de.csv", "2026-11-24-scan_ntpmonitor-asn64496-de.csv",
		"2026-11-24-scan_memcached-asn64496-de.csv", "shadowserver-mdns.eml", "shadowserver-snmp.eml",
		"shadowserver-ntp.eml", "shadowserver-ntpmonitor.eml", "shadowserver-memcached.eml",
		"certbund-mdns.txt", "certbund-snmp.txt", "certbund-ntp.txt", "certbund-memcached.txt",
		"two-services.csv", "overlong-sysdesc.csv", "2026-11-24-scan_chargen-asn64496-de.csv",
		"certbund-portmapper.txt", "several-reports.eml",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t size;
		uint8_t *text = fixture_read("abuse", files[i], &size);

		assert_int_equal(LLVMFuzzerTestOneInput(text, size), 0);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tells_shadowserver_reports_by_file_name),
		cmocka_unit_test(tells_certbund_mails_by_their_words),
		cmocka_unit_test(tells_the_service_in_order),
		cmocka_unit_test(refuses_what_it_cannot_tell),
		cmocka_unit_test(keeps_the_columns_in_the_record),
		cmocka_unit_test(a_portmapper_rows_columns_survive_the_record),
		cmocka_unit_test(a_record_that_lost_the_keys_reads_leniently),
		cmocka_unit_test(another_services_columns_survive_the_record),
		cmocka_unit_test(names_the_services_on_this_host),
		cmocka_unit_test(picks_the_service_fix_looks_at),
		cmocka_unit_test(answers_only_the_fixed_services_rows),
		cmocka_unit_test(replays_the_fixtures_through_the_fuzz_harness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
