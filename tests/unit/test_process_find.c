/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process_find below a --root made at run time (ROOT/proc/PID/comm):
 * the lowest pid of a name, where a first line longer than a kernel
 * comm names nothing (not even its first 15 bytes); on the live host,
 * this test itself under a name of its own; and its memo, which check begins: one walk
 * answers every later name of the same host, a process started after
 * the walk stays unseen until the memo is forgotten, and another host
 * is walked on its own. */
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
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/process_find.h"

struct roots {
	char first[64], second[64];
};

static void add_process(const char *root, int pid, const char *comm)
{
	char path[PATH_MAX];
	FILE *file;

	snprintf(path, sizeof(path), "%s/proc", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/%d", root, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/proc/%d/comm", root, pid);
	file = fopen(path, "w");
	assert_non_null(file);
	fprintf(file, "%s\n", comm);
	fclose(file);
}

static void remove_tree(const char *root)
{
	char command[PATH_MAX + 16];

	snprintf(command, sizeof(command), "rm -rf '%s'", root);
	assert_int_equal(system(command), 0);
}

static int make_roots(void **state)
{
	struct roots *roots = calloc(1, sizeof(*roots));

	if (!roots)
		return -1;
	snprintf(roots->first, sizeof(roots->first), "/tmp/pg-process-find-XXXXXX");
	snprintf(roots->second, sizeof(roots->second), "/tmp/pg-process-find-XXXXXX");
	if (!mkdtemp(roots->first) || !mkdtemp(roots->second))
		return -1;
	add_process(roots->first, 300, "smbd");
	add_process(roots->first, 120, "smbd");
	add_process(roots->first, 77, "samba");
	add_process(roots->first, 60, "rpc.statd-and-more");
	add_process(roots->first, 400, "rpc.statd");
	add_process(roots->second, 50, "smbd");
	*state = roots;
	return 0;
}

static int remove_roots(void **state)
{
	struct roots *roots = *state;

	remove_tree(roots->first);
	remove_tree(roots->second);
	free(roots);
	return 0;
}

static void lowest_pid_of_the_name(void **state)
{
	struct roots *roots = *state;
	struct host host;

	assert_int_equal(host_open(roots->first, &host), 0);
	assert_int_equal(process_find(&host, "smbd"), 120);
	assert_int_equal(process_find(&host, "samba"), 77);
	assert_int_equal(process_find(&host, "ypserv"), 0);
	/* Pid 60's first line is 18 bytes: cut to a comm's 15, or at the
	 * length of the name asked for, it would be found before pid 400. */
	assert_int_equal(process_find(&host, "rpc.statd"), 400);
	assert_int_equal(process_find(&host, "rpc.statd-and-m"), 0);
	assert_int_equal(process_find(&host, "rpc.statd-and-more"), 0);
	host_close(&host);
}

/* The live host's /proc, read directly from procfs: this test, renamed
 * to a name no other process has, is found by its pid. */
static void finds_itself_on_the_live_host(void **state)
{
	char name[16];
	struct host host;

	(void)state;
	snprintf(name, sizeof(name), "pg-find-%d", (int)getpid() % 1000000);
	assert_int_equal(prctl(PR_SET_NAME, name), 0);
	assert_int_equal(host_open("", &host), 0);
	assert_int_equal(process_find(&host, name), getpid());
	process_find_memo_begin();
	assert_int_equal(process_find(&host, name), getpid());
	assert_int_equal(process_find(&host, "pg-find-none"), 0);
	process_find_memo_forget();
	host_close(&host);
}

static void memo_answers_from_one_walk_until_forgotten(void **state)
{
	struct roots *roots = *state;
	struct host first, second;

	assert_int_equal(host_open(roots->first, &first), 0);
	assert_int_equal(host_open(roots->second, &second), 0);
	process_find_memo_begin();
	assert_int_equal(process_find(&first, "smbd"), 120);
	/* started after the walk: the memo still says what the walk saw */
	add_process(roots->first, 99, "smbd");
	add_process(roots->first, 98, "ypbind");
	assert_int_equal(process_find(&first, "smbd"), 120);
	assert_int_equal(process_find(&first, "samba"), 77);
	assert_int_equal(process_find(&first, "ypbind"), 0);
	/* another host is walked, not answered from the first's memo */
	assert_int_equal(process_find(&second, "smbd"), 50);
	assert_int_equal(process_find(&second, "samba"), 0);
	process_find_memo_forget();
	assert_int_equal(process_find(&first, "smbd"), 99);
	assert_int_equal(process_find(&first, "ypbind"), 98);
	host_close(&first);
	host_close(&second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lowest_pid_of_the_name),
		cmocka_unit_test(finds_itself_on_the_live_host),
		cmocka_unit_test(memo_answers_from_one_walk_until_forgotten),
	};

	return cmocka_run_group_tests(tests, make_roots, remove_roots);
}
