/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report of a run of several services from one provider mail
 * (issue 19's family: tests/fixtures/abuse/netbios-dns-ipmi.eml):
 * NetBIOS restricted, DNS (an authoritative zone) and IPMI (the BMC's)
 * explained. The run's last report has a section for every service,
 * each row is answered in its own service's section and referred there
 * from the others, no section advises a fix that changes nothing, and
 * each section's check from outside names only its own rows of this
 * host. A report written before a later service of the run leaves that
 * service's rows to the same run, and advises "fix --service" only for
 * a service the run does not act on. German and English. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fix/fix_run.h"
#include "kernel/addresses.h"
#include "mail/abuse.h"
#include "model/cidr.h"
#include "report/report.h"
#include "services/service.h"

#include "abuse_fixture.h"
#include "flat_text.h"

#define HOST_ADDRESS "192.0.2.10"
#define BMC_ADDRESS "192.0.2.11"
#define NETBIOS_ROW "192.0.2.10 (gemeldet 2026-11-24 05:12:40)"
#define DNS_ROW "192.0.2.10 (gemeldet 2026-11-24 04:12:31)"
#define IPMI_ROW "192.0.2.11 (gemeldet 2026-11-24 05:41:07)"
#define NETBIOS_ROW_EN "192.0.2.10 (reported 2026-11-24 05:12:40)"
#define DNS_ROW_EN "192.0.2.10 (reported 2026-11-24 04:12:31)"
#define IPMI_ROW_EN "192.0.2.11 (reported 2026-11-24 05:41:07)"

/* The record fix makes of one service of the run, with the mail's rows
 * checked against this host's one address. */
static struct fix_record *run_record(const struct service *service, enum action action)
{
	struct fix_record *record = calloc(1, sizeof(*record));
	struct local_address here = { .prefix_length = 24, .scope = SCOPE_PUBLIC };
	struct address_list local = { .items = &here, .count = 1, .capacity = 1 };
	struct abuse_report mail = { 0 };
	struct cidr office;

	assert_non_null(record);
	assert_non_null(service);
	assert_int_equal(ip_address_parse(HOST_ADDRESS, &here.address), 0);
	read_fixture("netbios-dns-ipmi.eml", &mail);
	assert_int_equal(mail.count, 3);
	record->format = FIX_RECORD_FORMAT;
	record->version = strdup("test");
	record->service = service;
	record->host = strdup("host");
	record->time = strdup("2026-11-24T10:30:00Z");
	record->action = action;
	record->status = FIX_APPLIED;
	record->local_addresses = calloc(1, sizeof(*record->local_addresses));
	assert_non_null(record->local_addresses);
	record->local_addresses[0] = here.address;
	record->local_address_count = 1;
	record->has_local_addresses = true;
	assert_int_equal(abuse_record_from_report(&mail, &local, &record->abuse_report), 0);
	record->has_abuse_report = true;
	abuse_report_free(&mail);
	if (action == ACTION_RESTRICT) {
		struct nft_ruleset *ruleset = &record->changes.nft.ruleset;

		record->changed = FIX_YES;
		record->verified = FIX_YES;
		record->proof.exposed = FIX_NO;
		record->changes.action = ACTION_RESTRICT;
		record->changes.has_nft = true;
		service_nft_shape(service, &ruleset->shape);
		assert_int_equal(cidr_parse("10.20.0.0/24", &office), 0);
		assert_int_equal(cidr_list_add(&ruleset->trusted, &office), 0);
		assert_int_equal(nft_ruleset_add_port(ruleset, service_port(service)), 0);
	} else {
		record->changed = FIX_NO;
		record->verified = FIX_UNKNOWN;
	}
	return record;
}

struct run {
	struct fix_record *netbios, *dns, *ipmi;
};

static int run_setup(void **state)
{
	struct run *run = calloc(1, sizeof(*run));

	assert_non_null(run);
	run->netbios = run_record(service_find("netbios"), ACTION_RESTRICT);
	run->dns = run_record(service_find("dns"), ACTION_EXPLAIN);
	run->ipmi = run_record(service_find("ipmi"), ACTION_EXPLAIN);
	*state = run;
	return 0;
}

static int run_teardown(void **state)
{
	struct run *run = *state;

	fix_record_freep(&run->netbios);
	fix_record_freep(&run->dns);
	fix_record_freep(&run->ipmi);
	free(run);
	return 0;
}

/* The report's sections, split at the "========" lines, flattened. */
static size_t sections_of(const char *text, char **ret_sections, size_t max)
{
	size_t count = 0;
	const char *start = text;

	for (;;) {
		const char *end = strstr(start, "\n========\n");
		char *raw;

		assert_true(count < max);
		raw = end ? strndup(start, (size_t)(end - start)) : strdup(start);
		assert_non_null(raw);
		ret_sections[count++] = flatten(raw);
		free(raw);
		if (!end)
			return count;
		start = end + strlen("\n========\n");
	}
}

static void expect(const char *section, const char *wanted)
{
	if (!strstr(section, wanted))
		fail_msg("missing \"%s\" in:\n%s", wanted, section);
}

static void expect_not(const char *section, const char *unwanted)
{
	if (strstr(section, unwanted))
		fail_msg("unexpected \"%s\" in:\n%s", unwanted, section);
}

/* The part of a flattened section from one text up to another. */
static char *between(const char *section, const char *from, const char *to)
{
	const char *start = strstr(section, from), *end;

	if (!start)
		fail_msg("missing \"%s\" in:\n%s", from, section);
	end = strstr(start, to);
	if (!end)
		fail_msg("missing \"%s\" after \"%s\" in:\n%s", to, from, section);
	return strndup(start, (size_t)(end - start));
}

/* A row of the section's own service is answered there; a row of the
 * run's other services is referred to their section, in both
 * languages; no section advises a fix for any of them. */
static void expect_rows_answered(const char *section, const char *own_row, const char *own_row_en)
{
	static const struct {
		const char *german, *english, *section_de, *section_en;
	} rows[] = {
		{ NETBIOS_ROW, NETBIOS_ROW_EN, "„Offener NetBIOS-Dienst“", "\"Open NetBIOS service\"" },
		{ DNS_ROW, DNS_ROW_EN, "„Offener DNS-Resolver“", "\"Open DNS resolver\"" },
		{ IPMI_ROW, IPMI_ROW_EN, "„Offene IPMI-Schnittstelle“", "\"Open IPMI interface\"" },
	};
	char wanted[512];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (strcmp(rows[i].german, own_row) == 0) {
			(void)own_row_en;
			continue;
		}
		snprintf(wanted, sizeof(wanted), "- %s: betrifft den Dienst", rows[i].german);
		expect(section, wanted);
		snprintf(wanted, sizeof(wanted), "diese Antwort behandelt ihn in seinem Abschnitt %s.", rows[i].section_de);
		expect(section, wanted);
		snprintf(wanted, sizeof(wanted), "- %s: about the service", rows[i].english);
		expect(section, wanted);
		snprintf(wanted, sizeof(wanted), "which this answer deals with in its section %s.", rows[i].section_en);
		expect(section, wanted);
	}
	expect_not(section, "nicht behandelt hat");
	expect_not(section, "did not deal with");
	expect_not(section, "portguard fix --service");
}

static void expect_subject(const char *section, const char *subject)
{
	char wanted[256];

	snprintf(wanted, sizeof(wanted), "Betreff / Subject: Re: %s", subject);
	if (strncmp(section, wanted, strlen(wanted)) != 0)
		fail_msg("the section does not begin \"%s\":\n%s", wanted, section);
}

/* The run's last report from its three sections, in the mail's order:
 * one each, every row answered in its own service's section. */
static void the_last_report_covers_every_row(void **state)
{
	struct run *run = *state;
	const struct fix_record *sections[] = { run->netbios, run->dns, run->ipmi };
	char *text = NULL, *section[8], *check;
	size_t count;

	assert_int_equal(report_run_text(&(struct report_run){ .sections = sections, .count = 3 }, &text), 0);
	count = sections_of(text, section, 8);
	assert_int_equal(count, 3);
	expect_subject(section[0], "Offener NetBIOS-Dienst / Open NetBIOS service – behoben / fixed");
	expect_subject(section[1], "Offener DNS-Resolver / Open DNS resolver – Konfiguration zu ändern / configuration to change");
	expect_subject(section[2], "Offene IPMI-Schnittstelle / Open IPMI interface – Konfiguration zu ändern / configuration to change");

	expect(section[0], "- " NETBIOS_ROW ": eine Adresse dieses Servers. Die Änderung oben gilt für sie.");
	expect(section[0], "- " NETBIOS_ROW_EN ": an address of this server. The change above covers it.");
	expect_rows_answered(section[0], NETBIOS_ROW, NETBIOS_ROW_EN);
	expect(section[1], "- " DNS_ROW ": eine Adresse dieses Servers.");
	expect(section[1], "- " DNS_ROW_EN ": an address of this server.");
	expect_rows_answered(section[1], DNS_ROW, DNS_ROW_EN);
	expect(section[2], "- " IPMI_ROW ": keine Adresse dieses Servers; es ist die Adresse des gemeldeten Geräts selbst");
	expect(section[2], "- " IPMI_ROW_EN ": no address of this server; it is the reported device's own");
	expect_rows_answered(section[2], IPMI_ROW, IPMI_ROW_EN);

	/* Each section's check from outside: its own rows of this host. */
	for (size_t i = 0; i < 2; i++) {
		check = between(section[i], "Prüfung von außen", "Ihre Meldung");
		expect(check, HOST_ADDRESS);
		expect_not(check, BMC_ADDRESS);
		free(check);
		check = between(section[i], "How to check from outside", "Your report");
		expect(check, HOST_ADDRESS);
		expect_not(check, BMC_ADDRESS);
		expect(check, i == 0 ? "portguard probe --service netbios 192.0.2.10" : "portguard probe --service dns 192.0.2.10");
		free(check);
	}
	expect_not(section[2], "How to check from outside");
	for (size_t i = 0; i < count; i++)
		free(section[i]);
	free(text);
}

/* The one check from outside lists no other service's row, nor another
 * device's address, even when it is the report's only section. */
static void the_check_from_outside_names_its_own_rows(void **state)
{
	struct run *run = *state;
	char *text = NULL, *flat, *check;

	assert_int_equal(report_text(run->netbios, &text), 0);
	flat = flatten(text);
	check = between(flat, "How to check from outside", "Your report");
	expect(check, "portguard probe --service netbios 192.0.2.10");
	expect_not(check, BMC_ADDRESS);
	free(check);
	check = between(flat, "Prüfung von außen", "Ihre Meldung");
	expect_not(check, BMC_ADDRESS);
	free(check);
	/* Not in this report: DNS may be fixed yet; IPMI never is. */
	expect(flat, "- " DNS_ROW_EN ": about the service dns, which this change did not deal with; \"portguard fix --service dns\" does.");
	expect(flat, "- " IPMI_ROW_EN ": about the service ipmi, which this answer does not deal with; the reported device itself answers it, and no change of this server closes it.");
	expect(flat, "- " IPMI_ROW ": betrifft den Dienst ipmi, den diese Antwort nicht behandelt; ihn beantwortet das gemeldete Gerät selbst, keine Änderung dieses Servers schließt ihn.");
	expect_not(flat, "fix --service ipmi");
	free(flat);
	free(text);
}

#define LATER_DNS_DE "- " DNS_ROW ": betrifft den Dienst dns, den derselbe Lauf von portguard anschließend behandelt; der letzte Bericht dieses Laufs beantwortet jede Zeile Ihrer Meldung."
#define LATER_DNS_EN "- " DNS_ROW_EN ": about the service dns, which this same run of portguard deals with afterwards; the run's last report answers every row of your report."
#define MAIL_ONLY_IPMI_DE "- " IPMI_ROW ": betrifft den Dienst ipmi, den diese Antwort nicht behandelt; ihn beantwortet das gemeldete Gerät selbst"
#define MAIL_ONLY_IPMI_EN "- " IPMI_ROW_EN ": about the service ipmi, which this answer does not deal with; the reported device itself answers it"

/* The text fix writes for record's report in a run that picked these
 * services: the sections so far and the services picked after it. */
static char *run_report_text(const struct service *const *picked, size_t picked_count,
			     const struct fix_record *const *sections, size_t count)
{
	struct fix_run_sections run = { .picked = picked, .picked_count = picked_count };
	struct report_run report = { .sections = sections, .count = count };
	char *text = NULL, *flat;

	report.later = fix_run_later_services(&run, sections[count - 1]->service, &report.later_count);
	assert_int_equal(report_run_text(&report, &text), 0);
	flat = flatten(text);
	free(text);
	return flat;
}

/* The reports a run of NetBIOS, DNS and IPMI writes before its last:
 * a row of DNS, which the run deals with after them, is not advised
 * "fix --service dns" but left to the same run and its last report;
 * IPMI's row keeps its own sentence. German and English. */
static void an_earlier_report_leaves_later_services_to_the_run(void **state)
{
	struct run *run = *state;
	const struct service *picked[] = { run->netbios->service, run->dns->service, run->ipmi->service };
	const struct fix_record *sections[] = { run->netbios, run->dns };
	struct fix_run_sections picks = { .picked = picked, .picked_count = 3 };
	struct report_run report = { .sections = sections, .count = 2 };
	char *flat, *section[8], *text = NULL;
	size_t count;

	/* NetBIOS's report, the run's first: DNS and IPMI come later. */
	flat = run_report_text(picked, 3, sections, 1);
	expect(flat, LATER_DNS_DE);
	expect(flat, LATER_DNS_EN);
	expect(flat, MAIL_ONLY_IPMI_DE);
	expect(flat, MAIL_ONLY_IPMI_EN);
	expect_not(flat, "fix --service");
	expect_not(flat, "nicht behandelt hat");
	expect_not(flat, "did not deal with");
	free(flat);

	/* DNS's report: NetBIOS's section and its own; IPMI comes later,
	 * and its rows keep their own sentence in both sections. */
	report.later = fix_run_later_services(&picks, run->dns->service, &report.later_count);
	assert_int_equal(report.later_count, 1);
	assert_int_equal(report_run_text(&report, &text), 0);
	count = sections_of(text, section, 8);
	assert_int_equal(count, 2);
	for (size_t i = 0; i < count; i++) {
		expect(section[i], MAIL_ONLY_IPMI_DE);
		expect(section[i], MAIL_ONLY_IPMI_EN);
		expect_not(section[i], "derselbe Lauf");
		expect_not(section[i], "this same run");
		expect_not(section[i], "fix --service");
		free(section[i]);
	}
	free(text);
}

/* A run that does not act on DNS (NetBIOS and IPMI only) still advises
 * "fix --service dns" for its row, in both languages, and so does a
 * report of NetBIOS alone. */
static void a_service_outside_the_run_is_still_advised_a_fix(void **state)
{
	struct run *run = *state;
	const struct service *picked[] = { run->netbios->service, run->ipmi->service };
	const struct fix_record *sections[] = { run->netbios };
	char *flat;

	for (size_t picked_count = 2; picked_count > 0; picked_count--) {
		flat = run_report_text(picked, picked_count, sections, 1);
		expect(flat, "- " DNS_ROW ": betrifft den Dienst dns, den diese Änderung nicht behandelt hat; „portguard fix --service dns“ behandelt ihn.");
		expect(flat, "- " DNS_ROW_EN ": about the service dns, which this change did not deal with; \"portguard fix --service dns\" does.");
		expect(flat, MAIL_ONLY_IPMI_EN);
		expect_not(flat, "derselbe Lauf");
		expect_not(flat, "this same run");
		expect_not(flat, "fix --service ipmi");
		free(flat);
	}
}

/* A chain of one run (the state's same_run), as portguard report
 * renders it: the sections refer to each other's rows. */
static void a_chain_of_the_run_refers_rows_to_their_section(void **state)
{
	struct run *run = *state;
	char *text = NULL, *section[8];
	size_t count;

	run->dns->same_run = true;
	fix_record_set_earlier(run->dns, run->netbios, 32);
	run->netbios = NULL;
	assert_int_equal(report_text(run->dns, &text), 0);
	count = sections_of(text, section, 8);
	assert_int_equal(count, 2);
	expect(section[0], "- " DNS_ROW ": betrifft den Dienst dns; diese Antwort behandelt ihn in seinem Abschnitt „Offener DNS-Resolver“.");
	expect(section[1], "- " NETBIOS_ROW_EN ": about the service netbios, which this answer deals with in its section \"Open NetBIOS service\".");
	for (size_t i = 0; i < count; i++) {
		expect_not(section[i], "did not deal with; \"portguard fix --service netbios");
		expect_not(section[i], "fix --service ipmi");
		free(section[i]);
	}
	free(text);
}

/* What fix hands the report of each service of the run: NetBIOS
 * changed (in the state's chain), DNS explained (in memory), then
 * IPMI's record; the sections in the run's order, once each. */
static void fix_gives_each_report_the_run_so_far(void **state)
{
	struct run *run = *state;
	struct fix_run_sections sections = { .count = 2 };
	const struct fix_record *report[SERVICES_MAX + 1];
	const struct service *picked[] = { run->netbios->service, run->dns->service, run->ipmi->service };
	const struct service *const *later;
	size_t later_count = 99;

	sections.services[0] = run->netbios->service;
	sections.services[1] = run->dns->service;
	sections.explained[1] = run->dns;
	run->ipmi->same_run = true;
	fix_record_set_earlier(run->ipmi, run->netbios, 32);
	assert_int_equal(fix_run_report_sections(&sections, run->ipmi, report), 3);
	assert_ptr_equal(report[0], run->netbios);
	assert_ptr_equal(report[1], run->dns);
	assert_ptr_equal(report[2], run->ipmi);
	/* The run before DNS was explained: NetBIOS, then IPMI. */
	sections.count = 1;
	assert_int_equal(fix_run_report_sections(&sections, run->ipmi, report), 2);
	assert_ptr_equal(report[0], run->netbios);
	assert_ptr_equal(report[1], run->ipmi);
	/* A service of the run is one section, however often it is named. */
	sections.services[1] = run->ipmi->service;
	sections.explained[1] = run->ipmi;
	sections.count = 2;
	assert_int_equal(fix_run_report_sections(&sections, run->ipmi, report), 2);
	assert_ptr_equal(report[1], run->ipmi);
	sections.explained[1] = run->dns;
	/* The services picked after each: a pointer into the pick. */
	assert_null(fix_run_later_services(&sections, run->netbios->service, &later_count));
	assert_int_equal(later_count, 0);
	sections.picked = picked;
	sections.picked_count = 3;
	later = fix_run_later_services(&sections, run->netbios->service, &later_count);
	assert_int_equal(later_count, 2);
	assert_ptr_equal(later, &picked[1]);
	later = fix_run_later_services(&sections, run->dns->service, &later_count);
	assert_int_equal(later_count, 1);
	assert_ptr_equal(later[0], run->ipmi->service);
	assert_null(fix_run_later_services(&sections, run->ipmi->service, &later_count));
	assert_int_equal(later_count, 0);
	assert_null(fix_run_later_services(&sections, service_find("snmp"), &later_count));
	assert_int_equal(later_count, 0);
	run->netbios = NULL;	/* IPMI's chain owns it */
	run->dns = NULL;	/* the run's, freed with it */
	fix_run_sections_free(&sections);
	assert_int_equal(sections.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_last_report_covers_every_row, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(the_check_from_outside_names_its_own_rows, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(an_earlier_report_leaves_later_services_to_the_run, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(a_service_outside_the_run_is_still_advised_a_fix, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(a_chain_of_the_run_refers_rows_to_their_section, run_setup, run_teardown),
		cmocka_unit_test_setup_teardown(fix_gives_each_report_the_run_so_far, run_setup, run_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
