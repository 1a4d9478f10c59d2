/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "systemd/libsystemd.h"
#include "watch/watch.h"

/* The location sd-journal.h's sd_journal_send() macro adds. */
#define WATCH_LOG_TEXT(token) #token
#define WATCH_LOG_LINE(line) "CODE_LINE=" WATCH_LOG_TEXT(line)

/* Under systemd stderr already is the journal ($JOURNAL_STREAM names
 * it): writing there too would log every line twice. */
static bool stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long device, inode;
	struct stat status;

	if (!stream || sscanf(stream, "%llu:%llu", &device, &inode) != 2 || fstat(STDERR_FILENO, &status) < 0)
		return false;
	return status.st_dev == device && status.st_ino == inode;
}

void watch_log(int priority, const char *event, const char *drift, const char *action, const char *result,
	       const char *format, ...)
{
	char message[1024];
	va_list arguments;

	va_start(arguments, format);
	vsnprintf(message, sizeof(message), format, arguments);
	va_end(arguments);
	/* watch_run() loaded libsystemd before the agent's first line. */
	if (sym_sd_journal_send_with_location)
		sym_sd_journal_send_with_location("CODE_FILE=" __FILE__, WATCH_LOG_LINE(__LINE__), __func__,
						  "MESSAGE=portguard watch: %s", message, "PRIORITY=%d", priority,
						  "SYSLOG_IDENTIFIER=portguard", "PORTGUARD_EVENT=%s", event,
						  "PORTGUARD_DRIFT=%s", drift ? drift : "",
						  "PORTGUARD_ACTION=%s", action ? action : "",
						  "PORTGUARD_RESULT=%s", result ? result : "", NULL);
	if (!sym_sd_journal_send_with_location || !stderr_is_journal()) {
		fprintf(stderr, "portguard watch: %s\n", message);
		fflush(stderr);
	}
}

void watch_save_status(struct watch *watch)
{
	int r = guard_status_save(watch->request->host, &watch->status);

	if (r < 0)
		watch_log(LOG_WARNING, "status", NULL, NULL, "failed", "cannot write %s: %s", GUARD_FILE,
			  strerror(-r));
}
