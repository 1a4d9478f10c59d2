/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/text.h"
#include "model/action.h"
#include "record/monitor.h"

void monitor_view_guard(struct monitor_view *view, const struct fix_record *record, bool agent_running)
{
	view->agent_running = agent_running;
	view->fix_recorded = false;
	for (size_t i = 0; i < view->service_count; i++)
		view->services[i].guarded = false;
	/* The agent guards the chain only while its newest fix is applied
	 * (watch_check.c): an undo ends it. */
	if (!record || record->status != FIX_APPLIED ||
	    (record->action != ACTION_STOP && record->action != ACTION_RESTRICT)) {
		/* They counted repairs of a fix that is gone. */
		view->repairs = 0;
		view->last_repair = 0;
		return;
	}
	for (const struct fix_record *link = record; link; link = link->earlier) {
		if (link->status != FIX_APPLIED || (link->action != ACTION_STOP && link->action != ACTION_RESTRICT))
			continue;
		view->fix_recorded = true;
		for (size_t i = 0; i < view->service_count; i++)
			if (link->service && strcmp(view->services[i].name, link->service->name) == 0)
				view->services[i].guarded = agent_running;
	}
}

/* The exposition format's escapes: a label value escapes the backslash,
 * the double quote and the newline; a HELP text the backslash and the
 * newline. */
static void put_escaped(FILE *out, const char *text, bool label)
{
	for (; *text; text++) {
		if (*text == '\\')
			fputs("\\\\", out);
		else if (*text == '\n')
			fputs("\\n", out);
		else if (*text == '"' && label)
			fputs("\\\"", out);
		else
			fputc(*text, out);
	}
}

static void put_family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s ", name);
	put_escaped(out, help, false);
	fprintf(out, "\n# TYPE %s %s\n", name, type);
}

static void put_per_service(FILE *out, const struct monitor_view *view, const char *name, bool guarded)
{
	for (size_t i = 0; i < view->service_count; i++) {
		const struct monitor_service *service = &view->services[i];

		fprintf(out, "%s{service=\"", name);
		put_escaped(out, service->name, true);
		fprintf(out, "\"} %d\n", guarded ? service->guarded : service->exposed);
	}
}

char *monitor_textfile(const struct monitor_view *view)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);

	if (!out)
		return NULL;
	put_family(out, "portguard_info", "gauge", "The portguard that wrote this file (always 1).");
	fputs("portguard_info{version=\"", out);
	put_escaped(out, view->version ? view->version : "", true);
	fputs("\"} 1\n", out);
	put_family(out, "portguard_exposed", "gauge",
		   "1 when the service answers other hosts, as portguard check counts it (exit code 2), else 0.");
	put_per_service(out, view, "portguard_exposed", false);
	put_family(out, "portguard_guarded", "gauge",
		   "1 while portguard watch runs and keeps a recorded stop or restrict of the service, else 0.");
	put_per_service(out, view, "portguard_guarded", true);
	put_family(out, "portguard_repairs_total", "counter",
		   "Drifts portguard watch repaired since the recorded fix (from 0 again with a new fix).");
	fprintf(out, "portguard_repairs_total %lu\n", view->repairs);
	put_family(out, "portguard_last_repair_timestamp_seconds", "gauge",
		   "When portguard watch last repaired drift, in seconds since the epoch; 0 when never.");
	fprintf(out, "portguard_last_repair_timestamp_seconds %lld\n", view->last_repair);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Appends to the line; a '|' would start the performance data and a
 * newline a second line, so the texts quoted lose them. */
__attribute__((format(printf, 3, 4)))
static void append(char *buffer, size_t size, const char *format, ...)
{
	size_t used = strnlen(buffer, size);
	va_list arguments;

	if (used + 1 >= size)
		return;
	va_start(arguments, format);
	vsnprintf(buffer + used, size - used, format, arguments);
	va_end(arguments);
	for (char *c = buffer + used; *c; c++)
		if (*c == '|')
			*c = '/';
		else if ((unsigned char)*c < ' ')
			*c = ' ';
}

static bool given(const char *text)
{
	return text && text[0];
}

/* The services whose flag is set, "portmapper (rpcbind), ntp (ntpd)". */
static void append_services(char *buffer, size_t size, const struct monitor_view *view, bool guarded)
{
	bool first = true;

	for (size_t i = 0; i < view->service_count; i++) {
		const struct monitor_service *service = &view->services[i];

		if (!(guarded ? service->guarded : service->exposed))
			continue;
		append(buffer, size, "%s%s", first ? "" : ", ", service->name);
		if (service->daemon && strcmp(service->daemon, service->name) != 0)
			append(buffer, size, " (%s)", service->daemon);
		first = false;
	}
}

static const char *const state_names[] = {
	[MONITOR_OK] = "OK", [MONITOR_WARNING] = "WARNING",
	[MONITOR_CRITICAL] = "CRITICAL", [MONITOR_UNKNOWN] = "UNKNOWN",
};

enum monitor_state monitor_nagios(const struct monitor_view *view, long long now, char *buffer, size_t size)
{
	size_t exposed = 0, guarded = 0;
	bool drift = view->agent_running && given(view->drift);
	bool alert = view->agent_running && given(view->alert);
	bool unguarded = view->fix_recorded && !view->agent_running;
	bool recent = view->last_repair > 0 && now - view->last_repair < MONITOR_RECENT_REPAIR_SECONDS;
	enum monitor_state state;
	char text[1024], perf[160];
	size_t room;

	for (size_t i = 0; i < view->service_count; i++) {
		exposed += view->services[i].exposed;
		guarded += view->services[i].guarded;
	}
	if (exposed > 0 || drift)
		state = MONITOR_CRITICAL;
	else if (unguarded || alert || recent)
		state = MONITOR_WARNING;
	else
		state = MONITOR_OK;

	text[0] = '\0';
	append(text, sizeof(text), "PORTGUARD %s - ", state_names[state]);
	if (exposed > 0) {
		append(text, sizeof(text), "exposed: ");
		append_services(text, sizeof(text), view, false);
	} else {
		append(text, sizeof(text), "no service exposed");
	}
	if (drift)
		append(text, sizeof(text), "; drift not repaired (watch = alert): %s", view->drift);
	if (unguarded)
		append(text, sizeof(text), "; the recorded fix is not guarded: portguard watch is not running");
	if (alert)
		append(text, sizeof(text), "; alert: %s", view->alert);
	if (view->agent_running && guarded > 0) {
		append(text, sizeof(text), "; guarded by portguard watch: ");
		append_services(text, sizeof(text), view, true);
	}
	if (recent)
		append(text, sizeof(text), "; drift repaired %lld min ago", (now - view->last_repair) / 60);
	if (!view->fix_recorded && exposed == 0)
		append(text, sizeof(text), "; no fix recorded");
	/* Performance data: 'label'=value[UOM];[warn];[crit];[min];[max].
	 * A threshold "0" alerts outside the range 0..0, so on any exposed
	 * service; repairs is a counter (UOM c). */
	snprintf(perf, sizeof(perf), " | exposed=%zu;;0;0;%zu guarded=%zu;;;0;%zu repairs=%luc running=%d;;;0;1",
		 exposed, view->service_count, guarded, view->service_count, view->repairs,
		 view->agent_running ? 1 : 0);
	/* A long alert is cut, never the performance data. */
	room = size > strlen(perf) ? size - strlen(perf) - 1 : 0;
	snprintf(buffer, size, "%.*s%s", (int)(strlen(text) < room ? strlen(text) : room), text, perf);
	return state;
}

void monitor_nagios_unknown(const char *cause, char *buffer, size_t size)
{
	buffer[0] = '\0';
	append(buffer, size, "PORTGUARD UNKNOWN - %s", cause);
}

int monitor_time_parse(const char *text, long long *ret_seconds)
{
	struct tm utc = { 0 };
	const char *end = text ? strptime(text, "%Y-%m-%dT%H:%M:%SZ", &utc) : NULL;
	time_t seconds;

	if (!end || *end != '\0')
		return -EINVAL;
	seconds = timegm(&utc);
	if (seconds == (time_t)-1)
		return -EINVAL;
	*ret_seconds = (long long)seconds;
	return 0;
}
