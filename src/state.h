/* What the last fix changed, kept on disk for undo and report, and the
 * lock that keeps two runs from changing the host at once. Paths are
 * below --root like every other file portguard touches. */
#ifndef PORTGUARD_STATE_H
#define PORTGUARD_STATE_H

#include <jansson.h>

#define STATE_FILE "/var/lib/portguard/state.json"
#define STATE_LOCK_FILE "/run/portguard.lock"
#define STATE_REPORT_DIRECTORY "/var/lib/portguard/reports"

/* The record's "status": written as "applying" before the first change,
 * so a run killed half-way leaves the prior states behind for the next
 * run to roll back; "applied" once verified; "undone" after undo. */
#define STATE_APPLYING "applying"
#define STATE_APPLIED "applied"
#define STATE_UNDONE "undone"

/* Takes the lock, waiting up to wait_seconds for another run to finish.
 * Returns 0 with *ret_fd to pass to state_unlock, -EWOULDBLOCK when it
 * stayed busy, or another negative errno. */
int state_lock(const char *root, unsigned int wait_seconds, int *ret_fd);
void state_unlock(int fd);

/* -ENOENT when no fix was recorded, -EBADMSG when the file is not a
 * JSON object (the message in error, error_size bytes). */
int state_load(const char *root, json_t **ret_record, char *error, size_t error_size);
/* Atomically: temporary file, fsync, rename, fsync of the directory;
 * mode 0600. Creates the directory. */
int state_save(const char *root, const json_t *record);

#endif
