/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Files that are, after a crash, either the old or the new version,
 * never half written: the state record, the nft file, the reports.
 * Written in a directory held open, so that the file lands where the
 * directory was resolved (inside a --root tree: paths.c). */
#ifndef PORTGUARD_ATOMIC_FILE_H
#define PORTGUARD_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Creates the missing parent directories of path with mode. */
int atomic_file_make_parents(const char *path, mode_t mode);

/* Writes data to a new temporary file beside name in dir_fd (mode),
 * fsyncs it, renames it over name and fsyncs the directory. Returns 0 or
 * a negative errno; on failure name is untouched and no temporary file
 * is left. Whatever name was (a FIFO, a link) is replaced, never opened. */
int atomic_file_write_at(int dir_fd, const char *name, const char *data, size_t length, mode_t mode);

/* The same for a new file: -EEXIST, and nothing written, when name
 * exists already (the rename does not replace it). */
int atomic_file_create_at(int dir_fd, const char *name, const char *data, size_t length, mode_t mode);

/* renameat(), then fsync of the target directory so that the rename
 * persists; once renamed it returns 0. */
int atomic_file_rename_at(int from_dir_fd, const char *from, int to_dir_fd, const char *to);

/* atomic_file_write_at in the directory of path, a path of this host. */
int atomic_file_write(const char *path, const char *data, size_t length, mode_t mode);

/* atomic_file_write of a text, its missing parent directories created
 * first (mode 0755). */
int atomic_file_write_text(const char *path, const char *text, mode_t mode);

#endif
