/* Files that are, after a crash, either the old or the new version,
 * never half written: the state record, the nft file, the reports. */
#ifndef PORTGUARD_ATOMIC_FILE_H
#define PORTGUARD_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Creates the missing parent directories of path with mode. */
int atomic_file_make_parents(const char *path, mode_t mode);

/* Writes data to a temporary file beside path (mode), fsyncs it, renames
 * it over path and fsyncs the directory. Returns 0 or a negative errno;
 * on failure path is untouched and no temporary file is left. */
int atomic_file_write(const char *path, const char *data, size_t length, mode_t mode);

/* The same for a new file: -EEXIST, and nothing written, when path
 * exists already (the rename does not replace it). */
int atomic_file_create(const char *path, const char *data, size_t length, mode_t mode);

/* atomic_file_write of a text, its missing parent directories created
 * first (mode 0755). */
int atomic_file_write_text(const char *path, const char *text, mode_t mode);

/* rename(), then fsync of the directory so that the rename persists;
 * once renamed it returns 0. */
int atomic_file_rename(const char *from, const char *to);

#endif
