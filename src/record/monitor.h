/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What monitoring reads without glue: node_exporter's textfile, which
 * the agent writes (portguard.prom, the Prometheus text exposition
 * format), and the Nagios/Icinga plugin line of check --nagios. Both are
 * built here from plain data, pure: the agent and check fill in a
 * struct monitor_view from their look, the state and guard.json. */
#ifndef PORTGUARD_MONITOR_H
#define PORTGUARD_MONITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "record/fix_record.h"
#include "services/service.h"

#define MONITOR_TEXTFILE_NAME "portguard.prom"
/* A repair within this many seconds is a WARNING for the plugin. */
#define MONITOR_RECENT_REPAIR_SECONDS 3600

struct monitor_service {
	const char *name;		/* the service's name, the metrics' label */
	const char *daemon;		/* how the plugin line names it */
	bool exposed;			/* as check counts it (its exit code 2) */
	bool guarded;			/* a running agent keeps its recorded fix */
};

struct monitor_view {
	struct monitor_service services[SERVICES_MAX];
	size_t service_count;
	bool fix_recorded;		/* the last fix applied a stop or restrict */
	bool agent_running;
	unsigned long repairs;
	long long last_repair;		/* seconds since the epoch; 0: never */
	const char *drift;		/* what a running agent saw drift and did not repair; NULL: none */
	const char *alert;		/* a running agent's alert; NULL: none */
	const char *version;		/* portguard_info's label */
};

/* The plugin's states, which are its exit codes. */
enum monitor_state {
	MONITOR_OK = 0,
	MONITOR_WARNING = 1,
	MONITOR_CRITICAL = 2,
	MONITOR_UNKNOWN = 3,
};

/* Marks the services the recorded chain applied a stop or restrict to
 * (the newest record must be such a fix, as the agent reads it) as
 * fix_recorded, and as guarded when the agent runs. record NULL: no fix;
 * without a recorded fix, repairs and last_repair (set them first) are
 * zeroed: they counted the repairs of a fix that is gone. */
void monitor_view_guard(struct monitor_view *view, const struct fix_record *record, bool agent_running);

/* portguard.prom's text, malloc'd: # HELP and # TYPE for every metric,
 * label values escaped as the format asks. NULL when out of memory. */
char *monitor_textfile(const struct monitor_view *view);

/* The plugin line, "PORTGUARD OK - ... | exposed=0;;0;0;N ...", without
 * a newline, into buffer; returns its state. now: seconds since the
 * epoch, for "repaired within the last hour". */
enum monitor_state monitor_nagios(const struct monitor_view *view, long long now, char *buffer, size_t size);

/* "PORTGUARD UNKNOWN - cause": an error, no performance data. */
void monitor_nagios_unknown(const char *cause, char *buffer, size_t size);

/* RFC 3339 UTC as guard.json writes it ("2026-12-06T23:28:05Z") into
 * seconds since the epoch; -EINVAL for anything else. */
int monitor_time_parse(const char *text, long long *ret_seconds);

#endif
