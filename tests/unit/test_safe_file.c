/* SPDX-License-Identifier: GPL-2.0-or-later */
/* safe_file.c and paths.c on a scratch tree: FIFOs refused at once,
 * links confined to a --root tree, /proc files read whole. No root
 * needed; an open that blocks ends the test through alarm(). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/paths.h"
#include "base/safe_file.h"

static char scratch[PATH_MAX];

static void path_of(char *buffer, const char *relative)
{
	int length = snprintf(buffer, PATH_MAX, "%s/%s", scratch, relative);

	assert_true(length > 0 && length < PATH_MAX);
}

static void write_text(const char *relative, const char *text)
{
	char path[PATH_MAX];
	FILE *file;

	path_of(path, relative);
	file = fopen(path, "w");
	assert_non_null(file);
	fputs(text, file);
	fclose(file);
}

static void make_directory(const char *relative)
{
	char path[PATH_MAX];

	path_of(path, relative);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* mkdir -p of the directories above relative. */
static void make_parents(const char *relative)
{
	char path[PATH_MAX];

	path_of(path, relative);
	for (char *slash = strchr(path + strlen(scratch) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
}

/* The tree at root as the handle the paths functions take, opened
 * again for each call (the one before is closed). */
static const struct host *tree_at(const char *root)
{
	static struct host host = { .root_fd = -1 };

	host_close(&host);
	assert_int_equal(host_open(root, &host), 0);
	return &host;
}

static int set_up(void **state)
{
	(void)state;
	snprintf(scratch, sizeof(scratch), "/tmp/test_safe_file.XXXXXX");
	if (!mkdtemp(scratch))
		return -1;
	/* A blocked open never returns: let the alarm end the test. */
	alarm(20);
	return 0;
}

static int tear_down(void **state)
{
	char command[PATH_MAX + 16];

	(void)state;
	alarm(0);
	snprintf(command, sizeof(command), "rm -rf '%s'", scratch);
	return system(command) == 0 ? 0 : -1;
}

static void refuses_fifo_without_waiting(void **state)
{
	char path[PATH_MAX], *text = NULL;
	size_t length;

	(void)state;
	path_of(path, "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(safe_file_open(AT_FDCWD, path, O_RDONLY, 0), -SAFE_FILE_NOT_REGULAR);
	assert_int_equal(safe_file_read(path, SAFE_FILE_NOFOLLOW, 100, &text, &length), -SAFE_FILE_NOT_REGULAR);
	assert_null(text);
	/* Below a root too, where the type is known before anything opens. */
	make_directory("etc");
	path_of(path, "etc/exports");
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(paths_read_file(tree_at(scratch), "/etc/exports", &text, &length), -SAFE_FILE_NOT_REGULAR);
	assert_non_null(strstr(safe_file_strerror(-SAFE_FILE_NOT_REGULAR), "not a regular file"));
}

static void follows_links_only_where_allowed(void **state)
{
	char target[PATH_MAX], link[PATH_MAX], *text;
	size_t length;
	int fd;

	(void)state;
	write_text("target", "content\n");
	path_of(target, "target");
	path_of(link, "link");
	assert_int_equal(symlink(target, link), 0);
	fd = safe_file_open(AT_FDCWD, link, O_RDONLY, 0);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(safe_file_open(AT_FDCWD, link, O_RDONLY, SAFE_FILE_NOFOLLOW), -ELOOP);
	/* portguard's own files below a root: a link there is refused. */
	make_directory("var");
	path_of(link, "var/state.json");
	assert_int_equal(symlink("/target", link), 0);
	assert_int_equal(paths_read_own(tree_at(scratch), "/var/state.json", &text, &length), -ELOOP);
	assert_int_equal(paths_read_file(tree_at(scratch), "/var/state.json", &text, &length), 0);
	assert_string_equal(text, "content\n");
	free(text);
}

/* name in tree/etc, a link to target: reads the tree's file "inside". */
static void expect_read_inside(const char *name, const char *target)
{
	char link[PATH_MAX], tree[PATH_MAX], path[PATH_MAX], *text;
	size_t length;

	snprintf(path, sizeof(path), "tree/etc/%s", name);
	path_of(link, path);
	assert_int_equal(symlink(target, link), 0);
	path_of(tree, "tree");
	snprintf(path, sizeof(path), "/etc/%s", name);
	assert_int_equal(paths_read_file(tree_at(tree), path, &text, &length), 0);
	assert_string_equal(text, "inside\n");
	free(text);
	assert_true(paths_exists(tree_at(tree), path));
}

/* The tree holds, at the path of a host file, its own file: a link to
 * the host path, absolute or climbing with "..", reads the tree's. */
static void keeps_links_inside_the_root(void **state)
{
	char host_file[PATH_MAX], inside[PATH_MAX + 8], relative[PATH_MAX + 64], tree[PATH_MAX];

	(void)state;
	make_directory("tree");
	make_directory("tree/etc");
	write_text("host-secret", "host\n");
	path_of(host_file, "host-secret");
	snprintf(inside, sizeof(inside), "tree%s", host_file);
	make_parents(inside);
	write_text(inside, "inside\n");
	expect_read_inside("exports", host_file);
	snprintf(relative, sizeof(relative), "../../../../../../../..%s", host_file);
	expect_read_inside("nfs.conf", relative);
	path_of(tree, "tree");
	assert_false(paths_exists(tree_at(tree), "/etc/fstab"));
}

/* A write below the root follows the tree's links inside the tree: a
 * directory linked to a host path gets nothing. A link whose target the
 * tree lacks is not made a directory, as mkdir -p would not. */
static void writes_inside_the_root(void **state)
{
	char host_directory[PATH_MAX], link[PATH_MAX], tree[PATH_MAX], inside[PATH_MAX + 32];
	struct stat status;

	(void)state;
	make_directory("host-var");
	make_directory("tree");
	path_of(host_directory, "host-var");
	path_of(link, "tree/var");
	assert_int_equal(symlink(host_directory, link), 0);
	path_of(tree, "tree");
	assert_int_equal(paths_write_file(tree_at(tree), "/var/lib/portguard/state.json", "{}\n", 3, 0600), -ENOENT);
	snprintf(inside, sizeof(inside), "tree%s/", host_directory);
	make_parents(inside);
	assert_int_equal(paths_write_file(tree_at(tree), "/var/lib/portguard/state.json", "{}\n", 3, 0600), 0);
	assert_true(snprintf(inside, sizeof(inside), "%s%s/lib/portguard/state.json", tree, host_directory) <
		    (int)sizeof(inside));
	assert_int_equal(stat(inside, &status), 0);
	assert_int_equal(status.st_mode & 07777, 0600);
	path_of(link, "host-var/lib");
	assert_int_equal(stat(link, &status), -1);
	assert_int_equal(paths_rename(tree_at(tree), "/var/lib/portguard/state.json", "/var/lib/portguard/old.json"), 0);
	assert_int_equal(paths_remove(tree_at(tree), "/var/lib/portguard/old.json", false), 0);
	assert_int_equal(paths_remove(tree_at(tree), "/var/lib/portguard/old.json", false), -ENOENT);
}

/* /proc files are regular files that say size 0: read to their end. */
static void reads_proc_files_whole(void **state)
{
	struct stat status;
	char *text;
	size_t length;

	(void)state;
	assert_int_equal(stat("/proc/self/status", &status), 0);
	assert_true(S_ISREG(status.st_mode));
	assert_int_equal(status.st_size, 0);
	assert_int_equal(paths_read_file(tree_at(""), "/proc/self/status", &text, &length), 0);
	assert_true(length > 100);
	assert_non_null(strstr(text, "\nPid:"));
	free(text);
}

/* safe_file_read_procfs reads a file of procfs and nothing else: no
 * link on the way (/proc/self is one), no file mounted over procfs's
 * (that part needs root, to unshare the mount namespace). A file that
 * may be longer than the buffer is refused, not cut. */
static void reads_procfs_directly(void **state)
{
	char path[64], buffer[64], comm_path[PATH_MAX], impostor[PATH_MAX];
	int proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int scratch_fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)state;
	assert_true(proc_fd >= 0 && scratch_fd >= 0);
	assert_true(safe_file_is_procfs(proc_fd));
	assert_false(safe_file_is_procfs(scratch_fd));
	assert_int_equal(prctl(PR_SET_NAME, "pg-procfs-read"), 0);
	snprintf(path, sizeof(path), "%d/comm", (int)getpid());
	assert_int_equal(safe_file_read_procfs(proc_fd, path, buffer, sizeof(buffer)), 15);
	assert_string_equal(buffer, "pg-procfs-read\n");
	assert_int_equal(safe_file_read_procfs(proc_fd, path, buffer, 17), 15);
	assert_int_equal(safe_file_read_procfs(proc_fd, path, buffer, 16), -EFBIG);
	assert_int_equal(safe_file_read_procfs(proc_fd, "self/comm", buffer, sizeof(buffer)), -ELOOP);
	if (geteuid() == 0 && unshare(CLONE_NEWNS) == 0) {
		assert_int_equal(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
		write_text("impostor", "smbd\n");
		path_of(impostor, "impostor");
		snprintf(comm_path, sizeof(comm_path), "/proc/%s", path);
		assert_int_equal(mount(impostor, comm_path, NULL, MS_BIND, NULL), 0);
		/* The descriptor opened before unshare is the old namespace's. */
		close(proc_fd);
		proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		assert_true(proc_fd >= 0);
		assert_int_equal(safe_file_read_procfs(proc_fd, path, buffer, sizeof(buffer)), -EXDEV);
		assert_int_equal(umount(comm_path), 0);
		assert_int_equal(safe_file_read_procfs(proc_fd, path, buffer, sizeof(buffer)), 15);
	}
	close(proc_fd);
	close(scratch_fd);
}

/* The handle is the tree, not its name: opened once, it reads the same
 * tree after the path moved; a root that is no directory is refused
 * when it is opened, not at each file. */
static void holds_the_root_open(void **state)
{
	char tree[PATH_MAX], moved[PATH_MAX], *text;
	struct host host;
	size_t length;

	(void)state;
	make_directory("tree");
	make_directory("tree/etc");
	write_text("tree/etc/hosts", "inside\n");
	write_text("plain", "x");
	path_of(tree, "plain");
	assert_int_equal(host_open(tree, &host), -ENOTDIR);
	assert_int_equal(host.root_fd, -1);
	path_of(tree, "missing");
	assert_int_equal(host_open(tree, &host), -ENOENT);
	path_of(tree, "tree");
	assert_int_equal(host_open(tree, &host), 0);
	assert_false(host_is_live(&host));
	path_of(moved, "moved");
	assert_int_equal(rename(tree, moved), 0);
	assert_int_equal(paths_read_file(&host, "/etc/hosts", &text, &length), 0);
	assert_string_equal(text, "inside\n");
	free(text);
	host_close(&host);
	assert_int_equal(host.root_fd, -1);
	assert_int_equal(host_open("", &host), 0);
	assert_true(host_is_live(&host));
	host_close(&host);
}

static void refuses_what_is_no_file(void **state)
{
	char path[PATH_MAX], *text;
	size_t length;

	(void)state;
	assert_int_equal(safe_file_open(AT_FDCWD, "/", O_RDONLY, 0), -EISDIR);
	write_text("plain", "x");
	path_of(path, "plain");
	assert_int_equal(safe_file_open(AT_FDCWD, path, O_RDONLY, SAFE_FILE_DIRECTORY), -ENOTDIR);
	assert_int_equal(safe_file_read("/dev/null", 0, 100, &text, &length), -SAFE_FILE_NOT_REGULAR);
}

static void bounds_what_it_reads(void **state)
{
	char path[PATH_MAX], *text;
	size_t length;

	(void)state;
	write_text("ten", "0123456789");
	path_of(path, "ten");
	assert_int_equal(safe_file_read(path, 0, 9, &text, &length), -EFBIG);
	assert_int_equal(safe_file_read(path, 0, 10, &text, &length), 0);
	assert_int_equal(length, 10);
	assert_string_equal(text, "0123456789");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refuses_fifo_without_waiting, set_up, tear_down),
		cmocka_unit_test_setup_teardown(follows_links_only_where_allowed, set_up, tear_down),
		cmocka_unit_test_setup_teardown(keeps_links_inside_the_root, set_up, tear_down),
		cmocka_unit_test_setup_teardown(writes_inside_the_root, set_up, tear_down),
		cmocka_unit_test_setup_teardown(reads_proc_files_whole, set_up, tear_down),
		cmocka_unit_test_setup_teardown(reads_procfs_directly, set_up, tear_down),
		cmocka_unit_test_setup_teardown(holds_the_root_open, set_up, tear_down),
		cmocka_unit_test_setup_teardown(refuses_what_is_no_file, set_up, tear_down),
		cmocka_unit_test_setup_teardown(bounds_what_it_reads, set_up, tear_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
