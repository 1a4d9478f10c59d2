/* SPDX-License-Identifier: GPL-2.0-or-later */
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

#include "assess/plan.h"
#include "base/error_record.h"
#include "base/paths.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/dns/dns.h"
#include "services/dns/dns_consumers.h"
#include "services/dns/dns_probe.h"

static void open_root(const char *name, struct host *tree)
{
	char root[4096];

	snprintf(root, sizeof(root), "%s/dns/%s", FIXTURES, name);
	assert_int_equal(host_open(root, tree), 0);
}

static int find(const char *name, struct consumer_list *list)
{
	struct host tree;
	struct consumer_request request = { .host = &tree };
	struct error_record error = { 0 };
	int r;

	open_root(name, &tree);
	r = dns_service.find_consumers(&request, list, &error);
	host_close(&tree);
	return r;
}

static bool noted(const struct consumer_list *list, const char *words)
{
	for (size_t i = 0; i < list->note_count; i++)
		if (strstr(list->notes[i], words))
			return true;
	return false;
}

/* The plan for the consumers found, as fix would decide it outside systemd. */
static void decide(const struct consumer_list *consumers, struct plan *plan)
{
	struct supervision supervision = { .under_systemd = true };
	struct plan_input input = { .service = &dns_service, .exposed = true, .mode = MODE_AUTO, .consumers = consumers,
				    .supervision = &supervision };
	struct error_record error = { 0 };

	assert_int_equal(plan_decide(&input, plan, &error), 0);
}

static void unbound_auth_zone_is_explained(void **state)
{
	struct consumer_list list = { 0 };
	struct plan plan;
	char text[PLAN_TEXT_MAX];

	(void)state;
	assert_int_equal(find("root-unbound-auth", &list), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &dns_kind_zone);
	assert_string_equal(list.items[0].evidence,
			    "/etc/unbound/unbound.conf.d/zones.conf:2: auth-zone: example.org (for everyone)");
	assert_string_equal(list.items[0].facts.object, "/etc/unbound/unbound.conf.d/server.conf:4: access-control: 0.0.0.0/0 allow");
	assert_true(noted(&list, "lets every address recurse"));
	/* no mode and no force make it firewall the zone */
	decide(&list, &plan);
	assert_int_equal(plan.action, ACTION_EXPLAIN);
	assert_int_equal(plan.reason, PLAN_REASON_EXPLAIN);
	assert_int_equal(plan.step_count, 0);
	plan_reason_format(&plan, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_string_equal(text, "/etc/unbound/unbound.conf.d/zones.conf:2 serves auth-zone: example.org to the world, so "
			    "portguard does not firewall port 53: change /etc/unbound/unbound.conf.d/server.conf:4: "
			    "access-control: 0.0.0.0/0 allow to \"access-control: 0.0.0.0/0 refuse\" plus "
			    "\"access-control: <your network> allow\" in unbound.conf.");
	plan_reason_format(&plan, LANGUAGE_GERMAN, text, sizeof(text));
	assert_non_null(strstr(text, "dient auth-zone: example.org der ganzen Welt"));
	plan_free(&plan);
	consumer_list_free(&list);
}

static void recursive_only_unbound_is_restricted_to_its_clients(void **state)
{
	struct consumer_list list = { 0 };
	struct plan plan;
	char text[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(find("root-unbound-recursive", &list), 0);
	/* the local-zone without data and the forward-zone serve nobody */
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &dns_kind_clients);
	assert_int_equal(list.items[0].trusted.count, 1);
	cidr_format(&list.items[0].trusted.items[0], text);
	assert_string_equal(text, "10.77.54.0/24");
	assert_string_equal(list.items[0].evidence,
			    "/etc/unbound/unbound.conf:4: access-control: 10.77.54.0/24 allow lets 10.77.54.0/24 recurse");
	decide(&list, &plan);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_int_equal(plan.reason, PLAN_REASON_CONSUMERS);
	assert_int_equal(plan.port_count, 1);
	assert_int_equal(plan.ports[0], 53);
	assert_int_equal(plan.trusted.count, 1);
	plan_free(&plan);
	consumer_list_free(&list);
}

static void bind_primary_zone_is_explained_with_allow_recursion(void **state)
{
	struct consumer_list list = { 0 };
	struct plan plan;
	char text[PLAN_TEXT_MAX];

	(void)state;
	assert_int_equal(find("root-bind", &list), 0);
	/* the forward zone is no authoritative one; the include read once */
	assert_int_equal(list.count, 1);
	assert_string_equal(list.items[0].evidence,
			    "/etc/bind/named.conf.local:1: zone \"example.net\" { type primary; } (for everyone)");
	decide(&list, &plan);
	assert_int_equal(plan.action, ACTION_EXPLAIN);
	plan_reason_format(&plan, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_non_null(strstr(text, "change /etc/bind/named.conf.options:4: allow-recursion { any; } to "
				     "\"allow-recursion { localhost; <your networks>; };\""));
	plan_free(&plan);
	consumer_list_free(&list);
}

static void dnsmasq_auth_zone_is_explained_with_local_service(void **state)
{
	struct consumer_list list = { 0 };
	struct plan plan;
	char text[PLAN_TEXT_MAX];

	(void)state;
	assert_int_equal(find("root-dnsmasq", &list), 0);
	assert_int_equal(list.count, 1);
	decide(&list, &plan);
	assert_int_equal(plan.action, ACTION_EXPLAIN);
	plan_reason_format(&plan, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_non_null(strstr(text, "/etc/dnsmasq.conf:2 serves auth-zone=example.com,192.0.2.0/24 to the world"));
	assert_non_null(strstr(text, "set \"local-service\""));
	plan_free(&plan);
	consumer_list_free(&list);
}

static void nothing_configured_stops(void **state)
{
	struct consumer_list list = { 0 };
	struct plan plan;

	(void)state;
	assert_int_equal(find("root-none", &list), 0);
	assert_int_equal(list.count, 0);
	decide(&list, &plan);
	assert_int_equal(plan.action, ACTION_STOP);
	plan_free(&plan);
	consumer_list_free(&list);
}

static void answers_outsiders_from_answer_and_config(void **state)
{
	struct dns_detail refused = { .recursive = { .status = 0, .reply = { .rcode = DNS_RCODE_REFUSED } } };
	struct dns_detail recursed = { .recursive = { .status = 0, .reply = { .rcode = DNS_RCODE_SERVFAIL,
									   .recursion_available = true } } };
	struct service_answer answer = { .reachable = true, .probe = &dns_probe, .detail = &refused };
	struct host tree;

	(void)state;
	/* a server that does not recurse for this host is no resolver */
	open_root("root-unbound-auth", &tree);
	assert_false(dns_answers_outsiders(&tree, &answer));
	answer.detail = &recursed;
	assert_true(dns_answers_outsiders(&tree, &answer));
	host_close(&tree);
	/* no configuration read: the listeners decide */
	open_root("root-none", &tree);
	assert_true(dns_answers_outsiders(&tree, &answer));
	host_close(&tree);
}

static void parsers_keep_to_their_bounds(void **state)
{
	struct dns_config config = { 0 };
	char text[8192];

	(void)state;
	/* an auth-zone without a name, local-data without a zone, a bad network */
	assert_int_equal(dns_config_parse(DNS_DAEMON_UNBOUND, "/u", "auth-zone:\nserver:\nlocal-data: \"a A 1.2.3.4\"\n"
					  "access-control: 300.1.1.1/8 allow\naccess-control: 10.0.0.0/8\n"
					  /* a network of 63 characters and more: ASan found a 58-byte buffer */
					  "access-control: 1234567890123456789012345678901234567890123456789012345678901234567 allow\n",
					  &config), 0);
	assert_int_equal(config.zone_count, 0);
	assert_int_equal(config.allowed.count, 0);
	dns_config_free(&config);
	/* BIND: unclosed braces, a comment that never ends, zones past the bound */
	config = (struct dns_config){ 0 };
	text[0] = '\0';
	for (int i = 0; i < 20; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "zone \"z%d\" { type master; };\n", i);
	strcat(text, "options { allow-recursion { 10.1.0.0/16; localhost; 127.0.0.1; }; /* open");
	assert_int_equal(dns_config_parse(DNS_DAEMON_BIND, "/b", text, &config), 0);
	assert_int_equal(config.zone_count, DNS_ZONES_MAX);
	assert_int_equal(config.allowed.count, 1);
	dns_config_free(&config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unbound_auth_zone_is_explained),
		cmocka_unit_test(recursive_only_unbound_is_restricted_to_its_clients),
		cmocka_unit_test(bind_primary_zone_is_explained_with_allow_recursion),
		cmocka_unit_test(dnsmasq_auth_zone_is_explained_with_local_service),
		cmocka_unit_test(nothing_configured_stops),
		cmocka_unit_test(answers_outsiders_from_answer_and_config),
		cmocka_unit_test(parsers_keep_to_their_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
