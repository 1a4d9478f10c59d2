/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assess/answer_kept.h"
#include "base/cleanup.h"
#include "kernel/lifetime.h"

#define KEPT_DIRECTORY "/run/portguard/"
/* "boot" line, a line per socket and per owner, each well under 64 bytes */
#define IDENTITY_MAX (64 * (1 + 2 * 64))
#define RECORD_MAX (64 * 1024)

struct process_start {
	pid_t pid;
	unsigned long long start;
};

static int compare_inodes(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int compare_processes(const void *a, const void *b)
{
	const struct process_start *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The daemon that holds listeners, as one text; false when it cannot
 * be named for sure: an owner is missing or could not be read, or
 * there are more sockets or owners than a record names. */
static bool daemon_identity(const struct listener_list *listeners, char *buffer, size_t size)
{
	uint64_t inodes[64];
	struct process_start processes[64];
	size_t inode_count = 0, process_count = 0, used;
	char boot_id[LIFETIME_BOOT_ID_LENGTH + 1];

	/* owners_partial is no reason: each socket's holder is known, and a
	 * second holder would hold the same sockets. */
	if (listeners->count == 0 || listeners->count > 64 || listeners->owners_incomplete ||
	    lifetime_boot_id(boot_id) < 0)
		return false;
	for (size_t i = 0; i < listeners->count; i++) {
		const struct listener *listener = &listeners->items[i];

		if (listener->owner_count == 0 || listener->inode == 0)
			return false;
		inodes[inode_count++] = listener->inode;
		for (size_t o = 0; o < listener->owner_count; o++) {
			bool seen = false;

			for (size_t p = 0; p < process_count; p++)
				seen |= processes[p].pid == listener->owners[o].pid;
			if (seen)
				continue;
			if (process_count == 64)
				return false;
			processes[process_count].pid = listener->owners[o].pid;
			if (lifetime_process_start(listener->owners[o].pid, &processes[process_count].start) < 0)
				return false;
			process_count++;
		}
	}
	/* The dump's order is the kernel's hash order, not the daemon's. */
	qsort(inodes, inode_count, sizeof(inodes[0]), compare_inodes);
	qsort(processes, process_count, sizeof(processes[0]), compare_processes);
	used = (size_t)snprintf(buffer, size, "boot %s\n", boot_id);
	for (size_t i = 0; i < inode_count && used < size; i++)
		used += (size_t)snprintf(buffer + used, size - used, "socket %" PRIu64 "\n", inodes[i]);
	for (size_t i = 0; i < process_count && used < size; i++)
		used += (size_t)snprintf(buffer + used, size - used, "process %d %llu\n", (int)processes[i].pid,
					 processes[i].start);
	return used < size;
}

static void record_path(const struct service *service, char *buffer, size_t size)
{
	snprintf(buffer, size, KEPT_DIRECTORY "answer-%s", service->name);
}

int answer_kept_take(const struct host *host, const struct service *service, const struct listener_list *listeners,
		     struct service_answer *ret_answer)
{
	char identity[IDENTITY_MAX], path[128];
	_cleanup_free_ char *text = NULL;
	json_t *record, *answer;
	size_t length;
	int r;

	if (!service->probe->answer_lasts_per_process || !daemon_identity(listeners, identity, sizeof(identity)))
		return -ENOENT;
	record_path(service, path, sizeof(path));
	if (paths_read_own_up_to(host, path, RECORD_MAX, &text, &length) < 0)
		return -ENOENT;
	record = json_loadb(text, length, JSON_REJECT_DUPLICATES, NULL);
	answer = json_object_get(record, "answer");
	if (!json_is_object(answer) || !json_is_string(json_object_get(record, "daemon")) ||
	    strcmp(json_string_value(json_object_get(record, "daemon")), identity) != 0) {
		json_decref(record);
		return -ENOENT;
	}
	r = service->probe->answer_from_json(answer, ret_answer);
	json_decref(record);
	return r;
}

void answer_kept_record(const struct host *host, const struct service *service,
			const struct listener_list *listeners, const struct service_answer *answer)
{
	char identity[IDENTITY_MAX], path[128];
	_cleanup_free_ char *text = NULL;
	json_t *record;

	if (!service->probe->answer_lasts_per_process)
		return;
	record_path(service, path, sizeof(path));
	/* An answer of another daemon must not stay to be taken for this one's. */
	(void)paths_remove(host, path, false);
	if (!daemon_identity(listeners, identity, sizeof(identity)))
		return;
	record = json_pack("{s:s, s:o*}", "daemon", identity, "answer",
			   service->probe->answer_json(answer, json_boolean(answer->reachable)));
	if (record && json_object_get(record, "answer"))
		text = json_dumps(record, JSON_COMPACT);
	json_decref(record);
	if (text)
		(void)paths_write_file(host, path, text, strlen(text), 0600);
}
