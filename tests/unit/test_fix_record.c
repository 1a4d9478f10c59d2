/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fix record to JSON and back: every field survives, a record of
 * 0.1.0 reads and is written with the same keys, and what undo needs is
 * checked strictly while the report reads anything. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "model/cidr.h"
#include "nft/nft.h"
#include "assess/snapshot.h"
#include "kernel/scan.h"
#include "base/json_share.h"
#include "base/paths.h"
#include "record/fix_record.h"
#include "record/state.h"
#include "services/portmapper/consumers.h"
#include "services/portmapper/portmapper.h"
#include "services/portmapper/portmapper_probe.h"


/* The portmapper's detail of a scan's answer. */
static const struct rpc_summary *rpc_of(const struct fix_scan *scan)
{
	return portmapper_summary(&scan->answer);
}

static json_t *load(const char *name)
{
	json_error_t error;
	char *path;
	json_t *json;

	assert_true(asprintf(&path, "%s/state/%s", FIXTURES, name) > 0);
	json = json_load_file(path, JSON_ALLOW_NUL, &error);
	if (!json)
		fail_msg("%s: %s", path, error.text);
	free(path);
	return json;
}

static void add_network(struct nft_ruleset *ruleset, const char *text)
{
	struct cidr cidr;

	assert_int_equal(cidr_parse(text, &cidr), 0);
	assert_int_equal(cidr_list_add(&ruleset->trusted, &cidr), 0);
}

static void add_cidr(struct cidr_list *list, const char *text)
{
	struct cidr cidr;

	assert_int_equal(cidr_parse(text, &cidr), 0);
	assert_int_equal(cidr_list_add(list, &cidr), 0);
}

static void fill_plan(struct fix_record *record, enum action action)
{
	struct plan plan = { .service = &portmapper_service, .action = action };
	struct consumer consumer = {
		.kind = &portmapper_kind_nfs_server,
		.facts = { .source = &portmapper_source_export, .file = "/etc/exports", .line = 3, .subject = "/srv",
			   .object = "10.0.0.0/24, \t", .nfs_v3 = true, .versions_source = "/proc/fs/nfsd/versions" },
	};
	struct consumer_list consumers = { .items = &consumer, .count = 1, .capacity = 1 };

	evidence_format(&consumer.facts, LANGUAGE_ENGLISH, consumer.evidence, sizeof(consumer.evidence));
	add_cidr(&consumer.trusted, "10.0.0.0/24");
	if (action == ACTION_STOP) {
		plan.reason = PLAN_REASON_STOP_FORCED;
		plan.reason_consumer = consumer.facts;
		snprintf(plan.reason_consumer_text, sizeof(plan.reason_consumer_text), "%s", consumer.evidence);
		plan.steps[plan.step_count++] = PLAN_STEP_SYSTEMCTL_STOP;
		plan.steps[plan.step_count++] = PLAN_STEP_SYSTEMCTL_MASK;
		snprintf(plan.units[plan.unit_count++], UNIT_NAME_MAX, "rpcbind.socket");
	} else {
		plan.reason = PLAN_REASON_NOT_UNDER_SYSTEMD;
		plan.reason_service = (struct service_evidence){ .how = SERVICE_HELD_BY, .process = "rpcbind", .pid = 812 };
		service_evidence_format(&plan.reason_service, &portmapper_service, LANGUAGE_ENGLISH, plan.reason_service_text,
					sizeof(plan.reason_service_text));
		plan.steps[plan.step_count++] = PLAN_STEP_NFT_TABLE;
		plan.steps[plan.step_count++] = PLAN_STEP_NFT_ACCEPT_IPV6;
		plan.ports[plan.port_count++] = 111;
		plan.ports[plan.port_count++] = 2049;
		add_cidr(&plan.trusted, "2001:db8::/48");
	}
	plan.reason_consumer_kind = &portmapper_kind_nfs_server;
	plan.reason_consumer_count = 1;
	assert_int_equal(fix_record_set_plan(record, &plan, &consumers), 0);
	plan_free(&plan);
	cidr_list_free(&consumer.trusted);
}

/* Both languages of the plan and its consumers say the same after the
 * trip: every fact they need came back. */
static void expect_same_words(const struct fix_record *a, const struct fix_record *b)
{
	char left[PLAN_TEXT_MAX], right[PLAN_TEXT_MAX];

	assert_int_equal(a->has_plan, b->has_plan);
	assert_int_equal(a->plan.step_count, b->plan.step_count);
	assert_int_equal(a->consumers.count, b->consumers.count);
	for (int language = LANGUAGE_GERMAN; language <= LANGUAGE_ENGLISH; language++) {
		plan_reason_format(&a->plan, (enum language)language, left, sizeof(left));
		plan_reason_format(&b->plan, (enum language)language, right, sizeof(right));
		assert_string_equal(left, right);
		for (size_t i = 0; i < a->plan.step_count; i++) {
			plan_step_format(&a->plan, i, (enum language)language, left, sizeof(left));
			plan_step_format(&b->plan, i, (enum language)language, right, sizeof(right));
			assert_string_equal(left, right);
		}
		for (size_t i = 0; i < a->consumers.count; i++) {
			evidence_format(&a->consumers.items[i].facts, (enum language)language, left, sizeof(left));
			evidence_format(&b->consumers.items[i].facts, (enum language)language, right, sizeof(right));
			assert_string_equal(left, right);
			assert_true(cidr_list_equal(&a->consumers.items[i].trusted, &b->consumers.items[i].trusted));
			assert_string_equal(a->consumers.items[i].evidence, b->consumers.items[i].evidence);
		}
	}
}

/* Every value an abuse report can hold, and a second row holding none
 * of the optional ones, as a damaged or older record leaves them. */
static void fill_abuse(struct abuse_record *abuse)
{
	struct abuse_record_row *row;

	abuse->file = strdup("/root/mail.eml");
	abuse->all_rpc_implied = true;
	abuse->source_count = 1;
	abuse->sources = calloc(1, sizeof(*abuse->sources));
	abuse->sources[0] = (struct abuse_record_source){
		strdup("CERT-Bund"), strdup("CB-Report#20261124-10012345"), strdup("2026-11-24"),
		strdup("[CB-Report#20261124-10012345] Offene Portmapper-Dienste"), strdup("portmapper.csv"),
		strdup("\"asn\",\"ip\",\"timestamp\",\"rpc_response\""), true, 12, strdup("portmapper"), NULL,
	};
	abuse->row_count = 2;
	abuse->rows = calloc(2, sizeof(*abuse->rows));
	row = &abuse->rows[0];
	*row = (struct abuse_record_row){
		.asn = strdup("64496"), .ip = strdup("192.0.2.1"), .timestamp = strdup("2026-11-24 03:12:44"),
		.raw = strdup("\"64496\",\"192.0.2.1\""), .service = strdup("portmapper"),
		.has_on_this_host = true, .on_this_host = true, .has_report = true, .report = 0,
		.protocol = strdup("udp"), .port = 111, .has_response_size = true, .response_size = 1156,
		.amplification = strdup("14.5"),
	};
	/* the portmapper's columns as its serialiser reads them back */
	row->has_columns = true;
	row->column_count = 3;
	row->columns = calloc(3, sizeof(*row->columns));
	row->columns[0] = (struct service_column){ strdup("rpc_response"), strdup("100000 4 111/udp; 100005 3 20048/tcp;") };
	row->columns[1] = (struct service_column){ strdup("mountd_port"), strdup("20048") };
	row->columns[2] = (struct service_column){ strdup("exports"), strdup("/srv") };
	abuse->rows[1] = (struct abuse_record_row){ .ip = strdup("198.51.100.7") };
}

static void expect_same_string(const char *a, const char *b)
{
	assert_int_equal(!a, !b);
	if (a)
		assert_string_equal(a, b);
}

static void expect_same_abuse(const struct abuse_record *a, const struct abuse_record *b)
{
	expect_same_string(a->file, b->file);
	assert_int_equal(a->all_rpc_implied, b->all_rpc_implied);
	assert_int_equal(a->source_count, b->source_count);
	for (size_t i = 0; i < a->source_count; i++) {
		const struct abuse_record_source *x = &a->sources[i], *y = &b->sources[i];

		expect_same_string(x->reporter, y->reporter);
		expect_same_string(x->reference, y->reference);
		expect_same_string(x->date, y->date);
		expect_same_string(x->subject, y->subject);
		expect_same_string(x->attachment, y->attachment);
		expect_same_string(x->header, y->header);
		expect_same_string(x->service, y->service);
		expect_same_string(x->report_type, y->report_type);
		assert_int_equal(x->has_line, y->has_line);
		assert_int_equal(x->line, y->line);
	}
	assert_int_equal(a->row_count, b->row_count);
	for (size_t i = 0; i < a->row_count; i++) {
		const struct abuse_record_row *x = &a->rows[i], *y = &b->rows[i];

		expect_same_string(x->asn, y->asn);
		expect_same_string(x->ip, y->ip);
		expect_same_string(x->timestamp, y->timestamp);
		expect_same_string(x->raw, y->raw);
		expect_same_string(x->service, y->service);
		assert_int_equal(x->has_columns, y->has_columns);
		assert_int_equal(x->column_count, y->column_count);
		for (size_t j = 0; j < x->column_count; j++) {
			assert_string_equal(x->columns[j].name, y->columns[j].name);
			assert_string_equal(x->columns[j].value, y->columns[j].value);
		}
		assert_int_equal(x->has_on_this_host, y->has_on_this_host);
		assert_int_equal(x->on_this_host, y->on_this_host);
		assert_int_equal(x->has_report, y->has_report);
		assert_int_equal(x->report, y->report);
		expect_same_string(x->protocol, y->protocol);
		assert_int_equal(x->port, y->port);
		assert_int_equal(x->has_response_size, y->has_response_size);
		assert_int_equal(x->response_size, y->response_size);
		expect_same_string(x->amplification, y->amplification);
	}
}

static void fill(struct fix_record *record, enum action action)
{
	static const char previous[] = "old\0rules \377\n";
	static const char admin_table[] = "table inet portguard {\n\tchain input {\n\t\ttype filter hook input priority 0;"
					  " policy accept;\n\t\ttcp dport 111 drop comment \"no {rpc}; # here\"\n\t}\n}\n";

	record->format = FIX_RECORD_FORMAT;
	record->service = &portmapper_service;
	record->version = strdup("9.9");
	record->host = strdup("web1");
	record->time = strdup("2026-11-26T20:00:00Z");
	record->action = action;
	record->status = FIX_APPLIED;
	json_t *before = json_pack("{s:b, s:[{s:s, s:s, s:i, s:b, s:i, s:s, s:s}], s:{s:b, s:[{s:i, s:i, s:s, s:i, s:s}], s:i, s:i, s:f}}",
				   "exposed", 1, "listeners", "proto", "udp", "address", "::", "port", 111, "exposed", 1,
				   "pid", 812, "process", "rpcbind", "unit", "rpcbind.service",
				   "rpc", "reachable", 1, "programs", "program", 100005, "version", 3, "protocol", "tcp",
				   "port", 20048, "name", "mountd", "request_bytes", 40, "reply_bytes", 684, "amplification", 17.1);
	json_t *after = json_pack("{s:b, s:[], s:s}", "exposed", 0, "listeners", "rules", "table inet portguard {\n}\n");
	assert_int_equal(fix_scan_from_json(before, &portmapper_service, &record->found), 0);
	assert_int_equal(fix_scan_from_json(after, &portmapper_service, &record->proof), 0);
	json_decref(before);
	json_decref(after);
	record->has_local_addresses = true;
	record->local_addresses = calloc(2, sizeof(*record->local_addresses));
	assert_int_equal(ip_address_parse("192.0.2.1", &record->local_addresses[0]), 0);
	assert_int_equal(ip_address_parse("2001:db8::1", &record->local_addresses[1]), 0);
	record->local_address_count = 2;
	record->has_abuse_report = true;
	fill_abuse(&record->abuse_report);
	record->changes.action = action;
	if (action == ACTION_STOP) {
		record->changes.units = calloc(2, sizeof(*record->changes.units));
		record->changes.units[0] = (struct unit_state){ "rpcbind.socket", "active", "enabled" };
		record->changes.units[1] = (struct unit_state){ "rpcbind.service", "inactive", "linked-runtime" };
		record->changes.unit_count = 2;
	} else {
		struct fix_nft *nft = &record->changes.nft;

		record->changes.has_nft = true;
		add_network(&nft->ruleset, "10.0.0.0/24");
		add_network(&nft->ruleset, "2001:db8::/48");
		nft_ruleset_add_port(&nft->ruleset, 111);
		nft_ruleset_add_port(&nft->ruleset, 2049);
		nft->has_previous = true;
		add_network(&nft->previous, "10.9.0.0/16");
		nft_ruleset_add_port(&nft->previous, 111);
		nft->ruleset_text = strdup("table inet portguard {}\n");
		nft->previous_table = strdup(admin_table);
		nft->previous_table_length = strlen(admin_table);
		nft->file_previous = malloc(sizeof(previous));
		memcpy(nft->file_previous, previous, sizeof(previous));
		nft->file_previous_length = sizeof(previous) - 1;
		nft->boot_unit_file_written = true;
		nft->boot_unit_enabled_before = FIX_NO;
		nft->boot_unit_enabled = true;
		nft->boot_persistent = FIX_YES;
		nft->nftables_dropin_written = true;
	}
	record->changed = FIX_YES;
	record->verified = FIX_YES;
	record->repair = true;
	record->changes.has_guard = true;
	record->changes.guard = (struct fix_guard){ .enabled_before = false, .active_before = true, .enabled = true };
	fix_record_add_warning(record, FIX_WARNING_BOOT_UNIT_NOT_ENABLED, "Access denied");
	fix_record_add_warning(record, FIX_WARNING_GUARD_NOT_STARTED, "Unit portguard.service failed");
	fix_record_add_warning(record, FIX_WARNING_NO_SYSTEMD_AT_BOOT, NULL);
	fill_plan(record, action);
	record->report = strdup("/var/lib/portguard/reports/portguard-web1-20261126T200000Z.txt");
	record->undo = (struct fix_undo){ .done = true, .time = strdup("2026-11-27T08:30:00Z"), .changed = FIX_YES,
					  .exposed = FIX_NO, .report = strdup("/r/undo.txt") };
}

static void expect_same_ruleset(const struct nft_ruleset *a, const struct nft_ruleset *b)
{
	assert_true(cidr_list_equal(&a->trusted, &b->trusted));
	assert_int_equal(a->port_count, b->port_count);
	for (size_t i = 0; i < a->port_count; i++)
		assert_int_equal(a->ports[i], b->ports[i]);
}

/* The scans the report reads, typed, from the documents. */
static void expect_same_scan(const struct fix_scan *a, const struct fix_scan *b)
{
	assert_int_equal(a->exposed, b->exposed);
	assert_int_equal(a->has_listeners, b->has_listeners);
	assert_int_equal(a->listeners.count, b->listeners.count);
	for (size_t i = 0; i < a->listeners.count; i++) {
		const struct listener *x = &a->listeners.items[i], *y = &b->listeners.items[i];

		assert_int_equal(x->transport, y->transport);
		assert_memory_equal(&x->address, &y->address, sizeof(x->address));
		assert_int_equal(x->port, y->port);
		assert_int_equal(x->owner_count, y->owner_count);
		assert_int_equal(x->owners[0].pid, y->owners[0].pid);
		assert_string_equal(x->owners[0].process, y->owners[0].process);
		assert_string_equal(x->owners[0].unit, y->owners[0].unit);
	}
	assert_int_equal(a->has_answer, b->has_answer);
	assert_int_equal(a->answer_reachable, b->answer_reachable);
	assert_int_equal(rpc_of(a)->count, rpc_of(b)->count);
	for (size_t i = 0; i < rpc_of(a)->count; i++)
		assert_memory_equal(&rpc_of(a)->programs[i], &rpc_of(b)->programs[i], sizeof(rpc_of(a)->programs[i]));
	assert_int_equal(a->answer.request_bytes, b->answer.request_bytes);
	assert_int_equal(a->answer.reply_bytes, b->answer.reply_bytes);
	assert_true(a->answer.amplification == b->answer.amplification);
	assert_int_equal(!a->rules, !b->rules);
	if (a->rules)
		assert_string_equal(a->rules, b->rules);
}

/* The scans write the same JSON, key by key in the same order. */
static void expect_same_document(const struct fix_scan *a, const struct fix_scan *b)
{
	json_t *x = fix_scan_to_json(a), *y = fix_scan_to_json(b);
	char *x_text = json_dumps(x, JSON_PRESERVE_ORDER), *y_text = json_dumps(y, JSON_PRESERVE_ORDER);

	assert_int_equal(a->present, b->present);
	assert_non_null(x_text);
	assert_non_null(y_text);
	assert_string_equal(x_text, y_text);
	free(x_text), free(y_text);
	json_decref(x), json_decref(y);
}

static void expect_same(const struct fix_record *a, const struct fix_record *b)
{
	assert_string_equal(a->version, b->version);
	assert_string_equal(a->host, b->host);
	assert_string_equal(a->time, b->time);
	assert_int_equal(a->action, b->action);
	assert_int_equal(a->status, b->status);
	expect_same_document(&a->found, &b->found);
	expect_same_document(&a->proof, &b->proof);
	assert_int_equal(a->has_local_addresses, b->has_local_addresses);
	assert_int_equal(a->local_address_count, b->local_address_count);
	for (size_t i = 0; i < a->local_address_count; i++)
		assert_memory_equal(&a->local_addresses[i], &b->local_addresses[i], sizeof(a->local_addresses[i]));
	assert_int_equal(a->has_abuse_report, b->has_abuse_report);
	expect_same_abuse(&a->abuse_report, &b->abuse_report);
	expect_same_scan(&a->found, &b->found);
	expect_same_scan(&a->proof, &b->proof);
	assert_int_equal(a->changes.action, b->changes.action);
	assert_int_equal(a->changes.unit_count, b->changes.unit_count);
	for (size_t i = 0; i < a->changes.unit_count; i++)
		assert_memory_equal(&a->changes.units[i], &b->changes.units[i], sizeof(struct unit_state));
	assert_int_equal(a->changes.has_nft, b->changes.has_nft);
	expect_same_ruleset(&a->changes.nft.ruleset, &b->changes.nft.ruleset);
	assert_int_equal(a->changes.nft.has_previous, b->changes.nft.has_previous);
	expect_same_ruleset(&a->changes.nft.previous, &b->changes.nft.previous);
	assert_int_equal(a->changes.nft.previous_table_length, b->changes.nft.previous_table_length);
	assert_int_equal(!a->changes.nft.previous_table, !b->changes.nft.previous_table);
	if (a->changes.nft.previous_table)
		assert_memory_equal(a->changes.nft.previous_table, b->changes.nft.previous_table,
				    a->changes.nft.previous_table_length);
	if (a->changes.nft.ruleset_text || b->changes.nft.ruleset_text)
		assert_string_equal(a->changes.nft.ruleset_text, b->changes.nft.ruleset_text);
	assert_int_equal(a->changes.nft.file_previous_length, b->changes.nft.file_previous_length);
	assert_int_equal(!a->changes.nft.file_previous, !b->changes.nft.file_previous);
	if (a->changes.nft.file_previous)
		assert_memory_equal(a->changes.nft.file_previous, b->changes.nft.file_previous,
				    a->changes.nft.file_previous_length);
	assert_int_equal(a->changes.nft.boot_unit_file_written, b->changes.nft.boot_unit_file_written);
	assert_int_equal(a->changes.nft.boot_unit_enabled_before, b->changes.nft.boot_unit_enabled_before);
	assert_int_equal(a->changes.nft.boot_unit_enabled, b->changes.nft.boot_unit_enabled);
	assert_int_equal(a->changes.nft.boot_persistent, b->changes.nft.boot_persistent);
	assert_int_equal(a->changes.nft.nftables_dropin_written, b->changes.nft.nftables_dropin_written);
	assert_int_equal(a->changed, b->changed);
	assert_int_equal(a->verified, b->verified);
	assert_int_equal(a->repair, b->repair);
	assert_int_equal(a->same_run, b->same_run);
	assert_true(nft_table_equal(&a->changes.nft.others, &b->changes.nft.others));
	assert_int_equal(a->changes.has_guard, b->changes.has_guard);
	assert_int_equal(a->changes.guard.enabled_before, b->changes.guard.enabled_before);
	assert_int_equal(a->changes.guard.active_before, b->changes.guard.active_before);
	assert_int_equal(a->changes.guard.enabled, b->changes.guard.enabled);
	assert_int_equal(a->changes.guard.started, b->changes.guard.started);
	assert_int_equal(a->warning_count, b->warning_count);
	for (size_t i = 0; i < a->warning_count; i++) {
		assert_int_equal(a->warnings[i].code, b->warnings[i].code);
		assert_int_equal(!a->warnings[i].detail, !b->warnings[i].detail);
		if (a->warnings[i].detail)
			assert_string_equal(a->warnings[i].detail, b->warnings[i].detail);
	}
	expect_same_words(a, b);
	assert_string_equal(a->report, b->report);
	assert_int_equal(a->undo.done, b->undo.done);
	assert_string_equal(a->undo.time, b->undo.time);
	assert_int_equal(a->undo.changed, b->undo.changed);
	assert_int_equal(a->undo.exposed, b->undo.exposed);
	assert_string_equal(a->undo.report, b->undo.report);
	assert_int_equal(!a->earlier, !b->earlier);
	if (a->earlier)
		expect_same(a->earlier, b->earlier);
}

static void round_trip(const struct fix_record *record)
{
	struct fix_record back = { 0 };
	struct error_record error = { 0 };
	json_t *json = fix_record_to_json(record), *again;

	assert_non_null(json);
	if (fix_record_from_json(json, FIX_RECORD_STRICT, &back, &error) != 0)
		fail_msg("%s", error.message);
	expect_same(record, &back);
	again = fix_record_to_json(&back);
	assert_true(json_equal(json, again));
	json_decref(again);
	json_decref(json);
	fix_record_free(&back);
}

static void expect_kept_table_in_base64(const struct fix_record *record)
{
	json_t *json = fix_record_to_json(record), *nft = json_object_get(json_object_get(json, "changes"), "nft");

	assert_true(json_is_null(json_object_get(nft, "previous_table")));
	assert_true(json_is_string(json_object_get(nft, "previous_table_base64")));
	json_decref(json);
}

static void every_field_round_trips(void **state)
{
	struct fix_record record = { 0 }, *earlier = calloc(1, sizeof(*earlier));

	(void)state;
	fill(&record, ACTION_RESTRICT);
	fill(earlier, ACTION_STOP);
	assert_int_equal(record.found.listeners.count, 1);
	assert_int_equal(record.found.listeners.items[0].transport, TRANSPORT_UDP);
	assert_string_equal(rpc_of(&record.found)->programs[0].name, "mountd");
	fix_record_set_earlier(&record, earlier, 8);
	round_trip(&record);
	/* The other values of every yes/no/unknown field. */
	record.changes.nft.boot_unit_enabled_before = FIX_UNKNOWN;
	record.changes.nft.boot_persistent = FIX_NO;
	record.changes.nft.nftables_dropin_written = false;
	record.changes.nft.has_previous = false;
	nft_ruleset_free(&record.changes.nft.previous);
	free(record.changes.nft.file_previous);
	record.changes.nft.file_previous = strdup("text the admin wrote\n");
	record.changes.nft.file_previous_length = strlen(record.changes.nft.file_previous);
	/* A comment of the admin's table that is not UTF-8: base64. */
	record.changes.nft.previous_table[strlen(record.changes.nft.previous_table) - 8] = (char)0xff;
	expect_kept_table_in_base64(&record);
	record.undo.exposed = FIX_YES;
	record.status = FIX_UNDONE;
	round_trip(&record);
	free(record.changes.nft.file_previous);
	record.changes.nft.file_previous = NULL;
	record.changes.nft.file_previous_length = 0;
	free(record.changes.nft.previous_table);
	record.changes.nft.previous_table = NULL;
	record.changes.nft.previous_table_length = 0;
	record.status = FIX_APPLYING;
	round_trip(&record);
	fix_record_free(&record);
}

/* A record 0.1.0 wrote (tests/fixtures/state/): read strictly, undoable,
 * and written back with exactly its keys, plus "format". */
static void a_record_of_0_1_0_reads_and_writes_alike(void **state)
{
	json_t *json = load("restrict-0.1.0.json"), *written;
	struct fix_record record = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &record, &error), 0);
	assert_int_equal(record.format, 1);
	assert_true(fix_record_undoable(&record));
	assert_int_equal(record.action, ACTION_RESTRICT);
	assert_true(record.changes.has_nft);
	assert_true(record.changes.nft.has_previous);
	assert_int_equal(record.changes.nft.boot_unit_enabled_before, FIX_UNKNOWN);
	assert_non_null(record.changes.nft.file_previous);
	assert_non_null(record.earlier);
	/* the second fix found the first one's table: port 111 limited already */
	assert_int_equal(record.found.exposed, FIX_NO);
	assert_true(record.found.listeners.count > 0 && rpc_of(&record.found)->count > 0);
	assert_int_equal(record.proof.exposed, FIX_NO);
	assert_non_null(record.proof.rules);
	assert_false(record.earlier->changes.nft.has_previous);
	assert_memory_equal(record.earlier->changes.nft.file_previous, "# the admin's own rules", 23);
	assert_false(record.has_plan);
	assert_int_equal(record.warning_count, 1);
	assert_int_equal(record.warnings[0].code, FIX_WARNING_TEXT);

	written = fix_record_to_json(&record);
	assert_int_equal(json_integer_value(json_object_get(written, "format")), FIX_RECORD_FORMAT);
	/* a record of 0.1.0 written again names its service (format 3) */
	assert_string_equal(json_string_value(json_object_get(written, "service")), "portmapper");
	for (json_t *link = written; link; link = json_object_get(link, "earlier")) {
		json_object_del(link, "format");
		json_object_del(link, "service");
	}
	assert_true(json_equal(written, json));
	json_decref(written);
	fix_record_free(&record);
	json_decref(json);
}

static char *read_fixture(const char *name, size_t *ret_length)
{
	char *path, *text = NULL;
	size_t size = 0;
	FILE *file, *out = open_memstream(&text, &size);
	char buffer[4096];
	size_t count;

	assert_true(asprintf(&path, "%s/state/%s", FIXTURES, name) > 0);
	file = fopen(path, "re");
	assert_non_null(file);
	assert_non_null(out);
	while ((count = fread(buffer, 1, sizeof(buffer), file)) > 0)
		fwrite(buffer, 1, count, out);
	fclose(file);
	fclose(out);
	free(path);
	*ret_length = size;
	return text;
}

/* State files of 0.1.0 and 0.2.0, as their fix wrote them: the typed
 * record writes each back byte for byte (a 0.1.0 one gains "format"
 * only), so that undo, which rewrites the file, keeps what it holds. */
static void recorded_state_files_are_written_back_byte_for_byte(void **state)
{
	static const char *const fixtures[] = { "restrict-0.1.0.json", "restrict-0.2.0.json" };

	(void)state;
	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		struct fix_record record = { 0 };
		size_t length;
		struct error_record error = { 0 };
		char *text = read_fixture(fixtures[f], &length), *written_text;
		json_t *json = json_loadb(text, length, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL), *written;

		assert_non_null(json);
		assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &record, &error), 0);
		written = fix_record_to_json(&record);
		/* The same bytes, but that format 3 names the service. */
		for (json_t *link = written; link; link = json_object_get(link, "earlier")) {
			if (!json_object_get(json, "format"))
				json_object_del(link, "format");
			else
				json_object_set_new(link, "format", json_integer(2));
			json_object_del(link, "service");
		}
		written_text = json_dumps(written, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		assert_non_null(written_text);
		/* a file ends with its last brace, or a line break after it */
		if (length && text[length - 1] == '\n')
			text[--length] = '\0';
		assert_string_equal(written_text, text);
		free(written_text);
		json_decref(written);
		json_decref(json);
		free(text);
		fix_record_free(&record);
	}
}

static void expect_network(const struct cidr_list *list, size_t index, const char *text)
{
	char formatted[CIDR_TEXT_MAX];

	assert_true(index < list->count);
	assert_string_equal(cidr_format(&list->items[index], formatted), text);
}

/* What 0.1.0 kept only in check's words reads into typed fields: the
 * report and the agent read those, never the JSON. */
static void a_record_of_0_1_0_reads_typed(void **state)
{
	json_t *json = load("restrict-0.1.0.json");
	struct fix_record record = { 0 };
	const struct fix_scan *found = &record.found;
	struct owner owner;

	(void)state;
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_LENIENT, &record, NULL), 0);
	assert_true(found->present);
	assert_string_equal(found->version, "0.1.0");
	assert_string_equal(found->host, "vm");
	assert_int_equal(found->owners_complete, FIX_UNKNOWN);	/* 0.1.0 did not say */
	assert_int_equal(found->listeners.count, 4);
	assert_int_equal(found->listeners.items[2].address.family, AF_INET6);
	assert_true(found->listeners.items[2].v6only);
	assert_int_equal(found->listeners.items[0].inode, 918509);
	assert_true(listener_shown_owner(&found->listeners.items[0], &owner));
	assert_string_equal(owner.process, "rpcbind");
	assert_int_equal(owner.pid, 16668);
	assert_int_equal(found->answer_reachable, FIX_YES);
	assert_int_equal(rpc_of(found)->udp[1].status, 0);
	assert_int_equal(rpc_of(found)->udp[1].reply_bytes, 684);
	assert_int_equal(rpc_of(found)->udp[1].count, 12);
	assert_string_equal(rpc_of(found)->programs[0].address, "0.0.0.0.0.111");
	assert_int_equal(found->consumers.count, 0);
	assert_int_equal(found->consumers.note_count, 1);
	assert_int_equal(found->plan.action, ACTION_RESTRICT);
	assert_non_null(strstr(found->plan.reason, "rpcbind is not under systemd"));
	expect_network(&found->plan.trusted, 0, "10.9.4.0/25");
	assert_int_equal(found->plan.steps.count, 6);
	assert_int_equal(found->plan.port_count, 1);
	assert_int_equal(found->plan.ports[0], 111);
	assert_false(record.has_guard_status);
	assert_true(record.proof.present);
	assert_int_equal(record.proof.keys, FIX_SCAN_HAS_LISTENERS | FIX_SCAN_HAS_RULES);
	assert_non_null(strstr(record.proof.rules, "table inet portguard"));
	fix_record_free(&record);
	json_decref(json);
}

/* A record of 0.2.0 (format 2): the plan and warnings as facts, the
 * abuse mail's rows, and check's look typed beside them. */
static void a_record_of_0_2_0_reads_typed(void **state)
{
	json_t *json = load("restrict-0.2.0.json");
	struct fix_record record = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &record, &error), 0);
	assert_int_equal(record.format, 2);
	assert_string_equal(record.version, "0.2.0");
	assert_true(fix_record_undoable(&record));
	assert_int_equal(record.action, ACTION_RESTRICT);
	assert_true(record.has_plan);
	assert_int_equal(record.plan.action, ACTION_RESTRICT);
	assert_int_equal(record.warning_count, 1);
	assert_int_equal(record.warnings[0].code, FIX_WARNING_NO_SYSTEMD_AT_BOOT);
	assert_true(record.found.present);
	assert_string_equal(record.found.version, "0.2.0");
	assert_int_equal(record.found.owners_complete, FIX_NO);
	/* the first fix's table limited port 111 already */
	assert_int_equal(record.found.exposed, FIX_NO);
	assert_int_equal(record.found.listeners.count, 4);
	assert_true(record.found.listeners.items[0].filtered);
	assert_int_equal(record.found.answer_reachable, FIX_YES);
	assert_int_equal(record.found.plan.action, ACTION_RESTRICT);
	assert_non_null(record.found.plan.reason);
	assert_true(record.found.plan.steps.count > 0);
	assert_true(record.proof.present);
	assert_int_equal(record.proof.exposed, FIX_NO);
	assert_non_null(record.proof.rules);
	assert_true(record.changes.has_nft);
	assert_true(record.changes.nft.ruleset.trusted.count > 0);
	assert_non_null(record.earlier);
	assert_true(record.earlier->found.present);
	assert_int_equal(record.earlier->found.exposed, FIX_YES);
	expect_network(&record.earlier->found.plan.trusted, 0, "10.9.4.0/25");
	assert_true(record.earlier->has_abuse_report);
	assert_true(record.earlier->abuse_report.row_count > 0);
	fix_record_free(&record);
	json_decref(json);
}

static char *scan_text(const struct fix_scan *scan)
{
	json_t *json = fix_scan_to_json(scan);
	char *text = json_dumps(json, JSON_PRESERVE_ORDER);

	assert_non_null(text);
	json_decref(json);
	return text;
}

/* check's look, typed: to JSON and back gives the same JSON, with the
 * keys check writes; what the record reads back is what was seen. */
static void a_scan_round_trips(void **state)
{
	struct snapshot snapshot = { .service = &portmapper_service, .host = "web1", .time = 86400 + 3600, .answer_asked = false };
	struct listener listeners[2] = {
		{ .transport = TRANSPORT_UDP, .port = 111, .v6only = true, .exposed = true, .inode = 5678,
		  .cgroup_id = 42, .owner_count = 2,
		  .owners = { { 1, "systemd", "rpcbind.socket" }, { 812, "rpcbind", "rpcbind.service" } } },
		{ .transport = TRANSPORT_TCP, .port = 111, .scope = SCOPE_LOOPBACK, .inode = 5679 },
	};
	struct rpc_program program = { 100005, 3, "tcp", 20048, "0.0.0.0.78.144", "mountd" };
	struct rpc_summary summary;
	struct consumer consumer = { .kind = &portmapper_kind_nfs_server, .evidence = "/etc/exports:1 exports /srv",
				     .ambiguous = true, .ambiguity = "a netgroup" };
	struct fix_scan scan, back;
	struct cidr cidr;
	struct owner owner;
	char *text, *again;
	json_t *json;

	(void)state;
	assert_int_equal(ip_address_parse("::", &listeners[0].address), 0);
	assert_int_equal(ip_address_parse("127.0.0.1", &listeners[1].address), 0);
	snapshot.listeners = (struct listener_list){ .items = listeners, .count = 2, .owners_partial = true };
	summary = (struct rpc_summary){ .reachable = true, .udp_answered = true, .peer = "127.0.0.1",
					.programs = &program, .count = 1, .request_bytes = 40,
					.reply_bytes = 684, .amplification = 17.1 };
	summary.udp[1] = (struct rpc_dump_result){ .reply_bytes = 684, .status = -ETIMEDOUT, .count = 12 };
	summary.tcp[2] = (struct rpc_dump_result){ .status = -ECONNREFUSED };
	summary.udp[0].status = -4242;	/* an errno check calls "failed" */
	/* borrowed, never freed: the scan takes a copy */
	snapshot.answer = (struct service_answer){ .reachable = true, .peer = "127.0.0.1", .request_bytes = 40,
						   .reply_bytes = 684, .amplification = 17.1,
						   .probe = &portmapper_probe, .detail = &summary };
	assert_int_equal(cidr_parse("10.0.0.0/24", &cidr), 0);
	assert_int_equal(cidr_list_add(&consumer.trusted, &cidr), 0);
	snapshot.consumers = (struct consumer_list){ .items = &consumer, .count = 1, .note_count = 1,
						     .notes = { "NIS is not configured." } };
	snapshot.plan = (struct plan){ .service = &portmapper_service, .action = ACTION_NONE, .reason = PLAN_REASON_NOT_EXPOSED, .port_count = 1,
				       .ports = { 111 }, .warning_count = 1, .warnings = { "careful" } };

	assert_int_equal(fix_scan_from_snapshot(&snapshot, &scan), 0);
	text = scan_text(&scan);
	json = json_loads(text, 0, NULL);
	assert_non_null(json);
	/* the keys of check --json, in its order */
	assert_non_null(strstr(text, "{\"version\": \"" PACKAGE_VERSION "\", \"host\": \"web1\", \"time\": \"1970-01-02T01:00:00Z\", "
				 "\"exposed\": true, \"listeners\": [{\"proto\": \"udp\", \"family\": \"ipv6\""));
	assert_non_null(strstr(text, "\"owners_complete\": false, \"rpc\": {\"reachable\": true"));
	assert_non_null(strstr(text, "\"changed\": false, \"verified\": false, \"report\": null}"));
	/* the daemon, but the socket unit that re-opens the port */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(json, "listeners"), 0), "pid")), 812);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(json, "listeners"), 0), "unit")),
			    "rpcbind.socket");
	assert_true(json_is_false(json_object_get(json_object_get(json, "rpc"), "asked")));
	assert_non_null(json_string_value(json_object_get(json_object_get(json, "rpc"), "not_asked_because")));

	assert_int_equal(fix_scan_from_json(json, &portmapper_service, &back), 0);
	again = scan_text(&back);
	assert_string_equal(again, text);
	assert_int_equal(back.listeners.count, 2);
	assert_int_equal(back.listeners.items[0].owner_count, 2);
	assert_int_equal(back.listeners.items[0].cgroup_id, 42);
	assert_int_equal(back.listeners.items[1].scope, SCOPE_LOOPBACK);
	assert_true(listener_shown_owner(&back.listeners.items[0], &owner));
	assert_string_equal(owner.process, "rpcbind");
	assert_string_equal(owner.unit, "rpcbind.socket");
	assert_false(listener_shown_owner(&back.listeners.items[1], &owner));
	assert_int_equal(rpc_of(&back)->udp[1].status, -ETIMEDOUT);
	assert_int_equal(rpc_of(&back)->udp[1].count, 12);
	assert_int_equal(rpc_of(&back)->tcp[2].status, -ECONNREFUSED);
	assert_string_equal(rpc_of(&back)->programs[0].address, "0.0.0.0.78.144");
	assert_false(back.answer_asked);
	assert_int_equal(back.consumers.count, 1);
	assert_true(back.consumers.items[0].ambiguous);
	assert_string_equal(back.consumers.notes[0], "NIS is not configured.");
	assert_int_equal(back.plan.action, ACTION_NONE);
	assert_non_null(back.plan.reason);
	assert_string_equal(back.plan.warnings.items[0], "careful");
	assert_int_equal(back.owners_complete, FIX_NO);

	free(again);
	free(text);
	json_decref(json);
	fix_scan_free(&back);
	fix_scan_free(&scan);
	cidr_list_free(&consumer.trusted);
}

/* Undo loads the kept table with nft: a record from a file that someone
 * else wrote must not make it load anything but that one table. */
static void a_kept_table_is_its_listing_alone(void **state)
{
	static const char *const valid[] = {
		"table inet portguard {\n}\n",
		"table inet portguard {\n\tset s {\n\t\ttype ipv4_addr\n\t}\n\tchain c {\n\t\tdrop comment \"}{ include\"\n\t}\n}\n",
		"table inet portguard { # progname nft }\n}\n",
		"table inet portguard {\n\tchain included {\n\t}\n}",
	};
	static const char *const invalid[] = {
		"", "table inet portguard", "table inet portguard {\n", "table inet other {\n}\n",
		"table inet portguard {\n}\ntable ip filter {\n}\n",
		"table inet portguard {\n}\nflush ruleset\n",
		"table inet portguard {\n}\n}\n",
		"table inet portguard {\n\tinclude \"/etc/shadow\"\n}\n",
		"table inet portguard {\n\tdefine x = 1\n}\n",
		"table inet portguard {\n\tchain c { tcp dport $port drop }\n}\n",
		"table inet portguard {\n\tchain c { comment \"open\n}\n",
		" table inet portguard {\n}\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		assert_true(nft_table_text_valid(valid[i], strlen(valid[i])));
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		assert_false(nft_table_text_valid(invalid[i], strlen(invalid[i])));
	assert_false(nft_table_text_valid("table inet portguard {\0}\n", 24));
	assert_false(nft_table_text_valid(NULL, 0));
}

/* What undo needs is checked: a unit name that is no unit, a ruleset
 * that is no ruleset, base64 that is not; no status is no fix at all. */
static void undo_refuses_what_it_cannot_restore(void **state)
{
	static const char *const damage[][2] = {
		{ "/changes/nft/previous", "{\"trusted\": [\"10.0.0.0/33\"], \"ports\": [111]}" },
		{ "/changes/nft/previous", "{\"trusted\": [], \"ports\": [0]}" },
		{ "/changes/nft/previous", "7" },
		{ "/changes/nft/file_previous_base64", "\"not base64!\"" },
		{ "/changes/nft/file_previous", "5" },
		{ "/changes/nft/previous_table", "5" },
		{ "/changes/nft/previous_table", "\"table inet portguard {\\n}\\nflush ruleset\\n\"" },
		{ "/changes/nft/previous_table_base64", "\"not base64!\"" },
		{ "/changes/nft/boot_unit_file_written", "\"yes\"" },
		{ "/changes/nft/nftables_dropin_written", "\"yes\"" },
		{ "/changes/nft", "null" },
		{ "/format", "99" },
	};
	struct fix_record record = { 0 };
	struct error_record error = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		json_t *json = load("restrict-0.1.0.json"), *parent = json, *value = json_loads(damage[i][1], JSON_DECODE_ANY, NULL);
		char path[128], *key, *next;

		snprintf(path, sizeof(path), "%s", damage[i][0] + 1);
		for (key = path; (next = strchr(key, '/')); key = next + 1) {
			*next = '\0';
			parent = json_object_get(parent, key);
		}
		json_object_set_new(parent, key, value);
		error_record_clear(&error);
		assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &record, &error), -EBADMSG);
		assert_true(error.message[0] != '\0');
		/* the report still renders it */
		assert_int_equal(fix_record_from_json(json, FIX_RECORD_LENIENT, &record, NULL), 0);
		fix_record_free(&record);
		json_decref(json);
	}

	json_t *stop = json_pack("{s:s, s:s, s:{s:s, s:[{s:s, s:s, s:s}]}}", "action", "stop", "status", "applied",
				 "changes", "action", "stop", "systemd", "unit", "../../etc/shadow", "active_state",
				 "active", "unit_file_state", "enabled");
	assert_int_equal(fix_record_from_json(stop, FIX_RECORD_STRICT, &record, &error), -EBADMSG);
	json_object_set_new(stop, "status", json_string("frobnicated"));
	assert_int_equal(fix_record_from_json(stop, FIX_RECORD_STRICT, &record, &error), -EMEDIUMTYPE);
	json_decref(stop);
	stop = json_array();
	assert_int_equal(fix_record_from_json(stop, FIX_RECORD_STRICT, &record, &error), -EMEDIUMTYPE);
	assert_int_equal(fix_record_from_json(stop, FIX_RECORD_LENIENT, &record, NULL), 0);
	assert_int_equal(record.action, _ACTION_INVALID);
	fix_record_free(&record);
	json_decref(stop);
}

/* Reads root both ways; strict may refuse, lenient never (but for
 * memory), and what lenient read writes out again. */
static void read_both_ways(const json_t *root)
{
	struct fix_record record = { 0 };
	struct error_record error = { 0 };
	json_t *again;
	int r = fix_record_from_json(root, FIX_RECORD_STRICT, &record, &error);

	assert_true(r == 0 || r == -EBADMSG || r == -EMEDIUMTYPE);
	fix_record_free(&record);
	assert_int_equal(fix_record_from_json(root, FIX_RECORD_LENIENT, &record, NULL), 0);
	again = fix_record_to_json(&record);
	assert_non_null(again);
	json_decref(again);
	fix_record_free(&record);
}

/* Every value anywhere in the record replaced by each wrong kind of
 * value in turn: nothing crashes (the sanitizer build checks every
 * access). */
static size_t mutate_everywhere(json_t *root, json_t *node, json_t **replacements, size_t count)
{
	size_t reads = 0;

	if (json_is_object(node)) {
		void *iterator = json_object_iter(node);

		while (iterator) {
			json_t *value = json_incref(json_object_iter_value(iterator));

			for (size_t i = 0; i < count; i++, reads++) {
				json_object_iter_set(node, iterator, replacements[i]);
				read_both_ways(root);
			}
			json_object_iter_set_new(node, iterator, value);
			reads += mutate_everywhere(root, value, replacements, count);
			iterator = json_object_iter_next(node, iterator);
		}
	} else if (json_is_array(node)) {
		for (size_t index = 0; index < json_array_size(node); index++) {
			json_t *value = json_incref(json_array_get(node, index));

			for (size_t i = 0; i < count; i++, reads++) {
				json_array_set(node, index, replacements[i]);
				read_both_ways(root);
			}
			json_array_set_new(node, index, value);
			reads += mutate_everywhere(root, value, replacements, count);
		}
	}
	return reads;
}

static void any_value_of_any_type_reads(void **state)
{
	json_t *replacements[] = {
		json_null(), json_true(), json_integer(-1), json_integer(INT64_MAX), json_real(1e300),
		json_string(""), json_string("x\x1b[2J"), json_array(), json_object(), json_pack("[n, i]", 7),
	};
	size_t count = sizeof(replacements) / sizeof(replacements[0]);
	struct fix_record record = { 0 };
	json_t *records[2];

	(void)state;
	fill(&record, ACTION_RESTRICT);
	records[0] = fix_record_to_json(&record);
	fix_record_free(&record);
	records[1] = load("restrict-0.1.0.json");
	/* the 0.1.0 record's "before" is large and the report's own test
	 * covers such documents: its changes and the rest are enough here */
	json_object_del(records[1], "before");
	json_object_del(json_object_get(records[1], "earlier"), "before");
	for (size_t r = 0; r < 2; r++) {
		assert_true(mutate_everywhere(records[r], records[r], replacements, count) > 50 * count);
		json_decref(records[r]);
	}
	for (size_t i = 0; i < count; i++)
		json_decref(replacements[i]);
}

/* fix --json: check's object, whose changed, verified and report fix
 * overwrites where it knows them, then "after", the warnings (only when
 * fix changed the host) and dry_run, in this order. */
static void fix_json_follows_check(void **state)
{
	struct snapshot snapshot = { .service = &portmapper_service, .host = "web1", .time = 86400,
				     .plan.service = &portmapper_service };
	char detail[] = "no boot unit", report[] = "/var/lib/portguard/report.txt";
	struct fix_warning warning = { .code = FIX_WARNING_TEXT, .detail = detail };
	struct {
		struct fix_record record;
		bool dry_run;
		const char *tail;
	} cases[] = {
		{ { .changed = FIX_YES, .warnings = &warning, .warning_count = 1, .report = report }, false,
		  ", \"changed\": true, \"verified\": true, \"report\": \"/var/lib/portguard/report.txt\", "
		  "\"warnings\": [\"no boot unit\"]}" },
		{ { .changed = FIX_YES, .verified = FIX_NO }, false,
		  ", \"changed\": true, \"verified\": false, \"report\": null, \"warnings\": []}" },
		{ { .changed = FIX_NO }, true, ", \"changed\": false, \"verified\": true, \"report\": null, \"dry_run\": true}" },
	};
	json_t *check = snapshot_json(&snapshot);
	char *check_text = json_dumps(check, JSON_PRESERVE_ORDER);
	const char *check_tail;

	(void)state;
	assert_non_null(check_text);
	check_tail = strstr(check_text, ", \"changed\": ");
	assert_non_null(check_tail);
	assert_string_equal(check_tail, ", \"changed\": false, \"verified\": true, \"report\": null}");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *json = fix_record_fix_result_json(&snapshot, &cases[i].record, cases[i].dry_run);
		char *text = json_dumps(json, JSON_PRESERVE_ORDER);
		size_t head = (size_t)(check_tail - check_text);

		assert_non_null(text);
		assert_true(strlen(text) > head);
		assert_memory_equal(text, check_text, head);
		assert_string_equal(text + head, cases[i].tail);
		free(text);
		json_decref(json);
	}
	free(check_text);
	json_decref(check);
}

/* Format 3 names the service; one this portguard does not know is not
 * undone by it. */
static void the_service_is_read_by_name(void **state)
{
	struct fix_record record = { 0 }, back = { 0 };
	struct error_record error = { 0 };
	json_t *json;

	(void)state;
	fill(&record, ACTION_STOP);
	json = fix_record_to_json(&record);
	assert_string_equal(json_string_value(json_object_get(json, "service")), "portmapper");
	json_object_set_new(json, "service", json_string("ntp"));
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &back, &error), 0);
	assert_string_equal(back.service->name, "ntp");
	assert_ptr_equal(back.plan.service, back.service);
	fix_record_free(&back);
	json_object_set_new(json, "service", json_string("telnet"));
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &back, &error), -EBADMSG);
	assert_non_null(strstr(error.message, "a service this portguard does not know (telnet)"));
	json_object_set_new(json, "service", json_integer(7));
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &back, &error), -EBADMSG);
	json_decref(json);
	fix_record_free(&record);
}

/* A fix made over another service's keeps that service's part: it
 * round-trips by the service's name, the table fix installs is both
 * parts, and the one undo puts back the other's alone. A part naming
 * no known service is damage. */
static void other_services_parts_round_trip(void **state)
{
	struct fix_record record = { 0 }, back = { 0 };
	struct nft_ruleset snmp_part = { 0 };
	struct nft_table table = { 0 };
	struct error_record error = { 0 };
	json_t *json, *parts;

	(void)state;
	fill(&record, ACTION_RESTRICT);
	record.changes.nft.has_previous = false;
	nft_ruleset_free(&record.changes.nft.previous);
	service_nft_shape(service_find("snmp"), &snmp_part.shape);
	add_network(&snmp_part, "10.1.0.0/16");
	assert_int_equal(nft_ruleset_add_port(&snmp_part, 161), 0);
	assert_int_equal(nft_table_put_part(&record.changes.nft.others, &snmp_part), 0);
	record.same_run = true;
	round_trip(&record);

	json = fix_record_to_json(&record);
	parts = json_object_get(json_object_get(json_object_get(json, "changes"), "nft"), "other_parts");
	assert_int_equal(json_array_size(parts), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(parts, 0), "service")), "snmp");
	assert_true(json_is_true(json_object_get(json, "same_run")));

	assert_int_equal(fix_nft_table(&record.changes.nft, false, &table), 0);
	assert_int_equal(table.count, 2);
	assert_string_equal(table.rulesets[0].shape.set_prefix, "");
	assert_string_equal(table.rulesets[1].shape.set_prefix, "snmp_");
	nft_table_free(&table);
	assert_int_equal(fix_nft_table(&record.changes.nft, true, &table), 0);
	assert_int_equal(table.count, 1);
	assert_true(nft_ruleset_equal(&table.rulesets[0], &snmp_part));
	nft_table_free(&table);

	json_object_set_new(json_array_get(parts, 0), "service", json_string("telnet"));
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &back, &error), -EBADMSG);
	assert_non_null(strstr(error.message, "a part of the table names no service portguard knows"));
	json_decref(json);
	nft_ruleset_free(&snmp_part);
	fix_record_free(&record);
}

static void statuses_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < _FIX_STATUS_MAX; i++)
		assert_int_equal(fix_status_from_string(fix_status_to_string((enum fix_status)i)), i);
	assert_int_equal(fix_status_from_string("frobnicated"), _FIX_STATUS_INVALID);
	assert_int_equal(fix_status_from_string(NULL), _FIX_STATUS_INVALID);
	assert_null(fix_status_to_string(_FIX_STATUS_MAX));
}

static void warning_codes_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < _FIX_WARNING_CODE_MAX; i++) {
		const char *name = fix_warning_code_to_string((enum fix_warning_code)i);

		assert_non_null(name);
		assert_int_equal(fix_warning_code_from_string(name), i);
	}
	assert_string_equal(fix_warning_code_to_string(FIX_WARNING_GUARD_NOT_STARTED), "guard-not-started");
	assert_int_equal(fix_warning_code_from_string("guard_not_started"), _FIX_WARNING_CODE_INVALID);
	assert_int_equal(fix_warning_code_from_string(""), -EINVAL);
	assert_null(fix_warning_code_to_string(_FIX_WARNING_CODE_INVALID));
}

/* Removes the state file written below root, its directories, and root. */
static void remove_state_tree(struct host *tree, const char *root)
{
	assert_int_equal(paths_remove(tree, STATE_FILE, false), 0);
	assert_int_equal(paths_remove(tree, "/var/lib/portguard", true), 0);
	assert_int_equal(paths_remove(tree, "/var/lib", true), 0);
	assert_int_equal(paths_remove(tree, "/var", true), 0);
	host_close(tree);
	assert_int_equal(rmdir(root), 0);
}

/* A state file undo cannot trust is refused with a message naming it,
 * and neither the file nor the caller's record changes. */
static void a_damaged_state_file_is_refused_with_its_name(void **state)
{
	static const char *const damaged[] = {
		/* a unit name that would reach outside systemd's directories */
		"{\"action\": \"stop\", \"status\": \"applied\", \"changes\": {\"action\": \"stop\", \"systemd\": "
		"[{\"unit\": \"../../etc/shadow\", \"active_state\": \"active\", \"unit_file_state\": \"enabled\"}]}}",
		"{\"action\": \"stop\", \"status\": \"frobnicated\"}",
		/* a shared value's reference that leads nowhere */
		"{\"action\": \"stop\", \"status\": \"applied\", \"plan_facts\": {\"trusted\": "
		"{\"same_as\": \"/nowhere\"}}}",
	};
	char root[] = "/tmp/portguard-state-XXXXXX", path[PATH_MAX], expected[PATH_MAX + 128];
	struct host tree;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(host_open(root, &tree), 0);
	snprintf(path, sizeof(path), "%s%s", root, STATE_FILE);
	for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		struct fix_record record = { .host = (char *)"untouched" };
		struct error_record error = { 0 };
		char *text = NULL;
		size_t length = 0;

		assert_int_equal(paths_write_file(&tree, STATE_FILE, damaged[i], strlen(damaged[i]), 0600), 0);
		if (i == 0) {
			assert_int_equal(state_load(&tree, FIX_RECORD_STRICT, &record, &error), -EBADMSG);
			snprintf(expected, sizeof(expected), "%s is damaged (", path);
			assert_memory_equal(error.message, expected, strlen(expected));
			assert_int_equal(error.message[strlen(error.message) - 1], ')');
		} else if (i == 2) {
			assert_int_equal(state_load(&tree, FIX_RECORD_STRICT, &record, &error), -EBADMSG);
			snprintf(expected, sizeof(expected), "%s is damaged (/plan_facts/trusted: same_as points to nothing)",
				 path);
			assert_string_equal(error.message, expected);
		} else {
			assert_int_equal(state_load(&tree, FIX_RECORD_STRICT, &record, &error), -EMEDIUMTYPE);
			snprintf(expected, sizeof(expected), "%s does not look like a fix portguard recorded (status, "
				 "action or changes missing)", path);
			assert_string_equal(error.message, expected);
		}
		assert_int_equal(error.location, ERROR_LOCATION_NONE);
		assert_string_equal(record.host, "untouched");
		assert_int_equal(paths_read_own(&tree, STATE_FILE, &text, &length), 0);
		assert_int_equal(length, strlen(damaged[i]));
		assert_memory_equal(text, damaged[i], length);
		free(text);
	}
	remove_state_tree(&tree, root);
}

/* A run of four services restricted to 10,000 prefixes each records
 * about 5 MB; the state is read past the 4 MiB other files stop at, so
 * that undo can read what fix wrote (it could not, before 0.3.0). */
static void a_state_file_beyond_4_mib_reads(void **state)
{
	static const char head[] = "{\"action\": \"stop\", \"status\": \"applied\", \"changes\": {\"action\": "
				   "\"stop\", \"systemd\": [{\"unit\": \"rpcbind.service\", \"active_state\": "
				   "\"active\", \"unit_file_state\": \"enabled\"}]}, \"warnings\": [\"";
	static const char tail[] = "\"]}";
	char root[] = "/tmp/portguard-state-XXXXXX";
	size_t filler = (5u << 20), length = strlen(head) + filler + strlen(tail);
	char *text = malloc(length + 1);
	struct fix_record record = { 0 };
	struct error_record error = { 0 };
	struct host tree;

	(void)state;
	assert_non_null(text);
	memcpy(text, head, strlen(head));
	memset(text + strlen(head), 'x', filler);
	memcpy(text + strlen(head) + filler, tail, strlen(tail) + 1);
	assert_non_null(mkdtemp(root));
	assert_int_equal(host_open(root, &tree), 0);
	assert_int_equal(paths_write_file(&tree, STATE_FILE, text, length, 0600), 0);
	assert_int_equal(state_load(&tree, FIX_RECORD_STRICT, &record, &error), 0);
	assert_int_equal(record.status, FIX_APPLIED);
	fix_record_free(&record);
	free(text);
	remove_state_tree(&tree, root);
}


/* Sixteen networks or more: a list the state file writes once. Apart,
 * so that normalising leaves them as they are. */
static void add_networks(struct nft_ruleset *ruleset, int second, int count)
{
	for (int i = 0; i < count; i++) {
		char text[32];

		snprintf(text, sizeof(text), "10.%d.%d.0/24", second, 2 * i);
		add_network(ruleset, text);
	}
}

/* A restrict as fix records it: the texts formatted of the parts. */
static void fill_formatted(struct fix_record *record, const struct nft_ruleset *other)
{
	struct fix_nft *nft = &record->changes.nft;

	fill(record, ACTION_RESTRICT);
	nft_ruleset_free(&nft->ruleset);
	nft->ruleset = (struct nft_ruleset){ .shape = nft->previous.shape };
	add_networks(&nft->ruleset, 1, 20);
	assert_int_equal(nft_ruleset_add_port(&nft->ruleset, 111), 0);
	nft_ruleset_free(&nft->previous);
	nft->previous = (struct nft_ruleset){ .shape = nft->ruleset.shape };
	add_networks(&nft->previous, 1, 20);
	assert_int_equal(nft_ruleset_add_port(&nft->previous, 111), 0);
	if (other)
		assert_int_equal(nft_table_put_part(&nft->others, other), 0);
	free(nft->ruleset_text);
	free(nft->file_previous);
	assert_int_equal(fix_nft_text(nft, false, &nft->ruleset_text), 0);
	nft->ruleset_text_rendered = true;
	/* The file as the earlier fix left it: fix does not know it is the
	 * text of the previous table; the writer finds out. */
	assert_int_equal(fix_nft_text(nft, true, &nft->file_previous), 0);
	nft->file_previous_length = strlen(nft->file_previous);
	free(record->proof.rules);
	record->proof.rules = strdup(nft->ruleset_text);
}

static void expect_rendered(const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);

	if (!json_is_object(value) || !json_is_true(json_object_get(value, "rendered")))
		fail_msg("\"%s\" is not left to be formatted again", key);
}

/* The state file leaves out every text portguard formats again, writes
 * each long list once, and reads back to the same record, texts and
 * all; the report's .json of the record read back is the one of the
 * record written. */
static void the_state_file_writes_each_text_and_list_once(void **state)
{
	char root[] = "/tmp/portguard-state-XXXXXX";
	struct fix_record record = { 0 }, back = { 0 };
	struct nft_ruleset snmp_part = { 0 };
	struct error_record error = { 0 };
	struct host tree;
	json_t *lean, *nft, *full, *full_back;
	char *text;

	(void)state;
	service_nft_shape(service_find("snmp"), &snmp_part.shape);
	add_networks(&snmp_part, 1, 20);
	assert_int_equal(nft_ruleset_add_port(&snmp_part, 161), 0);
	record.earlier = calloc(1, sizeof(*record.earlier));
	assert_non_null(record.earlier);
	fill_formatted(record.earlier, NULL);
	fill_formatted(&record, &snmp_part);
	record.same_run = true;

	lean = fix_record_to_state_json(&record);
	assert_non_null(lean);
	nft = json_object_get(json_object_get(lean, "changes"), "nft");
	expect_rendered(nft, "ruleset");
	expect_rendered(nft, "file_previous");
	expect_rendered(json_object_get(lean, "after"), "rules");
	assert_string_equal(json_string_value(json_object_get(json_object_get(nft, "previous"), "trusted") ?
					      json_object_get(json_object_get(json_object_get(nft, "previous"), "trusted"),
							      "same_as") : NULL), "/changes/nft/trusted");
	/* Each network once: in one list, in no text. */
	text = json_dumps(lean, 0);
	assert_non_null(strstr(text, "\"10.1.38.0/24\""));
	assert_null(strstr(strstr(text, "10.1.38.0/24") + 1, "10.1.38.0/24"));
	free(text);
	json_decref(lean);

	assert_non_null(mkdtemp(root));
	assert_int_equal(host_open(root, &tree), 0);
	assert_int_equal(state_save(&tree, &record), 0);
	if (state_load(&tree, FIX_RECORD_STRICT, &back, &error) != 0)
		fail_msg("%s", error.message);
	assert_null(back.changes.nft.ruleset_text);
	assert_null(back.changes.nft.file_previous);
	assert_null(back.proof.rules);
	full = fix_record_to_json(&record);
	full_back = fix_record_to_json(&back);
	assert_true(json_equal(full, full_back));
	assert_int_equal(fix_record_texts(&back), 0);
	expect_same(&record, &back);
	assert_string_equal(back.changes.nft.ruleset_text, record.changes.nft.ruleset_text);
	assert_int_equal(back.changes.nft.file_previous_length, record.changes.nft.file_previous_length);
	assert_memory_equal(back.changes.nft.file_previous, record.changes.nft.file_previous,
			    record.changes.nft.file_previous_length);
	assert_string_equal(back.proof.rules, record.proof.rules);
	assert_string_equal(back.earlier->changes.nft.ruleset_text, record.earlier->changes.nft.ruleset_text);
	json_decref(full_back);
	json_decref(full);
	fix_record_free(&back);
	remove_state_tree(&tree, root);
	nft_ruleset_free(&snmp_part);
	fix_record_free(&record);
}

/* A file an admin wrote before the first fix, and a text that is not
 * what this portguard formats, are kept byte for byte. */
static void a_text_portguard_did_not_format_is_kept(void **state)
{
	struct fix_record record = { 0 }, back = { 0 };
	struct error_record error = { 0 };
	json_t *lean, *nft;

	(void)state;
	fill_formatted(&record, NULL);
	free(record.changes.nft.file_previous);
	record.changes.nft.file_previous = strdup("# the admin's own\n");
	record.changes.nft.file_previous_length = strlen(record.changes.nft.file_previous);
	record.changes.nft.ruleset_text_rendered = false;
	lean = fix_record_to_state_json(&record);
	nft = json_object_get(json_object_get(lean, "changes"), "nft");
	assert_string_equal(json_string_value(json_object_get(nft, "file_previous")), "# the admin's own\n");
	assert_string_equal(json_string_value(json_object_get(nft, "ruleset")), record.changes.nft.ruleset_text);
	/* after's rules: the same text, so left to be copied from it. */
	expect_rendered(json_object_get(lean, "after"), "rules");
	assert_int_equal(json_share_resolve(lean, error.message, sizeof(error.message)), 0);
	assert_int_equal(fix_record_from_json(lean, FIX_RECORD_STRICT, &back, &error), 0);
	assert_int_equal(fix_record_texts(&back), 0);
	expect_same(&record, &back);
	fix_record_free(&back);
	json_decref(lean);
	fix_record_free(&record);
}

/* A fix that changes nothing needs only the newest link that changed
 * the table: the reading to the table leaves the links behind it unread
 * and reads every link before it, and those links as the whole reading
 * does. */
static void the_chain_is_read_to_the_newest_table(void **state)
{
	struct fix_record record = { 0 }, *restrict_link = calloc(1, sizeof(*restrict_link)),
			  *oldest = calloc(1, sizeof(*oldest));
	struct fix_record whole = { 0 }, to_table = { 0 };
	struct error_record error = { 0 };
	json_t *json;

	(void)state;
	assert_non_null(restrict_link);
	assert_non_null(oldest);
	fill(&record, ACTION_STOP);
	fill(restrict_link, ACTION_RESTRICT);
	fill(oldest, ACTION_RESTRICT);
	assert_false(record.changes.has_nft);
	assert_true(restrict_link->changes.has_nft);
	fix_record_set_earlier(restrict_link, oldest, 8);
	fix_record_set_earlier(&record, restrict_link, 8);
	json = fix_record_to_json(&record);
	assert_non_null(json);
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_STRICT, &whole, &error), 0);
	assert_int_equal(fix_record_from_json_to_table(json, &to_table, &error), 0);
	assert_non_null(whole.earlier);
	assert_non_null(whole.earlier->earlier);
	assert_non_null(to_table.earlier);
	assert_null(to_table.earlier->earlier);
	fix_record_freep(&whole.earlier->earlier);
	expect_same(&whole, &to_table);
	assert_true(nft_table_equal(&to_table.earlier->changes.nft.others, &restrict_link->changes.nft.others));
	fix_record_free(&to_table);
	/* The newest link changed the table: nothing behind it is read. */
	assert_int_equal(fix_record_from_json_to_table(json_object_get(json, "earlier"), &to_table, &error), 0);
	assert_true(to_table.changes.has_nft);
	assert_null(to_table.earlier);
	fix_record_free(&to_table);
	fix_record_free(&whole);
	json_decref(json);
	fix_record_free(&record);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_round_trips),
		cmocka_unit_test(a_record_of_0_1_0_reads_and_writes_alike),
		cmocka_unit_test(recorded_state_files_are_written_back_byte_for_byte),
		cmocka_unit_test(a_record_of_0_1_0_reads_typed),
		cmocka_unit_test(a_record_of_0_2_0_reads_typed),
		cmocka_unit_test(a_scan_round_trips),
		cmocka_unit_test(undo_refuses_what_it_cannot_restore),
		cmocka_unit_test(a_kept_table_is_its_listing_alone),
		cmocka_unit_test(fix_json_follows_check),
		cmocka_unit_test(statuses_round_trip),
		cmocka_unit_test(the_service_is_read_by_name),
		cmocka_unit_test(other_services_parts_round_trip),
		cmocka_unit_test(warning_codes_round_trip),
		cmocka_unit_test(a_damaged_state_file_is_refused_with_its_name),
		cmocka_unit_test(a_state_file_beyond_4_mib_reads),
		cmocka_unit_test(the_state_file_writes_each_text_and_list_once),
		cmocka_unit_test(a_text_portguard_did_not_format_is_kept),
		cmocka_unit_test(any_value_of_any_type_reads),
		cmocka_unit_test(the_chain_is_read_to_the_newest_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
