/* What fix, undo and report share around the change itself: the lock,
 * recovery from a run that was killed half-way, the tool checks, and
 * where reports go. These print
 * their one-line errors: they are part of the commands. */
#ifndef PORTGUARD_RUN_H
#define PORTGUARD_RUN_H

#include <jansson.h>
#include <limits.h>

#include "apply.h"
#include "cli.h"

struct snapshot;

/* Takes /run/portguard.lock (waiting up to 10 s for another run) and
 * rolls back a fix that was interrupted before it recorded its end.
 * Returns 0 with *ret_lock_fd for run_end, or a negative errno after
 * printing why. */
int run_begin(const struct options *options, int *ret_lock_fd);
void run_end(int lock_fd);

/* nftables usable for restrict, systemd reachable for stop; prints the
 * cause and the remedy when not. */
int run_check_tools(const struct apply_request *request);

/* --report-dir, else the config's report_dir, else the default below
 * --root; buffer holds PATH_MAX bytes. */
int run_report_directory(const struct options *options, const struct snapshot *snapshot, char *buffer);

#endif
