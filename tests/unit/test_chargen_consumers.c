/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs xinetd besides the internal services, on fixture trees:
 * Debian's files with the internal services enabled (nobody), a tftp
 * entry beside them (a consumer: stopping xinetd would cut it off),
 * defaults' disabled list, /etc/inetd.conf, and files that cannot be
 * trusted. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "corpus_replay.h"

#include "base/error_record.h"
#include "base/paths.h"
#include "services/chargen/chargen.h"
#include "services/chargen/chargen_consumers.h"
#include "services/consumer.h"

static int find(const char *name, struct consumer_list *list, struct error_record *error)
{
	char root[PATH_MAX];
	struct host tree;
	struct consumer_request request = { .host = &tree };
	int r;

	snprintf(root, sizeof(root), "%s/chargen/%s", FIXTURES, name);
	assert_int_equal(host_open(root, &tree), 0);
	r = chargen_service.find_consumers(&request, list, error);
	host_close(&tree);
	return r;
}

static bool noted(const struct consumer_list *list, const char *text)
{
	for (size_t i = 0; i < list->note_count; i++)
		if (strstr(list->notes[i], text))
			return true;
	return false;
}

static void internal_services_alone_need_nobody(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-internal", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_int_equal(list.note_count, 3);
	assert_true(noted(&list, "/etc/xinetd.d/chargen-udp:4 enables chargen-dgram (internal); an owner may set 'disable = yes' there and reload xinetd"));
	assert_true(noted(&list, "/etc/xinetd.d/daytime-udp:4 enables daytime-dgram"));
	assert_true(noted(&list, "/etc/xinetd.d/echo-udp:4 enables echo-dgram"));
	/* tftp.dpkg-old has a dot: xinetd does not read it */
	assert_false(noted(&list, "tftp"));
	consumer_list_free(&list);
}

static void another_service_is_a_consumer(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-tftp", &list, &error), 0);
	/* rsync's "service rsync {" block says disable = yes */
	assert_int_equal(list.count, 1);
	assert_string_equal(list.items[0].kind->name, "xinetd-service");
	assert_string_equal(list.items[0].facts.file, "/etc/xinetd.d/tftp");
	assert_int_equal(list.items[0].facts.line, 2);
	assert_string_equal(list.items[0].facts.subject, "tftp");
	assert_int_equal(list.items[0].trusted.count, 0);
	assert_non_null(strstr(list.items[0].evidence, "/etc/xinetd.d/tftp:2 enables service tftp (udp, /usr/sbin/in.tftpd)"));
	assert_true(consumer_list_has(&list, &chargen_kind_xinetd_service));
	consumer_list_free(&list);
}

static void defaults_disable_by_id_and_name(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-defaults", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_int_equal(list.note_count, 2);
	assert_true(noted(&list, "chargen-dgram"));
	assert_true(noted(&list, "echo-dgram"));
	assert_false(noted(&list, "daytime-dgram"));
	consumer_list_free(&list);
}

static void inetd_conf_lines(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-inetd", &list, &error), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.items[0].facts.subject, "ftp");
	assert_int_equal(list.items[0].facts.line, 8);
	assert_true(noted(&list, "/etc/inetd.conf:4 serves chargen (udp); an owner may comment the line out"));
	assert_true(noted(&list, "/etc/inetd.conf:5 serves echo (udp)"));
	assert_int_equal(list.note_count, 2);
	consumer_list_free(&list);
}

static void nothing_configured(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-none", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_int_equal(list.note_count, 0);
	consumer_list_free(&list);
}

static void untrusted_files_are_errors(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	char text[512];

	(void)state;
	assert_int_equal(find("root-unclosed", &list, &error), -EINVAL);
	assert_non_null(strstr(error_record_format(&error, text, sizeof(text)), "/etc/xinetd.conf"));
	assert_non_null(strstr(text, "closing '}'"));
	consumer_list_free(&list);
	error_record_clear(&error);
	list = (struct consumer_list){ 0 };
	assert_int_equal(find("root-binary", &list, &error), -EINVAL);
	assert_non_null(strstr(error_record_format(&error, text, sizeof(text)), "/etc/xinetd.conf:3"));
	assert_non_null(strstr(text, "binary data"));
	consumer_list_free(&list);
	error_record_clear(&error);
}

static void ours_by_name_or_id(void **state)
{
	struct xinetd_entry entry = { 0 };

	(void)state;
	snprintf(entry.name, sizeof(entry.name), "qotd");
	assert_true(chargen_entry_is_ours(&entry));
	snprintf(entry.name, sizeof(entry.name), "my-chargen");
	snprintf(entry.id, sizeof(entry.id), "chargen-dgram");
	assert_true(chargen_entry_is_ours(&entry));
	snprintf(entry.id, sizeof(entry.id), "chargenx");
	assert_false(chargen_entry_is_ours(&entry));
	snprintf(entry.name, sizeof(entry.name), "time");
	snprintf(entry.id, sizeof(entry.id), "time-dgram");
	assert_false(chargen_entry_is_ours(&entry));
}

/* The fixture trees' files and the corpus, through the fuzz harness. */
static void replays_fuzz_corpus(void **state)
{
	char corpus[4096];
	size_t count = 0;

	(void)state;
	snprintf(corpus, sizeof(corpus), "%s/chargen/conf-corpus", FIXTURES);
	count += corpus_replay(corpus);
	snprintf(corpus, sizeof(corpus), "%s/chargen/root-internal/etc/xinetd.d", FIXTURES);
	count += corpus_replay(corpus);
	snprintf(corpus, sizeof(corpus), "%s/chargen/root-tftp/etc/xinetd.d", FIXTURES);
	count += corpus_replay(corpus);
	assert_true(count >= 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(internal_services_alone_need_nobody),
		cmocka_unit_test(another_service_is_a_consumer),
		cmocka_unit_test(defaults_disable_by_id_and_name),
		cmocka_unit_test(inetd_conf_lines),
		cmocka_unit_test(nothing_configured),
		cmocka_unit_test(untrusted_files_are_errors),
		cmocka_unit_test(ours_by_name_or_id),
		cmocka_unit_test(replays_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
