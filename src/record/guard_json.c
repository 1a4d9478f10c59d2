/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The agent's status as JSON: guard.json, and the "guard" object that
 * check --json and the record's "guard_status" show. The one place that
 * spells their keys. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "record/guard.h"

static json_t *string_or_null(const char *text)
{
	return text[0] ? json_string(text) : json_null();
}

static void copy_string(char *target, size_t size, const json_t *value)
{
	snprintf(target, size, "%s", json_is_string(value) ? json_string_value(value) : "");
}

char *guard_status_to_text(const struct guard_status *status)
{
	json_t *object = json_pack("{s:I, s:o, s:o, s:s, s:I, s:o, s:o, s:o, s:o}", "pid", (json_int_t)status->pid,
				   "since", string_or_null(status->since), "fix", string_or_null(status->fix),
				   "mode", status->mode, "repairs", (json_int_t)status->repairs,
				   "last_repair", string_or_null(status->last_repair),
				   "last_drift", string_or_null(status->last_drift),
				   "drift", string_or_null(status->drift), "alert", string_or_null(status->alert));
	char *text = object ? json_dumps(object, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

	json_decref(object);
	return text;
}

/* The texts every status has, read alike from guard.json and a record. */
static void read_texts(const json_t *object, struct guard_status *status)
{
	copy_string(status->since, sizeof(status->since), json_object_get(object, "since"));
	copy_string(status->last_repair, sizeof(status->last_repair), json_object_get(object, "last_repair"));
	copy_string(status->last_drift, sizeof(status->last_drift), json_object_get(object, "last_drift"));
	copy_string(status->drift, sizeof(status->drift), json_object_get(object, "drift"));
	copy_string(status->alert, sizeof(status->alert), json_object_get(object, "alert"));
}

int guard_status_from_text(const char *text, size_t length, struct guard_status *ret_status)
{
	struct guard_status status = { 0 };
	json_t *object = json_loadb(text, length, 0, NULL);
	json_int_t pid = json_integer_value(json_object_get(object, "pid"));
	json_int_t repairs = json_integer_value(json_object_get(object, "repairs"));

	if (!json_is_object(object) || pid < 0 || pid > INT_MAX || repairs < 0) {
		json_decref(object);
		return -EBADMSG;
	}
	status.pid = (pid_t)pid;
	status.repairs = (unsigned long)repairs;
	copy_string(status.fix, sizeof(status.fix), json_object_get(object, "fix"));
	copy_string(status.mode, sizeof(status.mode), json_object_get(object, "mode"));
	read_texts(object, &status);
	json_decref(object);
	*ret_status = status;
	return 0;
}

json_t *guard_seen_json(const struct guard_seen *seen)
{
	const struct guard_status *status = &seen->status;

	return json_pack("{s:b, s:o, s:I, s:o, s:o, s:o, s:o}", "running", seen->running,
			 "since", string_or_null(status->since), "repairs", (json_int_t)status->repairs,
			 "last_repair", string_or_null(status->last_repair),
			 "last_drift", string_or_null(status->last_drift),
			 "drift", string_or_null(status->drift), "alert", string_or_null(status->alert));
}

void guard_seen_from_json(const json_t *object, struct guard_seen *ret_seen)
{
	json_int_t repairs = json_integer_value(json_object_get(object, "repairs"));

	*ret_seen = (struct guard_seen){ .running = json_is_true(json_object_get(object, "running")) };
	ret_seen->status.repairs = repairs > 0 ? (unsigned long)repairs : 0;
	read_texts(object, &ret_seen->status);
}
