/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drives src/systemd/systemd.h from the integration tests until portguard fix
 * and undo carry out the stop plan themselves.
 *
 *   systemd_helper running                     prints 1 or 0
 *   systemd_helper state UNIT...               "UNIT ACTIVE FILE" per unit
 *   systemd_helper stop UNIT...                "changed" or "unchanged", then
 *                                              the prior states as "UNIT:ACTIVE:FILE"
 *   systemd_helper restore UNIT:ACTIVE:FILE... "changed" or "unchanged"
 *   systemd_helper enable|disable UNIT         "changed" or "unchanged"
 *
 * Errors: one line on stderr, exit 1. A state of "-" stands for "". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "systemd/systemd.h"

#define MAX_UNITS 16

/* error is the library's one-line cause; context names what failed when
 * the library gives only an errno. */
static int fail(int r, const char *error, const char *context)
{
	if (error && error[0])
		fprintf(stderr, "systemd_helper: %s\n", error);
	else
		fprintf(stderr, "systemd_helper: %s: %s\n", context, strerror(-r));
	return 1;
}

static const char *or_dash(const char *text)
{
	return text[0] ? text : "-";
}

static int parse_state(const char *text, struct unit_state *ret_state)
{
	char copy[UNIT_NAME_MAX + 2 * UNIT_STATE_MAX];
	char *active, *file;

	if (strlen(text) >= sizeof(copy))
		return -1;
	strcpy(copy, text);
	active = strchr(copy, ':');
	file = active ? strchr(active + 1, ':') : NULL;
	if (!file)
		return -1;
	*active++ = '\0';
	*file++ = '\0';
	if (strcmp(file, "-") == 0)
		file[0] = '\0';
	if (strlen(copy) >= UNIT_NAME_MAX || strlen(active) >= UNIT_STATE_MAX || strlen(file) >= UNIT_STATE_MAX)
		return -1;
	memset(ret_state, 0, sizeof(*ret_state));
	strcpy(ret_state->name, copy);
	strcpy(ret_state->active_state, active);
	strcpy(ret_state->unit_file_state, file);
	return 0;
}

static int command_stop(const char *const *units, size_t count)
{
	struct unit_state prior[MAX_UNITS];
	struct error_record error = { 0 };
	int r = systemd_stop_units(units, count, prior, &error);

	if (r < 0)
		return fail(r, error.message, "failed");
	printf("%s\n", r > 0 ? "changed" : "unchanged");
	for (size_t i = 0; i < count; i++)
		printf("%s:%s:%s\n", prior[i].name, prior[i].active_state, or_dash(prior[i].unit_file_state));
	return 0;
}

static int command_restore(char **arguments, size_t count)
{
	struct unit_state prior[MAX_UNITS];
	struct error_record error = { 0 };
	int r;

	for (size_t i = 0; i < count; i++)
		if (parse_state(arguments[i], &prior[i]) < 0) {
			fprintf(stderr, "systemd_helper: '%s' is not UNIT:ACTIVE:FILE\n", arguments[i]);
			return 1;
		}
	r = systemd_restore_units(prior, count, &error);
	if (r < 0)
		return fail(r, error.message, "failed");
	printf("%s\n", r > 0 ? "changed" : "unchanged");
	return 0;
}

int main(int argc, char **argv)
{
	const char *command = argc > 1 ? argv[1] : "";
	size_t count = argc > 2 ? (size_t)(argc - 2) : 0;
	struct error_record error = { 0 };
	int r;

	if (count > MAX_UNITS) {
		fprintf(stderr, "systemd_helper: at most %d units\n", MAX_UNITS);
		return 1;
	}
	if (strcmp(command, "running") == 0) {
		r = systemd_running();
		if (r < 0)
			return fail(r, NULL, "systemd does not answer");
		printf("%d\n", r);
		return 0;
	}
	if (strcmp(command, "state") == 0) {
		for (size_t i = 0; i < count; i++) {
			struct unit_state state;

			r = systemd_unit_state(argv[2 + i], &state);
			if (r < 0)
				return fail(r, NULL, argv[2 + i]);
			printf("%s %s %s\n", state.name, state.active_state, or_dash(state.unit_file_state));
		}
		return 0;
	}
	if (strcmp(command, "stop") == 0)
		return command_stop((const char *const *)argv + 2, count);
	if (strcmp(command, "restore") == 0)
		return command_restore(argv + 2, count);
	if ((strcmp(command, "enable") == 0 || strcmp(command, "disable") == 0) && count == 1) {
		r = command[0] == 'e' ? systemd_enable_unit(argv[2], &error)
				      : systemd_disable_unit(argv[2], &error);
		if (r < 0)
			return fail(r, error.message, "failed");
		printf("%s\n", r > 0 ? "changed" : "unchanged");
		return 0;
	}
	fprintf(stderr, "systemd_helper: usage: running | state UNIT... | stop UNIT... | "
			"restore UNIT:ACTIVE:FILE... | enable|disable UNIT\n");
	return 1;
}
