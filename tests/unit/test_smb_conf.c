/* SPDX-License-Identifier: GPL-2.0-or-later */
/* smb.conf as netbios and wsd read it: the parser's keys and bounds
 * (and the fuzz corpus replayed), the networks a file server's clients
 * come from (hosts allow, else interfaces) with file and line in what
 * cannot be derived, and a share worded as evidence. */
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

#include "base/paths.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/smb_conf.h"
#include "services/smb_conf_consumer.h"

#include "corpus_replay.h"

static void parser_keys_and_bounds(void **state)
{
	static const char text[] = "[ Global ]\n  HostsAllow=10.0.0.0/8\n; comment = x\n# bind interfaces only = yes\n"
				   "bind interfaces only = true\n[printers]\n[print$]\n";
	/* testparm 4.17 takes both names, the last one set wins */
	static const char private_dir[] = "[global]\nprivate dir = /srv/a\nPrivate Directory = /srv/dc/private\n"
					  "[share]\nprivate dir = /srv/b\n";
	static const char binary[] = "[global]\n\x01\n";
	struct smb_conf conf;
	const char *reason = NULL;
	unsigned int line = 0;
	char *long_line;

	(void)state;
	assert_int_equal(smb_conf_parse(text, sizeof(text) - 1, &conf, &line, &reason), 0);
	assert_int_equal(conf.hosts_allow.line, 2);
	assert_string_equal(conf.hosts_allow.value, "10.0.0.0/8");
	assert_int_equal(conf.bind_interfaces_only.line, 5);
	assert_true(smb_conf_true(&conf.bind_interfaces_only));
	assert_false(smb_conf_true(&conf.disable_netbios));
	assert_int_equal(conf.share_count, 2);
	assert_string_equal(conf.share, "printers");
	assert_int_equal(conf.private_dir.line, 0);
	assert_int_equal(smb_conf_parse(private_dir, sizeof(private_dir) - 1, &conf, &line, &reason), 0);
	assert_int_equal(conf.private_dir.line, 3);
	assert_string_equal(conf.private_dir.value, "/srv/dc/private");
	assert_int_equal(smb_conf_parse(binary, sizeof(binary) - 1, &conf, &line, &reason), -EINVAL);
	assert_int_equal(line, 2);
	long_line = malloc(SMB_CONF_LINE_MAX + 2);
	assert_non_null(long_line);
	memset(long_line, 'a', SMB_CONF_LINE_MAX + 1);
	long_line[SMB_CONF_LINE_MAX + 1] = '\n';
	assert_int_equal(smb_conf_parse(long_line, SMB_CONF_LINE_MAX + 2, &conf, &line, &reason), -EINVAL);
	free(long_line);
	/* continuations are joined only up to the same bound */
	long_line = malloc(2 * SMB_CONF_LINE_MAX);
	assert_non_null(long_line);
	for (size_t i = 0; i + 100 <= 2 * SMB_CONF_LINE_MAX; i += 100) {
		memset(long_line + i, 'b', 98);
		long_line[i + 98] = '\\';
		long_line[i + 99] = '\n';
	}
	assert_int_equal(smb_conf_parse(long_line, 2 * SMB_CONF_LINE_MAX / 100 * 100, &conf, &line, &reason), -EINVAL);
	assert_string_equal(reason, "continued line longer than 8192 bytes");
	free(long_line);
}

static void parser_reads_what_wsd_read(void **state)
{
	static const char smb[] = "[global]\n allow hosts = 10.0.0.0/8\n[a]\n[b]\n";
	struct smb_conf conf;
	const char *reason = NULL;
	unsigned int line = 0;

	(void)state;
	assert_int_equal(smb_conf_parse(smb, sizeof(smb) - 1, &conf, &line, &reason), 0);
	assert_string_equal(conf.hosts_allow.value, "10.0.0.0/8");
	assert_int_equal(conf.hosts_allow.line, 2);
	assert_int_equal(conf.share_count, 2);
	assert_string_equal(conf.share, "a");
	assert_int_equal(conf.share_line, 3);
	assert_int_equal(smb_conf_parse("[global]\n\x02\n", 11, &conf, &line, &reason), -EINVAL);
	assert_int_equal(line, 2);
	assert_non_null(strstr(reason, "binary data"));
}

static void trusted_is(const struct consumer *consumer, size_t index, const char *expected)
{
	char text[CIDR_TEXT_MAX];

	assert_true(index < consumer->trusted.count);
	assert_string_equal(cidr_format(&consumer->trusted.items[index], text), expected);
}

/* The networks of text's [global] below the fixture tree root-hosts. */
static int networks(const char *text, struct consumer *consumer)
{
	char root[PATH_MAX];
	struct smb_conf conf;
	struct host tree;
	const char *reason = NULL;
	unsigned int line = 0;
	int r;

	snprintf(root, sizeof(root), "%s/smb_conf/root-hosts", FIXTURES);
	assert_int_equal(smb_conf_parse(text, strlen(text), &conf, &line, &reason), 0);
	assert_int_equal(host_open(root, &tree), 0);
	*consumer = (struct consumer){ 0 };
	r = smb_conf_consumer_networks(&tree, &conf, consumer);
	host_close(&tree);
	return r;
}

static void hosts_allow_items(void **state)
{
	struct consumer consumer;

	(void)state;
	/* loopback needs no network; a netmask, a dotted prefix and a name
	 * the tree's hosts file resolves are networks; a netgroup is not */
	assert_int_equal(networks("[global]\nhosts allow = 127. localhost 10.0.0.0/255.255.0.0, 172.16. client1 @staff"
				  " EXCEPT 10.0.0.9\n", &consumer), 1);
	assert_int_equal(consumer.trusted.count, 3);
	trusted_is(&consumer, 0, "10.0.0.0/16");
	trusted_is(&consumer, 1, "172.16.0.0/16");
	trusted_is(&consumer, 2, "10.20.30.40/32");
	assert_true(consumer.ambiguous);
	assert_false(consumer.callers_unknown);
	assert_string_equal(consumer.ambiguity, "/etc/samba/smb.conf:2 hosts allow names '@staff', from which no network can be derived");
	assert_string_equal(consumer.facts.object, "hosts allow = 127. localhost 10.0.0.0/255.255.0.0, 172.16. client1 @staff EXCEPT 10.0.0.9");
	cidr_list_free(&consumer.trusted);

	assert_int_equal(networks("[global]\nhosts allow = 10.0.0.\n", &consumer), 1);
	assert_int_equal(consumer.trusted.count, 1);
	trusted_is(&consumer, 0, "10.0.0.0/24");
	assert_false(consumer.ambiguous);
	cidr_list_free(&consumer.trusted);

	assert_int_equal(networks("[global]\n\n hosts allow = 0.0.0.0/0\n", &consumer), 1);
	assert_int_equal(consumer.trusted.count, 0);
	assert_true(consumer.callers_unknown);
	assert_string_equal(consumer.ambiguity, "/etc/samba/smb.conf:3 hosts allow admits everyone (0.0.0.0/0), which names no client network");

	assert_int_equal(networks("[global]\nhosts allow = nowhere\n", &consumer), 1);
	assert_true(consumer.ambiguous);
	assert_string_equal(consumer.ambiguity, "the client's host name 'nowhere' in hosts allow does not resolve in the hosts file below --root");
	cidr_list_free(&consumer.trusted);
}

static void interfaces_items_and_neither(void **state)
{
	struct consumer consumer;
	struct cidr_list list = { 0 };

	(void)state;
	/* hosts allow comes first when both are set */
	assert_int_equal(networks("[global]\ninterfaces = 10.9.0.1/16\nhosts allow = 10.1.0.0/16\n", &consumer), 1);
	assert_int_equal(consumer.trusted.count, 1);
	trusted_is(&consumer, 0, "10.1.0.0/16");
	cidr_list_free(&consumer.trusted);

	assert_int_equal(networks("[global]\ninterfaces = lo 10.9.0.1/255.255.0.0;speed=1000 eth*\n", &consumer), 1);
	assert_int_equal(consumer.trusted.count, 1);
	trusted_is(&consumer, 0, "10.9.0.0/16");
	assert_true(consumer.ambiguous);
	assert_string_equal(consumer.ambiguity, "/etc/samba/smb.conf:2 interfaces names 'eth*' without a network "
						"(below --root the interfaces are not known); write it as ADDRESS/PREFIX");
	assert_string_equal(consumer.facts.object, "interfaces = lo 10.9.0.1/255.255.0.0;speed=1000 eth*");
	cidr_list_free(&consumer.trusted);

	assert_int_equal(networks("[global]\nworkgroup = WG\n[data]\nhosts allow = 10.0.0.0/8\n", &consumer), 0);
	assert_int_equal(consumer.trusted.count, 0);
	assert_false(consumer.ambiguous);
	assert_false(consumer.callers_unknown);
	assert_string_equal(consumer.facts.object, "");

	/* the live host's loopback is never a client network */
	assert_int_equal(smb_conf_interface_networks("lo", &list), 0);
	assert_int_equal(smb_conf_interface_networks("no-such-link0", &list), 0);
	assert_int_equal(list.count, 0);
}

static void share_as_evidence(void **state)
{
	struct evidence evidence = { .line = 8, .pid = 4711 };
	char text[512];

	(void)state;
	snprintf(evidence.file, sizeof(evidence.file), "%s", SMB_CONF_PATH);
	snprintf(evidence.subject, sizeof(evidence.subject), "data");
	snprintf(evidence.object, sizeof(evidence.object), "hosts allow = 10.0.0.");
	smb_conf_share_format(&evidence, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_string_equal(text, "/etc/samba/smb.conf:8 shares [data]; smbd runs (pid 4711); hosts allow = 10.0.0.");
	evidence.pid = 0;
	evidence.object[0] = '\0';
	smb_conf_share_format(&evidence, LANGUAGE_GERMAN, text, sizeof(text));
	assert_string_equal(text, "/etc/samba/smb.conf:8 gibt [data] frei");
}

static void replays_fuzz_corpus(void **state)
{
	char corpus[4096];
	size_t count;

	(void)state;
	snprintf(corpus, sizeof(corpus), "%s/smb_conf/corpus", FIXTURES);
	count = corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parser_keys_and_bounds),
		cmocka_unit_test(parser_reads_what_wsd_read),
		cmocka_unit_test(hosts_allow_items),
		cmocka_unit_test(interfaces_items_and_neither),
		cmocka_unit_test(share_as_evidence),
		cmocka_unit_test(replays_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
