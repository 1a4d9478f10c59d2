/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "assess/snapshot.h"
#include "base/paths.h"
#include "base/safe_file.h"
#include "fix/run.h"
#include "host/config_file.h"
#include "nft/nft.h"
#include "record/state.h"
#include "systemd/systemd.h"

#define RUN_LOCK_WAIT_SECONDS 10

int run_journal_read(const struct host *host, struct fix_record *ret_record, struct error_record *ret_error)
{
	struct error_record error = { 0 };
	int r = state_journal_load(host, ret_record, &error);

	if (r < 0 && r != -ENOENT)
		error_record_set(ret_error, NULL, 0, "%s; the last fix was interrupted: check the host with "
				 "'portguard check', then remove the file", error.message);
	return r;
}

/* A journal left behind is a fix that was killed: "applying", it had
 * begun to change the host, so put back the prior states it recorded;
 * "applied", it had finished but for the last rename. */
int run_recover(const struct host *host, enum run_recovery *ret_recovery, struct error_record *ret_error)
{
	struct error_record error = { 0 };
	struct fix_record record = { 0 };
	bool changed = false;
	int r;

	*ret_recovery = RUN_RECOVERY_NONE;
	r = run_journal_read(host, &record, ret_error);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (record.status == FIX_APPLIED) {
		fix_record_free(&record);
		r = state_journal_commit(host);
		if (r < 0)
			error_record_set(ret_error, NULL, 0, "cannot move %s to %s: %s", STATE_JOURNAL_FILE, STATE_FILE,
					 strerror(-r));
		else
			*ret_recovery = RUN_RECOVERY_FINISHED;
		return r;
	}
	r = apply_revert(host, &record.changes, &changed, &error);
	fix_record_free(&record);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "the previous run was interrupted and rolling it back failed: "
				 "%s; see %s", error.message, STATE_JOURNAL_FILE);
		return r;
	}
	state_journal_discard(host);
	*ret_recovery = RUN_RECOVERY_ROLLED_BACK;
	return 0;
}

int run_begin(const struct host *host, const char *command, int *ret_lock_fd, bool *ret_recovered,
	      struct error_record *ret_error)
{
	enum run_recovery recovery;
	int lock_fd, r;

	if (geteuid() != 0) {
		error_record_set(ret_error, NULL, 0, "%s changes the firewall or systemd and needs root; run it with "
				 "sudo", command);
		return -EPERM;
	}
	r = state_lock(RUN_LOCK_WAIT_SECONDS, &lock_fd);
	if (r == -EWOULDBLOCK) {
		error_record_set(ret_error, NULL, 0, "another portguard run holds %s; try again when it has finished",
				 STATE_LOCK_FILE);
		return r;
	}
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "cannot take the lock %s: %s", STATE_LOCK_FILE,
				 safe_file_strerror(r));
		return r;
	}
	r = run_recover(host, &recovery, ret_error);
	*ret_recovered = recovery == RUN_RECOVERY_ROLLED_BACK;
	if (r < 0) {
		state_unlock(lock_fd);
		return r;
	}
	*ret_lock_fd = lock_fd;
	return 0;
}

void run_end(int lock_fd)
{
	state_unlock(lock_fd);
}

void run_endp(int *lock_fd)
{
	run_end(*lock_fd);
}

int run_check_tools(const struct apply_request *request, struct error_record *ret_error)
{
	struct error_record nft_error = { 0 };
	int r;

	if (request->action == ACTION_RESTRICT) {
		r = nft_available(&nft_error);
		if (r < 0)
			error_record_set(ret_error, NULL, 0, "%s",
					 nft_error.message[0] ? nft_error.message : nft_unavailable_reason(r));
		return r;
	}
	r = systemd_running();
	if (r == 0) {
		error_record_set(ret_error, NULL, 0, "systemd is not running here, so %s cannot be stopped for "
				 "good; use --mode restrict --trusted CIDR", request->service->daemon);
		return -ENOMEDIUM;
	}
	if (r < 0)
		error_record_set(ret_error, NULL, 0, "systemd does not answer on the system bus (%s); check "
				 "'systemctl status'", strerror(-r));
	return r < 0 ? r : 0;
}

/* report and undo take no snapshot, but the config's report_dir still
 * counts. A config that cannot be read leaves the default directory:
 * writing the report matters more than where. */
static void configured_report_directory(const struct host *host, const char *config_path, char *buffer)
{
	struct config_file config = { 0 };
	struct error_record error;

	buffer[0] = '\0';
	if (config_file_load(host, config_path, &config, &error) == 0) {
		snprintf(buffer, PATH_MAX, "%s", config.report_dir);
		config_file_free(&config);
	}
}

int run_report_directory(const struct host *host, const char *config, const char *report_dir,
			 const struct snapshot *snapshot, char *buffer)
{
	char from_config[PATH_MAX];
	const char *configured = snapshot ? snapshot->report_dir : from_config;

	if (!snapshot && !report_dir)
		configured_report_directory(host, config, from_config);

	if (report_dir) {
		if (strlen(report_dir) >= PATH_MAX)
			return -ENAMETOOLONG;
		strcpy(buffer, report_dir);
		return 0;
	}
	if (configured && configured[0]) {
		if (strlen(configured) >= PATH_MAX)
			return -ENAMETOOLONG;
		strcpy(buffer, configured);
		return 0;
	}
	return paths_name(host, STATE_REPORT_DIRECTORY, buffer);
}
