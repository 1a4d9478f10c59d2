/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One look at the host: the listeners, the local portmapper's answer,
 * the consumers and the plan. check prints it; fix acts on it. */
#ifndef PORTGUARD_SNAPSHOT_H
#define PORTGUARD_SNAPSHOT_H

#include <jansson.h>
#include <stdio.h>
#include <time.h>

#include "assess/assess.h"
#include "assess/plan.h"
#include "base/error_record.h"
#include "base/paths.h"
#include "host/config_file.h"
#include "model/action.h"
#include "model/model.h"
#include "nft/nft.h"
#include "services/service.h"

struct snapshot {
	const struct service *service;	/* what was looked at */
	char host[256];
	time_t time;
	struct listener_list listeners;
	struct service_answer answer;	/* asked only when something listens */
	bool answer_asked;		/* false also when asking would socket-activate the daemon */
	/* The service says its daemon answers no other host (service.h,
	 * answers_outsiders): its listeners are then not exposed. */
	bool outsiders_refused;
	struct consumer_list consumers;
	struct plan plan;
	char report_dir[PATH_MAX];	/* from the config file, "" when not set */
	struct nft_table installed_table;	/* the whole table, every service's part; empty with own_part_only */
	/* installed_table is the run's kept record, lent (keep_known_table;
	 * nft_table_read_known_lent): valid while the snapshot is used
	 * before the run's next look, never freed here. */
	bool installed_table_lent;
	int installed_read;		/* nft_table_read's result for it */
};

/* The config file of one run of several looks (check of every service,
 * fix's look and then each service's fix): the first snapshot_take
 * reads it, the later ones take what it read, or its error, instead of
 * reading and merging its trusted lines again. */
struct snapshot_config {
	bool read;
	int result;
	struct error_record error;	/* result < 0: the one-line error */
	struct config_file config;	/* result 0 */
};

void snapshot_config_free(struct snapshot_config *config);

/* What to look at and what the plan may use: check's and fix's options,
 * or the agent's repair. Borrowed, not owned. */
struct snapshot_request {
	const struct service *service;
	const struct host *host;	/* --root, or the live system */
	const char *config;		/* NULL: portguard.conf below root */
	bool mode_given;
	enum mode mode;
	const struct cidr_list *trusted;	/* given besides the config's; may be NULL */
	bool force;
	bool all_rpc;
	/* fix, which holds the lock and changes the host anyway, also
	 * records the table it read (NFT_READ_RECORD); check only uses
	 * that record. */
	bool record_table;
	/* Every looked-at service's sockets from one dump (snapshot_scan):
	 * the service's are taken from it. NULL: the service's ports are
	 * dumped for it alone. */
	const struct listener_list *scanned;
	/* The table's record read by an earlier look of this run is kept in
	 * memory while still true (NFT_READ_KEEP); the caller frees it with
	 * nft_table_known_forget. */
	bool keep_known_table;
	/* Only the service's own part of the table is wanted (check's
	 * look): installed_table stays empty, the others' parts uncopied. */
	bool own_part_only;
	/* The run's config (above); NULL: this look reads it itself. */
	struct snapshot_config *config_read;
};

/* One dump of the sockets on every port of services (count of them),
 * for snapshot_request.scanned. On failure the one-line error. */
int snapshot_scan(const struct service *const *services, size_t count, struct listener_list *ret_list,
		  struct error_record *ret_error);

/* Takes the snapshot. On failure returns a negative errno with the
 * one-line error (cause; what to do) in *ret_error: a file of the host
 * that cannot be trusted with its place. */
int snapshot_take(const struct snapshot_request *request, struct snapshot *ret_snapshot,
		  struct error_record *ret_error);
void snapshot_free(struct snapshot *snapshot);
/* Reads the config, finds the consumers, decides the plan (snapshot_assess.c);
 * on failure the same. */
int snapshot_assess(const struct snapshot_request *request, struct snapshot *snapshot,
		    struct error_record *ret_error);

void snapshot_print_text(const struct snapshot *snapshot, FILE *out);
/* The JSON object of doc/json.md; returns NULL when out of memory. */
json_t *snapshot_json(const struct snapshot *snapshot);
int snapshot_print_json(const struct snapshot *snapshot, FILE *out);

#endif
