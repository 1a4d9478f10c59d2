/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs nmbd, on fixture trees: a Samba file server (shares, smbd
 * running) with the networks hosts allow or interfaces name, and the
 * notes on what needs nothing; an smb.conf that cannot be trusted. */
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

#include "base/error_record.h"
#include "base/paths.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/netbios/netbios.h"

static int find(const char *name, struct consumer_list *list, struct error_record *error)
{
	char root[PATH_MAX];
	struct host tree;
	struct consumer_request request = { .host = &tree };
	int r;

	snprintf(root, sizeof(root), "%s/netbios/%s", FIXTURES, name);
	assert_int_equal(host_open(root, &tree), 0);
	r = netbios_service.find_consumers(&request, list, error);
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
	const struct consumer *server;

	(void)state;
	assert_int_equal(find("root-fileserver", &list, &error), 0);
	assert_int_equal(list.count, 1);
	server = &list.items[0];
	assert_string_equal(server->kind->name, "samba-file-server");
	assert_string_equal(server->facts.source->name, "smb-share");
	assert_string_equal(server->facts.file, "/etc/samba/smb.conf");
	assert_int_equal(server->facts.line, 8);
	assert_string_equal(server->facts.subject, "data");
	assert_int_equal(server->facts.pid, 4711);
	/* 127. needs no network; 10.1.2. is a /24; EXCEPT ends the list */
	assert_int_equal(server->trusted.count, 2);
	trusted_is(server, 0, "10.1.2.0/24");
	trusted_is(server, 1, "192.168.10.0/24");
	assert_false(server->ambiguous);
	assert_false(server->callers_unknown);
	assert_non_null(strstr(server->evidence, "/etc/samba/smb.conf:8 shares [data]; smbd runs (pid 4711); "
					      "hosts allow = 127. 192.168.10.0/24, 10.1.2. EXCEPT 10.1.2.9"));
	assert_true(noted(&list, "an owner may prefer 'disable netbios = yes' in [global] of /etc/samba/smb.conf, "
				 "or 'interfaces = <lan>' with 'bind interfaces only = yes'"));
	consumer_list_free(&list);
}

static void interfaces_give_their_networks(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	const struct consumer *server;

	(void)state;
	assert_int_equal(find("root-interfaces", &list, &error), 0);
	assert_int_equal(list.count, 1);
	server = &list.items[0];
	assert_string_equal(server->facts.subject, "homes");
	/* the continuation line is the setting's too; ";speed=" is an option */
	assert_int_equal(server->trusted.count, 2);
	trusted_is(server, 0, "10.9.0.0/16");
	trusted_is(server, 1, "192.168.20.0/24");
	/* eth1 alone names no network */
	assert_true(server->ambiguous);
	assert_non_null(strstr(server->ambiguity, "/etc/samba/smb.conf:3 interfaces names 'eth1' without a network"));
	assert_true(noted(&list, "with bind interfaces only: nmbd serves those networks alone"));
	assert_false(noted(&list, "an owner may prefer"));
	consumer_list_free(&list);
}

static void all_admits_everyone(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-open", &list, &error), 0);
	assert_int_equal(list.count, 1);
	assert_int_equal(list.items[0].trusted.count, 0);
	assert_true(list.items[0].callers_unknown);
	assert_non_null(strstr(list.items[0].ambiguity, "/etc/samba/smb.conf:4 hosts allow admits everyone (ALL)"));
	assert_true(noted(&list, "/etc/samba/smb.conf:8 include = /etc/samba/shares.conf is not read"));
	consumer_list_free(&list);
}

static void nothing_needs_it(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-global-only", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "defines no share"));
	consumer_list_free(&list);

	list = (struct consumer_list){ 0 };
	assert_int_equal(find("root-not-running", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "/etc/samba/smb.conf:3 shares [data], but smbd does not run"));
	consumer_list_free(&list);

	list = (struct consumer_list){ 0 };
	assert_int_equal(find("root-disabled", &list, &error), 0);
	assert_true(noted(&list, "/etc/samba/smb.conf:3 disable netbios = yes: nmbd does not serve NetBIOS names"));
	consumer_list_free(&list);

	list = (struct consumer_list){ 0 };
	assert_int_equal(find("root-none", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "/etc/samba/smb.conf does not exist"));
	consumer_list_free(&list);
}

static void a_broken_section_is_refused(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	char text[512];

	(void)state;
	assert_int_equal(find("root-bad", &list, &error), -EINVAL);
	error_record_format(&error, text, sizeof(text));
	assert_non_null(strstr(text, "/etc/samba/smb.conf:3: a section header without its ']'"));
	consumer_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_server_trusts_hosts_allow),
		cmocka_unit_test(interfaces_give_their_networks),
		cmocka_unit_test(all_admits_everyone),
		cmocka_unit_test(nothing_needs_it),
		cmocka_unit_test(a_broken_section_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
