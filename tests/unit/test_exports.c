/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "corpus_replay.h"

#include "services/portmapper/exports.h"
#include "model/cidr.h"

static int parse(const char *text, struct export_list *list, struct error_record *error)
{
	return exports_parse(text, strlen(text), "/etc/exports", list, error);
}

static void parses_client_kinds(void **state)
{
	static const char text[] =
		"# comment\n"
		"\n"
		"/srv/data  10.0.0.0/24(rw,sync,no_subtree_check) fileclient.example.test(ro)\n"
		"\"/srv/with space\" -rw,sync 192.0.2.0/255.255.255.0 2001:db8::/64(rw) \\\n"
		"    192.0.2.77 @trusted *.example.com host?? *\n"
		"/srv/octal\\040dir gss/krb5(rw)\n"
		"/srv/world\n"
		"/srv/anyone (ro)   # no host: everyone\n";
	struct export_list list = { 0 };
	struct error_record error = { 0 };
	char text_buffer[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(parse(text, &list, &error), 0);
	assert_int_equal(list.count, 5);

	assert_string_equal(list.items[0].path, "/srv/data");
	assert_int_equal(list.items[0].line, 3);
	assert_int_equal(list.items[0].client_count, 2);
	assert_int_equal(list.items[0].clients[0].kind, EXPORT_CLIENT_NETWORK);
	assert_string_equal(cidr_format(&list.items[0].clients[0].network, text_buffer), "10.0.0.0/24");
	assert_int_equal(list.items[0].clients[1].kind, EXPORT_CLIENT_HOST);
	assert_string_equal(list.items[0].clients[1].spec, "fileclient.example.test");

	const struct export_entry *entry = &list.items[1];
	assert_string_equal(entry->path, "/srv/with space");
	assert_int_equal(entry->line, 4);
	assert_int_equal(entry->client_count, 7);
	assert_string_equal(cidr_format(&entry->clients[0].network, text_buffer), "192.0.2.0/24");
	assert_string_equal(cidr_format(&entry->clients[1].network, text_buffer), "2001:db8::/64");
	assert_string_equal(cidr_format(&entry->clients[2].network, text_buffer), "192.0.2.77/32");
	assert_int_equal(entry->clients[3].kind, EXPORT_CLIENT_NETGROUP);
	assert_int_equal(entry->clients[4].kind, EXPORT_CLIENT_WILDCARD);
	assert_int_equal(entry->clients[5].kind, EXPORT_CLIENT_WILDCARD);
	assert_int_equal(entry->clients[6].kind, EXPORT_CLIENT_ANYONE);

	assert_string_equal(list.items[2].path, "/srv/octal dir");
	assert_int_equal(list.items[2].clients[0].kind, EXPORT_CLIENT_WILDCARD);
	assert_int_equal(list.items[3].client_count, 1);
	assert_int_equal(list.items[3].clients[0].kind, EXPORT_CLIENT_ANYONE);
	assert_int_equal(list.items[4].clients[0].kind, EXPORT_CLIENT_ANYONE);
	export_list_free(&list);
}

static void everything_network_is_anyone(void **state)
{
	struct export_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(parse("/srv 0.0.0.0/0(rw)\n", &list, &error), 0);
	assert_int_equal(list.items[0].clients[0].kind, EXPORT_CLIENT_ANYONE);
	export_list_free(&list);
}

static void refuses_malformed_entries(void **state)
{
	static const struct {
		const char *text;
		unsigned int line;
		const char *message;
	} cases[] = {
		{ "/ok 10.0.0.1\nsrv/data 10.0.0.0/24\n", 2, "must be absolute" },
		{ "/srv 10.0.0.0/33(rw)\n", 1, "client '10.0.0.0/33(rw)' is not a network" },
		{ "/srv 300.1.1.1/8\n", 1, "'300.1.1.1/8' is not a network" },
		{ "/srv fe80::/129\n", 1, "'fe80::/129' is not a network" },
		{ "/srv 10.0.0.0/255.0.255.0\n", 1, "is not a network" },
		{ "/srv 10.0.0.1(rw\n", 1, "without a closing ')'" },
		{ "/srv 10.0.0.1(rw)x\n", 1, "without a closing ')'" },
		{ "/srv 10.0.0.1rw)\n", 1, "')' without '('" },
		{ "/srv host(r w)\n", 1, "without a closing ')'" },
		{ "/srv host(rw;reboot)\n", 1, "malformed options" },
		{ "/srv ho$t\n", 1, "is not a network" },
		{ "/srv @\n", 1, "is not a network" },
		{ "\"/srv 10.0.0.1\n", 1, "unterminated quote" },
		{ "/srv 10.0.0.1\n\n/a \\\n b(rw\n", 3, "closing ')'" },
		{ "/srv \x01\x02\x03\n", 1, "binary data" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct export_list list = { 0 };
		struct error_record error = { 0 };

		assert_int_equal(parse(cases[i].text, &list, &error), -EINVAL);
		if (error.line != cases[i].line || !strstr(error.message, cases[i].message))
			fail_msg("case %zu: line %u '%s', expected line %u '%s'", i, error.line, error.message,
				 cases[i].line, cases[i].message);
		assert_int_equal(list.count, 0);
		export_list_free(&list);
	}
}

static void refuses_overlong_entry(void **state)
{
	static char text[EXPORTS_LINE_MAX + 100];
	struct export_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	text[0] = '/';
	assert_int_equal(parse(text, &list, &error), -EINVAL);
	assert_non_null(strstr(error.message, "longer than"));
}

static void reads_exports_directory_below_root(void **state)
{
	struct export_list list = { 0 };
	struct error_record error = { 0 };
	char root[PATH_MAX];
	struct host tree;

	(void)state;
	snprintf(root, sizeof(root), "%s/hosts/nfs3-server", FIXTURES);
	assert_int_equal(host_open(root, &tree), 0);
	assert_int_equal(exports_read(&tree, &list, &error), 0);
	host_close(&tree);
	assert_true(list.count >= 2);
	assert_string_equal(list.items[0].file, "/etc/exports");
	assert_string_equal(list.items[list.count - 1].file, "/etc/exports.d/backup.exports");
	export_list_free(&list);

	snprintf(root, sizeof(root), "%s/hosts/bad-exports", FIXTURES);
	assert_int_equal(host_open(root, &tree), 0);
	assert_int_equal(exports_read(&tree, &list, &error), -EINVAL);
	host_close(&tree);
	assert_non_null(strstr(error.file, "/tests/fixtures/hosts/bad-exports/etc/exports"));
	assert_true(error.line > 0);
}

static void replays_fuzz_corpus(void **state)
{
	(void)state;
	assert_true(corpus_replay(FIXTURES "/exports/corpus") >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replays_fuzz_corpus),
		cmocka_unit_test(parses_client_kinds),
		cmocka_unit_test(everything_network_is_anyone),
		cmocka_unit_test(refuses_malformed_entries),
		cmocka_unit_test(refuses_overlong_entry),
		cmocka_unit_test(reads_exports_directory_below_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
