/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The remediation report for the hosting provider: German, then English,
 * like the provider's mail, ready to paste into the reply; rendered from
 * one state record (the object state.json holds), so `portguard report`
 * can write it again later. A record that is malformed (it comes back
 * from disk) still gives a report that says what is missing. */
#ifndef PORTGUARD_REPORT_H
#define PORTGUARD_REPORT_H

#include "record/fix_record.h"
#include <stddef.h>

#define REPORT_DIRECTORY "/var/lib/portguard/reports"

/* The text of the fix report, or of the short undo report when the
 * record was undone. *ret_text is allocated. Returns 0 or -ENOMEM. */
int report_text(const struct fix_record *record, char **ret_text);
/* A report of a run of several services, as fix writes it after each
 * service: its sections so far, and the services the run acts on after
 * them (borrowed). A row of a later service is not advised a fix of its
 * own: the same run deals with it next, and the run's last report
 * answers every row. */
struct report_run {
	const struct fix_record *const *sections;	/* in the run's order; the last is the record's */
	size_t count;
	const struct service *const *later;	/* in the run's order; NULL when none */
	size_t later_count;
};

/* The text of a run's report from its sections, in the run's order,
 * each a section of its own (its record alone, not the records it
 * follows): how fix reports a run with explained services, which the
 * state's chain does not hold. Returns 0 or -ENOMEM. */
int report_run_text(const struct report_run *run, char **ret_text);

/* Writes portguard-<host>-<UTC time>.txt (report_text) and .json (the
 * record) into directory, "-undo" before the suffix for an undo report.
 * A name never takes another record's report: when one of the same
 * second is there (two quick undos), the name gets "-2", "-3"...; the
 * same record written again replaces its own files.
 * The directory and missing parents are created with mode 0750; the files
 * get mode 0640 and appear atomically (temporary file, fsync, rename).
 * The paths go to ret_text_path and ret_json_path. Returns 0 or a
 * negative errno (-ENAMETOOLONG when a path does not fit); then
 * ret_text_path names the directory or file that failed. A name taken
 * by anything but a regular file (a FIFO, a link another user put there)
 * is refused (safe_file_strerror words it), never opened. */
int report_write(struct fix_record *record, const char *directory, char *ret_text_path, size_t text_path_size,
		 char *ret_json_path, size_t json_path_size);
/* The same with the text of report_run_text(run); record, the last
 * section, names the files and is the .json. run NULL or without
 * sections: report_write. */
int report_write_run(struct fix_record *record, const struct report_run *run, const char *directory,
		     char *ret_text_path, size_t text_path_size, char *ret_json_path, size_t json_path_size);

#endif
