/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "assess/assess.h"
#include "model/cidr.h"
#include "cidr_text.h"
#include "rpc/rpc.h"
#include "systemd/units.h"
#include "services/portmapper/consumers.h"
#include "services/portmapper/portmapper.h"

static int assess_host(const char *host, const struct rpc_summary *rpc, const struct service_units *units,
		       struct consumer_list *list, struct error_record *error)
{
	char root[PATH_MAX];
	struct host tree;
	/* borrowed: the portmapper's answer with rpc as its detail */
	struct service_answer answer = { .reachable = rpc && rpc->reachable, .detail = (void *)rpc };
	struct assess_input input = { .service = &portmapper_service, .host = &tree, .answer = rpc ? &answer : NULL,
				      .units = units, .units_error = units ? 0 : -ENOMEDIUM };
	int r;

	snprintf(root, sizeof(root), "%s/hosts/%s", FIXTURES, host);
	assert_int_equal(host_open(root, &tree), 0);
	r = assess_consumers(&input, list, error);
	host_close(&tree);
	return r;
}

static bool has_note(const struct consumer_list *list, const char *part)
{
	for (size_t i = 0; i < list->note_count; i++)
		if (strstr(list->notes[i], part))
			return true;
	return false;
}

static void plain_host_has_no_consumer(void **state)
{
	struct consumer_list list;
	struct error_record error;

	(void)state;
	assert_int_equal(assess_host("plain", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(has_note(&list, "systemd is not running here"));
	consumer_list_free(&list);
}

static void nfs3_server_derives_clients(void **state)
{
	struct consumer_list list;
	struct error_record error;
	char text[256];

	(void)state;
	assert_int_equal(assess_host("nfs3-server", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 2);
	assert_ptr_equal(list.items[0].kind, &portmapper_kind_nfs_server);
	assert_string_equal(list.items[0].evidence,
			    "/etc/exports:4 exports /srv/data to 10.0.0.0/24, fileclient.example.test; NFSv3 is on (/proc/fs/nfsd/versions)");
	cidr_list_text(&list.items[0].trusted, text, sizeof(text));
	assert_string_equal(text, "10.0.0.0/24 10.0.1.5/32");
	assert_false(list.items[0].ambiguous);
	cidr_list_text(&list.items[1].trusted, text, sizeof(text));
	assert_string_equal(text, "10.0.2.0/25 2001:db8:2::/64");
	assert_non_null(strstr(list.items[1].evidence, "/etc/exports.d/backup.exports:1"));
	consumer_list_free(&list);
}

static void nfs4_only_server_is_no_consumer(void **state)
{
	struct consumer_list list;
	struct error_record error;

	(void)state;
	assert_int_equal(assess_host("nfs4-only-server", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(has_note(&list, "The NFS server serves only NFSv4 (/proc/fs/nfsd/versions), which does not need rpcbind."));
	consumer_list_free(&list);
}

static void nfs_clients(void **state)
{
	struct consumer_list list;
	struct error_record error;
	char text[256];

	(void)state;
	assert_int_equal(assess_host("nfs3-client", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &portmapper_kind_nfs_client);
	assert_string_equal(list.items[0].evidence,
			    "NFSv3 mount of 10.0.0.5:/export/data on /mnt/data (/proc/self/mountinfo:2), locking through statd");
	cidr_list_text(&list.items[0].trusted, text, sizeof(text));
	assert_string_equal(text, "10.0.0.5/32");
	consumer_list_free(&list);

	assert_int_equal(assess_host("nfs3-client-nolock", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(has_note(&list, "uses nolock: without statd it does not need rpcbind"));
	assert_true(has_note(&list, "NFSv4 mount of 10.0.0.6:/home on /mnt/home (/proc/self/mountinfo:3): NFSv4 does not need rpcbind."));
	consumer_list_free(&list);

	assert_int_equal(assess_host("fstab-v3", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.items[0].evidence,
			    "/etc/fstab:3: NFSv3 mount of files.example.test:/export/data on /mnt/data (not mounted now), locking through statd");
	cidr_list_text(&list.items[0].trusted, text, sizeof(text));
	assert_string_equal(text, "10.0.0.7/32");
	assert_true(has_note(&list, "/etc/fstab:4: NFSv4 mount of files.example.test:/export/home on /home (not mounted now) names no NFS version"));
	consumer_list_free(&list);
}

static void wildcard_export_is_ambiguous(void **state)
{
	struct consumer_list list;
	struct error_record error;

	(void)state;
	assert_int_equal(assess_host("export-wildcard", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 2);
	assert_false(list.items[0].ambiguous);
	assert_true(list.items[1].ambiguous);
	assert_string_equal(list.items[1].ambiguity, "/etc/exports:2 exports /srv/pub to everyone ('*'), which names no network");
	consumer_list_free(&list);
}

static void nis_server_uses_securenets(void **state)
{
	struct consumer_list list;
	struct error_record error;
	char text[256];

	(void)state;
	assert_int_equal(assess_host("nis-server", NULL, NULL, &list, &error), 0);
	assert_int_equal(list.count, 2);
	assert_ptr_equal(list.items[0].kind, &portmapper_kind_nis);
	assert_string_equal(list.items[0].evidence,
			    "ypserv is running (pid 733): NIS clients find it through rpcbind; /var/yp/securenets lists its clients");
	cidr_list_text(&list.items[0].trusted, text, sizeof(text));
	assert_string_equal(text, "10.20.0.0/16 127.0.0.1/32 192.168.10.0/24");
	assert_int_equal(list.items[1].trusted.count, 0);
	assert_false(list.items[1].ambiguous);
	consumer_list_free(&list);
}

static void bad_files_name_file_and_line(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(assess_host("bad-exports", NULL, NULL, &list, &error), -EINVAL);
	assert_non_null(strstr(error.file, "hosts/bad-exports/etc/exports"));
	assert_int_equal(error.line, 4);
	assert_non_null(strstr(error.message, "client '10.0.0.0/33(rw,sync)' is not a network"));
	assert_int_equal(assess_host("bad-securenets", NULL, NULL, &list, &error), -EINVAL);
	assert_non_null(strstr(error.file, "hosts/bad-securenets/var/yp/securenets"));
	assert_int_equal(error.line, 2);
}

static void rpc_programs_and_units(void **state)
{
	struct rpc_program programs[] = {
		{ .program = 100000, .version = 4, .protocol = "tcp", .port = 111, .name = "portmapper" },
		{ .program = 100005, .version = 3, .protocol = "tcp", .port = 20048, .name = "mountd" },
		{ .program = 100005, .version = 3, .protocol = "udp", .port = 20048, .name = "mountd" },
		{ .program = 300000, .version = 1, .protocol = "udp", .port = 40000, .name = "300000" },
		{ .program = 100003, .version = 4, .protocol = "tcp", .port = 2049, .name = "nfs" },
	};
	struct rpc_summary rpc = { .reachable = true, .programs = programs, .count = 5 };
	struct unit_dependent dependents[] = {
		{ .name = "nfs-server.service", .depends_on = "rpcbind.socket", .relation = UNIT_WANTED_BY,
		  .active_state = "active", .unit_file_state = "enabled" },
		{ .name = "legacy-rpc.service", .depends_on = "rpcbind.service", .relation = UNIT_REQUIRED_BY,
		  .active_state = "active", .unit_file_state = "enabled" },
		{ .name = "other.service", .depends_on = "rpcbind.socket", .relation = UNIT_WANTED_BY,
		  .active_state = "inactive", .unit_file_state = "enabled" },
	};
	struct service_units units = { .dependents = dependents, .count = 3 };
	struct consumer_list list;
	struct error_record error;

	(void)state;
	assert_int_equal(assess_host("nfs3-server", &rpc, &units, &list, &error), 0);
	assert_int_equal(list.count, 6);
	assert_string_equal(list.items[2].evidence,
			    "mountd (100005) v3 tcp/20048 udp/20048, registered with rpcbind for the consumer above");
	assert_false(list.items[2].ambiguous);
	assert_string_equal(list.items[3].evidence, "program 300000 v1 udp/40000");
	assert_false(list.items[3].ambiguous);
	assert_true(list.items[3].callers_unknown);
	assert_ptr_equal(list.items[4].kind, &assess_kind_unit);
	assert_string_equal(list.items[4].evidence,
			    "nfs-server.service (active, enabled) wants rpcbind.socket, for the consumer above");
	assert_string_equal(list.items[5].evidence, "legacy-rpc.service (active, enabled) requires rpcbind.service");
	assert_true(list.items[5].callers_unknown);
	assert_true(has_note(&list, "nfs (100003) is registered for NFSv4 only"));
	assert_true(has_note(&list, "other.service (inactive, enabled) wants rpcbind.socket, but does not require it"));
	consumer_list_free(&list);
}

static void rpcbind_service_below_root(void **state)
{
	struct supervision service;
	char root[PATH_MAX];
	struct host tree;
	struct assess_input input = { .service = &portmapper_service, .host = &tree };

	(void)state;
	snprintf(root, sizeof(root), "%s/hosts/plain", FIXTURES);
	assert_int_equal(host_open(root, &tree), 0);
	assess_supervision(&input, &service);
	host_close(&tree);
	assert_true(service.under_systemd);
	assert_true(service.socket_activated);
	assert_string_equal(service.evidence, "rpcbind (pid 612) runs in rpcbind.service");
	snprintf(root, sizeof(root), "%s/hosts/not-systemd", FIXTURES);
	assert_int_equal(host_open(root, &tree), 0);
	assess_supervision(&input, &service);
	host_close(&tree);
	assert_false(service.under_systemd);
	assert_string_equal(service.evidence, "rpcbind (pid 900) runs outside systemd");
}

/* Every kind of evidence and every way rpcbind runs, worded in German:
 * the facts are the same, no English sentence is left. */
static void evidence_in_german(void **state)
{
	static const struct {
		struct evidence evidence;
		const char *german;
	} cases[] = {
		{ { .source = &portmapper_source_export, .file = "/etc/exports", .line = 3, .subject = "/srv", .object = "10.0.0.0/24, \t",
		    .nfs_v2 = true, .nfs_v3 = true, .versions_source = "/etc/nfs.conf" },
		  "/etc/exports:3 gibt /srv frei für 10.0.0.0/24, alle; NFSv2 und NFSv3 sind eingeschaltet (/etc/nfs.conf)" },
		{ { .source = &portmapper_source_mount, .file = "/proc/self/mountinfo", .line = 7, .version = 3, .subject = "nfs1:/home",
		    .object = "/home" },
		  "NFSv3-Mount von nfs1:/home auf /home (/proc/self/mountinfo:7), Sperren über statd" },
		{ { .source = &portmapper_source_fstab, .file = "/etc/fstab", .line = 2, .subject = "nfs1:/a", .object = "/a" },
		  "/etc/fstab:2: NFSv4-Mount von nfs1:/a auf /a (derzeit nicht eingehängt), Sperren über statd" },
		{ { .source = &portmapper_source_nis_server, .subject = "ypserv", .pid = 700, .clients_listed = true },
		  "ypserv läuft (PID 700): NIS-Clients finden es über rpcbind; /var/yp/securenets nennt seine Clients" },
		{ { .source = &portmapper_source_nis_client, .subject = "ypbind", .object = "/etc/systemd/system/multi-user.target.wants/ypbind.service" },
		  "ypbind ist aktiviert (/etc/systemd/system/multi-user.target.wants/ypbind.service): Programme auf diesem Server finden ihren NIS-Server über das lokale rpcbind" },
		{ { .source = &portmapper_source_rpc_program, .program = 300000, .object = " v1 udp/40000" },
		  "Programm 300000 v1 udp/40000" },
		{ { .source = &portmapper_source_rpc_program, .program = 100005, .subject = "mountd", .object = " v3 tcp/20048", .for_consumer_above = true },
		  "mountd (100005) v3 tcp/20048, für den Dienst oben bei rpcbind registriert" },
		{ { .source = &assess_source_unit, .subject = "legacy.service", .active_state = "active", .unit_file_state = "enabled",
		    .relation = EVIDENCE_REQUIRES, .object = "rpcbind.service" },
		  "legacy.service (active, enabled) verlangt rpcbind.service" },
	};
	static const struct {
		struct service_evidence service;
		const char *german;
	} services[] = {
		{ { .how = SERVICE_HELD_FOR_UNIT, .process = "systemd", .pid = 1, .unit = "rpcbind.socket" },
		  "Port 111 wird von systemd[1] für rpcbind.socket gehalten" },
		{ { .how = SERVICE_HELD_BY, .process = "rpcbind", .pid = 812 },
		  "Port 111 wird von rpcbind[812] gehalten, das außerhalb von systemd läuft" },
		{ { .how = SERVICE_SYSTEMD_REPORTS, .socket_state = "active", .service_state = "inactive" },
		  "systemd meldet rpcbind.socket active, rpcbind.service inactive" },
		{ { .how = SERVICE_NO_UNIT }, "für Port 111 wurde keine systemd-Unit gefunden" },
		{ { .how = SERVICE_RUNS_IN, .pid = 612, .unit = "rpcbind.service" }, "rpcbind (PID 612) läuft in rpcbind.service" },
		{ { .how = SERVICE_SOCKET_ENABLED }, "rpcbind.socket ist aktiviert" },
		{ { .how = SERVICE_RUNS_OUTSIDE, .pid = 900 }, "rpcbind (PID 900) läuft außerhalb von systemd" },
		{ { .how = SERVICE_NONE_BELOW_ROOT }, "unter --root gibt es weder einen rpcbind-Prozess noch eine Unit" },
	};
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		evidence_format(&cases[i].evidence, LANGUAGE_GERMAN, text, sizeof(text));
		assert_string_equal(text, cases[i].german);
		assert_ptr_equal(assess_evidence_source(&portmapper_service, cases[i].evidence.source->name),
				 cases[i].evidence.source);
	}
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		service_evidence_format(&services[i].service, &portmapper_service, LANGUAGE_GERMAN, text, sizeof(text));
		assert_string_equal(text, services[i].german);
		assert_int_equal(service_how_from_string(service_how_to_string(services[i].service.how)),
				 services[i].service.how);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_host_has_no_consumer),
		cmocka_unit_test(nfs3_server_derives_clients),
		cmocka_unit_test(nfs4_only_server_is_no_consumer),
		cmocka_unit_test(nfs_clients),
		cmocka_unit_test(wildcard_export_is_ambiguous),
		cmocka_unit_test(nis_server_uses_securenets),
		cmocka_unit_test(bad_files_name_file_and_line),
		cmocka_unit_test(rpc_programs_and_units),
		cmocka_unit_test(rpcbind_service_below_root),
		cmocka_unit_test(evidence_in_german),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
