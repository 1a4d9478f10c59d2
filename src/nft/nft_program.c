/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "nft/nft_program.h"

/* Where distributions and a source install put it; never $PATH: a root
 * process must not run whatever its caller's PATH names first. */
static const char *const program_paths[] = {
	"/usr/sbin/nft", "/sbin/nft", "/usr/local/sbin/nft", "/usr/bin/nft",
};

#define ARGUMENTS_MAX 8
#define ERROR_OUTPUT_MAX 4096

static const char *program_path(void)
{
	for (size_t i = 0; i < sizeof(program_paths) / sizeof(program_paths[0]); i++)
		if (access(program_paths[i], X_OK) == 0)
			return program_paths[i];
	return NULL;
}

/* Standard input and output as files in memory: no pipe that fills up
 * and stalls either side, nothing on disk. */
static int memory_file(const char *name, const char *data, size_t length)
{
	_cleanup_close_ int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	for (size_t done = 0; done < length;) {
		ssize_t n = write(fd, data + done, length - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	return TAKE_FD(fd);
}

static int read_memory_file(int fd, size_t max, char **ret_text, size_t *ret_length)
{
	struct stat status;
	size_t length, done = 0;
	char *text;

	if (fstat(fd, &status) < 0)
		return -errno;
	if (status.st_size < 0 || (uintmax_t)status.st_size > max)
		return -EFBIG;
	length = (size_t)status.st_size;
	text = malloc(length + 1);
	if (!text)
		return -ENOMEM;
	while (done < length) {
		ssize_t n = pread(fd, text + done, length - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	text[done] = '\0';
	*ret_text = text;
	*ret_length = done;
	return 0;
}

static int spawn(const char *path, const char *const *arguments, const int fds[3], pid_t *ret_pid)
{
	static char path_variable[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin", locale[] = "LC_ALL=C";
	char *const environment[] = { path_variable, locale, NULL };
	char *argv[ARGUMENTS_MAX + 2] = { (char *)"nft" };
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attributes;
	sigset_t all, none;
	size_t count = 0;
	int r;

	while (arguments[count]) {
		if (count >= ARGUMENTS_MAX)
			return -E2BIG;
		argv[count + 1] = (char *)arguments[count];
		count++;
	}
	sigfillset(&all);
	sigemptyset(&none);
	r = posix_spawn_file_actions_init(&actions);
	if (r)
		return -r;
	r = posix_spawnattr_init(&attributes);
	if (r) {
		posix_spawn_file_actions_destroy(&actions);
		return -r;
	}
	/* The agent blocks signals for sd-event: nft gets the defaults. */
	for (int i = 0; r == 0 && i < 3; i++)
		r = posix_spawn_file_actions_adddup2(&actions, fds[i], i);
	if (r == 0)
		r = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (r == 0)
		r = posix_spawnattr_setsigmask(&attributes, &none);
	if (r == 0)
		r = posix_spawnattr_setsigdefault(&attributes, &all);
	if (r == 0)
		r = posix_spawn(ret_pid, path, &actions, &attributes, argv, environment);
	posix_spawnattr_destroy(&attributes);
	posix_spawn_file_actions_destroy(&actions);
	return -r;
}

/* Waits for nft, killing it after the timeout; its exit status, or
 * -ETIMEDOUT. */
static int wait_for(pid_t pid, int *ret_status)
{
	_cleanup_close_ int pidfd = pidfd_open(pid, 0);
	int status;
	bool timed_out = false;

	if (pidfd >= 0) {
		struct pollfd exited = { .fd = pidfd, .events = POLLIN };
		int n;

		do
			n = poll(&exited, 1, NFT_PROGRAM_TIMEOUT_SECONDS * 1000);
		while (n < 0 && errno == EINTR);
		if (n == 0) {
			kill(pid, SIGKILL);	/* our own child, not yet reaped */
			timed_out = true;
		}
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (timed_out)
		return -ETIMEDOUT;
	*ret_status = status;
	return 0;
}

/* nft's first "Error:" line (the cause; the next lines quote the input
 * and point at it), else its first line; from the start of what it
 * printed only, as it quotes lines of any length. */
static void first_error_line(int fd, int status, struct error_record *ret_error)
{
	char text[ERROR_OUTPUT_MAX + 1], *line;
	ssize_t n;

	do
		n = pread(fd, text, ERROR_OUTPUT_MAX, 0);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		text[n] = '\0';
		line = strstr(text, "Error:");
		if (!line)
			line = text + strspn(text, "\n");
		line[strcspn(line, "\n")] = '\0';
		if (line[0]) {
			error_record_set(ret_error, NULL, 0, "nft said: %s", line);
			return;
		}
	}
	if (WIFEXITED(status))
		error_record_set(ret_error, NULL, 0, "nft exited with status %d", WEXITSTATUS(status));
	else
		error_record_set(ret_error, NULL, 0, "nft was killed by signal %d", WTERMSIG(status));
}

static void close_all(int (*fds)[3])
{
	for (int i = 0; i < 3; i++)
		closep(&(*fds)[i]);
}

int nft_program_run(const char *const *arguments, const char *input, size_t length, size_t output_max,
		    char **ret_output, size_t *ret_length, struct error_record *ret_error)
{
	const char *path = program_path();
	_cleanup_(close_all) int fds[3] = { -1, -1, -1 };
	int status = 0, r = 0;
	pid_t pid;

	if (!path) {
		error_record_set(ret_error, NULL, 0, "the nft program is not installed (looked for %s)",
				 program_paths[0]);
		return -ENOENT;
	}
	fds[0] = memory_file("nft-input", input ? input : "", input ? length : 0);
	fds[1] = memory_file("nft-output", "", 0);
	fds[2] = memory_file("nft-errors", "", 0);
	for (int i = 0; i < 3; i++)
		if (fds[i] < 0 && r == 0)
			r = fds[i];
	if (r == 0)
		r = spawn(path, arguments, fds, &pid);
	if (r == 0)
		r = wait_for(pid, &status);
	if (r == -ETIMEDOUT)
		error_record_set(ret_error, NULL, 0, "nft did not finish within %d s", NFT_PROGRAM_TIMEOUT_SECONDS);
	else if (r < 0)
		error_record_set(ret_error, NULL, 0, "running %s failed: %s", path, strerror(-r));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		first_error_line(fds[2], status, ret_error);
		r = -EPROTO;
	} else if (ret_output) {
		r = read_memory_file(fds[1], output_max, ret_output, ret_length);
		if (r == -EFBIG)
			error_record_set(ret_error, NULL, 0, "nft printed more than %zu bytes", output_max);
		else if (r < 0)
			error_record_set(ret_error, NULL, 0, "reading what nft printed failed: %s", strerror(-r));
	}
	return r;
}
