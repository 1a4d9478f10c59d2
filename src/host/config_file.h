/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /etc/portguard/portguard.conf: "key = value" lines, '#' comments.
 * Keys: mode (auto|stop|restrict), trusted (CIDRs separated by spaces
 * or commas; may repeat, the lists add up), report_dir (an absolute
 * directory), watch (repair|alert: what portguard watch does on drift),
 * textfile_dir (an absolute directory: node_exporter's textfile collector,
 * where the agent writes portguard.prom).
 * Named config_file, not config: "config.h" is autoconf's. */
#ifndef PORTGUARD_CONFIG_FILE_H
#define PORTGUARD_CONFIG_FILE_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/paths.h"
#include "model/action.h"
#include "model/model.h"

#define CONFIG_LINE_MAX 4096

/* What the agent does when the host drifted from the recorded fix. */
enum watch_mode {
	WATCH_REPAIR,
	WATCH_ALERT,
	_WATCH_MODE_MAX,
	_WATCH_MODE_INVALID = -EINVAL,
};

struct config_file {
	bool watch_given;
	enum watch_mode watch;	/* WATCH_REPAIR unless set */
	bool mode_given;
	enum mode mode;
	struct cidr_list trusted;
	char report_dir[PATH_MAX];	/* "" when not set */
	char textfile_dir[PATH_MAX];	/* "" when not set: no textfile */
};

/* Parses text (length bytes, NUL bytes included are refused) read from
 * file_name. Returns 0, or -EINVAL with *ret_error saying where and why
 * (then *ret_config is untouched), or -ENOMEM. */
int config_file_parse(const char *text, size_t length, const char *file_name,
		      struct config_file *ret_config, struct error_record *ret_error);

/* Reads path (given as is, not below a root). A missing file is an empty
 * configuration when missing_ok, else -ENOENT with *ret_error set; a
 * FIFO or device is refused (safe_file.h), never waited for. */
int config_file_read(const char *path, bool missing_ok, struct config_file *ret_config,
		     struct error_record *ret_error);

/* The configuration a run uses: the file --config names (given, which
 * must exist), else PATH_CONFIG below root, which may be absent. */
int config_file_load(const struct host *host, const char *given, struct config_file *ret_config,
		     struct error_record *ret_error);

void config_file_free(struct config_file *config);

/* "repair" or "alert". */
const char *watch_mode_to_string(enum watch_mode mode);
enum watch_mode watch_mode_from_string(const char *text);

#endif
