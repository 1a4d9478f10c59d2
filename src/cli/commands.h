/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The subcommands. Each returns the process exit code (enum exit_code)
 * and prints its own one-line error. */
#ifndef PORTGUARD_COMMANDS_H
#define PORTGUARD_COMMANDS_H

#include "cli/cli.h"

int command_check(const struct options *options);
int command_fix(const struct options *options);
int command_undo(const struct options *options);
int command_report(const struct options *options);
int command_probe(const struct options *options);
int command_watch(const struct options *options);
int command_abuse_report(const struct options *options);

struct snapshot;
struct snapshot_config;
struct error_record;
/* check's look, which fix takes too when it must find the exposed
 * service: a snapshot of every service of options (one socket dump for
 * all), into snapshots (SERVICES_MAX). *ret_taken says how many were
 * taken, also on failure (the caller frees them). 0, or the first
 * failure with its one-line error. config: the run's config file, read
 * by the first look that needs it (snapshot.h); NULL: each reads it. */
int command_look(const struct options *options, struct snapshot_config *config, struct snapshot *snapshots,
		 size_t *ret_taken, struct error_record *ret_error);

/* When a command needs libsystemd: never; when this host runs systemd
 * (whose units check asks about and fix and undo change, below --root
 * too: systemd stays the host's); always (watch's event loop). */
enum command_libsystemd {
	COMMAND_LIBSYSTEMD_NEVER,
	COMMAND_LIBSYSTEMD_IF_BOOTED,
	COMMAND_LIBSYSTEMD_ALWAYS,
};

/* Loads libsystemd up front when the command needs it, so that a
 * library that cannot be loaded is one line before anything changed
 * (the Nagios UNKNOWN line too with --nagios), not a failure half-way.
 * 0, or libsystemd_load()'s negative errno once the line was said. */
int command_load_libsystemd(const struct options *options, enum command_libsystemd when);

/* undo: run_begin, saying why it failed or that an interrupted run was
 * rolled back. */
int command_begin(const struct options *options, int *ret_lock_fd);
/* fix and undo: the note that an interrupted run was rolled back. */
void command_say_recovered(void);

#endif
