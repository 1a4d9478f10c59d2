/* Files of the host being analysed: every absolute path is read below
 * --root (DIR/etc/exports for /etc/exports), so a test or an offline
 * analysis can hand in a whole host as a tree. Root "" is the live
 * system. Parse errors carry the file and line they were found at. */
#ifndef PORTGUARD_PATHS_H
#define PORTGUARD_PATHS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define PATH_CONFIG "/etc/portguard/portguard.conf"
#define PATH_EXPORTS "/etc/exports"
#define PATH_EXPORTS_DIRECTORY "/etc/exports.d"
#define PATH_NFS_CONF "/etc/nfs.conf"
#define PATH_NFSD_VERSIONS "/proc/fs/nfsd/versions"
#define PATH_MOUNTINFO "/proc/self/mountinfo"
#define PATH_FSTAB "/etc/fstab"
#define PATH_HOSTS "/etc/hosts"
#define PATH_SECURENETS "/var/yp/securenets"
#define PATH_PROC "/proc"
#define PATH_SYSTEMD_BOOTED "/run/systemd/system"

/* Files we read are configuration, not data: anything bigger is not
 * what it claims to be. */
#define PATHS_FILE_MAX (4u << 20)

/* Where a parser gave up: "FILE:LINE: message". */
struct input_error {
	char file[PATH_MAX];
	unsigned int line;	/* 0: the file as a whole */
	char message[512];
};

/* Writes root + path into buffer (PATH_MAX bytes). path must be
 * absolute unless root is "". Returns 0, -EINVAL or -ENAMETOOLONG. */
int paths_join(const char *root, const char *path, char *buffer);

/* Reads the whole file below root into a NUL-terminated buffer the
 * caller frees; *ret_length excludes the NUL. Returns 0, -ENOENT when
 * it does not exist, -EFBIG beyond PATHS_FILE_MAX, or another errno. */
int paths_read_file(const char *root, const char *path, char **ret_text, size_t *ret_length);

/* paths_read_file for files that may be absent: a missing file gives
 * *ret_text = NULL and 0; another failure fills *ret_error. */
int paths_read_optional(const char *root, const char *path, char **ret_text, size_t *ret_length,
			struct input_error *ret_error);

/* true when path exists below root (symbolic links are not followed:
 * an enablement link may point to a unit file outside the tree). */
bool paths_exists(const char *root, const char *path);

/* Walks a text line by line, counting lines from 1. */
struct text_cursor {
	const char *text;
	size_t length;
	size_t offset;
	unsigned int line;
};

/* The next line, without its newline or a trailing CR. Returns 1, 0 at
 * the end, -EBADMSG on a NUL or another control character but tab
 * (binary data), -E2BIG when the line is longer than max. cursor->line
 * is the number of the line returned or refused. */
int text_next_line(struct text_cursor *cursor, size_t max, const char **ret_line, size_t *ret_length);

/* The lowest pid whose /proc/PID/comm below root is name; 0 when none. */
pid_t paths_find_process(const char *root, const char *name);

__attribute__((format(printf, 4, 5)))
void input_error_set(struct input_error *error, const char *file, unsigned int line, const char *format, ...);

/* Rewrites error->file, a path on the analysed host, to the path it was
 * read from below root, so the user can open it. */
void input_error_below_root(struct input_error *error, const char *root);

/* snprintf for text that may be cut short on purpose (evidence,
 * reasons): the cut is fine, a warning about it is not. */
__attribute__((format(printf, 3, 4)))
void text_format(char *buffer, size_t size, const char *format, ...);

/* Formats "FILE:LINE: message" (or "FILE: message") into buffer. */
char *input_error_format(const struct input_error *error, char *buffer, size_t size);

#endif
