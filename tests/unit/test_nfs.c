/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "services/portmapper/nfs.h"
#include "services/portmapper/nis.h"
#include "host/resolve.h"
#include "model/cidr.h"

static void nfsd_versions(void **state)
{
	struct nfs_server_versions versions = { 0 };

	(void)state;
	assert_int_equal(nfs_nfsd_versions_parse("-2 +3 +4 +4.1 +4.2\n", &versions), 0);
	assert_false(versions.v2);
	assert_true(versions.v3);
	assert_true(versions.v4);
	assert_int_equal(nfs_nfsd_versions_parse("-2 -3 +4 +4.1 +4.2", &versions), 0);
	assert_false(versions.v3);
	assert_int_equal(nfs_nfsd_versions_parse("+3 garbage", &versions), -EINVAL);
	assert_int_equal(nfs_nfsd_versions_parse("+4.", &versions), -EINVAL);
}

static void nfs_conf(void **state)
{
	static const char text[] =
		"[general]\nvers3 = n\n"	/* another section: ignored */
		"[nfsd]\n# threads=8\nvers2=y\n vers3 = no ; comment\n";
	struct nfs_server_versions versions = { .v3 = true, .v4 = true };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(nfs_conf_parse(text, sizeof(text) - 1, "/etc/nfs.conf", &versions, &error), 0);
	assert_true(versions.v2);
	assert_false(versions.v3);
	assert_string_equal(versions.source, "/etc/nfs.conf:6");
	assert_int_equal(nfs_conf_parse("[nfsd]\nvers3=maybe\n", 19, "/etc/nfs.conf", &versions, &error), -EINVAL);
	assert_int_equal(error.line, 2);
}

static void mountinfo(void **state)
{
	static const char text[] =
		"22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
		"40 22 0:40 / /mnt/data rw,relatime shared:1 - nfs 10.0.0.5:/export rw,vers=3,rsize=1048576,proto=tcp,addr=10.0.0.5,local_lock=none\n"
		"41 22 0:41 / /mnt/old rw,relatime - nfs files.example.test:/old rw,vers=3,nolock,addr=10.0.0.6,local_lock=all\n"
		"42 22 0:42 / /mnt/v4 rw - nfs4 [2001:db8::5]:/ rw,vers=4.2,addr=2001:db8::5\n"
		"43 22 0:43 / /mnt/with\\040space rw - nfs server6:/x rw,vers=3,addr=2001:db8::6\n";
	struct nfs_mount_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(nfs_mountinfo_parse(text, sizeof(text) - 1, "/proc/self/mountinfo", &list, &error), 0);
	assert_int_equal(list.count, 4);
	assert_int_equal(list.items[0].version, 3);
	assert_false(list.items[0].nolock);
	assert_string_equal(list.items[0].server, "10.0.0.5");
	assert_int_equal(list.items[0].line, 2);
	assert_true(nfs_mount_needs_rpcbind(&list.items[0]));
	assert_true(list.items[1].nolock);
	assert_false(nfs_mount_needs_rpcbind(&list.items[1]));
	assert_string_equal(list.items[1].server, "10.0.0.6");
	assert_int_equal(list.items[2].version, 4);
	assert_false(nfs_mount_needs_rpcbind(&list.items[2]));
	assert_string_equal(list.items[3].mount_point, "/mnt/with space");
	nfs_mount_list_free(&list);

	assert_int_equal(nfs_mountinfo_parse("40 22 0:40 / /mnt rw - nfs\n", 27, "/proc/self/mountinfo", &list, &error),
			 -EINVAL);
	assert_int_equal(error.line, 1);
	assert_int_equal(list.count, 0);
}

static void fstab(void **state)
{
	static const char text[] =
		"# <file system> <mount point> <type> <options> <dump> <pass>\n"
		"UUID=1234 / ext4 errors=remount-ro 0 1\n"
		"fs1:/export /mnt/a nfs vers=3,_netdev 0 0\n"
		"fs2:/export /mnt/b nfs nfsvers=3,nolock 0 0\n"
		"fs3:/export /mnt/c nfs defaults 0 0\n"
		"fs4:/export /mnt/d nfs4 defaults 0 0\n"
		"[2001:db8::7]:/e /mnt/e nfs v3\n";
	struct nfs_mount_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(nfs_fstab_parse(text, sizeof(text) - 1, "/etc/fstab", &list, &error), 0);
	assert_int_equal(list.count, 5);
	assert_true(nfs_mount_needs_rpcbind(&list.items[0]));
	assert_string_equal(list.items[0].server, "fs1");
	assert_int_equal(list.items[0].line, 3);
	assert_false(nfs_mount_needs_rpcbind(&list.items[1]));
	assert_int_equal(list.items[2].version, 0);
	assert_false(nfs_mount_needs_rpcbind(&list.items[2]));
	assert_int_equal(list.items[3].version, 4);
	assert_true(nfs_mount_needs_rpcbind(&list.items[4]));
	assert_string_equal(list.items[4].server, "2001:db8::7");
	nfs_mount_list_free(&list);
}

static void securenets(void **state)
{
	static const char text[] =
		"# allow connections from local host -- necessary\n"
		"host 127.0.0.1\n"
		"255.255.255.0   192.168.10.0\n"
		"255.255.0.0 10.20.0.0   # site\n"
		"ffff:ffff:ffff:ffff:: 2001:db8:1::\n";
	struct cidr_list list = { 0 };
	struct error_record error = { 0 };
	char text_buffer[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(nis_securenets_parse(text, sizeof(text) - 1, "/var/yp/securenets", &list, &error), 0);
	assert_int_equal(list.count, 4);
	assert_string_equal(cidr_format(&list.items[1], text_buffer), "192.168.10.0/24");
	assert_string_equal(cidr_format(&list.items[2], text_buffer), "10.20.0.0/16");
	assert_string_equal(cidr_format(&list.items[3], text_buffer), "2001:db8:1::/64");
	cidr_list_free(&list);

	static const char *const bad[] = {
		"255.0.255.0 10.0.0.0\n", "host\n", "255.255.255.0 10.0.0.0 extra\n", "255.255.255.0 2001:db8::\n",
		"300.1.1.1 10.0.0.0\n", "host 10.0.0.0/8\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(nis_securenets_parse(bad[i], strlen(bad[i]), "/var/yp/securenets", &list, &error), -EINVAL);
		assert_int_equal(error.line, 1);
		assert_int_equal(list.count, 0);
	}
	cidr_list_free(&list);
}

static void hosts_file(void **state)
{
	static const char text[] =
		"127.0.0.1 localhost\n"
		"# 10.9.9.9 commented.example.test\n"
		"10.0.1.5   fileclient.example.test fileclient\n"
		"2001:db8::15 fileclient.example.test\n"
		"::ffff:10.0.1.6 mapped.example.test\n"
		"bogus line\n";
	struct host live;
	struct cidr_list list = { 0 };
	char text_buffer[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(resolve_in_hosts_text(text, "FileClient", &list), 1);
	assert_int_equal(resolve_in_hosts_text(text, "fileclient.example.test", &list), 2);
	assert_string_equal(cidr_format(&list.items[2], text_buffer), "2001:db8::15/128");
	assert_int_equal(resolve_in_hosts_text(text, "commented.example.test", &list), 0);
	/* a name of an IPv4 host written v4-mapped is that IPv4 host */
	assert_int_equal(resolve_in_hosts_text(text, "mapped.example.test", &list), 1);
	assert_string_equal(cidr_format(&list.items[3], text_buffer), "10.0.1.6/32");
	cidr_list_free(&list);
	/* The live resolver: localhost resolves everywhere. */
	assert_int_equal(host_open("", &live), 0);
	assert_true(resolve_host(&live, "localhost", &list) >= 1);
	host_close(&live);
	cidr_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nfsd_versions),
		cmocka_unit_test(nfs_conf),
		cmocka_unit_test(mountinfo),
		cmocka_unit_test(fstab),
		cmocka_unit_test(securenets),
		cmocka_unit_test(hosts_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
