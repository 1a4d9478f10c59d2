/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The assess and plan half of a snapshot: the config file, the consumers,
 * how rpcbind runs, the plan. Kept apart from snapshot.c, which scans. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "assess/snapshot.h"
#include "base/paths.h"
#include "host/config_file.h"
#include "kernel/scan.h"
#include "model/cidr.h"
#include "systemd/units.h"

/* A file of the host that cannot be trusted keeps its place; only
 * running out of memory fails without saying where. */
static void input_error_take(struct error_record *input, struct error_record *ret_error)
{
	if (!input->message[0]) {
		error_record_set(ret_error, NULL, 0,
				 "out of memory while reading the host's configuration; free memory and retry");
		return;
	}
	if (!strchr(input->message, ';'))
		error_record_append(input, "; correct it and run portguard again");
	if (ret_error)
		*ret_error = *input;
}

static int read_config(const struct snapshot_request *request, struct config_file *ret_config,
		       struct error_record *ret_error)
{
	struct error_record input = { 0 };
	int r = config_file_load(request->host, request->config, ret_config, &input);

	if (r < 0)
		input_error_take(&input, ret_error);
	return r;
}

/* The config, read here into *storage or once for the run (*ret_config
 * then points into request->config_read); the same error either way. */
static int run_config(const struct snapshot_request *request, struct config_file *storage,
		      const struct config_file **ret_config, struct error_record *ret_error)
{
	struct snapshot_config *kept = request->config_read;
	int r;

	if (!kept) {
		r = read_config(request, storage, ret_error);
		*ret_config = storage;
		return r;
	}
	if (!kept->read) {
		kept->result = read_config(request, &kept->config, &kept->error);
		kept->read = true;
		/* Merged once, so that each look's plan finds them in order
		 * instead of sorting 10,000 prefixes again. */
		if (kept->result == 0)
			cidr_list_normalize(&kept->config.trusted);
	}
	if (kept->result < 0 && ret_error)
		*ret_error = kept->error;
	*ret_config = &kept->config;
	return kept->result;
}

void snapshot_config_free(struct snapshot_config *config)
{
	if (config->read && config->result == 0)
		config_file_free(&config->config);
	*config = (struct snapshot_config){ 0 };
}

static int decide(const struct snapshot_request *request, const struct config_file *config,
		  const struct supervision *supervision, struct snapshot *snapshot, struct error_record *ret_error)
{
	struct cidr_list trusted = { 0 };
	struct plan_input input = {
		.service = request->service,
		/* Bound beyond loopback, even when portguard's table limits it:
		 * fix then plans the restriction again, a no-op when unchanged. */
		.exposed = listener_list_has_exposed_socket(&snapshot->listeners) && !snapshot->outsiders_refused,
		.mode = request->mode_given ? request->mode : config->mode_given ? config->mode : MODE_AUTO,
		.force = request->force,
		.all_rpc = request->all_rpc,
		.trusted_given = &trusted,
		.consumers = &snapshot->consumers,
		.supervision = supervision,
		.listeners = &snapshot->listeners,
		.answer = &snapshot->answer,
		/* only an answer that lists more of the service's users (the
		 * portmapper's registrations) leaves them unknown when missing */
		.registrations_unknown = snapshot->answer_asked && !snapshot->answer.reachable &&
					 snapshot->service->probe->answer_ports != NULL,
	};
	int r = 0;

	/* The config's first: the plan's merge sorts only what follows a
	 * sorted head. Without --trusted, the config's list as it is: the
	 * plan copies it anyway. */
	if (!request->trusted || !request->trusted->count)
		input.trusted_given = &config->trusted;
	else
		r = cidr_list_add_all(&trusted, &config->trusted);
	if (r == 0 && request->trusted && request->trusted->count)
		r = cidr_list_add_all(&trusted, request->trusted);
	if (r == 0)
		r = plan_decide(&input, &snapshot->plan, ret_error);
	cidr_list_free(&trusted);
	if (r < 0 && r != -EINVAL)
		error_record_set(ret_error, NULL, 0, "deciding the plan failed: %s; free memory and retry", strerror(-r));
	return r;
}

int snapshot_assess(const struct snapshot_request *request, struct snapshot *snapshot,
		    struct error_record *ret_error)
{
	struct config_file storage = { 0 };
	const struct config_file *config;
	struct service_units units = { 0 };
	struct supervision supervision;
	struct error_record input_error = { 0 };
	int units_result, r;

	r = run_config(request, &storage, &config, ret_error);
	if (r < 0)
		return r;
	units_result = units_query(request->service->socket_unit, request->service->service_unit, &units);
	struct assess_input input = {
		.service = request->service,
		.host = request->host,
		.listeners = &snapshot->listeners,
		.answer = snapshot->listeners.count > 0 ? &snapshot->answer : NULL,
		.units = units_result == 0 ? &units : NULL,
		.units_error = units_result < 0 ? units_result : 0,
	};
	r = assess_consumers(&input, &snapshot->consumers, &input_error);
	if (r == -ENOMEM)
		error_record_set(ret_error, NULL, 0,
				 "out of memory while reading the host's configuration; free memory and retry");
	else if (r < 0)
		input_error_take(&input_error, ret_error);
	if (r == 0) {
		snprintf(snapshot->report_dir, sizeof(snapshot->report_dir), "%s", config->report_dir);
		assess_supervision(&input, &supervision);
		r = decide(request, config, &supervision, snapshot, ret_error);
	}
	service_units_free(&units);
	if (config == &storage)
		config_file_free(&storage);
	return r;
}
