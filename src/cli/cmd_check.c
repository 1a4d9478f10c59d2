/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "assess/snapshot.h"
#include "cli/commands.h"
#include "kernel/owner.h"
#include "kernel/process_find.h"
#include "kernel/scan.h"
#include "record/fix_scan.h"
#include "record/guard.h"
#include "record/monitor.h"
#include "record/show.h"
#include "record/state.h"

/* The agent's view: whether it runs, and a drift it only reported
 * (watch = alert), which makes check exit 2 like an exposure. */
static void print_guard(const struct guard_status *status, bool have_status, FILE *out)
{
	char sentence[512];

	guard_status_sentence(have_status ? status : NULL, sentence, sizeof(sentence));
	fprintf(out, "\nGuard: %s.\n", sentence);
	if (have_status && status->drift[0])
		fprintf(out, "Drift: %s (seen by portguard watch at %s, not repaired: watch = %s); run 'portguard fix'.\n",
			status->drift, status->last_drift, status->mode);
	if (have_status && status->alert[0] && guard_status_running(status))
		fprintf(out, "Alert: %s.\n", status->alert);
}

static int print_json(const struct snapshot *snapshots, size_t count, const struct guard_status *status,
		      bool have_status)
{
	struct fix_scan scans[SERVICES_MAX];
	struct guard_seen seen;
	size_t made = 0;
	json_t *root = NULL;
	int r = 0;

	guard_seen_take(have_status ? status : NULL, &seen);
	for (; made < count && r == 0; made++)
		r = fix_scan_from_snapshot(&snapshots[made], &scans[made]);
	if (r == 0) {
		root = fix_scan_check_services_json(scans, count, &seen);
		r = root ? 0 : -ENOMEM;
	} else {
		made--;
	}
	for (size_t i = 0; i < made; i++)
		fix_scan_free(&scans[i]);
	if (r == 0) {
		r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ? -EIO : 0;
		fputc('\n', stdout);
	}
	json_decref(root);
	return r;
}

/* One service alone reads as it always did; several each under a
 * heading that names the daemon and the ports. */
static void print_text(const struct snapshot *snapshots, size_t count, FILE *out)
{
	for (size_t i = 0; i < count; i++) {
		const struct service *service = snapshots[i].service;

		if (count > 1) {
			fprintf(out, "%s== %s: %s on", i ? "\n" : "", service->name, service->daemon);
			for (size_t p = 0; p < service->port_count; p++)
				fprintf(out, "%s %u/%s", p ? "," : "", service->ports[p].port,
					service->ports[p].transport == TRANSPORT_UDP ? "udp" : "tcp");
			fprintf(out, " ==\n\n");
		}
		snapshot_print_text(&snapshots[i], out);
	}
}

int command_look(const struct options *options, struct snapshot_config *config, struct snapshot *snapshots,
		 size_t *ret_taken, struct error_record *ret_error)
{
	struct listener_list scanned = { 0 };
	int r;

	*ret_taken = 0;
	/* One scan for every service's ports: sock_diag walks the socket
	 * tables once per dump, however many ports. */
	r = snapshot_scan(options->services, options->service_count, &scanned, ret_error);
	for (; r == 0 && *ret_taken < options->service_count; (*ret_taken)++) {
		struct snapshot_request request = {
			.service = options->services[*ret_taken],
			.host = &options->analysed,
			.config = options->config,
			.mode_given = options->mode_given,
			.mode = options->mode,
			.trusted = &options->trusted,
			.force = options->force,
			.all_rpc = options->all_rpc,
			.scanned = &scanned,
			.config_read = config,
			.keep_known_table = config != NULL,
			.own_part_only = true,
		};

		r = snapshot_take(&request, &snapshots[*ret_taken], ret_error);
		if (r < 0)
			break;
	}
	listener_list_free(&scanned);
	return r;
}

/* The plugin line from check's look, the state and guard.json
 * (monitor.c decides the state); what cannot be read is UNKNOWN. */
static int print_nagios(const struct options *options, const struct snapshot *snapshots, size_t count)
{
	struct monitor_view view = { .service_count = count };
	struct fix_record record = { 0 };
	struct guard_status status = { 0 };
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX], out[1024];
	enum monitor_state state;
	bool running;
	int r;

	for (size_t i = 0; i < count; i++)
		view.services[i] = (struct monitor_service){
			.name = snapshots[i].service->name,
			.daemon = snapshots[i].service->daemon,
			.exposed = listener_list_exposed(&snapshots[i].listeners) && !snapshots[i].outsiders_refused,
		};
	r = guard_status_load(&options->analysed, &status);
	if (r < 0 && r != -ENOENT) {
		snprintf(line, sizeof(line), "%s cannot be read: %s", GUARD_FILE,
			 r == -EBADMSG ? "damaged" : strerror(-r));
		monitor_nagios_unknown(line, out, sizeof(out));
		printf("%s\n", out);
		return EXIT_NAGIOS_UNKNOWN;
	}
	running = r == 0 && guard_status_running(&status);
	r = state_load(&options->analysed, FIX_RECORD_LENIENT, &record, &error);
	if (r < 0 && r != -ENOENT) {
		monitor_nagios_unknown(error_record_format(&error, line, sizeof(line)), out, sizeof(out));
		printf("%s\n", out);
		return EXIT_NAGIOS_UNKNOWN;
	}
	view.repairs = status.repairs;
	if (monitor_time_parse(status.last_repair, &view.last_repair) < 0)
		view.last_repair = 0;
	monitor_view_guard(&view, r == 0 ? &record : NULL, running);
	if (r == 0)
		fix_record_free(&record);
	view.drift = status.drift;
	view.alert = status.alert;
	state = monitor_nagios(&view, (long long)time(NULL), out, sizeof(out));
	printf("%s\n", out);
	return (int)state;
}

int command_check(const struct options *options)
{
	struct snapshot snapshots[SERVICES_MAX];
	size_t taken = 0;
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	struct snapshot_config config = { 0 };
	struct guard_status status;
	bool have_status, drifted = false, exposed = false;
	int r;

	/* Without root the sockets' owners and the table cannot be read: a
	 * port portguard restricts would look exposed. */
	if (options->nagios && geteuid() != 0) {
		monitor_nagios_unknown("check --nagios needs root to read every socket and table inet portguard; "
				       "run it with sudo", line, sizeof(line));
		printf("%s\n", line);
		return EXIT_NAGIOS_UNKNOWN;
	}
	/* check changes nothing: every service's look shares one walk for
	 * the sockets' owners (the scan of every port attributes them all)
	 * and one walk of /proc for the processes it names. */
	owner_memo_begin();
	process_find_memo_begin();
	r = command_look(options, &config, snapshots, &taken, &error);
	owner_memo_forget();
	process_find_memo_forget();
	if (r < 0) {
		error_record_format(&error, line, sizeof(line));
		if (options->nagios) {
			char out[1024];

			monitor_nagios_unknown(line, out, sizeof(out));
			printf("%s\n", out);
		}
		fprintf(stderr, "portguard: %s\n", line);
		goto out;
	}
	if (options->nagios) {
		r = print_nagios(options, snapshots, taken);
		goto out;
	}
	for (size_t i = 0; i < taken; i++)
		exposed |= listener_list_exposed(&snapshots[i].listeners) && !snapshots[i].outsiders_refused;
	have_status = guard_status_load(&options->analysed, &status) == 0;
	drifted = have_status && status.drift[0] && guard_status_running(&status);
	if (options->json)
		r = print_json(snapshots, taken, &status, have_status);
	else if (!options->quiet) {
		print_text(snapshots, taken, stdout);
		print_guard(&status, have_status, stdout);
	}
out:
	snapshot_config_free(&config);
	nft_table_known_forget();
	for (size_t i = 0; i < taken; i++)
		snapshot_free(&snapshots[i]);
	if (options->nagios)
		return r < 0 ? EXIT_NAGIOS_UNKNOWN : r;
	if (r < 0)
		return EXIT_ERROR;
	return exposed || drifted ? EXIT_EXPOSED_OR_CHANGED : EXIT_NOTHING_TO_DO;
}
