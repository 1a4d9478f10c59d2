/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report as a whole: subject, the letter in German and in English,
 * the appendix with what is the same in both; or the short undo report.
 * report_letter.c holds the letter's wording. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/report_abuse.h"
#include "report/report_letter.h"

#define PORT_MAX 65535

/* The table itself, without the comments and commands an nft file puts
 * before it: that part says nothing about what the kernel holds. */
static const char *table_only(const char *rules)
{
	for (const char *line = rules; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		size_t length = strcspn(line, "\n");

		if (strncmp(line, "table ", 6) == 0 && length > 6 && line[length - 1] == '{')
			return line;
	}
	return rules;
}

/* A record of 0.1.0: the steps as check printed them, in English. */
static const struct text_list *legacy_steps(const struct facts *facts)
{
	return &facts->record->found.plan.steps;
}

/* Each step in German, then in English; a record of 0.1.0 has only the
 * English that check printed. */
static void steps(struct prose *prose, const struct facts *facts)
{
	const struct plan *plan = &facts->record->plan;
	char german[PLAN_STEP_MAX], english[PLAN_STEP_MAX];

	for (size_t i = 0; facts->record->has_plan && i < plan->step_count; i++) {
		plan_step_format(plan, i, LANGUAGE_GERMAN, german, sizeof(german));
		plan_step_format(plan, i, LANGUAGE_ENGLISH, english, sizeof(english));
		if (strcmp(german, english) == 0)
			prose_paragraph(prose, 2, "%zu. %s", i + 1, german);
		else
			prose_paragraph(prose, 2, "%zu. %s\n   / %s", i + 1, german, english);
	}
	for (size_t i = 0; !facts->record->has_plan && i < legacy_steps(facts)->count; i++)
		prose_paragraph(prose, 2, "%zu. %s", i + 1, legacy_steps(facts)->items[i]);
}

static void appendix(struct prose *prose, const struct facts *facts)
{
	const struct fix_scan *found = &facts->record->found;
	const char *rules = facts->record->proof.rules;
	const char *installed = facts->nft ? facts->nft->ruleset_text : NULL;
	char letter = 'A';

	prose_line(prose, "----");
	prose_line(prose, "Anhang / Appendix");
	fputc('\n', prose->out);
	if (found->has_answer &&
	    found->service->probe->report_appendix(&found->answer, letter, facts->action != ACTION_NONE, prose))
		letter++;
	/* So that the admin, and the provider, can see and repeat it. */
	if (facts->action != ACTION_NONE && (facts->record->has_plan ? facts->record->plan.step_count > 0
					     : legacy_steps(facts)->count > 0)) {
		prose_paragraph(prose, 0, "%c. %s", letter++,
				"Ausgeführte Schritte / Steps carried out (systemctl and nft equivalents):");
		steps(prose, facts);
		fputc('\n', prose->out);
	}
	if (rules || installed) {
		prose_paragraph(prose, 0, "%c. %s", letter++, rules
			? "nftables-Regeln, aus dem Kernel zurückgelesen / nftables rules read back from the kernel:"
			: "nftables-Regeln wie installiert / nftables rules as installed:");
		prose_block(prose, 2, table_only(rules ? rules : installed));
		fputc('\n', prose->out);
	}
	letter = report_abuse_appendix(prose, facts->abuse, letter);
}

static const char *subject_state(const struct facts *facts)
{
	if (report_fixed(facts))
		return "behoben / fixed";
	if (facts->action == ACTION_NONE)
		return "nicht erreichbar / not reachable";
	if (facts->action == ACTION_EXPLAIN)
		return "Konfiguration zu ändern / configuration to change";
	return "noch nicht behoben / not fixed yet";
}

static void fix_report(struct prose *prose, const struct facts *facts)
{
	const struct bilingual *topic = &facts->record->service->letter->subject;
	char tags[256];

	prose_line(prose, "Betreff / Subject: Re: %s%s / %s – %s", report_abuse_subject_tags(facts->abuse, tags, sizeof(tags)),
		   topic->german, topic->english, subject_state(facts));
	fputc('\n', prose->out);
	prose_line(prose, "[English version below]");
	fputc('\n', prose->out);
	report_letter(prose, facts, LANGUAGE_GERMAN);
	fputc('\n', prose->out);
	prose_line(prose, "----");
	fputc('\n', prose->out);
	report_letter(prose, facts, LANGUAGE_ENGLISH);
	fputc('\n', prose->out);
	appendix(prose, facts);
	prose_line(prose, "-- ");
	prose_paragraph(prose, 0, "portguard %s", facts->record->version ? facts->record->version : "?");
}

/* What undo does to the rules, as apply_revert does it: the table and
 * the file go back to what was there before, or away when nothing was;
 * the boot unit is disabled only when the fix enabled it. */
static void undo_nft(struct prose *prose, const struct fix_nft *nft, enum language language)
{
	if (nft->has_previous || nft->previous_table)
		prose_item(prose, 2, IN(language, "Tabelle %s auf die vorherigen Regeln zurückgesetzt",
			"table %s set back to its previous rules"), FIX_NFT_TABLE);
	else
		prose_item(prose, 2, IN(language, "Tabelle %s gelöscht", "table %s deleted"), FIX_NFT_TABLE);
	if (nft->file_previous)
		prose_item(prose, 2, IN(language, "%s auf den vorherigen Inhalt zurückgesetzt",
			"%s restored to its previous content"), FIX_NFT_FILE);
	else
		prose_item(prose, 2, IN(language, "%s entfernt", "%s removed"), FIX_NFT_FILE);
	if (nft->boot_unit_enabled)
		prose_item(prose, 2, IN(language, "%s deaktiviert", "%s disabled"), FIX_BOOT_UNIT);
	if (nft->nftables_dropin_written)
		prose_item(prose, 2, IN(language, "/etc/systemd/system/%s entfernt", "/etc/systemd/system/%s removed"),
			   FIX_NFTABLES_DROPIN);
}

static void undo_letter(struct prose *prose, const struct facts *facts, enum language language)
{
	const struct fix_changes *changes = facts->changes;
	char undone[64], done[64];

	record_time_format(facts->undo->time, language, undone, sizeof(undone));
	record_time_format(facts->time, language, done, sizeof(done));
	if (language == LANGUAGE_GERMAN)
		prose_paragraph(prose, 0, "Auf dem Server %s wurde am %s die Änderung von portguard vom %s rückgängig gemacht:",
				facts->host, undone, done);
	else
		prose_paragraph(prose, 0, "On the server %s, the change portguard made on %s was undone on %s:",
				facts->host, done, undone);
	if (facts->undo->changed == FIX_NO) {
		prose_item(prose, 2, "%s", IN(language, "Es war nichts zurückzunehmen: Der Server war bereits im Zustand vor der Änderung.",
			"Nothing needed to be reversed: the server already was as before the change."));
	} else {
		for (size_t i = 0; i < changes->unit_count; i++)
			prose_item(prose, 2, IN(language, "%s: Maskierung aufgehoben, vorheriger Zustand wiederhergestellt (%s, %s)",
				"%s: unmasked, previous state restored (%s, %s)"), changes->units[i].name,
				changes->units[i].active_state, changes->units[i].unit_file_state);
		if (facts->nft)
			undo_nft(prose, facts->nft, language);
		if (changes->unit_count == 0 && !facts->nft)
			prose_item(prose, 2, "%s", IN(language, "Die Änderung enthielt nichts, das zurückzunehmen war.",
				"The change held nothing to reverse."));
	}
	if (facts->undo->exposed != FIX_UNKNOWN)
		prose_paragraph(prose, 0, facts->undo->exposed == FIX_YES
			? IN(language, "Port %u ist damit wieder von außen erreichbar, wie vor der Änderung.",
			     "Port %u is therefore reachable from outside again, as before the change.")
			: IN(language, "Port %u ist derzeit von außen nicht erreichbar.",
			     "Port %u is currently not reachable from outside."), service_port(facts->record->service));
}

static void undo_report(struct prose *prose, const struct facts *facts)
{
	prose_line(prose, "Betreff / Subject: portguard: Änderung rückgängig gemacht / change undone – %s", facts->host);
	fputc('\n', prose->out);
	undo_letter(prose, facts, LANGUAGE_GERMAN);
	fputc('\n', prose->out);
	undo_letter(prose, facts, LANGUAGE_ENGLISH);
	fputc('\n', prose->out);
	prose_line(prose, "-- ");
	prose_paragraph(prose, 0, "portguard %s", facts->record->version ? facts->record->version : "?");
}

/* The records of one run, oldest first: a fix of several services
 * records one over the other (same_run), and the report has a section
 * for each, in the order they were fixed. */
static size_t run_records(const struct fix_record *record, const struct fix_record **run, size_t max)
{
	size_t count = 0;

	for (const struct fix_record *link = record; link && count < max; link = link->same_run ? link->earlier : NULL)
		run[count++] = link;
	for (size_t i = 0; i < count / 2; i++) {
		const struct fix_record *swap = run[i];

		run[i] = run[count - 1 - i];
		run[count - 1 - i] = swap;
	}
	return count;
}

int report_text(const struct fix_record *record, char **ret_text)
{
	const struct fix_record *run[SERVICES_MAX];
	size_t count = run_records(record, run, SERVICES_MAX);

	return report_run_text(&(struct report_run){ .sections = run, .count = count }, ret_text);
}

int report_run_text(const struct report_run *run, char **ret_text)
{
	struct prose prose = { 0 };
	char *text = NULL;
	size_t size = 0;

	prose.out = open_memstream(&text, &size);
	if (!prose.out)
		return -ENOMEM;
	for (size_t i = 0; i < run->count; i++) {
		struct facts facts = report_facts(run->sections[i]);

		facts.run = run->sections;
		facts.run_count = run->count;
		facts.later = run->later;
		facts.later_count = run->later_count;
		if (i > 0) {
			prose_line(&prose, "========");
			fputc('\n', prose.out);
		}
		if (facts.undo)
			undo_report(&prose, &facts);
		else
			fix_report(&prose, &facts);
	}
	if (fclose(prose.out) != 0 || prose.failed) {
		free(text);
		return -ENOMEM;
	}
	*ret_text = text;
	return 0;
}
