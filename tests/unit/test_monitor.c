/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What monitoring reads: node_exporter's textfile and the Nagios/Icinga
 * plugin line, built from plain data (record/monitor.c). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "record/monitor.h"

#define NOW 1800000000ll

static struct monitor_view two_services(void)
{
	struct monitor_view view = {
		.service_count = 2,
		.services = {
			{ .name = "portmapper", .daemon = "rpcbind" },
			{ .name = "ntp", .daemon = "ntpd" },
		},
		.version = "1.2.3",
	};

	return view;
}

static void test_textfile_exact(void **state)
{
	struct monitor_view view = two_services();
	char *text;

	(void)state;
	view.services[0].exposed = true;
	view.services[1].guarded = true;
	view.repairs = 3;
	view.last_repair = NOW;
	text = monitor_textfile(&view);
	assert_non_null(text);
	assert_string_equal(text,
		"# HELP portguard_info The portguard that wrote this file (always 1).\n"
		"# TYPE portguard_info gauge\n"
		"portguard_info{version=\"1.2.3\"} 1\n"
		"# HELP portguard_exposed 1 when the service answers other hosts, as portguard check counts it (exit code 2), else 0.\n"
		"# TYPE portguard_exposed gauge\n"
		"portguard_exposed{service=\"portmapper\"} 1\n"
		"portguard_exposed{service=\"ntp\"} 0\n"
		"# HELP portguard_guarded 1 while portguard watch runs and keeps a recorded stop or restrict of the service, else 0.\n"
		"# TYPE portguard_guarded gauge\n"
		"portguard_guarded{service=\"portmapper\"} 0\n"
		"portguard_guarded{service=\"ntp\"} 1\n"
		"# HELP portguard_repairs_total Drifts portguard watch repaired since the recorded fix (from 0 again with a new fix).\n"
		"# TYPE portguard_repairs_total counter\n"
		"portguard_repairs_total 3\n"
		"# HELP portguard_last_repair_timestamp_seconds When portguard watch last repaired drift, in seconds since the epoch; 0 when never.\n"
		"# TYPE portguard_last_repair_timestamp_seconds gauge\n"
		"portguard_last_repair_timestamp_seconds 1800000000\n");
	free(text);
}

/* The format's label escapes: backslash, double quote, newline. */
static void test_textfile_escapes_labels(void **state)
{
	struct monitor_view view = { .service_count = 1, .services = { { .name = "a\"b\\c\nd" } },
				     .version = "0.9~\"x\"" };
	char *text;

	(void)state;
	text = monitor_textfile(&view);
	assert_non_null(text);
	assert_non_null(strstr(text, "portguard_exposed{service=\"a\\\"b\\\\c\\nd\"} 0\n"));
	assert_non_null(strstr(text, "portguard_info{version=\"0.9~\\\"x\\\"\"} 1\n"));
	/* Every line ends with a newline, the last one included. */
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
}

static void test_nagios_ok_nothing_recorded(void **state)
{
	struct monitor_view view = two_services();
	char line[512];

	(void)state;
	assert_int_equal(monitor_nagios(&view, NOW, line, sizeof(line)), MONITOR_OK);
	assert_string_equal(line, "PORTGUARD OK - no service exposed; no fix recorded | "
			    "exposed=0;;0;0;2 guarded=0;;;0;2 repairs=0c running=0;;;0;1");
}

static void test_nagios_ok_guarded(void **state)
{
	struct monitor_view view = two_services();
	char line[512];

	(void)state;
	view.fix_recorded = view.agent_running = true;
	view.services[0].guarded = true;
	view.repairs = 2;
	view.last_repair = NOW - MONITOR_RECENT_REPAIR_SECONDS;
	assert_int_equal(monitor_nagios(&view, NOW, line, sizeof(line)), MONITOR_OK);
	assert_string_equal(line, "PORTGUARD OK - no service exposed; guarded by portguard watch: portmapper (rpcbind) | "
			    "exposed=0;;0;0;2 guarded=1;;;0;2 repairs=2c running=1;;;0;1");
}

static void test_nagios_critical(void **state)
{
	struct monitor_view view = two_services();
	char line[512];

	(void)state;
	view.services[0].exposed = view.services[1].exposed = true;
	assert_int_equal(monitor_nagios(&view, NOW, line, sizeof(line)), MONITOR_CRITICAL);
	assert_string_equal(line, "PORTGUARD CRITICAL - exposed: portmapper (rpcbind), ntp (ntpd) | "
			    "exposed=2;;0;0;2 guarded=0;;;0;2 repairs=0c running=0;;;0;1");
}

/* A drift the running agent only reported (watch = alert) is critical
 * as check's exit code 2 is; a '|' in it must not start the data. */
static void test_nagios_critical_drift(void **state)
{
	struct monitor_view view = two_services();
	char line[512];

	(void)state;
	view.fix_recorded = view.agent_running = true;
	view.services[0].guarded = true;
	view.drift = "table inet portguard is gone | really\n";
	assert_int_equal(monitor_nagios(&view, NOW, line, sizeof(line)), MONITOR_CRITICAL);
	assert_string_equal(line, "PORTGUARD CRITICAL - no service exposed; drift not repaired (watch = alert): "
			    "table inet portguard is gone / really ; guarded by portguard watch: portmapper (rpcbind) | "
			    "exposed=0;;0;0;2 guarded=1;;;0;2 repairs=0c running=1;;;0;1");
}

static void test_nagios_warning_unguarded(void **state)
{
	struct monitor_view view = two_services();
	char line[512];

	(void)state;
	view.fix_recorded = true;
	view.drift = "ignored: the agent does not run";
	assert_int_equal(monitor_nagios(&view, NOW, line, sizeof(line)), MONITOR_WARNING);
	assert_string_equal(line, "PORTGUARD WARNING - no service exposed; the recorded fix is not guarded: "
			    "portguard watch is not running | exposed=0;;0;0;2 guarded=0;;;0;2 repairs=0c running=0;;;0;1");
}

static void test_nagios_warning_recent_repair(void **state)
{
	struct monitor_view view = two_services();
	char line[512];

	(void)state;
	view.fix_recorded = view.agent_running = true;
	view.services[1].guarded = true;
	view.repairs = 1;
	view.last_repair = NOW - 125;
	assert_int_equal(monitor_nagios(&view, NOW, line, sizeof(line)), MONITOR_WARNING);
	assert_string_equal(line, "PORTGUARD WARNING - no service exposed; guarded by portguard watch: ntp (ntpd); "
			    "drift repaired 2 min ago | exposed=0;;0;0;2 guarded=1;;;0;2 repairs=1c running=1;;;0;1");
}

/* A long alert is cut; the performance data stays whole. */
static void test_nagios_cut_keeps_data(void **state)
{
	struct monitor_view view = two_services();
	char alert[600], line[200];

	(void)state;
	memset(alert, 'x', sizeof(alert) - 1);
	alert[sizeof(alert) - 1] = '\0';
	view.fix_recorded = view.agent_running = true;
	view.alert = alert;
	assert_int_equal(monitor_nagios(&view, NOW, line, sizeof(line)), MONITOR_WARNING);
	assert_int_equal(strlen(line), sizeof(line) - 1);
	assert_non_null(strstr(line, "PORTGUARD WARNING - no service exposed; alert: xxx"));
	assert_non_null(strstr(line, "xxx | exposed=0;;0;0;2 guarded=0;;;0;2 repairs=0c running=1;;;0;1"));
}

static void test_nagios_unknown(void **state)
{
	char line[128];

	(void)state;
	monitor_nagios_unknown("cannot read | this", line, sizeof(line));
	assert_string_equal(line, "PORTGUARD UNKNOWN - cannot read / this");
}

static void test_time_parse(void **state)
{
	long long seconds = -1;

	(void)state;
	assert_int_equal(monitor_time_parse("2027-01-15T08:00:00Z", &seconds), 0);
	assert_int_equal(seconds, 1800000000ll);
	assert_int_equal(monitor_time_parse("", &seconds), -EINVAL);
	assert_int_equal(monitor_time_parse("2027-01-15T08:00:00", &seconds), -EINVAL);
	assert_int_equal(monitor_time_parse("2027-01-15T08:00:00Zx", &seconds), -EINVAL);
	assert_int_equal(seconds, 1800000000ll);
}

/* Guarded: the chain's applied stops and restricts, while its newest is
 * one and the agent runs. */
static void test_view_guard(void **state)
{
	struct monitor_view view = { .service_count = 2 };
	const struct service *first = service_at(0), *second = service_at(1);
	struct fix_record older = { .service = second, .status = FIX_APPLIED, .action = ACTION_STOP };
	struct fix_record newer = { .service = first, .status = FIX_APPLIED, .action = ACTION_RESTRICT,
				    .earlier = &older };

	(void)state;
	view.services[0].name = first->name;
	view.services[1].name = second->name;
	monitor_view_guard(&view, &newer, true);
	assert_true(view.fix_recorded && view.agent_running);
	assert_true(view.services[0].guarded && view.services[1].guarded);
	monitor_view_guard(&view, &newer, false);
	assert_true(view.fix_recorded);
	assert_false(view.services[0].guarded || view.services[1].guarded);
	older.status = FIX_UNDONE;
	monitor_view_guard(&view, &newer, true);
	assert_true(view.services[0].guarded);
	assert_false(view.services[1].guarded);
	newer.status = FIX_UNDONE;
	monitor_view_guard(&view, &newer, true);
	assert_false(view.fix_recorded || view.services[0].guarded);
	monitor_view_guard(&view, NULL, true);
	assert_false(view.fix_recorded);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textfile_exact),
		cmocka_unit_test(test_textfile_escapes_labels),
		cmocka_unit_test(test_nagios_ok_nothing_recorded),
		cmocka_unit_test(test_nagios_ok_guarded),
		cmocka_unit_test(test_nagios_critical),
		cmocka_unit_test(test_nagios_critical_drift),
		cmocka_unit_test(test_nagios_warning_unguarded),
		cmocka_unit_test(test_nagios_warning_recent_repair),
		cmocka_unit_test(test_nagios_cut_keeps_data),
		cmocka_unit_test(test_nagios_unknown),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_view_guard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
