/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the AD DC's CLDAP service, on fixture trees: the domain's
 * members with the networks smb.conf's hosts allow or interfaces name
 * (the plan restricts to them), a DC whose smb.conf names none or admits
 * ALL (the plan explains, or restricts to --trusted), a member server
 * and no smb.conf with a DC's answer. */
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

#include "fixture_file.h"

#include "assess/plan.h"
#include "base/error_record.h"
#include "base/paths.h"
#include "model/cidr.h"
#include "services/cldap/cldap.h"
#include "services/cldap/cldap_consumers.h"
#include "services/cldap/cldap_probe.h"
#include "services/consumer.h"

static int find(const char *name, const struct service_answer *answer, struct consumer_list *list)
{
	char root[4096];
	struct host tree;
	struct consumer_request request = { .host = &tree, .answer = answer };
	struct error_record error = { 0 };
	int r;

	snprintf(root, sizeof(root), "%s/cldap/%s", FIXTURES, name);
	assert_int_equal(host_open(root, &tree), 0);
	r = cldap_service.find_consumers(&request, list, &error);
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

static void trusted_is(const struct cidr_list *trusted, size_t index, const char *expected)
{
	char text[CIDR_TEXT_MAX];

	assert_true(index < trusted->count);
	assert_string_equal(cidr_format(&trusted->items[index], text), expected);
}

static int decide(const struct consumer_list *consumers, const struct cidr_list *trusted, enum mode mode,
		  struct plan *plan)
{
	struct supervision supervision = { .under_systemd = true };
	struct plan_input input = { .service = &cldap_service, .exposed = true, .mode = mode, .consumers = consumers,
				    .supervision = &supervision, .trusted_given = trusted };
	struct error_record error = { 0 };

	return plan_decide(&input, plan, &error);
}

static void hosts_allow_names_the_members(void **state)
{
	struct consumer_list list = { 0 };
	struct plan plan;

	(void)state;
	assert_int_equal(find("root-dc-hosts-allow", NULL, &list), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_members);
	assert_string_equal(list.items[0].facts.source->name, "smb-ad-dc");
	assert_int_equal(list.items[0].facts.line, 5);
	assert_int_equal(list.items[0].facts.pid, 5150);
	assert_string_equal(list.items[0].evidence,
			    "/etc/samba/smb.conf:5 makes this host the domain controller of PG.TEST; samba runs (pid 5150); "
			    "hosts allow = 127.0.0.1 10.77.0. 192.168.30.0/255.255.255.0");
	assert_int_equal(list.items[0].trusted.count, 2);
	trusted_is(&list.items[0].trusted, 0, "10.77.0.0/24");
	trusted_is(&list.items[0].trusted, 1, "192.168.30.0/24");
	/* a fixture tree has no ldapi socket */
	assert_true(noted(&list, "the sites' subnets in the directory are not read: there is no "));
	assert_true(noted(&list, "/var/lib/samba/private/ldap_priv/ldapi, samba's privileged LDAP socket"));
	/* never stopped: restricted to the members, in auto mode too */
	assert_int_equal(decide(&list, NULL, MODE_AUTO, &plan), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_int_equal(plan.port_count, 1);
	assert_int_equal(plan.ports[0], 389);
	assert_int_equal(plan.trusted.count, 2);
	plan_free(&plan);
	/* --mode stop breaks the members: refused without --force */
	assert_int_equal(decide(&list, NULL, MODE_STOP, &plan), -EINVAL);
	consumer_list_free(&list);
}

static void interfaces_name_the_members(void **state)
{
	struct consumer_list list = { 0 };

	(void)state;
	assert_int_equal(find("root-dc-interfaces", NULL, &list), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_members);
	/* "server role = dc" is the AD DC's synonym; lo needs no network */
	assert_int_equal(list.items[0].trusted.count, 1);
	trusted_is(&list.items[0].trusted, 0, "10.77.0.0/24");
	assert_true(noted(&list, "with bind interfaces only: samba serves CLDAP on those networks alone"));
	consumer_list_free(&list);
}

static void no_networks_is_explained(void **state)
{
	struct consumer_list list = { 0 };
	struct cidr_list trusted = { 0 };
	struct cidr cidr;
	struct plan plan;
	char text[PLAN_TEXT_MAX];

	(void)state;
	assert_int_equal(find("root-dc-none", NULL, &list), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_domain);
	assert_true(list.items[0].ambiguous);
	assert_int_equal(list.items[0].trusted.count, 0);
	assert_int_equal(decide(&list, NULL, MODE_AUTO, &plan), 0);
	assert_int_equal(plan.action, ACTION_EXPLAIN);
	assert_int_equal(plan.step_count, 0);
	plan_reason_format(&plan, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_string_equal(text,
		"/etc/samba/smb.conf:4 makes this host the domain controller of PG.TEST; samba runs (pid 5150); "
		"/etc/samba/smb.conf names neither hosts allow nor interfaces and the directory's sites could not be read, "
		"so the domain members' networks are not known. "
		"The domain's members need port 389/udp to find their domain controller, so portguard does not firewall the port "
		"without their networks: set \"interfaces = <the members' networks>\" and \"bind interfaces only = yes\" in [global] "
		"of /etc/samba/smb.conf, name their subnets in the domain's sites (samba-tool sites subnet create), "
		"open 389/udp in the firewall to those networks alone, or give them to portguard with --trusted.");
	plan_reason_format(&plan, LANGUAGE_GERMAN, text, sizeof(text));
	assert_non_null(strstr(text, "macht diesen Server zum Domänencontroller von PG.TEST"));
	assert_non_null(strstr(text, "„bind interfaces only = yes“"));
	plan_free(&plan);
	/* no mode stops a DC */
	assert_int_equal(decide(&list, NULL, MODE_STOP, &plan), 0);
	assert_int_equal(plan.action, ACTION_EXPLAIN);
	plan_free(&plan);
	/* the members' networks given: restricted to them */
	assert_int_equal(cidr_parse("10.77.0.0/24", &cidr), 0);
	assert_int_equal(cidr_list_add(&trusted, &cidr), 0);
	assert_int_equal(decide(&list, &trusted, MODE_AUTO, &plan), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_int_equal(plan.trusted.count, 1);
	plan_free(&plan);
	cidr_list_free(&trusted);
	consumer_list_free(&list);
}

static void all_is_explained(void **state)
{
	struct consumer_list list = { 0 };
	struct plan plan;

	(void)state;
	assert_int_equal(find("root-dc-all", NULL, &list), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_domain);
	assert_non_null(strstr(list.items[0].ambiguity, "/etc/samba/smb.conf:4 hosts allow admits everyone (ALL)"));
	assert_int_equal(decide(&list, NULL, MODE_AUTO, &plan), 0);
	assert_int_equal(plan.action, ACTION_EXPLAIN);
	plan_free(&plan);
	consumer_list_free(&list);
}

static void member_server_needs_nothing(void **state)
{
	struct consumer_list list = { 0 };

	(void)state;
	assert_int_equal(find("root-member", NULL, &list), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "does not make this host an AD domain controller"));
	consumer_list_free(&list);
}

static void answer_without_smb_conf_is_explained(void **state)
{
	struct consumer_list list = { 0 };
	size_t length;
	uint8_t *data = fixture_read("cldap", "rootdse-2a.bin", &length);
	struct cldap_detail detail = { .dse.result_code = -1 };
	struct service_answer answer = { .reachable = true, .probe = &cldap_probe, .detail = &detail };

	(void)state;
	assert_int_equal(cldap_reply_decode(data, length, 42, &detail.dse), 1);
	/* root-none has no smb.conf: the DC's answer names the domain */
	assert_int_equal(find("root-none", &answer, &list), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_domain);
	assert_string_equal(list.items[0].facts.subject, "pg.test");
	assert_non_null(strstr(list.items[0].evidence, "port 389/udp answers CLDAP as the domain controller of pg.test"));
	consumer_list_free(&list);
	/* nothing answered and no smb.conf: nothing needs it */
	assert_int_equal(find("root-none", NULL, &list), 0);
	assert_int_equal(list.count, 0);
	consumer_list_free(&list);
	free(data);
}

static void prefork_task_is_the_service(void **state)
{
	(void)state;
	/* samba -M single, and the prefork model's task (samba 4.17.12) */
	assert_true(service_names(&cldap_service, "samba"));
	assert_true(service_names(&cldap_service, "cldap[master]"));
	assert_true(service_owns_unit(&cldap_service, "samba-ad-dc.service"));
	assert_false(service_names(&cldap_service, "nmbd"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hosts_allow_names_the_members),
		cmocka_unit_test(interfaces_name_the_members),
		cmocka_unit_test(no_networks_is_explained),
		cmocka_unit_test(all_is_explained),
		cmocka_unit_test(member_server_needs_nothing),
		cmocka_unit_test(answer_without_smb_conf_is_explained),
		cmocka_unit_test(prefork_task_is_the_service),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
