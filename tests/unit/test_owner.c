/* SPDX-License-Identifier: GPL-2.0-or-later */
/* owner_attribute_at on a fixture /proc and cgroup tree
 * (tests/fixtures/proc, see its README.md): a service's socket, a socket
 * unit's socket that PID 1 holds, a holder moved out of the socket's
 * cgroup, a hybrid cgroup file, a socket nobody holds; and, built at run
 * time, processes whose fds may not be read. A listener's cgroup id is
 * the inode of its fixture directory: the tree is no cgroupfs, so
 * owner.c finds it by its walk, as where open_by_handle_at is denied. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/owner.h"

#define PROC FIXTURES "/proc/proc"
#define CGROUP FIXTURES "/proc/cgroup"

struct tree {
	char proc[64];
	int cgroup_fd;
};

/* The fds the kernel would show as links. They are made at run time:
 * make dist archives with tar -h, which cannot follow a link to
 * "socket:[5001]". */
static const struct {
	const char *path;
	const char *target;
} fd_links[] = {
	{ "1/fd/0", "/dev/null" },
	{ "1/fd/4", "anon_inode:[eventpoll]" },
	{ "1/fd/47", "socket:[9001]" },
	{ "100/fd/0", "/dev/null" },
	{ "100/fd/3", "socket:[5001]" },
	{ "100/fd/4", "pipe:[777]" },
	{ "200/fd/3", "socket:[7000]" },
	{ "200/fd/4", "socket:[7001]" },
	{ "300/fd/0", "/dev/null" },
	{ "300/fd/5", "socket:[6001]" },
	{ "300/fd/6", "socket:[6002]" },
};

static int copy_file(const char *from, const char *to)
{
	char buffer[4096];
	FILE *in = fopen(from, "r"), *out;
	size_t length;

	if (!in)
		return -1;
	length = fread(buffer, 1, sizeof(buffer), in);
	fclose(in);
	out = fopen(to, "w");
	if (!out)
		return -1;
	fwrite(buffer, 1, length, out);
	return fclose(out);
}

/* The fixture's pid directories (comm, cgroup) copied to a temporary
 * /proc, with their fd links. */
static int make_proc(char *root)
{
	static const char *const pids[] = { "1", "100", "200", "300", "400" };
	static const char *const files[] = { "comm", "cgroup" };
	char from[4096], to[4096];

	if (!mkdtemp(root) || chmod(root, 0755) < 0)
		return -1;
	snprintf(from, sizeof(from), "%s/version", PROC);
	snprintf(to, sizeof(to), "%s/version", root);
	if (copy_file(from, to) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++) {
		snprintf(to, sizeof(to), "%s/%s", root, pids[i]);
		if (mkdir(to, 0755) < 0)
			return -1;
		for (size_t j = 0; j < sizeof(files) / sizeof(files[0]); j++) {
			snprintf(from, sizeof(from), "%s/%s/%s", PROC, pids[i], files[j]);
			snprintf(to, sizeof(to), "%s/%s/%s", root, pids[i], files[j]);
			if (copy_file(from, to) < 0)
				return -1;
		}
	}
	for (size_t i = 0; i < sizeof(fd_links) / sizeof(fd_links[0]); i++) {
		snprintf(to, sizeof(to), "%s/%s", root, fd_links[i].path);
		*strrchr(to, '/') = '\0';
		if (mkdir(to, 0755) < 0 && errno != EEXIST)
			return -1;
		snprintf(to, sizeof(to), "%s/%s", root, fd_links[i].path);
		if (symlink(fd_links[i].target, to) < 0)
			return -1;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *status, int type, struct FTW *ftw);

static int open_tree(void **state)
{
	static struct tree tree;

	snprintf(tree.proc, sizeof(tree.proc), "/tmp/test_owner.XXXXXX");
	if (make_proc(tree.proc) < 0)
		return -1;
	tree.cgroup_fd = open(CGROUP, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (tree.cgroup_fd < 0)
		return -1;
	*state = &tree;
	return 0;
}

static int close_tree(void **state)
{
	struct tree *tree = *state;

	close(tree->cgroup_fd);
	return nftw(tree->proc, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static uint64_t cgroup_id(const char *path)
{
	char full[4096];
	struct stat status;

	snprintf(full, sizeof(full), "%s/%s", CGROUP, path);
	assert_int_equal(stat(full, &status), 0);
	return status.st_ino;
}

static void add_listener(struct listener_list *list, uint64_t inode, uint64_t cgroup)
{
	struct listener *items = realloc(list->items, (list->count + 1) * sizeof(*items));

	assert_non_null(items);
	list->items = items;
	list->items[list->count++] = (struct listener){ .transport = TRANSPORT_UDP, .port = 111, .inode = inode,
							.cgroup_id = cgroup };
	list->capacity = list->count;
}

static void assert_owner(const struct owner *owner, pid_t pid, const char *process, const char *unit)
{
	assert_int_equal(owner->pid, pid);
	assert_string_equal(owner->process, process);
	assert_string_equal(owner->unit, unit);
}

/* What the portmapper's service entry says its daemons are called. */
static const char *const likely[] = { "rpcbind", "portmap", NULL };

static int lookup_calls;

/* What systemd says over the bus: rpcbind.socket listens there. */
static int rpcbind_socket(const struct listener *listener, char *ret_name, char *ret_service_cgroup)
{
	assert_int_equal(listener->port, 111);
	lookup_calls++;
	strcpy(ret_name, "rpcbind.socket");
	strcpy(ret_service_cgroup, "");
	return 0;
}

/* The socket's cgroup holds its holder: that process alone is read. */
static void service_in_its_cgroup(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	add_listener(&list, 5001, cgroup_id("system.slice/portmap.service"));
	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, NULL), 0);
	assert_int_equal(list.items[0].owner_count, 1);
	assert_owner(&list.items[0].owners[0], 100, "portmap", "portmap.service");
	assert_false(list.owners_incomplete);
	assert_false(list.owners_partial);
	free(list.items);
}

/* Only /proc/PID/cgroup's name=systemd line names the unit (hybrid). */
static void hybrid_cgroup_file(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	add_listener(&list, 7001, cgroup_id("system.slice/ssh.service"));
	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, NULL), 0);
	assert_int_equal(list.items[0].owner_count, 1);
	assert_owner(&list.items[0].owners[0], 200, "sshd", "ssh.service");
	free(list.items);
}

/* systemd opens a socket unit's socket in the unit's cgroup, which holds
 * no process: PID 1 holds it, named by the socket unit, not by its own
 * cgroup (init.scope); the bus is not asked. */
static void socket_unit_held_by_pid_1(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	lookup_calls = 0;
	add_listener(&list, 9001, cgroup_id("system.slice/rpcbind.socket"));
	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, rpcbind_socket), 0);
	assert_int_equal(list.items[0].owner_count, 1);
	assert_owner(&list.items[0].owners[0], 1, "systemd", "rpcbind.socket");
	assert_int_equal(lookup_calls, 0);
	free(list.items);
}

/* The same socket without its cgroup (cgroup id 0): found by reading
 * every process; which socket unit it is, systemd says (the lookup). */
static void socket_unit_without_cgroup(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	lookup_calls = 0;
	add_listener(&list, 9001, 0);
	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, NULL), 0);
	assert_int_equal(list.items[0].owner_count, 1);
	assert_owner(&list.items[0].owners[0], 1, "systemd", "init.scope");
	list.items[0].owner_count = 0;
	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, rpcbind_socket), 0);
	assert_int_equal(list.items[0].owner_count, 1);
	assert_owner(&list.items[0].owners[0], 1, "systemd", "rpcbind.socket");
	assert_true(lookup_calls > 0);
	free(list.items);
}

/* The holder was moved to another cgroup (rpcbind started from a
 * session): the socket's cgroup is empty, every process is a candidate,
 * and the holder is found with the unit it runs in now. */
static void holder_moved_to_another_cgroup(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	add_listener(&list, 6001, cgroup_id("system.slice/moved.service"));
	add_listener(&list, 6002, cgroup_id("system.slice/moved.service"));
	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, NULL), 0);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(list.items[i].owner_count, 1);
		assert_owner(&list.items[i].owners[0], 300, "rpcbind", "session-1.scope");
	}
	assert_false(list.owners_incomplete);
	free(list.items);
}

/* No cgroup2 at all (mount fd -1): the same owners, the slow way. */
static void without_cgroups(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	add_listener(&list, 5001, 12345);
	add_listener(&list, 6001, 0);
	assert_int_equal(owner_attribute_at(tree->proc, -1, &list, likely, NULL), 0);
	assert_int_equal(list.items[0].owner_count, 1);
	assert_owner(&list.items[0].owners[0], 100, "portmap", "portmap.service");
	assert_int_equal(list.items[1].owner_count, 1);
	assert_owner(&list.items[1].owners[0], 300, "rpcbind", "session-1.scope");
	free(list.items);
}

/* While a command's memo holds, a list whose every socket an earlier
 * call attributed gets those owners without reading /proc (here: none
 * to read); a list with one socket not seen is read whole; a socket of
 * the same inode on another port is another socket; and once forgotten
 * (a change to the host), every list is read again. */
static void memo_shares_owners_until_forgotten(void **state)
{
	struct tree *tree = *state;
	struct listener_list first = { 0 }, again = { 0 }, mixed = { 0 }, moved = { 0 }, after = { 0 };

	owner_memo_begin();
	add_listener(&first, 5001, 12345);
	add_listener(&first, 6001, 0);
	assert_int_equal(owner_attribute_at(tree->proc, -1, &first, likely, NULL), 0);
	assert_int_equal(first.items[1].owner_count, 1);

	add_listener(&again, 6001, 0);
	add_listener(&again, 5001, 0);
	assert_int_equal(owner_attribute_at("/nonexistent", -1, &again, likely, NULL), 0);
	assert_int_equal(again.items[0].owner_count, 1);
	assert_owner(&again.items[0].owners[0], 300, "rpcbind", "session-1.scope");
	assert_owner(&again.items[1].owners[0], 100, "portmap", "portmap.service");

	add_listener(&mixed, 5001, 0);
	add_listener(&mixed, 7001, 0);
	assert_int_equal(owner_attribute_at("/nonexistent", -1, &mixed, likely, NULL), -ENOENT);
	assert_int_equal(mixed.items[0].owner_count, 0);

	add_listener(&moved, 5001, 0);
	moved.items[0].port = 112;
	assert_int_equal(owner_attribute_at("/nonexistent", -1, &moved, likely, NULL), -ENOENT);
	assert_int_equal(moved.items[0].owner_count, 0);

	owner_memo_forget();
	add_listener(&after, 5001, 0);
	assert_int_equal(owner_attribute_at("/nonexistent", -1, &after, likely, NULL), -ENOENT);
	assert_int_equal(after.items[0].owner_count, 0);
	free(first.items), free(again.items), free(mixed.items), free(moved.items), free(after.items);
}

/* A socket no process holds stays without owner after every process
 * (a kernel thread without fds among them) was read; the others keep
 * theirs, and the search was not cut short. */
static void socket_nobody_holds(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	add_listener(&list, 5001, cgroup_id("system.slice/portmap.service"));
	add_listener(&list, 8888, 0);
	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, NULL), 0);
	assert_int_equal(list.items[0].owner_count, 1);
	assert_int_equal(list.items[1].owner_count, 0);
	assert_false(list.owners_partial);
	free(list.items);
}

static void no_listeners(void **state)
{
	struct tree *tree = *state;
	struct listener_list list = { 0 };

	assert_int_equal(owner_attribute_at(tree->proc, tree->cgroup_fd, &list, likely, NULL), 0);
	assert_false(list.owners_incomplete);
}

/* A /proc built at run time: 600 holds socket 5005 and may be read;
 * 500 holds 5006, its fd directory in fd_mode (0755: readable, 0444:
 * listed but no link read, 0: not even listed). */
static void make_tree(char *root, mode_t fd_mode)
{
	char path[4096];
	FILE *file;

	assert_non_null(mkdtemp(root));
	assert_int_equal(chmod(root, 0755), 0);
	snprintf(path, sizeof(path), "%s/600", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/600/fd", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/600/fd/3", root);
	assert_int_equal(symlink("socket:[5005]", path), 0);
	snprintf(path, sizeof(path), "%s/600/comm", root);
	assert_non_null(file = fopen(path, "w"));
	fputs("rpcbind\n", file);
	fclose(file);
	snprintf(path, sizeof(path), "%s/500", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/500/fd", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/500/fd/3", root);
	assert_int_equal(symlink("socket:[5006]", path), 0);
	snprintf(path, sizeof(path), "%s/500/fd", root);
	assert_int_equal(chmod(path, fd_mode), 0);
}

static int remove_entry(const char *path, const struct stat *status, int type, struct FTW *ftw)
{
	(void)status;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(const char *root)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/500/fd", root);
	chmod(path, 0755);
	assert_int_equal(nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* In a child that is not root (root reads every fd): 0 when the owners
 * and owners_incomplete are as expected, else the step that was not. */
static int attribute_as_user(const char *root, bool expect_incomplete)
{
	struct listener_list list = { 0 };
	struct listener items[2] = {
		{ .transport = TRANSPORT_UDP, .port = 111, .inode = 5005 },
		{ .transport = TRANSPORT_UDP, .port = 111, .inode = 5006 },
	};

	if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0))
		return 10;
	list.items = items;
	list.count = list.capacity = 2;
	if (owner_attribute_at(root, -1, &list, likely, NULL) < 0)
		return 12;
	if (items[0].owner_count != 1 || items[0].owners[0].pid != 600 ||
	    strcmp(items[0].owners[0].process, "rpcbind") != 0)
		return 13;
	if (list.owners_incomplete != expect_incomplete)
		return 14;
	/* readable: 500 holds 5006; denied: nobody is said to */
	if (items[1].owner_count != (expect_incomplete ? 0 : 1))
		return 15;
	return 0;
}

static void unreadable_processes(void **state)
{
	static const struct {
		mode_t mode;
		bool incomplete;
	} cases[] = {
		{ 0755, false },	/* control: everything readable */
		{ 0444, true },		/* fd names listed, links not read */
		{ 0000, true },		/* fd directory not opened */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char root[] = "/tmp/portguard-test-owner-XXXXXX";
		int status;
		pid_t child;

		make_tree(root, cases[i].mode);
		child = fork();
		assert_true(child >= 0);
		if (child == 0)
			_exit(attribute_as_user(root, cases[i].incomplete));
		assert_int_equal(waitpid(child, &status, 0), child);
		remove_tree(root);
		print_message("fd directory mode %04o\n", (unsigned int)cases[i].mode);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(service_in_its_cgroup),
		cmocka_unit_test(hybrid_cgroup_file),
		cmocka_unit_test(socket_unit_held_by_pid_1),
		cmocka_unit_test(socket_unit_without_cgroup),
		cmocka_unit_test(holder_moved_to_another_cgroup),
		cmocka_unit_test(without_cgroups),
		cmocka_unit_test(socket_nobody_holds),
		cmocka_unit_test(memo_shares_owners_until_forgotten),
		cmocka_unit_test(no_listeners),
		cmocka_unit_test(unreadable_processes),
	};

	return cmocka_run_group_tests(tests, open_tree, close_tree);
}
