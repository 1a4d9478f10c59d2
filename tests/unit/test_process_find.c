/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process_find below a --root made at run time (ROOT/proc/PID/comm):
 * the lowest pid of a name; and its memo, which check begins: one walk
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
		cmocka_unit_test(memo_answers_from_one_walk_until_forgotten),
	};

	return cmocka_run_group_tests(tests, make_roots, remove_roots);
}
