/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NTP's restrict lines on fixture trees: who may query, whether the
 * daemon answers any other host, and a line that cannot be trusted. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/paths.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/ntp/ntp.h"
#include "services/ntp/ntp_config.h"

static struct host open_root(const char *name)
{
	char root[PATH_MAX];
	struct host tree;

	snprintf(root, sizeof(root), "%s/ntp/%s", FIXTURES, name);
	assert_int_equal(host_open(root, &tree), 0);
	return tree;
}

static int find(const char *name, struct consumer_list *list, struct error_record *error)
{
	struct host tree = open_root(name);
	struct consumer_request request = { .host = &tree };
	int r = ntp_service.find_consumers(&request, list, error);

	host_close(&tree);
	return r;
}

static bool outsiders(const char *name)
{
	struct host tree = open_root(name);
	bool answered = ntp_service.answers_outsiders(&tree, NULL);

	host_close(&tree);
	return answered;
}

static void debian_default_lets_nobody_query(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-debian", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_int_equal(list.note_count, 1);
	assert_non_null(strstr(list.notes[0], "serves time to every host"));
	assert_false(outsiders("root-debian"));
	consumer_list_free(&list);
}

static void restrict_lines_name_the_query_networks(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	char text[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(find("root-open", &list, &error), 0);
	/* noquery, loopback, default and source lines are none */
	assert_int_equal(list.count, 2);
	assert_string_equal(list.items[0].kind->name, "ntp-query");
	assert_int_equal(list.items[0].trusted.count, 1);
	assert_string_equal(cidr_format(&list.items[0].trusted.items[0], text), "192.0.2.0/24");
	assert_int_equal(list.items[0].facts.line, 6);
	assert_string_equal(list.items[0].facts.file, "/etc/ntpsec/ntp.conf");
	assert_string_equal(cidr_format(&list.items[1].trusted.items[0], text), "2001:db8:5::/64");
	assert_non_null(strstr(list.items[0].evidence, "/etc/ntpsec/ntp.conf:6 lets 192.0.2.0/24 query ntpd"));
	assert_true(outsiders("root-open"));
	consumer_list_free(&list);
}

/* classic ntpd answers queries through restrict default without noquery */
static void classic_default_without_noquery_is_exposed(void **state)
{
	(void)state;
	assert_true(outsiders("root-classic"));
}

static void client_only_serves_no_time(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-client", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_int_equal(list.note_count, 1);
	assert_non_null(strstr(list.notes[0], "/etc/ntpsec/ntp.conf:2: ntpd serves time to no other host"));
	assert_false(outsiders("root-client"));
	consumer_list_free(&list);
}

static void bad_mask_is_refused_with_its_line(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-bad", &list, &error), -EINVAL);
	assert_int_equal(list.count, 0);
	assert_int_equal(list.note_count, 0);
	assert_int_equal(error.line, 2);
	assert_non_null(strstr(error.file, "etc/ntpsec/ntp.conf"));
	assert_string_equal(error.message, "expected 'restrict default|ADDRESS [mask MASK] [flags]'");
	/* what cannot be read leaves the listeners to decide */
	assert_true(outsiders("root-bad"));
}

static void parse_refuses_binary_and_counts_lines(void **state)
{
	static struct ntp_config config;
	struct error_record error = { 0 };
	const char text[] = "restrict 10.0.0.0 mask 255.0.0.0\nrest\001rict\n";

	(void)state;
	assert_int_equal(ntp_config_parse(text, sizeof(text) - 1, "x.conf", &config, &error), -EINVAL);
	assert_int_equal(error.line, 2);
	assert_string_equal(error.message, "binary data");
	assert_int_equal(ntp_config_parse("restrict\n", 9, "x.conf", &config, &error), -EINVAL);
	assert_int_equal(ntp_config_parse("restrict 10.0.0.1/33\n", 21, "x.conf", &config, &error), -EINVAL);
	assert_int_equal(ntp_config_parse("restrict -4 default noquery\nrestrict 10.1.2.3\n", 46, "x.conf", &config, &error), 0);
	assert_int_equal(config.count, 2);
	assert_true(config.restricts[0].is_default && config.restricts[0].noquery);
	assert_true(ntp_config_lets_outsiders_query(&config, true));
}

/* ntpsec's built-in default has noquery; "unrestrict default noquery"
 * takes it away and opens mode 6 to everyone: exposed. Taking it away
 * for loopback alone opens nothing. */
static void unrestrict_noquery_opens_queries(void **state)
{
	static struct ntp_config config;
	struct error_record error = { 0 };
	const char open_text[] = "restrict default kod nomodify noquery\nunrestrict default noquery\n";
	const char loopback_text[] = "restrict default noquery\nunrestrict 127.0.0.1 noquery\nunrestrict -6 default nomodify\n";

	(void)state;
	assert_int_equal(ntp_config_parse(open_text, sizeof(open_text) - 1, "x.conf", &config, &error), 0);
	assert_int_equal(config.count, 1);
	assert_int_equal(config.unrestrict_query_line, 2);
	assert_true(ntp_config_lets_outsiders_query(&config, true));
	assert_int_equal(ntp_config_parse(loopback_text, sizeof(loopback_text) - 1, "x.conf", &config, &error), 0);
	assert_int_equal(config.unrestrict_query_line, 0);
	assert_false(ntp_config_lets_outsiders_query(&config, true));
	assert_int_equal(ntp_config_parse("unrestrict\n", 11, "x.conf", &config, &error), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debian_default_lets_nobody_query),
		cmocka_unit_test(restrict_lines_name_the_query_networks),
		cmocka_unit_test(classic_default_without_noquery_is_exposed),
		cmocka_unit_test(client_only_serves_no_time),
		cmocka_unit_test(bad_mask_is_refused_with_its_line),
		cmocka_unit_test(parse_refuses_binary_and_counts_lines),
		cmocka_unit_test(unrestrict_noquery_opens_queries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
