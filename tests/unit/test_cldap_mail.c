/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLDAP service's abuse mails, told by the real table of services:
 * Shadowserver's scan_ldap_udp file bare and attached, and CERT-Bund's
 * mail by its words and its dns_hostname column. */
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

#include "base/prose.h"
#include "mail/abuse.h"
#include "model/cidr.h"
#include "services/cldap/cldap.h"
#include "services/cldap/cldap_probe.h"
#include "abuse_fixture.h"

static void shadowserver_file_and_mail(void **state)
{
	static const char file[] = "2026-11-24-scan_ldap_udp-asn64496-de.csv";
	char text[CIDR_TEXT_MAX];

	(void)state;
	for (int attached = 0; attached < 2; attached++) {
		struct abuse_report report = { 0 };

		read_fixture(attached ? "shadowserver-cldap.eml" : file, &report);
		assert_int_equal(report.count, 2);
		assert_int_equal(report.source_count, 1);
		assert_ptr_equal(report.sources[0].service, &cldap_service);
		assert_string_equal(report.sources[0].report_type, "scan_ldap_udp");
		assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_SHADOWSERVER);
		assert_string_equal(report.sources[0].attachment, attached ? file : "");
		assert_ptr_equal(report.rows[1].service, &cldap_service);
		assert_string_equal(ip_address_format(&report.rows[0].ip, text), "192.0.2.70");
		assert_int_equal(report.rows[0].port, 389);
		assert_string_equal(abuse_row_column(&report.rows[0], "dns_host_name"), "dc1.pg.test");
		assert_string_equal(abuse_row_column(&report.rows[1], "default_naming_context"), "DC=corp,DC=example");
		assert_string_equal(report.rows[0].amplification, "44.28");
		assert_null(abuse_row_column(&report.rows[0], "severity"));
		abuse_report_free(&report);
	}
}

static void certbund_mail_by_its_words(void **state)
{
	struct abuse_report report = { 0 };
	const struct service *services[SERVICES_MAX];

	(void)state;
	read_fixture("certbund-cldap.txt", &report);
	assert_int_equal(report.count, 1);
	assert_ptr_equal(report.sources[0].service, &cldap_service);
	assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_CERT_BUND);
	assert_string_equal(abuse_row_column(&report.rows[0], "dns_hostname"), "dc1.pg.test");
	assert_int_equal(abuse_report_services(&report, NULL, services, SERVICES_MAX), 1);
	assert_ptr_equal(services[0], &cldap_service);
	abuse_report_free(&report);
}

/* What report_row says of a row's DC name, against the DC that answered. */
static char *row_words(const char *reported, bool here, const struct service_answer *answer, enum language language)
{
	struct service_column column = { .name = (char *)"dns_hostname", .value = (char *)reported };
	char *text = NULL;
	size_t size = 0;
	struct prose prose = { .out = open_memstream(&text, &size) };

	assert_non_null(prose.out);
	cldap_service.mail->report_row(&column, 1, here, answer, 1, language, &prose);
	fclose(prose.out);
	/* the paragraph's wrapping and indent folded back into single blanks */
	for (size_t from = 0, to = 0;; from++) {
		char c = text[from] == '\n' ? ' ' : text[from];

		if (c == ' ' && (to == 0 || text[to - 1] == ' '))
			continue;
		text[to++] = c;
		if (!c)
			break;
	}
	return text;
}

static void report_row_names_the_dc(void **state)
{
	struct cldap_detail detail = { .dse = { .entry = true, .dns_host_name = "dc1.pg.test" } };
	struct service_answer answer = { .reachable = true, .probe = &cldap_probe, .detail = &detail };
	char *text;

	(void)state;
	text = row_words("DC1.pg.test", true, &answer, LANGUAGE_ENGLISH);
	assert_non_null(strstr(text, "The reported domain controller \"DC1.pg.test\" is this server"));
	free(text);
	text = row_words("ad01.corp.example", true, &answer, LANGUAGE_GERMAN);
	assert_non_null(strstr(text, "„ad01.corp.example“; dieser Server nannte sich bei der Prüfung „dc1.pg.test“"));
	free(text);
	/* another host's row, or no answer: nothing */
	text = row_words("dc1.pg.test", false, &answer, LANGUAGE_ENGLISH);
	assert_string_equal(text, "");
	free(text);
	text = row_words("dc1.pg.test", true, NULL, LANGUAGE_ENGLISH);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shadowserver_file_and_mail),
		cmocka_unit_test(certbund_mail_by_its_words),
		cmocka_unit_test(report_row_names_the_dc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
