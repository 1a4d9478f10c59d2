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

#include "model/cidr.h"
#include "cidr_text.h"
#include "assess/plan.h"
#include "rpc/rpc.h"
#include "services/portmapper/consumers.h"
#include "services/portmapper/portmapper.h"

static const struct supervision systemd_rpcbind = {
	.under_systemd = true, .socket_activated = true, .evidence = "port 111 is held by systemd[1] for rpcbind.socket",
};
static const struct supervision manual_rpcbind = {
	.evidence = "port 111 is held by rpcbind[812], which runs outside systemd",
};

/* The plan's reason and steps in English, as check shows them. */
static const char *reason_of(const struct plan *plan)
{
	static char text[PLAN_TEXT_MAX];

	plan_reason_format(plan, LANGUAGE_ENGLISH, text, sizeof(text));
	return text;
}

static const char *step_of(const struct plan *plan, size_t index)
{
	static char text[PLAN_STEP_MAX];

	plan_step_format(plan, index, LANGUAGE_ENGLISH, text, sizeof(text));
	return text;
}

static void add_consumer(struct consumer_list *list, const struct consumer_kind *kind, const char *evidence,
			 const char *trusted, const char *ambiguity)
{
	struct consumer *consumer;

	list->items = realloc(list->items, (list->count + 1) * sizeof(*list->items));
	assert_non_null(list->items);
	consumer = &list->items[list->count++];
	*consumer = (struct consumer){ .kind = kind };
	snprintf(consumer->evidence, sizeof(consumer->evidence), "%s", evidence);
	if (trusted)
		assert_int_equal(cidr_list_parse(trusted, &consumer->trusted, NULL), 0);
	if (ambiguity) {
		consumer->ambiguous = true;
		snprintf(consumer->ambiguity, sizeof(consumer->ambiguity), "%s", ambiguity);
	}
}

static int decide(struct consumer_list *consumers, const struct supervision *service, enum mode mode,
		  const char *given, bool force, struct plan *plan, char *error)
{
	struct cidr_list trusted = { 0 };
	struct plan_input input = { .service = &portmapper_service,
		.exposed = true, .mode = mode, .force = force, .trusted_given = &trusted,
		.consumers = consumers, .supervision = service,
	};
	struct error_record record = { 0 };
	int r;

	if (given)
		assert_int_equal(cidr_list_parse(given, &trusted, NULL), 0);
	r = plan_decide(&input, plan, &record);
	snprintf(error, ERROR_MESSAGE_MAX, "%s", record.message);
	cidr_list_free(&trusted);
	return r;
}

static void not_exposed_is_none(void **state)
{
	struct consumer_list consumers = { 0 };
	struct plan_input input = { .service = &portmapper_service, .exposed = false, .consumers = &consumers, .supervision = &systemd_rpcbind };
	struct plan plan;
	struct error_record record = { 0 };

	(void)state;
	assert_int_equal(plan_decide(&input, &plan, &record), 0);
	assert_int_equal(plan.action, ACTION_NONE);
	assert_int_equal(plan.step_count, 0);
	assert_string_equal(reason_of(&plan), "Port 111 is not reachable from other hosts, so nothing needs to change.");
	plan_free(&plan);
}

static void nobody_needs_it_stops_both_units(void **state)
{
	struct consumer_list consumers = { 0 };
	struct plan plan;
	char error[ERROR_MESSAGE_MAX];

	(void)state;
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_AUTO, NULL, false, &plan, error), 0);
	assert_int_equal(plan.action, ACTION_STOP);
	assert_non_null(strstr(reason_of(&plan), "No service on this host needs rpcbind"));
	assert_int_equal(plan.unit_count, 2);
	assert_string_equal(step_of(&plan, 0), "systemctl stop rpcbind.socket rpcbind.service");
	assert_string_equal(step_of(&plan, 1), "systemctl disable rpcbind.socket rpcbind.service");
	assert_string_equal(step_of(&plan, 2), "systemctl mask rpcbind.socket rpcbind.service");
	plan_free(&plan);
}

/* A portmapper that did not answer may have anything registered: no
 * stop on missing evidence, unless the admin asks for it. */
static void unknown_registrations_restrict_unless_stop_is_chosen(void **state)
{
	struct consumer_list consumers = { 0 };
	struct service_answer answer = { .peer = "192.0.2.5" };
	struct cidr_list trusted = { 0 };
	struct plan_input input = { .service = &portmapper_service,
		.exposed = true, .mode = MODE_AUTO, .trusted_given = &trusted, .consumers = &consumers,
		.supervision = &systemd_rpcbind, .answer = &answer, .registrations_unknown = true,
	};
	struct plan plan;
	struct error_record record = { 0 };

	(void)state;
	assert_int_equal(plan_decide(&input, &plan, &record), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_int_equal(plan.reason, PLAN_REASON_REGISTRATIONS_UNKNOWN);
	assert_non_null(strstr(reason_of(&plan), "did not answer at 192.0.2.5"));
	assert_non_null(strstr(reason_of(&plan), "--mode stop"));
	assert_int_equal(plan.warning_count, 1);
	plan_free(&plan);
	input.mode = MODE_STOP;
	assert_int_equal(plan_decide(&input, &plan, &record), 0);
	assert_int_equal(plan.action, ACTION_STOP);
	plan_free(&plan);
}

static void outside_systemd_restricts_to_loopback(void **state)
{
	struct consumer_list consumers = { 0 };
	struct plan plan;
	char error[ERROR_MESSAGE_MAX];

	(void)state;
	assert_int_equal(decide(&consumers, &manual_rpcbind, MODE_AUTO, NULL, false, &plan, error), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_non_null(strstr(reason_of(&plan), "rpcbind is not under systemd (port 111 is held by rpcbind[812]"));
	assert_non_null(strstr(reason_of(&plan), "let only loopback reach port 111"));
	assert_int_equal(plan.trusted.count, 0);
	assert_string_equal(step_of(&plan, 1), "nft: accept tcp and udp port 111 from loopback");
	plan_free(&plan);

	assert_int_equal(decide(&consumers, &manual_rpcbind, MODE_STOP, NULL, false, &plan, error), -EINVAL);
	assert_non_null(strstr(error, "--mode stop needs rpcbind under systemd"));
}

static void consumer_restricts_with_derived_and_given_networks(void **state)
{
	struct consumer_list consumers = { 0 };
	struct plan plan;
	char error[ERROR_MESSAGE_MAX], text[512];

	(void)state;
	add_consumer(&consumers, &portmapper_kind_nfs_server, "/etc/exports:3 exports /srv to 10.0.0.0/24",
		     "10.0.0.0/24 10.0.1.5", NULL);
	add_consumer(&consumers, &portmapper_kind_nfs_client, "NFSv3 mount", "10.0.0.5 2001:db8::5", NULL);
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_AUTO, "10.0.1.0/24,192.168.7.9/24", false,
				&plan, error), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	cidr_list_text(&plan.trusted, text, sizeof(text));
	assert_string_equal(text, "10.0.0.0/23 192.168.7.0/24 2001:db8::5/128");
	assert_string_equal(reason_of(&plan),
			    "The NFS server and 1 other consumer listed above still need rpcbind, so fix will keep it running and let only loopback, 10.0.0.0/23, 192.168.7.0/24 and 2001:db8::5/128 reach port 111.");
	assert_string_equal(step_of(&plan, 2), "nft: accept tcp and udp port 111 from IPv4 10.0.0.0/23, 192.168.7.0/24");
	assert_string_equal(step_of(&plan, 3), "nft: accept tcp and udp port 111 from IPv6 2001:db8::5/128");
	assert_int_equal(plan.warning_count, 0);
	plan_free(&plan);
	consumer_list_free(&consumers);
}

static void ambiguous_without_trusted_is_an_error(void **state)
{
	struct consumer_list consumers = { 0 };
	struct plan plan;
	char error[ERROR_MESSAGE_MAX];

	(void)state;
	add_consumer(&consumers, &portmapper_kind_nfs_server, "/etc/exports:2 exports /srv/pub to *", NULL,
		     "/etc/exports:2 exports /srv/pub to everyone ('*'), which names no network");
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_AUTO, NULL, false, &plan, error), -EINVAL);
	assert_string_equal(error,
			    "rpcbind must stay for the NFS server, but /etc/exports:2 exports /srv/pub to everyone ('*'), which names no network, so the networks that need port 111 cannot be derived; pass them, e.g. --trusted 10.0.0.0/24, or set 'trusted' in /etc/portguard/portguard.conf");
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_RESTRICT, NULL, false, &plan, error), -EINVAL);

	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_AUTO, "10.0.0.0/24", false, &plan, error), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_int_equal(plan.trusted.count, 1);
	plan_free(&plan);
	consumer_list_free(&consumers);
}

static void mode_stop_refuses_a_consumer_unless_forced(void **state)
{
	struct consumer_list consumers = { 0 };
	struct plan plan;
	char error[ERROR_MESSAGE_MAX];

	(void)state;
	add_consumer(&consumers, &portmapper_kind_nis, "ypbind is running (pid 734)", NULL, NULL);
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_STOP, NULL, false, &plan, error), -EINVAL);
	assert_string_equal(error,
			    "--mode stop would break what still needs rpcbind: NIS (ypbind is running (pid 734)); use --mode restrict, or add --force to stop it anyway");
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_STOP, NULL, true, &plan, error), 0);
	assert_int_equal(plan.action, ACTION_STOP);
	assert_non_null(strstr(reason_of(&plan), "--mode stop --force"));
	assert_non_null(strstr(reason_of(&plan), "NIS (ypbind is running (pid 734)) needs it"));
	plan_free(&plan);
	consumer_list_free(&consumers);
}

static void everything_is_warned(void **state)
{
	struct consumer_list consumers = { 0 };
	struct plan plan;
	char error[ERROR_MESSAGE_MAX];

	(void)state;
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_RESTRICT, "0.0.0.0/0 ::/0", false, &plan, error), 0);
	assert_int_equal(plan.warning_count, 2);
	assert_string_equal(plan.warnings[0], "trusted 0.0.0.0/0 admits every IPv4 host, which restricts nothing, so fix refuses it");
	assert_non_null(strstr(reason_of(&plan), "You chose --mode restrict"));
	plan_free(&plan);
	/* Halves that merge into everybody are everybody. */
	assert_int_equal(decide(&consumers, &systemd_rpcbind, MODE_RESTRICT, "0.0.0.0/1 128.0.0.0/1 10.0.0.0/8",
				false, &plan, error), 0);
	assert_int_equal(plan.warning_count, 1);
	assert_string_equal(plan.warnings[0], "trusted 0.0.0.0/0 admits every IPv4 host, which restricts nothing, so fix refuses it");
	plan_free(&plan);
}

static void all_rpc_adds_registered_ports(void **state)
{
	struct rpc_program programs[] = {
		{ .program = 100000, .version = 4, .protocol = "tcp", .port = 111 },
		{ .program = 100005, .version = 3, .protocol = "tcp", .port = 20048 },
		{ .program = 100005, .version = 3, .protocol = "udp", .port = 20048 },
		{ .program = 100024, .version = 1, .protocol = "udp", .port = 32765 },
	};
	struct rpc_summary rpc = { .reachable = true, .programs = programs, .count = 4 };
	/* borrowed: no probe frees it */
	struct service_answer answer = { .reachable = true, .detail = &rpc };
	struct consumer_list consumers = { 0 };
	struct cidr_list trusted = { 0 };
	struct plan_input input = { .service = &portmapper_service,
		.exposed = true, .mode = MODE_RESTRICT, .all_rpc = true, .trusted_given = &trusted,
		.consumers = &consumers, .supervision = &systemd_rpcbind, .answer = &answer,
	};
	struct plan plan;
	struct error_record record = { 0 };

	(void)state;
	assert_int_equal(plan_decide(&input, &plan, &record), 0);
	assert_int_equal(plan.port_count, 3);
	assert_int_equal(plan.ports[2], 32765);
	assert_string_equal(step_of(&plan, 1), "nft: accept tcp and udp ports 111, 20048, 32765 from loopback");
	plan_free(&plan);
}

/* docker-proxy publishing 111 from a container: stopping rpcbind would
 * not close the port, and masking docker.service is not ours to do. */
static void a_foreign_holder_is_restricted_not_stopped(void **state)
{
	struct consumer_list consumers = { 0 };
	struct listener_list listeners = { 0 };
	struct listener listener = {
		.transport = TRANSPORT_TCP, .port = 111, .exposed = true, .owner_count = 2,
		.owners = { { .pid = 1, .process = "systemd", .unit = "rpcbind.socket" },
			    { .pid = 4242, .process = "docker-proxy", .unit = "docker.service" } },
	};
	struct plan_input input = { .service = &portmapper_service,
		.exposed = true, .mode = MODE_AUTO, .consumers = &consumers, .supervision = &systemd_rpcbind,
		.listeners = &listeners,
	};
	struct plan plan;
	struct error_record record = { 0 };

	(void)state;
	listeners.items = &listener;
	listeners.count = 1;
	assert_int_equal(plan_decide(&input, &plan, &record), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_non_null(strstr(reason_of(&plan), "also held by docker-proxy[4242], which is not rpcbind"));
	plan_free(&plan);

	input.mode = MODE_STOP;
	assert_int_equal(plan_decide(&input, &plan, &record), -EINVAL);
	assert_non_null(strstr(record.message, "docker-proxy[4242] in docker.service, which is not rpcbind"));
	assert_non_null(strstr(record.message, "--force"));

	input.force = true;
	assert_int_equal(plan_decide(&input, &plan, &record), 0);
	assert_int_equal(plan.action, ACTION_STOP);
	assert_int_equal(plan.unit_count, 3);
	assert_string_equal(plan.units[2], "docker.service");
	plan_free(&plan);
}

/* Every reason and every step has its words in both languages, and
 * the German ones are German (a command line may read the same). */
static void every_reason_and_step_in_both_languages(void **state)
{
	struct plan plan = { .service = &portmapper_service, .port_count = 1, .ports = { 111 }, .unit_count = 1, .units = { "rpcbind.socket" },
			     .reason_consumer_count = 2, .reason_process = "docker-proxy", .reason_pid = 42,
			     .reason_service = { .how = SERVICE_NONE_BELOW_ROOT } };
	char german[PLAN_TEXT_MAX], english[PLAN_TEXT_MAX];

	(void)state;
	for (int reason = 0; reason < _PLAN_REASON_MAX; reason++) {
		plan.reason = (enum plan_reason)reason;
		plan_reason_format(&plan, LANGUAGE_GERMAN, german, sizeof(german));
		plan_reason_format(&plan, LANGUAGE_ENGLISH, english, sizeof(english));
		assert_true(strlen(german) > 20 && strlen(english) > 20);
		assert_string_not_equal(german, english);
		assert_int_equal(plan_reason_from_string(plan_reason_to_string(plan.reason)), reason);
	}
	for (int step = 0; step < _PLAN_STEP_MAX; step++) {
		plan.steps[0] = (enum plan_step)step;
		plan.step_count = 1;
		plan_step_format(&plan, 0, LANGUAGE_GERMAN, german, sizeof(german));
		plan_step_format(&plan, 0, LANGUAGE_ENGLISH, english, sizeof(english));
		assert_true(strlen(german) > 10 && strcmp(german, "?") != 0);
		if (strncmp(english, "systemctl ", 10) != 0)
			assert_string_not_equal(german, english);
		assert_int_equal(plan_step_from_string(plan_step_to_string(plan.steps[0])), step);
	}
	plan.reason = PLAN_REASON_CONSUMERS;
	plan.reason_consumer_kind = &portmapper_kind_nfs_server;
	plan_reason_format(&plan, LANGUAGE_GERMAN, german, sizeof(german));
	assert_string_equal(german, "Der NFS-Server und ein weiterer oben genannter Dienst benötigen rpcbind noch; deshalb läuft es weiter, Port 111 ist aber nur noch von Loopback aus erreichbar.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_exposed_is_none),
		cmocka_unit_test(nobody_needs_it_stops_both_units),
		cmocka_unit_test(unknown_registrations_restrict_unless_stop_is_chosen),
		cmocka_unit_test(outside_systemd_restricts_to_loopback),
		cmocka_unit_test(consumer_restricts_with_derived_and_given_networks),
		cmocka_unit_test(ambiguous_without_trusted_is_an_error),
		cmocka_unit_test(mode_stop_refuses_a_consumer_unless_forced),
		cmocka_unit_test(everything_is_warned),
		cmocka_unit_test(all_rpc_adds_registered_ports),
		cmocka_unit_test(a_foreign_holder_is_restricted_not_stopped),
		cmocka_unit_test(every_reason_and_step_in_both_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
