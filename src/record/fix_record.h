/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What one fix found, planned, changed and verified, and the prior
 * states undo restores: the typed form of the record that the journal,
 * the state file and the report's .json hold. fix fills it, apply adds
 * the changes, undo and the recovery of an interrupted run read them
 * back, the report renders it. Only fix_record_json.c spells its keys,
 * but those of "before" and "after" (fix_scan_json.c), "guard_status"
 * (guard_json.c) and "abuse_report", which abuse_json.c spells next to
 * the parsed mail they come from.
 *
 * Format 2 (portguard 0.2) adds "format", "file_previous_base64",
 * "nftables_dropin_written" and "previous_table" (or
 * "previous_table_base64");
 * records of 0.1.0 (no "format") read as format 1 and undo alike.
 * Format 3 (portguard 0.3) names the service fixed ("service"); the
 * records before it are all the portmapper's. It adds "other_parts"
 * (the other services' parts of the table) and "same_run" where they
 * apply. */
#ifndef PORTGUARD_FIX_RECORD_H
#define PORTGUARD_FIX_RECORD_H

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "assess/assess.h"
#include "assess/plan.h"
#include "base/error_record.h"
#include "base/language.h"
#include "mail/abuse.h"
#include "model/action.h"
#include "nft/nft_ruleset.h"
#include "record/fix_scan.h"
#include "record/guard.h"
#include "services/service.h"
#include "systemd/unit_state.h"

#define FIX_RECORD_FORMAT 3

/* What portguard changes besides the kernel's table: the plain nft file
 * loaded at boot, and the unit that loads it. */
#define FIX_NFT_TABLE "inet portguard"
#define FIX_NFT_FILE "/etc/portguard/portguard.nft"
#define FIX_BOOT_UNIT "portguard-restore.service"
/* Loads the table again after nftables.service flushed the ruleset. */
#define FIX_NFTABLES_DROPIN "nftables.service.d/portguard.conf"

/* A fix writes its record as applying before the first change, so that a
 * run killed half-way leaves the prior states for the next run to roll
 * back; applied once verified (only then does the journal become the
 * state file); undone after undo. */
enum fix_status {
	FIX_APPLYING,
	FIX_APPLIED,
	FIX_UNDONE,
	_FIX_STATUS_MAX,
	_FIX_STATUS_INVALID = -EINVAL,
};

const char *fix_status_to_string(enum fix_status status);
enum fix_status fix_status_from_string(const char *text);

/* restrict: the table, the nft file and the boot unit, before and as
 * the fix leaves them. */
struct fix_nft {
	struct nft_ruleset ruleset;		/* what fix installs */
	bool has_previous;			/* portguard's own table restricted something before */
	struct nft_ruleset previous;
	/* previous is the recorded fix's ruleset, not what the table held
	 * (an older portguard's rules, a drift): the table is no proof that
	 * the fix is in place. Not kept in the record. */
	bool previous_from_record;
	/* The table read before the fix already was the one fix installs.
	 * Not kept in the record. */
	bool table_in_place;
	/* The nft file is the one portguard recorded holding the text of
	 * the table fix installs, which is in place: neither the text nor
	 * the file's bytes were read (ruleset_text and file_previous NULL
	 * until apply_complete). Not kept in the record. */
	bool file_known;
	/* With file_known: prepare found the fix in place without copying
	 * ruleset, previous and others, which stay empty until
	 * apply_complete takes them. Not kept in the record. */
	bool parts_left_out;
	/* A table of that name that portguard did not write (an admin's own),
	 * as nft listed it (nft_table_keep): undo puts it back, in place of
	 * previous. NULL when there was none, or it was portguard's. */
	char *previous_table;
	size_t previous_table_length;
	/* The other services' parts the table holds beside this one's (of
	 * the fixes recorded before it): the table fix installs is these
	 * and ruleset, the one undo puts back these and previous. */
	struct nft_table others;
	char *ruleset_text;			/* the nft file fix writes: the whole table */
	char *file_previous;			/* the file's bytes before; NULL when there was none */
	size_t file_previous_length;
	/* ruleset_text is the text this portguard formats of the table the
	 * fix installs (fix_nft_table), and file_previous that of the table
	 * undo puts back: the state file leaves such a text out, and a
	 * record read from it has it NULL until fix_record_texts. */
	bool ruleset_text_rendered;
	bool file_previous_rendered;
	bool boot_unit_file_written;		/* fix wrote the unit file: undo removes it */
	enum fix_known boot_unit_enabled_before;	/* unknown without systemd */
	bool boot_unit_enabled;			/* this fix enabled it: undo disables it */
	enum fix_known boot_persistent;		/* the rules come back at boot */
	bool nftables_dropin_written;		/* fix wrote FIX_NFTABLES_DROPIN: undo removes it */
};

/* The agent's unit, portguard.service: fix enables and starts it where
 * it is installed; undo stops and disables what this fix did. */
struct fix_guard {
	bool enabled_before;
	bool active_before;
	bool enabled;				/* this fix enabled it */
	bool started;				/* this fix started it */
};

struct fix_changes {
	enum action action;			/* stop or restrict */
	struct unit_state *units;		/* stop: each unit as it was before */
	size_t unit_count;
	bool has_nft;				/* restrict */
	struct fix_nft nft;
	bool has_guard;				/* systemd runs and the unit is installed */
	struct fix_guard guard;
};

/* A note for the report about what fix could not do (the rules may not
 * come back at boot, the report was not written): a code and, where
 * the cause is the system's own words (an errno text, systemd's
 * message), that detail. FIX_WARNING_TEXT: a record of 0.1.0 kept only
 * the English sentence, which detail then holds. */
enum fix_warning_code {
	FIX_WARNING_NO_SYSTEMD_AT_BOOT,
	FIX_WARNING_BOOT_UNIT_UNWRITTEN,
	FIX_WARNING_BOOT_UNIT_NOT_ENABLED,
	FIX_WARNING_NFTABLES_DROPIN_UNWRITTEN,
	FIX_WARNING_REPORT_UNWRITTEN,
	FIX_WARNING_GUARD_NOT_ENABLED,
	FIX_WARNING_GUARD_NOT_STARTED,
	FIX_WARNING_EARLIER_UNREAD,
	FIX_WARNING_TEXT,
	_FIX_WARNING_CODE_MAX,
	_FIX_WARNING_CODE_INVALID = -EINVAL,
};

struct fix_warning {
	enum fix_warning_code code;
	char *detail;
};

const char *fix_warning_code_to_string(enum fix_warning_code code);
enum fix_warning_code fix_warning_code_from_string(const char *text);
void fix_warning_format(const struct fix_warning *warning, enum language language, char *buffer, size_t size);

struct fix_undo {
	bool done;
	char *time;
	enum fix_known changed;
	enum fix_known exposed;			/* port 111 after the undo */
	char *report;
};

struct fix_record {
	/* The service fixed: records so far are all the portmapper's. */
	const struct service *service;
	unsigned int format;			/* as read, 1 for 0.1.0; written as FIX_RECORD_FORMAT */
	char *version;				/* of the portguard that wrote it */
	char *host;
	char *time;				/* RFC 3339 UTC, when the scan ran */
	enum action action;
	enum fix_status status;
	/* What check --json shows as fix saw the host ("before"), and the
	 * verification's scan ("after"); .present false when absent. */
	struct fix_scan found;
	struct fix_scan proof;
	/* proof.rules, the table read back, is changes.nft.ruleset_text: the
	 * state file leaves it out, as that text (fix_record_texts). */
	bool proof_rules_rendered;
	/* This host's addresses as fix named them (no loopback or
	 * link-local ones), and the provider's report checked against them. */
	bool has_local_addresses;
	struct ip_address *local_addresses;
	size_t local_address_count;
	bool has_abuse_report;
	struct abuse_record abuse_report;
	/* The agent as portguard report found it, for the report only. */
	bool has_guard_status;
	struct guard_seen guard_status;
	/* Run by portguard watch to put an earlier fix back: undo takes it
	 * back together with that fix. */
	bool repair;
	/* Written by the same fix run as the earlier record (a run that
	 * fixed several services): undo takes them back together. */
	bool same_run;
	struct fix_changes changes;
	enum fix_known changed;
	enum fix_known verified;
	struct fix_warning *warnings;		/* for the report */
	size_t warning_count;
	/* The plan as fix decided it, and the consumers it named, as facts:
	 * the report words them in German and English. false in records of
	 * 0.1.0, whose report quotes before's English instead. */
	bool has_plan;
	struct plan plan;
	struct consumer_list consumers;
	char *report;				/* the report's path; NULL when none was written */
	struct fix_undo undo;
	/* The fix this one followed, which undo restores next. */
	struct fix_record *earlier;
};

void fix_changes_free(struct fix_changes *changes);
void fix_record_free(struct fix_record *record);
/* The same, for records that were allocated themselves. */
void fix_record_freep(struct fix_record **record);

/* detail may be NULL. */
int fix_record_add_warning(struct fix_record *record, enum fix_warning_code code, const char *detail);
/* Copies the plan and the consumers into the record (has_plan). */
int fix_record_set_plan(struct fix_record *record, const struct plan *plan, const struct consumer_list *consumers);
/* Takes over *earlier (the chain is cut after max links). */
void fix_record_set_earlier(struct fix_record *record, struct fix_record *earlier, unsigned int max);

/* The table a restrict installs: nft's others and its ruleset; with
 * previous instead (undo's), the others and the previous part, or
 * the others alone. A normalised copy; -ENOMEM, -EINVAL, -E2BIG. */
int fix_nft_table(const struct fix_nft *nft, bool previous, struct nft_table *ret_table);

/* The nft file's text of the table nft installs, or with previous of
 * the one undo puts back, as this portguard formats it. -ENOMEM,
 * -EINVAL, -E2BIG. */
int fix_nft_text(const struct fix_nft *nft, bool previous, char **ret_text);
/* Formats, in record and every earlier one, the texts the state file
 * left out (the *_rendered ones), for the report. 0 or as fix_nft_text. */
int fix_record_texts(struct fix_record *record);

/* Whether a record read from disk can be undone: applied or undone, with
 * an action that changed the host. */
bool fix_record_undoable(const struct fix_record *record);

/* The record as JSON, every field (the report's .json). NULL when out
 * of memory. */
json_t *fix_record_to_json(const struct fix_record *record);
/* The same for the state file and the journal, which portguard reads
 * on every run: a text portguard formats again from the record's parts
 * is left out ({"rendered": true}, see *_rendered), and a long value
 * is written once (base/json_share.h). */
json_t *fix_record_to_state_json(const struct fix_record *record);
/* undo --json: version, changed, the record's "undo" and its report
 * (null without a record). NULL when out of memory. */
json_t *fix_record_undo_result_json(const struct fix_record *record, bool changed);
struct snapshot;
/* fix --json: check's object of the look before the change, then changed,
 * verified, "after", the warnings in English (when fix changed the host),
 * the report and dry_run; an unknown yes/no is left out. NULL when out of
 * memory. */
json_t *fix_record_fix_result_json(const struct snapshot *snapshot, const struct fix_record *record, bool dry_run);
/* report --json: the report's text and .json files. */
json_t *fix_record_report_paths_json(const char *text_path, const char *json_path);

/* Reads a record back. strict (undo, recovery): -EMEDIUMTYPE when json
 * is no fix record at all (no known status or action, no changes), and
 * -EBADMSG with the cause in ret_error when what undo needs is damaged;
 * lenient (the report): whatever is missing or of the wrong type stays
 * unknown, and only -ENOMEM fails. */
enum fix_record_reading { FIX_RECORD_STRICT, FIX_RECORD_LENIENT };
int fix_record_from_json(const json_t *json, enum fix_record_reading reading, struct fix_record *ret_record,
			 struct error_record *ret_error);
/* Strict, but the chain only as far as the newest fix that changed the
 * table (changes.has_nft): its earlier fixes, which only undo walks
 * back to, are left unread (record->earlier NULL there). What fix needs
 * to know the table the applied fixes installed. */
int fix_record_from_json_to_table(const json_t *json, struct fix_record *ret_record, struct error_record *ret_error);

#endif
