/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The open resolver's abuse mails, told by the real table of services:
 * Shadowserver's scan_dns file by its name and its columns, and
 * CERT-Bund's mail by its words. */
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

#include "mail/abuse.h"
#include "model/cidr.h"
#include "services/dns/dns.h"
#include "abuse_fixture.h"

static void shadowserver_file(void **state)
{
	struct abuse_report report = { 0 };
	char text[CIDR_TEXT_MAX];

	(void)state;
	read_fixture("2026-11-24-scan_dns-asn64496-de.csv", &report);
	assert_int_equal(report.count, 2);
	assert_int_equal(report.source_count, 1);
	assert_ptr_equal(report.sources[0].service, &dns_service);
	assert_string_equal(report.sources[0].report_type, "scan_dns");
	assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_SHADOWSERVER);
	assert_ptr_equal(report.rows[1].service, &dns_service);
	assert_string_equal(ip_address_format(&report.rows[1].ip, text), "192.0.2.54");
	assert_int_equal(report.rows[0].port, 53);
	assert_string_equal(abuse_row_column(&report.rows[0], "dns_version"), "unbound 1.17.1");
	assert_string_equal(abuse_row_column(&report.rows[1], "min_amplification"), "3.12");
	abuse_report_free(&report);
}

static void certbund_mail_by_its_words(void **state)
{
	struct abuse_report report = { 0 };
	const struct service *services[SERVICES_MAX];
	char text[CIDR_TEXT_MAX];

	(void)state;
	read_fixture("certbund-dns.txt", &report);
	assert_int_equal(report.count, 1);
	assert_ptr_equal(report.sources[0].service, &dns_service);
	assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_CERT_BUND);
	assert_string_equal(ip_address_format(&report.rows[0].ip, text), "192.0.2.53");
	assert_int_equal(abuse_report_services(&report, NULL, services, SERVICES_MAX), 1);
	assert_ptr_equal(services[0], &dns_service);
	abuse_report_free(&report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shadowserver_file),
		cmocka_unit_test(certbund_mail_by_its_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
