/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sites' subnets over a real unix stream socket at samba's
 * privileged ldapi path below a --root tree, served by a child that
 * plays the recorded samba 4.17 (tests/fixtures/cldap/ldapi-*.bin: it
 * answers only the recorded request bytes), one that never answers and
 * one that hangs up; and what the consumers make of them: the subnets
 * as the members' networks, alone or with smb.conf's. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"

#include "assess/plan.h"
#include "kernel/net_io.h"
#include "services/evidence.h"
#include "services/cldap/cldap.h"
#include "services/cldap/cldap_consumers.h"
#include "services/cldap/cldap_sites.h"

enum server_kind {
	SERVER_RECORDED,	/* samba's recorded answers, cut in odd pieces */
	SERVER_SILENT,		/* takes the connection, never answers */
	SERVER_HANGS_UP,	/* closes it at once */
};

struct tree {
	char root[64];
	pid_t server;
	enum server_kind kind;
};

static void write_text(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");

	assert_non_null(file);
	assert_int_equal(fputs(text, file) >= 0, 1);
	assert_int_equal(fclose(file), 0);
}

static void make_directories(const char *root, const char *path)
{
	char full[4096];

	for (const char *slash = strchr(path + 1, '/'); ; slash = strchr(slash + 1, '/')) {
		snprintf(full, sizeof(full), "%s%.*s", root, (int)(slash ? slash - path : (long)strlen(path)), path);
		assert_true(mkdir(full, 0750) == 0 || errno == EEXIST);
		if (!slash)
			break;
	}
}

/* Reads exactly the recorded request named, else exits 1. */
static void expect_request(int fd, const char *name)
{
	size_t length, got = 0;
	uint8_t *expected = fixture_read("cldap", name, &length), bytes[1024];

	while (got < length) {
		ssize_t n = read(fd, bytes + got, length - got);

		if (n <= 0)
			_exit(1);
		got += (size_t)n;
	}
	if (memcmp(bytes, expected, length) != 0)
		_exit(1);
	free(expected);
}

/* The reply in pieces of 7 bytes, so a message comes apart. */
static void send_reply(int fd, const char *name)
{
	size_t length;
	uint8_t *reply = fixture_read("cldap", name, &length);

	for (size_t at = 0; at < length; at += 7) {
		if (write(fd, reply + at, length - at < 7 ? length - at : 7) < 0)
			_exit(1);
		usleep(100);
	}
	free(reply);
}

static void serve(int listener, enum server_kind kind)
{
	int fd = accept(listener, NULL, NULL);

	if (fd < 0)
		_exit(1);
	if (kind == SERVER_HANGS_UP)
		_exit(0);
	if (kind == SERVER_SILENT) {
		pause();
		_exit(0);
	}
	expect_request(fd, "ldapi-configuration-request.bin");
	send_reply(fd, "ldapi-configuration-reply.bin");
	expect_request(fd, "ldapi-subnets-request.bin");
	send_reply(fd, "ldapi-subnets-reply.bin");
	/* until portguard closes */
	while (read(fd, (uint8_t[16]){ 0 }, 16) > 0)
		;
	_exit(0);
}

/* A --root tree with smb.conf (the fixture tree's named) and, when
 * private_dir is not NULL, a server on PRIVATE_DIR/ldap_priv/ldapi. */
static void tree_make(struct tree *tree, const char *fixture, const char *extra_line, const char *private_dir,
		      enum server_kind kind)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	char path[4096], text[4096];
	size_t length;
	uint8_t *conf = fixture_read(fixture, "etc/samba/smb.conf", &length);
	int listener;

	snprintf(tree->root, sizeof(tree->root), "/tmp/pg-cldap-sites-XXXXXX");
	assert_non_null(mkdtemp(tree->root));
	make_directories(tree->root, "/etc/samba");
	snprintf(text, sizeof(text), "%.*s", (int)length, (const char *)conf);
	if (extra_line)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "[global]\n\t%s\n", extra_line);
	snprintf(path, sizeof(path), "%s/etc/samba/smb.conf", tree->root);
	write_text(path, text);
	free(conf);
	tree->server = 0;
	tree->kind = kind;
	if (!private_dir)
		return;
	snprintf(path, sizeof(path), "%s/ldap_priv", private_dir);
	make_directories(tree->root, path);
	snprintf(address.sun_path, sizeof(address.sun_path), "%s%s/ldapi", tree->root, path);
	listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(listener >= 0);
	assert_int_equal(bind(listener, (struct sockaddr *)&address, sizeof(address)), 0);
	assert_int_equal(listen(listener, 4), 0);
	tree->server = fork();
	assert_true(tree->server >= 0);
	if (tree->server == 0)
		serve(listener, kind);
	close(listener);
}

/* The server's exit: 0 when it saw the recorded requests and the
 * connection closed after the answers. */
static int tree_remove(struct tree *tree)
{
	char command[256];
	int status = 0;

	if (tree->server > 0) {
		if (tree->kind == SERVER_SILENT)
			kill(tree->server, SIGTERM);
		assert_int_equal(waitpid(tree->server, &status, 0), tree->server);
	}
	snprintf(command, sizeof(command), "rm -rf '%s'", tree->root);
	assert_int_equal(system(command), 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int sites_read(const struct tree *tree, unsigned int timeout_ms, struct cldap_sites *sites, char *why,
		      size_t why_size)
{
	struct host host;
	struct smb_conf conf = { 0 };
	struct error_record error = { 0 };
	int r;

	assert_int_equal(host_open(tree->root, &host), 0);
	assert_int_equal(smb_conf_load(&host, &conf, &error), 1);
	r = cldap_sites_read(&host, &conf, timeout_ms, sites, why, why_size);
	host_close(&host);
	return r;
}

static void subnet_is(const struct cldap_sites *sites, size_t index, const char *network, const char *site)
{
	char text[CIDR_TEXT_MAX];

	assert_true(index < sites->count);
	assert_string_equal(cidr_format(&sites->items[index].network, text), network);
	assert_string_equal(sites->items[index].site, site);
}

static void socket_path_from_smb_conf(void **state)
{
	struct smb_conf conf = { 0 };
	char path[PATH_MAX];

	(void)state;
	assert_int_equal(cldap_sites_socket(&conf, path), 0);
	assert_string_equal(path, "/var/lib/samba/private/ldap_priv/ldapi");
	conf.private_dir = (struct smb_conf_setting){ .line = 3, .value = "/srv/dc/private/" };
	assert_int_equal(cldap_sites_socket(&conf, path), 0);
	assert_string_equal(path, "/srv/dc/private/ldap_priv/ldapi");
	conf.private_dir = (struct smb_conf_setting){ .line = 3, .value = "private" };
	assert_int_equal(cldap_sites_socket(&conf, path), -EINVAL);
}

static void reads_the_recorded_directory(void **state)
{
	struct tree tree;
	struct cldap_sites sites = { 0 };
	char why[CLDAP_SITES_WHY_MAX] = "";

	(void)state;
	/* the private dir smb.conf names, not the default */
	tree_make(&tree, "cldap/root-dc-none", "private dir = /srv/dc/private", "/srv/dc/private", SERVER_RECORDED);
	assert_int_equal(sites_read(&tree, 2000, &sites, why, sizeof(why)), 1);
	assert_string_equal(why, "");
	assert_string_equal(sites.socket, "/srv/dc/private/ldap_priv/ldapi");
	assert_int_equal(sites.count, 3);
	subnet_is(&sites, 0, "10.77.0.0/16", "Default-First-Site-Name");
	subnet_is(&sites, 1, "2001:db8:77::/48", "Default-First-Site-Name");
	subnet_is(&sites, 2, "10.30.0.0/16", "Branch-Office");
	assert_int_equal(sites.unusable, 0);
	cldap_sites_free(&sites);
	assert_int_equal(tree_remove(&tree), 0);
}

static void unread_directory_says_why(void **state)
{
	struct tree tree;
	struct cldap_sites sites = { 0 };
	char why[CLDAP_SITES_WHY_MAX];
	uint64_t start;

	(void)state;
	/* a fixture tree: no socket */
	tree_make(&tree, "cldap/root-dc-none", NULL, NULL, SERVER_RECORDED);
	assert_int_equal(sites_read(&tree, 2000, &sites, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "/var/lib/samba/private/ldap_priv/ldapi, samba's privileged LDAP socket"));
	assert_non_null(strstr(why, "there is no "));
	assert_int_equal(tree_remove(&tree), 0);
	/* a stuck DC: the deadline holds */
	tree_make(&tree, "cldap/root-dc-none", NULL, CLDAP_PRIVATE_DIR_DEFAULT, SERVER_SILENT);
	start = net_now_ms();
	assert_int_equal(sites_read(&tree, 300, &sites, why, sizeof(why)), 0);
	assert_true(net_now_ms() - start >= 300 && net_now_ms() - start < 1500);
	assert_non_null(strstr(why, "did not answer on "));
	assert_non_null(strstr(why, "within 300 ms"));
	tree_remove(&tree);
	tree_make(&tree, "cldap/root-dc-none", NULL, CLDAP_PRIVATE_DIR_DEFAULT, SERVER_HANGS_UP);
	assert_int_equal(sites_read(&tree, 2000, &sites, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "closed"));
	assert_int_equal(sites.count, 0);
	tree_remove(&tree);
}

static int find(const struct tree *tree, struct consumer_list *list)
{
	struct host host;
	struct consumer_request request = { .host = &host };
	struct error_record error = { 0 };
	int r;

	assert_int_equal(host_open(tree->root, &host), 0);
	r = cldap_service.find_consumers(&request, list, &error);
	host_close(&host);
	return r;
}

static void trusted_is(const struct cidr_list *trusted, size_t index, const char *expected)
{
	char text[CIDR_TEXT_MAX];

	assert_true(index < trusted->count);
	assert_string_equal(cidr_format(&trusted->items[index], text), expected);
}

static void subnets_are_the_members_networks(void **state)
{
	struct supervision supervision = { .under_systemd = true };
	struct consumer_list list = { 0 };
	struct plan_input input = { .service = &cldap_service, .exposed = true, .mode = MODE_AUTO, .consumers = &list,
				    .supervision = &supervision };
	struct error_record error = { 0 };
	struct tree tree;
	struct plan plan;
	char german[1024];

	(void)state;
	/* smb.conf names none: the subnets alone, and the plan restricts */
	tree_make(&tree, "cldap/root-dc-none", NULL, CLDAP_PRIVATE_DIR_DEFAULT, SERVER_RECORDED);
	assert_int_equal(find(&tree, &list), 0);
	assert_int_equal(tree_remove(&tree), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_members);
	assert_false(list.items[0].ambiguous);
	assert_string_equal(list.items[0].evidence,
			    "/etc/samba/smb.conf:4 makes this host the domain controller of PG.TEST; the directory's sites "
			    "name subnets 10.77.0.0/16, 2001:db8:77::/48 (site Default-First-Site-Name), 10.30.0.0/16 (site Branch-Office)");
	assert_int_equal(list.items[0].trusted.count, 3);
	/* the German report words the sites in German; smb.conf's are the file's words */
	evidence_format(&list.items[0].facts, LANGUAGE_GERMAN, german, sizeof(german));
	assert_string_equal(german,
			    "/etc/samba/smb.conf:4 macht diesen Server zum Domänencontroller von PG.TEST; die Standorte des "
			    "Verzeichnisses nennen die Subnetze 10.77.0.0/16, 2001:db8:77::/48 (Standort Default-First-Site-Name), "
			    "10.30.0.0/16 (Standort Branch-Office)");
	assert_int_equal(plan_decide(&input, &plan, &error), 0);
	assert_int_equal(plan.action, ACTION_RESTRICT);
	assert_int_equal(plan.trusted.count, 3);
	plan_free(&plan);
	consumer_list_free(&list);

	/* with hosts allow: the union */
	tree_make(&tree, "cldap/root-dc-hosts-allow", NULL, CLDAP_PRIVATE_DIR_DEFAULT, SERVER_RECORDED);
	assert_int_equal(find(&tree, &list), 0);
	assert_int_equal(tree_remove(&tree), 0);
	assert_int_equal(list.count, 1);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_members);
	assert_non_null(strstr(list.items[0].evidence, "; hosts allow = 127.0.0.1 10.77.0. 192.168.30.0/255.255.255.0; "
						       "the directory's sites name subnets 10.77.0.0/16"));
	/* hosts allow's 10.77.0.0/24 lies within the site's 10.77.0.0/16 */
	assert_int_equal(list.items[0].trusted.count, 4);
	trusted_is(&list.items[0].trusted, 0, "10.30.0.0/16");
	trusted_is(&list.items[0].trusted, 1, "10.77.0.0/16");
	trusted_is(&list.items[0].trusted, 2, "192.168.30.0/24");
	trusted_is(&list.items[0].trusted, 3, "2001:db8:77::/48");
	consumer_list_free(&list);

	/* ALL in hosts allow stays explained, the subnets notwithstanding */
	tree_make(&tree, "cldap/root-dc-all", NULL, CLDAP_PRIVATE_DIR_DEFAULT, SERVER_RECORDED);
	assert_int_equal(find(&tree, &list), 0);
	assert_int_equal(tree_remove(&tree), 0);
	assert_ptr_equal(list.items[0].kind, &cldap_kind_domain);
	consumer_list_free(&list);
}

/* The German words of what sites_name() records: the count of subnets
 * that did not fit at the end, and a site whose name holds " and ". */
static void sites_worded_in_german(void **state)
{
	struct evidence facts = { .source = &cldap_source_dc, .line = 4, .subject = "PG.TEST" };
	char text[1024];

	(void)state;
	snprintf(facts.object, sizeof(facts.object), "hosts allow = 10.1.0. ; the directory's sites name subnets "
		 "10.1.0.0/16 (site Research and Development), 10.2.0.0/16 (no site) and 7 more");
	snprintf(facts.file, sizeof(facts.file), "/etc/samba/smb.conf");
	evidence_format(&facts, LANGUAGE_GERMAN, text, sizeof(text));
	assert_string_equal(text, "/etc/samba/smb.conf:4 macht diesen Server zum Domänencontroller von PG.TEST; "
			    "hosts allow = 10.1.0. ; die Standorte des Verzeichnisses nennen die Subnetze 10.1.0.0/16 "
			    "(Standort Research and Development), 10.2.0.0/16 (kein Standort) und 7 weitere");
	evidence_format(&facts, LANGUAGE_ENGLISH, text, sizeof(text));
	assert_string_equal(text, "/etc/samba/smb.conf:4 makes this host the domain controller of PG.TEST; "
			    "hosts allow = 10.1.0. ; the directory's sites name subnets 10.1.0.0/16 "
			    "(site Research and Development), 10.2.0.0/16 (no site) and 7 more");
}

static void replays_fuzz_corpus(void **state)
{
	char corpus[4096];
	size_t count;

	(void)state;
	snprintf(corpus, sizeof(corpus), "%s/cldap/sites-corpus", FIXTURES);
	count = corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(socket_path_from_smb_conf),
		cmocka_unit_test(reads_the_recorded_directory),
		cmocka_unit_test(unread_directory_says_why),
		cmocka_unit_test(subnets_are_the_members_networks),
		cmocka_unit_test(sites_worded_in_german),
		cmocka_unit_test(replays_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
