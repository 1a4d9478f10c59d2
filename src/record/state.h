/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the last fix changed, kept on disk for undo and report, and the
 * lock that keeps two runs from changing the host at once. The files are
 * below --root like every other file portguard touches; the lock is
 * not. */
#ifndef PORTGUARD_STATE_H
#define PORTGUARD_STATE_H

#include "base/error_record.h"
#include "base/paths.h"
#include "record/fix_record.h"

#define STATE_FILE "/var/lib/portguard/state.json"
/* The record of the fix under way; renamed to STATE_FILE when it ends. */
#define STATE_JOURNAL_FILE "/var/lib/portguard/journal.json"
#define STATE_LOCK_FILE "/run/portguard.lock"
#define STATE_REPORT_DIRECTORY "/var/lib/portguard/reports"
/* The state and the journal are read up to this size. A restrict record
 * keeps the table's text and each part's trusted prefixes, and a run
 * of several services chains a record per service: four services with
 * 10,000 trusted prefixes each record 4.8 MB, beyond the 4 MiB other
 * files are read up to. */
#define STATE_FILE_MAX (64u << 20)

/* The journal holds a fix under way (status applying, then applied);
 * once verified it becomes the state file, which therefore always holds
 * the last finished fix (fix_record.h). */

/* Takes the lock of this host's kernel and systemd, STATE_LOCK_FILE
 * itself whatever --root says (a run below a tree changes the live
 * table too), waiting up to wait_seconds for another run to finish.
 * Returns 0 with *ret_fd to pass to state_unlock, -EWOULDBLOCK when it
 * stayed busy, or another negative errno. */
int state_lock(unsigned int wait_seconds, int *ret_fd);
void state_unlock(int fd);

/* -ENOENT when no fix was recorded; -EBADMSG when the file is no JSON
 * object or (strict) what undo needs is damaged, -EMEDIUMTYPE when
 * (strict) it is no fix record: fix_record_from_json. The message, in
 * ret_error, names the file. */
int state_load(const struct host *host, enum fix_record_reading reading, struct fix_record *ret_record,
	       struct error_record *ret_error);
/* state_load, strict, of the chain only as far as the newest fix that
 * changed the table (fix_record_from_json_to_table). */
int state_load_to_table(const struct host *host, struct fix_record *ret_record, struct error_record *ret_error);
/* Atomically: temporary file, fsync, rename, fsync of the directory;
 * mode 0600. Creates the directory. */
int state_save(const struct host *host, const struct fix_record *record);

/* The journal: the same, for the fix under way. */
int state_journal_load(const struct host *host, struct fix_record *ret_record, struct error_record *ret_error);
int state_journal_save(const struct host *host, const struct fix_record *record);
/* The journal becomes the state file (one rename). */
int state_journal_commit(const struct host *host);
/* Drops the journal: the fix changed nothing after all. */
void state_journal_discard(const struct host *host);

#endif
