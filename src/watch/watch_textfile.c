/* SPDX-License-Identifier: GPL-2.0-or-later */
/* node_exporter's textfile: the agent writes DIR/portguard.prom when
 * portguard.conf sets textfile_dir, at its start, after each repair and
 * each rescan, and once more when it ends (guarded 0). Its look is
 * check's (every service's snapshot, exposed as check counts it); the
 * text is record/monitor.c's. The file is written atomically in DIR (a
 * temporary file, fsync, rename), so the collector never reads half of
 * it; DIR itself must not be a symbolic link. A missing or unwritable
 * DIR is one journal line, and tried again the next time. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "assess/snapshot.h"
#include "base/atomic_file.h"
#include "base/cleanup.h"
#include "base/safe_file.h"
#include "kernel/scan.h"
#include "record/monitor.h"
#include "record/state.h"
#include "watch/watch.h"

/* Every service of the table, exposed as check counts it. */
static int look_exposed(struct watch *watch, struct monitor_view *view, struct error_record *ret_error)
{
	const struct service *services[SERVICES_MAX];
	struct snapshot_config config = { 0 };
	struct listener_list scanned = { 0 };
	size_t count = 0;
	int r;

	for (size_t i = 0; i < service_count(); i++) {
		if (service_at(i)->mail_only)
			continue;
		services[count] = service_at(i);
		view->services[count] = (struct monitor_service){ .name = services[count]->name,
								  .daemon = services[count]->daemon };
		count++;
	}
	view->service_count = count;
	r = snapshot_scan(services, count, &scanned, ret_error);
	for (size_t i = 0; r == 0 && i < count; i++) {
		const struct snapshot_request request = {
			.service = services[i],
			.host = watch->request->host,
			.config = watch->request->config,
			.all_rpc = watch->request->all_rpc,
			.scanned = &scanned,
			.config_read = &config,
			.keep_known_table = true,
			.own_part_only = true,
		};
		struct snapshot snapshot;

		r = snapshot_take(&request, &snapshot, ret_error);
		if (r < 0)
			break;
		view->services[i].exposed = listener_list_exposed(&snapshot.listeners) && !snapshot.outsiders_refused;
		snapshot_free(&snapshot);
	}
	listener_list_free(&scanned);
	snapshot_config_free(&config);
	nft_table_known_forget();
	return r;
}

static int write_textfile(struct watch *watch, const char *text, struct error_record *ret_error)
{
	_cleanup_close_ int dir_fd = -1;
	int r;

	/* Resolved below --root like every file of the host; the directory
	 * itself is never a link followed, and the file is replaced by a
	 * rename, never opened. */
	dir_fd = paths_open(watch->request->host, watch->textfile_dir, SAFE_FILE_DIRECTORY | SAFE_FILE_NOFOLLOW);
	if (dir_fd < 0) {
		struct stat status;
		/* O_NOFOLLOW with O_DIRECTORY refuses a link as ENOTDIR. */
		bool link = safe_file_stat(watch->request->host->root_fd, watch->textfile_dir,
					   watch->request->host->how | SAFE_FILE_NOFOLLOW, &status) == 0 &&
			    S_ISLNK(status.st_mode);

		error_record_set(ret_error, NULL, 0, "cannot open textfile_dir %s: %s", watch->textfile_dir,
				 link ? "a symbolic link, which the agent does not follow" : safe_file_strerror(dir_fd));
		return dir_fd;
	}
	r = atomic_file_write_at(dir_fd, MONITOR_TEXTFILE_NAME, text, strlen(text), 0644);
	if (r < 0)
		error_record_set(ret_error, NULL, 0, "cannot write %s/%s: %s", watch->textfile_dir,
				 MONITOR_TEXTFILE_NAME, strerror(-r));
	return r;
}

void watch_textfile_update(struct watch *watch, bool running)
{
	struct monitor_view view = { .version = PACKAGE_VERSION };
	struct error_record error = { 0 };
	struct fix_record record = { 0 };
	bool have_record;
	char *text = NULL, line[ERROR_LINE_MAX];
	int r;

	watch->textfile_due = false;
	if (!watch->textfile_dir[0])
		return;
	r = look_exposed(watch, &view, &error);
	if (r >= 0) {
		have_record = state_load(watch->request->host, FIX_RECORD_LENIENT, &record, NULL) == 0;
		view.repairs = watch->status.repairs;
		if (monitor_time_parse(watch->status.last_repair, &view.last_repair) < 0)
			view.last_repair = 0;
		monitor_view_guard(&view, have_record ? &record : NULL, running);
		if (have_record)
			fix_record_free(&record);
		text = monitor_textfile(&view);
		r = text ? write_textfile(watch, text, &error) : -ENOMEM;
		if (!text)
			error_record_set(&error, NULL, 0, "%s", strerror(ENOMEM));
		free(text);
	}
	/* One line when it starts failing or fails otherwise, one when it
	 * works again: not one every rescan. */
	if (r < 0)
		error_record_format(&error, line, sizeof(line));
	if (r < 0 && strcmp(line, watch->textfile_error) != 0) {
		watch_log(LOG_WARNING, "textfile", NULL, NULL, "failed", "%s; trying again at the next look", line);
		snprintf(watch->textfile_error, sizeof(watch->textfile_error), "%s", line);
	} else if (r >= 0 && watch->textfile_error[0]) {
		watch_log(LOG_NOTICE, "textfile", NULL, NULL, "written", "%s/%s written again", watch->textfile_dir,
			  MONITOR_TEXTFILE_NAME);
		watch->textfile_error[0] = '\0';
	}
}
