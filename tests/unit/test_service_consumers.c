/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The consumers of snmp and memcached from fixture trees: every form of
 * station snmpd.conf names, agentaddress and -l, and the bad input each
 * refuses with its one line. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/error_record.h"
#include "model/cidr.h"
#include "cidr_text.h"
#include "services/consumer.h"
#include "services/service.h"

static int find(const char *service_name, const char *tree_name, struct consumer_list *list, struct error_record *error)
{
	const struct service *service = service_find(service_name);
	struct listener_list listeners = { 0 };
	char root[PATH_MAX];
	struct host tree;
	struct consumer_request request = { .host = &tree, .listeners = &listeners };
	int r;

	assert_non_null(service);
	*list = (struct consumer_list){ 0 };
	*error = (struct error_record){ 0 };
	snprintf(root, sizeof(root), "%s/%s/%s", FIXTURES, service_name, tree_name);
	assert_int_equal(host_open(root, &tree), 0);
	r = service->find_consumers(&request, list, error);
	host_close(&tree);
	return r;
}

static bool has_note(const struct consumer_list *list, const char *part)
{
	for (size_t i = 0; i < list->note_count; i++)
		if (strstr(list->notes[i], part))
			return true;
	return false;
}

/* The consumer whose evidence contains part. */
static const struct consumer *consumer_with(const struct consumer_list *list, const char *part)
{
	for (size_t i = 0; i < list->count; i++)
		if (strstr(list->items[i].evidence, part))
			return &list->items[i];
	fail_msg("no consumer says '%s'", part);
	return NULL;
}

static void trusted_is(const struct consumer *consumer, const char *expected)
{
	char text[512];

	cidr_list_text(&consumer->trusted, text, sizeof(text));
	assert_string_equal(text, expected);
}

static void snmp_stations_of_every_form(void **state)
{
	struct consumer_list list;
	struct error_record error;
	const struct consumer *consumer;

	(void)state;
	assert_int_equal(find("snmp", "root-station", &list, &error), 0);
	assert_int_equal(list.count, 9);
	consumer = consumer_with(&list, "snmpd.conf:4 rocommunity public admits everyone (default)");
	assert_true(consumer->callers_unknown);
	assert_false(consumer->ambiguous);
	trusted_is(consumer, "");
	trusted_is(consumer_with(&list, "snmpd.conf:5 rocommunity monitor admits 192.0.2.0/24"), "192.0.2.0/24");
	trusted_is(consumer_with(&list, "snmpd.conf:6 RWCOMMUNITY secret admits 198.51.100.7"), "198.51.100.7/32");
	trusted_is(consumer_with(&list, "rocommunity6 public6 admits 2001:db8:5::/48"), "2001:db8:5::/48");
	trusted_is(consumer_with(&list, "rocommunity hostname admits nagios.example"), "10.9.8.7/32");
	consumer = consumer_with(&list, "rocommunity loop admits localhost");
	trusted_is(consumer, "");
	assert_false(consumer->ambiguous || consumer->callers_unknown);
	trusted_is(consumer_with(&list, "rocommunity netmask admits 203.0.113.0/255.255.255.128"), "203.0.113.0/25");
	trusted_is(consumer_with(&list, "10-cacti.conf:1 com2sec cacti admits 10.20.30.0/24"), "10.20.30.0/24");
	trusted_is(consumer_with(&list, "10-cacti.conf:2 com2sec other admits 10.20.31.5"), "10.20.31.5/32");
	assert_true(has_note(&list, "snmpd.conf:2 agentaddress udp:161,udp6:[::]:161 opens snmpd beyond loopback"));
	for (size_t i = 0; i < list.count; i++)
		assert_null(strstr(list.items[i].evidence, "10.99."));	/* README is not a .conf */
	consumer_list_free(&list);
}

static void snmp_debian_default_binds_loopback(void **state)
{
	struct consumer_list list;
	struct error_record error;

	(void)state;
	assert_int_equal(find("snmp", "root-loopback", &list, &error), 0);
	assert_true(has_note(&list, "snmpd.conf:49 agentaddress 127.0.0.1,[::1] binds loopback only"));
	assert_true(consumer_with(&list, "rocommunity public admits everyone")->callers_unknown);
	consumer_list_free(&list);
}

static void snmp_bad_input(void **state)
{
	static const struct {
		const char *tree;
		const char *message;
	} cases[] = {
		{ "root-bad-source", "/etc/snmp/snmpd.conf:2: source '10.0.0.0/33' is no address, network or host name; is this the right file?" },
		{ "root-binary", "/etc/snmp/snmpd.conf:2: binary data, not an snmpd.conf(5) line; is this the right file?" },
		{ "root-no-community", "/etc/snmp/snmpd.conf:3: rocommunity names no community" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct consumer_list list;
		struct error_record error;
		char line[ERROR_LINE_MAX], expected[PATH_MAX + 256];

		assert_int_equal(find("snmp", cases[i].tree, &list, &error), -EINVAL);
		snprintf(expected, sizeof(expected), "%s/snmp/%s%s", FIXTURES, cases[i].tree, cases[i].message);
		assert_string_equal(error_record_format(&error, line, sizeof(line)), expected);
		assert_int_equal(list.count, 0);
		consumer_list_free(&list);
	}
}

static void memcached_listen_settings(void **state)
{
	struct consumer_list list;
	struct error_record error;

	(void)state;
	assert_int_equal(find("memcached", "root-loopback", &list, &error), 0);
	assert_true(has_note(&list, "/etc/memcached.conf:35 -l 127.0.0.1 binds loopback only"));
	assert_false(has_note(&list, "-U"));
	consumer_list_free(&list);

	assert_int_equal(find("memcached", "root-open", &list, &error), 0);
	assert_true(has_note(&list, "/etc/memcached.conf:6 -l 0.0.0.0,:: opens memcached beyond loopback; an owner may prefer '-U 0 -l 127.0.0.1'"));
	assert_true(has_note(&list, "/etc/memcached.conf:5 -U 11211 turns UDP on"));
	consumer_list_free(&list);
}

static void memcached_bad_input(void **state)
{
	static const struct {
		const char *tree;
		const char *message;
	} cases[] = {
		{ "root-binary", "/etc/memcached.conf:2: binary data, not a memcached.conf line; is this the right file?" },
		{ "root-empty-listen", "/etc/memcached.conf:2: -l names no address" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct consumer_list list;
		struct error_record error;
		char line[ERROR_LINE_MAX], expected[PATH_MAX + 256];

		assert_int_equal(find("memcached", cases[i].tree, &list, &error), -EINVAL);
		snprintf(expected, sizeof(expected), "%s/memcached/%s%s", FIXTURES, cases[i].tree, cases[i].message);
		assert_string_equal(error_record_format(&error, line, sizeof(line)), expected);
		assert_int_equal(list.count, 0);
		consumer_list_free(&list);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snmp_stations_of_every_form),
		cmocka_unit_test(snmp_debian_default_binds_loopback),
		cmocka_unit_test(snmp_bad_input),
		cmocka_unit_test(memcached_listen_settings),
		cmocka_unit_test(memcached_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
