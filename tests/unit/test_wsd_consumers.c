/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/wsd/wsd.h"
#include "services/wsd/wsd_consumers.h"

static int find(const char *name, struct consumer_list *list, struct error_record *error)
{
	char root[PATH_MAX];
	struct host tree;
	struct consumer_request request = { .host = &tree };
	int r;

	snprintf(root, sizeof(root), "%s/wsd/%s", FIXTURES, name);
	assert_int_equal(host_open(root, &tree), 0);
	r = wsd_service.find_consumers(&request, list, error);
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

static void trusted_is(const struct consumer *consumer, size_t index, const char *expected)
{
	char text[CIDR_TEXT_MAX];

	assert_true(index < consumer->trusted.count);
	assert_string_equal(cidr_format(&consumer->trusted.items[index], text), expected);
}

static void file_server_trusts_hosts_allow(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	const struct consumer *clients;

	(void)state;
	assert_int_equal(find("root-hosts-allow", &list, &error), 0);
	assert_int_equal(list.count, 1);
	clients = &list.items[0];
	assert_ptr_equal(clients->kind, &wsd_kind_windows_clients);
	assert_false(clients->ambiguous);
	assert_false(clients->callers_unknown);
	assert_int_equal(clients->trusted.count, 2);
	trusted_is(clients, 0, "10.1.2.0/24");
	trusted_is(clients, 1, "192.168.10.0/24");
	assert_int_equal(clients->facts.pid, 4711);
	assert_int_equal(clients->facts.line, 6);
	assert_string_equal(clients->facts.subject, "data");
	assert_non_null(strstr(clients->evidence, "/etc/samba/smb.conf:6 shares [data]; smbd runs (pid 4711); hosts allow ="));
	assert_true(noted(&list, "an owner may prefer WSDD_PARAMS=\"-i <lan interface>\" in /etc/default/wsdd"));
	consumer_list_free(&list);
}

static void interfaces_of_wsdd_are_not_known_below_root(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-interface", &list, &error), 0);
	assert_int_equal(list.count, 1);
	assert_true(list.items[0].ambiguous);
	assert_int_equal(list.items[0].trusted.count, 0);
	assert_non_null(strstr(list.items[0].ambiguity, "/etc/default/wsdd:1 WSDD_PARAMS names -i eth1, whose network is not known below --root"));
	assert_string_equal(list.items[0].facts.object, "WSDD_PARAMS=\"-i eth1 --interface=192.0.2.10 -4\"");
	assert_true(noted(&list, "wsdd serves the interfaces named by -i alone"));
	consumer_list_free(&list);
}

static void nothing_needs_it(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-no-share", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "defines no share"));
	consumer_list_free(&list);
	list = (struct consumer_list){ 0 };
	assert_int_equal(find("root-not-running", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "/etc/samba/smb.conf:2 shares [homes], but smbd does not run"));
	consumer_list_free(&list);
	list = (struct consumer_list){ 0 };
	assert_int_equal(find("root-none", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "/etc/samba/smb.conf does not exist"));
	consumer_list_free(&list);
}

static void params_are_read_as_the_shell_would(void **state)
{
	static const char text[] = "# comment\nWSDD_PARAMS='-i eth0'\nexport WSDD_PARAMS=\"-ieth2 --interface br0 -i\"\n";
	static const char binary[] = "WSDD_PARAMS=\"\x01\"\n";
	static const char smb[] = "[global]\n allow hosts = 10.0.0.0/8\n[a]\n[b]\n";
	struct wsd_params params;
	struct wsd_smb_conf conf;
	unsigned int line = 0;

	(void)state;
	assert_int_equal(wsd_params_parse(text, sizeof(text) - 1, &params), 0);
	assert_int_equal(params.line, 3);
	assert_int_equal(params.interface_count, 2);
	assert_string_equal(params.interfaces[0], "eth2");
	assert_string_equal(params.interfaces[1], "br0");
	assert_int_equal(wsd_params_parse(binary, sizeof(binary) - 1, &params), -EBADMSG);
	assert_int_equal(wsd_smb_conf_parse(smb, sizeof(smb) - 1, &conf, &line), 0);
	assert_string_equal(conf.hosts_allow, "10.0.0.0/8");
	assert_int_equal(conf.share_count, 2);
	assert_string_equal(conf.share, "a");
	assert_int_equal(wsd_smb_conf_parse("[global]\n\x02\n", 11, &conf, &line), -EBADMSG);
	assert_int_equal(line, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_server_trusts_hosts_allow),
		cmocka_unit_test(interfaces_of_wsdd_are_not_known_below_root),
		cmocka_unit_test(nothing_needs_it),
		cmocka_unit_test(params_are_read_as_the_shell_would),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
