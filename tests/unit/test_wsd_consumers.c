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
	assert_non_null(strstr(clients->evidence, "/etc/samba/smb.conf:6 shares [data]; smbd runs (pid 4711); "
					       "hosts allow = 127. 192.168.10.0/24, 10.1.2.0/24 EXCEPT 10.1.2.9"));
	assert_string_equal(clients->facts.source->name, "wsd-smb-share");
	assert_true(noted(&list, "an owner may prefer WSDD_PARAMS=\"-i <lan interface>\" in /etc/default/wsdd"));
	consumer_list_free(&list);
}

/* smb.conf's networks are derived as netbios derives them: "10.0.0."
 * is a network. */
static void hosts_allow_prefix_is_a_network(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	char network[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(find("root-prefix", &list, &error), 0);
	assert_true(list.count == 1 && list.items[0].trusted.count == 1);
	assert_string_equal(cidr_format(&list.items[0].trusted.items[0], network), "10.0.0.0/24");
	assert_string_equal(list.items[0].facts.object, "hosts allow = 10.0.0.");
	assert_false(list.items[0].ambiguous || list.items[0].callers_unknown);
	consumer_list_free(&list);
}

/* smb.conf is refused as netbios refuses it, by file and line, after
 * the note on WSDD_PARAMS. */
static void a_broken_section_is_refused(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-bad", &list, &error), -EINVAL);
	assert_non_null(strstr(error.file, "/wsd/root-bad/etc/samba/smb.conf"));
	assert_int_equal(error.line, 3);
	assert_string_equal(error.message, "a section header without its ']'; is this the right file?");
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "wsdd serves every interface"));
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
	struct wsd_params params;

	(void)state;
	assert_int_equal(wsd_params_parse(text, sizeof(text) - 1, &params), 0);
	assert_int_equal(params.line, 3);
	assert_int_equal(params.interface_count, 2);
	assert_string_equal(params.interfaces[0], "eth2");
	assert_string_equal(params.interfaces[1], "br0");
	assert_int_equal(wsd_params_parse(binary, sizeof(binary) - 1, &params), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_server_trusts_hosts_allow),
		cmocka_unit_test(hosts_allow_prefix_is_a_network),
		cmocka_unit_test(a_broken_section_is_refused),
		cmocka_unit_test(interfaces_of_wsdd_are_not_known_below_root),
		cmocka_unit_test(nothing_needs_it),
		cmocka_unit_test(params_are_read_as_the_shell_would),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
