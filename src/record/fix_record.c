/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/string_table.h"
#include "base/text.h"
#include "kernel/scan.h"
#include "model/cidr.h"
#include "nft/nft.h"
#include "record/fix_record.h"
#include "record/guard.h"

static const char *const fix_status_table[_FIX_STATUS_MAX] = {
	[FIX_APPLYING] = "applying",
	[FIX_APPLIED] = "applied",
	[FIX_UNDONE] = "undone",
};

DEFINE_STRING_TABLE_LOOKUP(fix_status, enum fix_status)

static const char *const fix_warning_code_table[_FIX_WARNING_CODE_MAX] = {
	[FIX_WARNING_NO_SYSTEMD_AT_BOOT] = "no-systemd-at-boot",
	[FIX_WARNING_BOOT_UNIT_UNWRITTEN] = "boot-unit-unwritten",
	[FIX_WARNING_BOOT_UNIT_NOT_ENABLED] = "boot-unit-not-enabled",
	[FIX_WARNING_NFTABLES_DROPIN_UNWRITTEN] = "nftables-dropin-unwritten",
	[FIX_WARNING_REPORT_UNWRITTEN] = "report-unwritten",
	[FIX_WARNING_GUARD_NOT_ENABLED] = "guard-not-enabled",
	[FIX_WARNING_GUARD_NOT_STARTED] = "guard-not-started",
	[FIX_WARNING_EARLIER_UNREAD] = "earlier-unread",
	[FIX_WARNING_TEXT] = "text",
};

DEFINE_STRING_TABLE_LOOKUP(fix_warning_code, enum fix_warning_code)

void fix_warning_format(const struct fix_warning *warning, enum language language, char *buffer, size_t size)
{
	const char *detail = warning->detail ? warning->detail : "?";

	switch (warning->code) {
	case FIX_WARNING_NO_SYSTEMD_AT_BOOT:
		text_format(buffer, size, "%s", IN(language,
			"systemd läuft hier nicht, deshalb lädt nichts " FIX_NFT_FILE " beim Systemstart: "
			"laden Sie die Datei aus Ihrem Init-System mit 'nft -f " FIX_NFT_FILE "'",
			"systemd is not running here, so nothing loads " FIX_NFT_FILE " at boot: "
			"load it from your init system with 'nft -f " FIX_NFT_FILE "'"));
		return;
	case FIX_WARNING_BOOT_UNIT_UNWRITTEN:
		text_format(buffer, size, IN(language,
			"die Regeln überstehen noch keinen Neustart: " FIX_BOOT_UNIT " konnte nicht geschrieben werden (%s)",
			"the rules do not survive a reboot yet: writing " FIX_BOOT_UNIT " failed (%s)"), detail);
		return;
	case FIX_WARNING_BOOT_UNIT_NOT_ENABLED:
		text_format(buffer, size, IN(language,
			"die Regeln überstehen noch keinen Neustart: " FIX_BOOT_UNIT " konnte nicht aktiviert werden (%s); "
			"installieren Sie units/" FIX_BOOT_UNIT,
			"the rules do not survive a reboot yet: enabling " FIX_BOOT_UNIT " failed (%s); "
			"install units/" FIX_BOOT_UNIT), detail);
		return;
	case FIX_WARNING_NFTABLES_DROPIN_UNWRITTEN:
		text_format(buffer, size, IN(language,
			"ein Neustart oder Neuladen von nftables.service hebt die Regeln bis zum nächsten Systemstart auf: "
			"/etc/systemd/system/" FIX_NFTABLES_DROPIN " konnte nicht installiert werden (%s)",
			"a restart or reload of nftables.service lifts the rules until the next boot: "
			"installing /etc/systemd/system/" FIX_NFTABLES_DROPIN " failed (%s)"), detail);
		return;
	case FIX_WARNING_REPORT_UNWRITTEN:
		text_format(buffer, size, IN(language, "der Bericht konnte nicht geschrieben werden: %s",
					     "the report could not be written: %s"), detail);
		return;
	case FIX_WARNING_GUARD_NOT_ENABLED:
		text_format(buffer, size, IN(language,
			"nichts überwacht die Änderung: " GUARD_UNIT " konnte nicht aktiviert werden (%s); "
			"'systemctl enable --now " GUARD_UNIT "' holt das nach",
			"nothing guards the fix: enabling " GUARD_UNIT " failed (%s); run 'systemctl enable --now "
			GUARD_UNIT "'"), detail);
		return;
	case FIX_WARNING_GUARD_NOT_STARTED:
		text_format(buffer, size, IN(language,
			"nichts überwacht die Änderung: " GUARD_UNIT " konnte nicht gestartet werden (%s); "
			"siehe 'systemctl status " GUARD_UNIT "'",
			"nothing guards the fix: starting " GUARD_UNIT " failed (%s); see 'systemctl status "
			GUARD_UNIT "'"), detail);
		return;
	case FIX_WARNING_EARLIER_UNREAD:
		text_format(buffer, size, IN(language,
			"der Eintrag der vorigen Änderung war nicht lesbar (%s): undo nimmt nur diese Änderung zurück",
			"the record of the fix before could not be read (%s): undo takes back this fix only"), detail);
		return;
	default:
		text_format(buffer, size, "%s", detail);
		return;
	}
}

static void nft_free(struct fix_nft *nft)
{
	nft_ruleset_free(&nft->ruleset);
	nft_ruleset_free(&nft->previous);
	nft_table_free(&nft->others);
	free(nft->previous_table);
	free(nft->ruleset_text);
	free(nft->file_previous);
	*nft = (struct fix_nft){ 0 };
}

void fix_changes_free(struct fix_changes *changes)
{
	free(changes->units);
	nft_free(&changes->nft);
	*changes = (struct fix_changes){ 0 };
}

void fix_record_free(struct fix_record *record)
{
	if (!record)
		return;
	free(record->version);
	free(record->host);
	free(record->time);
	fix_scan_free(&record->found);
	fix_scan_free(&record->proof);
	free(record->local_addresses);
	abuse_record_free(&record->abuse_report);
	fix_changes_free(&record->changes);
	for (size_t i = 0; i < record->warning_count; i++)
		free(record->warnings[i].detail);
	free(record->warnings);
	plan_free(&record->plan);
	consumer_list_free(&record->consumers);
	free(record->report);
	free(record->undo.time);
	free(record->undo.report);
	fix_record_freep(&record->earlier);
	*record = (struct fix_record){ 0 };
}

void fix_record_freep(struct fix_record **record)
{
	if (!*record)
		return;
	fix_record_free(*record);
	free(*record);
	*record = NULL;
}

int fix_record_add_warning(struct fix_record *record, enum fix_warning_code code, const char *detail)
{
	struct fix_warning *warnings = realloc(record->warnings, (record->warning_count + 1) * sizeof(*warnings));
	char *copy = detail ? strdup(detail) : NULL;

	if (warnings)
		record->warnings = warnings;
	if (!warnings || (detail && !copy)) {
		free(copy);
		return -ENOMEM;
	}
	record->warnings[record->warning_count++] = (struct fix_warning){ code, copy };
	return 0;
}

int fix_record_set_plan(struct fix_record *record, const struct plan *plan, const struct consumer_list *consumers)
{
	int r;

	plan_free(&record->plan);
	consumer_list_free(&record->consumers);
	record->plan = *plan;
	record->plan.trusted = (struct cidr_list){ 0 };
	record->has_plan = true;
	r = cidr_list_add_all(&record->plan.trusted, &plan->trusted);
	return r < 0 ? r : consumer_list_copy(consumers, &record->consumers);
}

void fix_record_set_earlier(struct fix_record *record, struct fix_record *earlier, unsigned int max)
{
	struct fix_record *link = earlier;

	/* Bounded: the chain of a host fixed again and again stays small. */
	for (unsigned int depth = 2; link && link->earlier; link = link->earlier, depth++)
		if (depth >= max) {
			fix_record_freep(&link->earlier);
			break;
		}
	fix_record_freep(&record->earlier);
	record->earlier = earlier;
}

int fix_nft_text(const struct fix_nft *nft, bool previous, char **ret_text)
{
	struct nft_table table = { 0 };
	int r = fix_nft_table(nft, previous, &table);

	if (r < 0)
		return r;
	*ret_text = nft_table_format_text(&table);
	nft_table_free(&table);
	return *ret_text ? 0 : -ENOMEM;
}

int fix_record_texts(struct fix_record *record)
{
	for (; record; record = record->earlier) {
		struct fix_nft *nft = &record->changes.nft;
		int r;

		if (nft->ruleset_text_rendered && !nft->ruleset_text && (r = fix_nft_text(nft, false, &nft->ruleset_text)) < 0)
			return r;
		if (nft->file_previous_rendered && !nft->file_previous) {
			r = fix_nft_text(nft, true, &nft->file_previous);
			if (r < 0)
				return r;
			nft->file_previous_length = strlen(nft->file_previous);
		}
		if (record->proof_rules_rendered && !record->proof.rules && nft->ruleset_text &&
		    !(record->proof.rules = strdup(nft->ruleset_text)))
			return -ENOMEM;
	}
	return 0;
}

bool fix_record_undoable(const struct fix_record *record)
{
	return record && (record->status == FIX_APPLIED || record->status == FIX_UNDONE) &&
	       action_changes_host(record->action);
}

int fix_nft_table(const struct fix_nft *nft, bool previous, struct nft_table *ret_table)
{
	struct nft_table table = { 0 };
	int r = nft_table_copy(&nft->others, &table);

	if (r == 0 && (!previous || (nft->has_previous && nft->previous.port_count)))
		r = nft_table_put_part(&table, previous ? &nft->previous : &nft->ruleset);
	if (r < 0) {
		nft_table_free(&table);
		return r;
	}
	*ret_table = table;
	return 0;
}
