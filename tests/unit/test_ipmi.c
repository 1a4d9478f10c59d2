/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI, the mail-only service: its mails told by the real table
 * (Shadowserver's scan_ipmi file, CERT-Bund's words), picked by fix
 * whatever the address (a BMC's is not the host's), its plan's
 * sentence, and the RMCP request and reply of ipmi_wire.c. */
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
#include "services/dns/dns.h"
#include "services/ipmi/ipmi.h"
#include "services/ipmi/ipmi_consumers.h"
#include "services/ipmi/ipmi_wire.h"
#include "abuse_fixture.h"
#include "corpus_replay.h"

static void shadowserver_file(void **state)
{
	struct abuse_report report = { 0 };
	char text[CIDR_TEXT_MAX];

	(void)state;
	read_fixture("2026-11-24-scan_ipmi-asn64496-de.csv", &report);
	assert_int_equal(report.count, 2);
	assert_ptr_equal(report.sources[0].service, &ipmi_service);
	assert_string_equal(report.sources[0].report_type, "scan_ipmi");
	assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_SHADOWSERVER);
	assert_string_equal(ip_address_format(&report.rows[1].ip, text), "192.0.2.63");
	assert_int_equal(report.rows[0].port, 623);
	assert_string_equal(abuse_row_column(&report.rows[0], "ipmi_version"), "2.0");
	assert_string_equal(abuse_row_column(&report.rows[1], "anon_login"), "Y");
	abuse_report_free(&report);
}

/* The host's own address is 192.0.2.53; the mail's rows are its BMC's
 * and the resolver's. */
static void picked_whatever_the_address(void **state)
{
	struct abuse_report report = { 0 };
	struct local_address own = { .prefix_length = 24, .scope = SCOPE_PUBLIC };
	struct address_list local = { .items = &own, .count = 1, .capacity = 1 };
	const struct service *services[SERVICES_MAX];
	const struct service *given[] = { &dns_service };
	struct error_record error = { 0 };
	size_t count = 0;

	(void)state;
	assert_int_equal(ip_address_parse("192.0.2.53", &own.address), 0);
	read_fixture("certbund-ipmi.txt", &report);
	assert_int_equal(report.count, 1);
	assert_ptr_equal(report.sources[0].service, &ipmi_service);
	assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_CERT_BUND);
	assert_int_equal(abuse_report_pick_services(&report, &local, given, 1, false, services, &count, &error), 0);
	assert_int_equal(count, 1);
	assert_ptr_equal(services[0], &ipmi_service);
	abuse_report_free(&report);

	read_fixture("ipmi-and-dns.eml", &report);
	assert_int_equal(report.source_count, 2);
	assert_int_equal(abuse_report_pick_services(&report, &local, given, 1, false, services, &count, &error), 0);
	assert_int_equal(count, 2);
	assert_ptr_equal(services[0], &dns_service);
	assert_ptr_equal(services[1], &ipmi_service);
	abuse_report_free(&report);
}

static void explained(void **state)
{
	struct evidence facts = { .source = &ipmi_source_bmc };
	char text[1024];

	(void)state;
	assert_true(ipmi_service.mail_only);
	assert_ptr_equal(ipmi_service.explain_kind, &ipmi_kind_bmc);
	ipmi_explain(&facts, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_string_equal(text, "the address's IPMI (623/udp) is answered by the board's BMC, not by Linux: turn off "
				  "IPMI over LAN in the BMC's settings or put its interface on a management network; "
				  "portguard cannot change it.");
	ipmi_explain(&facts, LANGUAGE_GERMAN, text, sizeof(text));
	assert_non_null(strstr(text, "BMC der Hauptplatine, nicht Linux"));
	snprintf(facts.subject, sizeof(facts.subject), "ipmi_sim");
	facts.pid = 4242;
	ipmi_explain(&facts, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_non_null(strstr(text, "this server itself listens on 623/udp (ipmi_sim, pid 4242)"));
}

/* As ipmitool and nmap's ipmi-version send it. */
static void request_bytes(void **state)
{
	static const uint8_t expected[IPMI_REQUEST_SIZE] = {
		0x06, 0x00, 0xff, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,
		0x20, 0x18, 0xc8, 0x81, 0x00, 0x38, 0x8e, 0x04, 0xb5,
	};
	uint8_t request[IPMI_REQUEST_SIZE];

	(void)state;
	ipmi_request_encode(request);
	assert_memory_equal(request, expected, sizeof(expected));
}

static void reply_read(void **state)
{
	/* a BMC's: IPMI 2.0, MD5 and password, anonymous login on */
	uint8_t reply[] = {
		0x06, 0x00, 0xff, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
		0x81, 0x1c, 0x63, 0x20, 0x00, 0x38, 0x00, 0x01, 0x94, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct ipmi_reply decoded;
	uint8_t sum = 0;

	(void)state;
	for (size_t i = 17; i < sizeof(reply) - 1; i++)
		sum = (uint8_t)(sum + reply[i]);
	reply[sizeof(reply) - 1] = (uint8_t)(0x100 - sum);
	assert_int_equal(ipmi_reply_decode(reply, sizeof(reply), &decoded), 0);
	assert_int_equal(decoded.completion, 0);
	assert_true(decoded.ipmi20);
	assert_int_equal(decoded.auth_types, 0x14);
	assert_true(decoded.anonymous);
	/* cut short, wrong command, wrong checksum */
	assert_int_equal(ipmi_reply_decode(reply, sizeof(reply) - 1, &decoded), -EBADMSG);
	reply[19] = 0x37;
	assert_int_equal(ipmi_reply_decode(reply, sizeof(reply), &decoded), -EBADMSG);
	reply[19] = 0x38;
	reply[16] ^= 1;
	assert_int_equal(ipmi_reply_decode(reply, sizeof(reply), &decoded), -EBADMSG);
	assert_int_equal(ipmi_reply_decode((const uint8_t *)"\x06\x00\xff\x06", 4, &decoded), -EBADMSG);
}

/* What OpenIPMI's ipmi_sim answered the probe (tests/fixtures/ipmi/README.md). */
static void ipmi_sim_reply(void **state)
{
	char path[4096];
	uint8_t data[64];
	struct ipmi_reply reply;
	size_t length;
	FILE *file;

	(void)state;
	snprintf(path, sizeof(path), "%s/ipmi/ipmi_sim-2.0.33.bin", FIXTURES);
	file = fopen(path, "rb");
	assert_non_null(file);
	length = fread(data, 1, sizeof(data), file);
	fclose(file);
	assert_int_equal(length, 30);
	assert_int_equal(ipmi_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.completion, 0);
	assert_true(reply.ipmi20);
	assert_int_equal(reply.auth_types, 0x17);
	assert_false(reply.anonymous);
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/ipmi", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/ipmi/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shadowserver_file),
		cmocka_unit_test(picked_whatever_the_address),
		cmocka_unit_test(explained),
		cmocka_unit_test(request_bytes),
		cmocka_unit_test(reply_read),
		cmocka_unit_test(ipmi_sim_reply),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
