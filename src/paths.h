/* Files of the host being analysed: every absolute path is read below
 * --root (DIR/etc/exports for /etc/exports), so a test or an offline
 * analysis can hand in a whole host as a tree. Root "" is the live
 * system. */
#ifndef PORTGUARD_PATHS_H
#define PORTGUARD_PATHS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "input_error.h"

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

/* Rewrites error->file, a path on the analysed host, to the path it was
 * read from below root, so the user can open it. */
void input_error_below_root(struct input_error *error, const char *root);

#endif
