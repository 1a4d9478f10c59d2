/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs in.tftpd, on fixture trees: network boot clients named by
 * dnsmasq's dhcp-boot/pxe-service with their dhcp-range networks, or by
 * dhcpd.conf's filename in a subnet; a served directory whose clients
 * nothing names; an empty or missing directory, which nothing needs. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/tftp/tftp.h"
#include "services/tftp/tftp_consumers.h"

static int find_at(const char *root, struct consumer_list *list, struct error_record *error)
{
	struct host tree;
	struct consumer_request request = { .host = &tree };
	int r;

	assert_int_equal(host_open(root, &tree), 0);
	r = tftp_service.find_consumers(&request, list, error);
	host_close(&tree);
	return r;
}

static int find(const char *name, struct consumer_list *list, struct error_record *error)
{
	char root[PATH_MAX];

	snprintf(root, sizeof(root), "%s/tftp/%s", FIXTURES, name);
	return find_at(root, list, error);
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

static void dnsmasq_boot_trusts_its_range(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	const struct consumer *boot;
	char words[512];

	(void)state;
	assert_int_equal(find("root-dnsmasq", &list, &error), 0);
	assert_int_equal(list.count, 1);
	boot = &list.items[0];
	assert_string_equal(boot->kind->name, "network-boot");
	assert_string_equal(boot->facts.source->name, "dhcp-boot");
	assert_string_equal(boot->facts.file, "/etc/dnsmasq.conf");
	assert_int_equal(boot->facts.line, 6);
	assert_string_equal(boot->facts.subject, "dhcp-boot=pxelinux.0");
	assert_false(boot->ambiguous || boot->callers_unknown);
	assert_int_equal(boot->trusted.count, 1);
	trusted_is(boot, 0, "192.168.50.0/24");
	assert_string_equal(boot->evidence, "/etc/dnsmasq.conf:6: dhcp-boot=pxelinux.0 for network 192.168.50.0/24");
	evidence_format(&boot->facts, LANGUAGE_GERMAN, words, sizeof(words));
	assert_string_equal(words, "/etc/dnsmasq.conf:6: dhcp-boot=pxelinux.0 für das Netz 192.168.50.0/24");
	assert_true(noted(&list, "an owner may prefer TFTP_ADDRESS=\"<lan address>:69\""));
	assert_true(noted(&list, "/etc/dnsmasq.conf:3 enable-tftp: dnsmasq serves TFTP"));
	assert_true(noted(&list, "never stops it; an owner may prefer enable-tftp=<lan interface>"));
	consumer_list_free(&list);
}

static void dhcpd_filename_trusts_its_subnet(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	const struct consumer *boot;

	(void)state;
	assert_int_equal(find("root-dhcpd", &list, &error), 0);
	/* next-server and filename of one subnet are one consumer; the
	 * second subnet boots nothing */
	assert_int_equal(list.count, 1);
	boot = &list.items[0];
	assert_string_equal(boot->facts.file, "/etc/dhcp/dhcpd.conf");
	assert_int_equal(boot->facts.line, 6);
	assert_string_equal(boot->facts.subject, "next-server 10.20.0.1;");
	assert_int_equal(boot->trusted.count, 1);
	trusted_is(boot, 0, "10.20.0.0/24");
	assert_true(noted(&list, "TFTP_ADDRESS=\"10.20.0.1:69\""));
	consumer_list_free(&list);
}

static void served_files_without_dhcp_are_callers_unknown(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	const struct consumer *served;

	(void)state;
	assert_int_equal(find("root-files-only", &list, &error), 0);
	assert_int_equal(list.count, 1);
	served = &list.items[0];
	assert_string_equal(served->facts.source->name, "tftp-directory");
	assert_string_equal(served->facts.file, "/srv/tftp");
	assert_string_equal(served->facts.subject, "boot.img");
	assert_true(served->callers_unknown);
	assert_false(served->ambiguous);
	assert_int_equal(served->trusted.count, 0);
	assert_non_null(strstr(served->ambiguity, "no DHCP configuration"));
	consumer_list_free(&list);
}

static void range_without_netmask_is_ambiguous(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	const struct consumer *boot;

	(void)state;
	assert_int_equal(find("root-range-no-mask", &list, &error), 0);
	assert_int_equal(list.count, 1);
	boot = &list.items[0];
	assert_string_equal(boot->facts.file, "/etc/dnsmasq.d/pxe.conf");
	assert_int_equal(boot->facts.line, 2);
	assert_true(boot->ambiguous);
	assert_non_null(strstr(boot->ambiguity, "names no netmask"));
	consumer_list_free(&list);
}

static void missing_or_empty_directory_needs_nothing(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	char root[] = "/tmp/test_tftp_consumers.XXXXXX", path[PATH_MAX];
	FILE *file;

	(void)state;
	assert_int_equal(find("root-none", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "/srv/tftp (TFTP_DIRECTORY) does not exist"));
	consumer_list_free(&list);
	/* git keeps no empty directory: this tree is made here */
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/etc", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/default", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/default/tftpd-hpa", root);
	file = fopen(path, "w");
	assert_non_null(file);
	fputs("TFTP_DIRECTORY=\"/boot-empty\"\nTFTP_ADDRESS=\"0.0.0.0:69\"\n", file);
	fclose(file);
	snprintf(path, sizeof(path), "%s/boot-empty", root);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(find_at(root, &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "/boot-empty is empty, so in.tftpd serves no file and no client needs it"));
	assert_true(noted(&list, "listens on every address"));
	consumer_list_free(&list);
	assert_int_equal(rmdir(path), 0);
	snprintf(path, sizeof(path), "%s/etc/default/tftpd-hpa", root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/etc/default", root);
	assert_int_equal(rmdir(path), 0);
	snprintf(path, sizeof(path), "%s/etc", root);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(root), 0);
}

static void defaults_values(void **state)
{
	char value[64];

	(void)state;
	assert_true(tftp_defaults_value("A=1\n TFTP_ADDRESS=\"10.0.0.1:69\" # lan\n", "TFTP_ADDRESS", value, sizeof(value)));
	assert_string_equal(value, "10.0.0.1:69");
	assert_true(tftp_defaults_value("TFTP_DIRECTORY='/a'\nTFTP_DIRECTORY=/b\n", "TFTP_DIRECTORY", value, sizeof(value)));
	assert_string_equal(value, "/b");
	assert_false(tftp_defaults_value("#TFTP_ADDRESS=:69\nTFTP_ADDRESSES=x\n", "TFTP_ADDRESS", value, sizeof(value)));
	assert_true(tftp_defaults_value("TFTP_ADDRESS=\"\n", "TFTP_ADDRESS", value, sizeof(value)));
	assert_string_equal(value, "\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dnsmasq_boot_trusts_its_range),
		cmocka_unit_test(dhcpd_filename_trusts_its_subnet),
		cmocka_unit_test(served_files_without_dhcp_are_callers_unknown),
		cmocka_unit_test(range_without_netmask_is_ambiguous),
		cmocka_unit_test(missing_or_empty_directory_needs_nothing),
		cmocka_unit_test(defaults_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
