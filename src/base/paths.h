/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Files of the host being analysed: every absolute path is read below
 * --root (DIR/etc/exports for /etc/exports), so a test or an offline
 * analysis can hand in a whole host as a tree. The tree is a handle,
 * struct host, opened once by the command line (and held by the agent
 * for its life): a directory descriptor every path is resolved from, so
 * the root is neither joined to each path nor opened again per file.
 * Below a root every path, and every link in it, is resolved inside the
 * tree (openat2 RESOLVE_IN_ROOT): an absolute link in the tree never
 * reaches this host's files. Files are opened by safe_file.h: a FIFO,
 * device or socket is refused, never waited for. */
#ifndef PORTGUARD_PATHS_H
#define PORTGUARD_PATHS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/error_record.h"

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

/* The analysed host: its "/" as an O_PATH descriptor, and how paths are
 * resolved from it. */
struct host {
	int root_fd;
	unsigned int how;	/* SAFE_FILE_IN_ROOT below --root, 0 on the live system */
	char root[PATH_MAX];	/* --root as given, "" for the live system: names files in messages only */
};

/* Opens root ("" for the live system, whose "/" is opened) as a host.
 * Returns 0, -ENAMETOOLONG, or the errno of the open (-ENOENT,
 * -ENOTDIR, ...); *ret_host is then closed. */
int host_open(const char *root, struct host *ret_host);
void host_close(struct host *host);

/* true on the live system, false below --root. */
static inline bool host_is_live(const struct host *host)
{
	return host->root[0] == '\0';
}

/* The name of the absolute path below host, root + path, written into
 * buffer (PATH_MAX bytes), for a message or for a program that takes a
 * file name (nft -f). Files portguard reads or writes itself go through
 * the handle, never through this name. Returns 0, -EINVAL (path not
 * absolute below a root) or -ENAMETOOLONG. */
int paths_name(const struct host *host, const char *path, char *buffer);

/* Opens the absolute path below host for reading, how from safe_file.h
 * (SAFE_FILE_NOFOLLOW, SAFE_FILE_DIRECTORY). Returns the descriptor or
 * a negative errno as safe_file_open does. */
int paths_open(const struct host *host, const char *path, unsigned int how);

/* Reads the whole file below host into a NUL-terminated buffer the
 * caller frees; *ret_length excludes the NUL. Returns 0, -ENOENT when
 * it does not exist, -EFBIG beyond PATHS_FILE_MAX, what safe_file_open
 * refuses (safe_file_strerror words it), or another errno. */
int paths_read_file(const struct host *host, const char *path, char **ret_text, size_t *ret_length);

/* paths_read_file of a file portguard writes itself (state, journal,
 * guard.json, the nft file): a symbolic link there is refused (-ELOOP). */
int paths_read_own(const struct host *host, const char *path, char **ret_text, size_t *ret_length);
/* paths_read_own up to max bytes instead of PATHS_FILE_MAX (-EFBIG
 * beyond): the state file, which grows with every trusted prefix. */
int paths_read_own_up_to(const struct host *host, const char *path, size_t max, char **ret_text,
			 size_t *ret_length);

/* paths_read_file for files that may be absent: a missing file gives
 * *ret_text = NULL and 0; another failure fills *ret_error. */
int paths_read_optional(const struct host *host, const char *path, char **ret_text, size_t *ret_length,
			struct error_record *ret_error);

/* true when path exists below host (symbolic links are not followed:
 * an enablement link may point to a unit file outside the tree). */
bool paths_exists(const struct host *host, const char *path);

/* Opens the directory path below host, creating it and its missing
 * parents (mode 0755) when create is set. Returns the descriptor (for
 * readdir or as a dir_fd) or a negative errno. */
int paths_open_directory(const struct host *host, const char *path, bool create);

/* Writes path below host atomically (atomic_file.h), creating its
 * missing parent directories (mode 0755). */
int paths_write_file(const struct host *host, const char *path, const char *data, size_t length, mode_t mode);

/* Removes path below host (an empty directory when directory is set);
 * -ENOENT when it is not there. */
int paths_remove(const struct host *host, const char *path, bool directory);

/* Renames from to to, both below host, and makes the rename persist. */
int paths_rename(const struct host *host, const char *from, const char *to);

/* Rewrites error->file, a path on the analysed host, to the path it was
 * read from below host, so the user can open it. */
void error_record_below_root(struct error_record *error, const struct host *host);

#endif
