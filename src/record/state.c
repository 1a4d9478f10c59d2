/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/json_share.h"
#include "base/paths.h"
#include "base/safe_file.h"
#include "record/state.h"

int state_lock(unsigned int wait_seconds, int *ret_fd)
{
	int fd, r;

	/* The host's own lock, whatever --root the files are below: every
	 * run that takes it changes this host's kernel or systemd. */
	r = atomic_file_make_parents(STATE_LOCK_FILE, 0755);
	if (r < 0)
		return r;
	fd = safe_file_open(AT_FDCWD, STATE_LOCK_FILE, O_RDWR | O_CREAT, SAFE_FILE_NOFOLLOW);
	if (fd < 0)
		return fd;
	for (unsigned int tries = 0;; tries++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*ret_fd = fd;
			return 0;
		}
		if (errno != EWOULDBLOCK || tries >= wait_seconds * 10) {
			r = errno == EWOULDBLOCK ? -EWOULDBLOCK : -errno;
			close(fd);
			return r;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	}
}

void state_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* releases the flock */
}

static int load_record(const struct host *host, const char *file, enum fix_record_reading reading, bool to_table,
		       struct fix_record *ret_record, struct error_record *ret_error)
{
	struct error_record cause = { 0 };
	char path[PATH_MAX], shared_error[PATH_MAX];
	json_error_t parse_error;
	json_t *json;
	char *text;
	size_t length;
	int r;

	r = paths_name(host, file, path);
	if (r < 0)
		return r;
	r = paths_read_own_up_to(host, file, STATE_FILE_MAX, &text, &length);
	if (r < 0 && r != -ENOENT)
		error_record_set(ret_error, NULL, 0, "cannot read %s: %s", path, safe_file_strerror(r));
	if (r < 0)
		return r;
	/* 0.1.0 recorded a NUL byte of the nft file as "\u0000": allowed,
	 * so that such a record still undoes. */
	json = json_loadb(text, length, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &parse_error);
	free(text);
	if (!json || !json_is_object(json)) {
		error_record_set(ret_error, NULL, 0, "%s is damaged (%s, line %d)", path,
				 json ? "not a JSON object" : parse_error.text, parse_error.line);
		json_decref(json);
		return -EBADMSG;
	}
	r = json_share_resolve(json, shared_error, sizeof(shared_error));
	if (r < 0) {
		if (r == -EBADMSG)
			error_record_set(ret_error, NULL, 0, "%s is damaged (%s)", path, shared_error);
		else
			error_record_set(ret_error, NULL, 0, "reading %s: %s", path, strerror(-r));
		json_decref(json);
		return r;
	}
	r = to_table ? fix_record_from_json_to_table(json, ret_record, &cause)
		     : fix_record_from_json(json, reading, ret_record, &cause);
	json_decref(json);
	if (r == -EBADMSG)
		error_record_set(ret_error, NULL, 0, "%s is damaged (%s)", path, cause.message);
	else if (r == -EMEDIUMTYPE)
		error_record_set(ret_error, NULL, 0, "%s does not look like a fix portguard recorded (status, action "
				 "or changes missing)", path);
	else if (r < 0)
		error_record_set(ret_error, NULL, 0, "reading %s: %s", path, strerror(-r));
	return r;
}

int state_load(const struct host *host, enum fix_record_reading reading, struct fix_record *ret_record,
	       struct error_record *ret_error)
{
	return load_record(host, STATE_FILE, reading, false, ret_record, ret_error);
}

int state_load_to_table(const struct host *host, struct fix_record *ret_record, struct error_record *ret_error)
{
	return load_record(host, STATE_FILE, FIX_RECORD_STRICT, true, ret_record, ret_error);
}

int state_journal_load(const struct host *host, struct fix_record *ret_record, struct error_record *ret_error)
{
	return load_record(host, STATE_JOURNAL_FILE, FIX_RECORD_STRICT, false, ret_record, ret_error);
}

static int save_record(const struct host *host, const char *file, const struct fix_record *record)
{
	json_t *json = fix_record_to_state_json(record);
	char *text = json ? json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	int r;

	json_decref(json);
	if (!text)
		return -ENOMEM;
	r = paths_write_file(host, file, text, strlen(text), 0600);
	free(text);
	return r;
}

int state_save(const struct host *host, const struct fix_record *record)
{
	return save_record(host, STATE_FILE, record);
}

int state_journal_save(const struct host *host, const struct fix_record *record)
{
	return save_record(host, STATE_JOURNAL_FILE, record);
}
int state_journal_commit(const struct host *host)
{
	return paths_rename(host, STATE_JOURNAL_FILE, STATE_FILE);
}

void state_journal_discard(const struct host *host)
{
	(void)paths_remove(host, STATE_JOURNAL_FILE, false);
}
