/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The answer to the abuse mail, in the reporter's terms: CERT-Bund
 * files answers by the [CB-Report#...] reference in the subject;
 * Shadowserver's scan_portmapper report is named by its date and file.
 * Every value comes from the record's abuse report, whose values may
 * be absent in a damaged or older record. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_abuse.h"
#include "rpc/rpc.h"

static size_t source_count(const struct abuse_record *abuse)
{
	return abuse ? abuse->source_count : 0;
}

static size_t row_count(const struct abuse_record *abuse)
{
	return abuse ? abuse->row_count : 0;
}

static const char *text_or(const char *text, const char *fallback)
{
	return text ? text : fallback;
}

const char *report_abuse_subject_tags(const struct abuse_record *abuse, char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < source_count(abuse); i++) {
		const char *reference = abuse->sources[i].reference;
		bool seen = false;

		for (size_t j = 0; reference && *reference && j < i && !seen; j++) {
			const char *other = abuse->sources[j].reference;
			seen = other && strcmp(other, reference) == 0;
		}
		if (reference && *reference && !seen && used + strlen(reference) + 4 < size)
			used += (size_t)snprintf(buffer + used, size - used, "[%s] ", reference);
	}
	return buffer;
}

static void name_report(struct prose *prose, const struct abuse_record_source *report, enum language language)
{
	const char *reporter = text_or(report->reporter, "");
	const char *reference = report->reference;
	const char *date = report->date;
	const char *subject = report->subject;
	const char *attachment = report->attachment;
	char details[768] = "";
	size_t used = 0;

#define ADD(...) (used += (size_t)snprintf(details + used, used < sizeof(details) ? sizeof(details) - used : 0, __VA_ARGS__))
	if (date && *date)
		ADD(IN(language, " vom %s", " of %s"), date);
	if (subject && *subject)
		ADD(IN(language, ", Betreff „%s“", ", subject \"%s\""), subject);
	if (attachment && *attachment)
		ADD(IN(language, ", Anhang %s", ", attachment %s"), attachment);
#undef ADD
	if (strcmp(reporter, "CERT-Bund") == 0)
		prose_item(prose, 2, IN(language, "die CERT-Bund-Meldung%s%s%s%s", "the CERT-Bund report%s%s%s%s"),
			   reference && *reference ? " [" : "", reference ? reference : "",
			   reference && *reference ? "]" : "", details);
	else if (strcmp(reporter, "Shadowserver") == 0)
		prose_item(prose, 2, IN(language, "den Shadowserver-Bericht „Open Portmapper“ (scan_portmapper)%s",
			"Shadowserver's \"Open Portmapper\" report (scan_portmapper)%s"), details);
	else
		prose_item(prose, 2, IN(language, "die weitergeleitete Meldung%s", "the forwarded report%s"), details);
}

/* "nfs, mountd, nlockmgr, mountd_port 20048, exports /srv": what a row
 * shows reachable besides the portmapper. */
static void reported_services(const struct abuse_record_row *row, struct joined *joined)
{
	for (size_t i = 0; i < row->program_count; i++) {
		uint32_t program = row->programs[i].program;
		const char *name;
		char number[16];
		bool seen = false;

		if (program == RPC_PORTMAPPER_PROGRAM)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = row->programs[j].program == program;
		if (seen)
			continue;
		name = rpc_program_name(program);
		snprintf(number, sizeof(number), "%u", program);
		joined_add(joined, name ? name : number);
	}
	if (row->mountd_port > 0) {
		char text[32];

		snprintf(text, sizeof(text), "mountd_port %u", row->mountd_port);
		joined_add(joined, text);
	}
	if (row->exports) {
		char text[160];

		snprintf(text, sizeof(text), "exports %.120s", row->exports);
		joined_add(joined, text);
	}
}

/* The programs registered here before the change, but the portmapper. */
static const char *registered_services(const struct abuse_answer *answer, struct joined *joined, struct prose *prose)
{
	const struct rpc_summary *rpc = answer->registered;

	joined_open(joined);
	for (size_t i = 0; rpc && i < rpc->count; i++) {
		const struct rpc_program *program = &rpc->programs[i];
		char text[96];

		if (program->program == RPC_PORTMAPPER_PROGRAM)
			continue;
		snprintf(text, sizeof(text), "%.32s %.8s/%u", program->name[0] ? program->name : "?", program->protocol,
			 program->port);
		joined_add(joined, text);
	}
	return joined_close(joined, prose);
}

static bool registered_here(const struct abuse_answer *answer, uint32_t program)
{
	for (size_t i = 0; answer->registered && i < answer->registered->count; i++)
		if (answer->registered->programs[i].program == program)
			return true;
	return false;
}

/* The reported programs that were not registered here when portguard
 * looked: closing rpcbind's ports does not speak for theirs. */
static const char *missing_services(const struct abuse_answer *answer, const struct abuse_record_row *row,
				    struct joined *joined, struct prose *prose)
{
	joined_open(joined);
	for (size_t i = 0; i < row->program_count; i++) {
		const struct abuse_rpc_item *item = &row->programs[i];
		const char *name;
		char text[96];

		if (item->program == RPC_PORTMAPPER_PROGRAM || registered_here(answer, item->program))
			continue;
		name = rpc_program_name(item->program);
		if (name)
			snprintf(text, sizeof(text), "%s %.8s/%u", name, item->protocol, item->port);
		else
			snprintf(text, sizeof(text), "%u %.8s/%u", item->program, item->protocol, item->port);
		joined_add(joined, text);
	}
	return joined_close(joined, prose);
}

static void services_here(struct prose *prose, const struct abuse_answer *answer, const struct abuse_record_row *row,
			  const char *services,
			  enum language language)
{
	struct joined joined, missing_list;
	const char *registered = registered_services(answer, &joined, prose);
	const char *missing = missing_services(answer, row, &missing_list, prose);
	bool any = registered && *registered;

	if (answer->action == ACTION_RESTRICT && answer->restricted_ports > 1)
		prose_paragraph(prose, 4, IN(language,
			"Ihre Meldung zeigt hier außerdem: %s. Die Regeln gelten deshalb nicht nur für Port 111, sondern auch für die Ports der hier registrierten RPC-Dienste (%s).",
			"Your report also shows here: %s. The rules therefore cover not only port 111 but also the ports of the RPC services registered here (%s)."),
			services, any ? registered : "?");
	else if (answer->action == ACTION_RESTRICT)
		prose_paragraph(prose, 4, IN(language,
			"Ihre Meldung zeigt hier außerdem: %s. Bei der Änderung war hier außer dem Portmapper kein RPC-Dienst registriert; die Regeln gelten für Port 111. Laufen diese Dienste wieder, schränkt „portguard fix --all-rpc“ auch ihre Ports ein.",
			"Your report also shows here: %s. When the change was made, no RPC service besides the portmapper was registered here, so the rules cover port 111. Should these services run again, \"portguard fix --all-rpc\" restricts their ports as well."),
			services);
	else
		prose_paragraph(prose, 4, IN(language,
			"Ihre Meldung zeigt hier außerdem: %s. Das Abschalten von rpcbind beendet diese Dienste nicht; laufen sie, bleiben ihre Ports offen. %s%s Prüfen Sie mit „ss -tulpn“, ob auf den gemeldeten Ports noch etwas lauscht; nicht benötigte NFS-Dienste beenden Sie mit „systemctl disable --now nfs-server rpc-statd“, benötigte schränkt „portguard fix --mode restrict --all-rpc“ auf vertrauenswürdige Netze ein.",
			"Your report also shows here: %s. Shutting rpcbind down does not end these services; while they run, their ports stay open. %s%s Check with \"ss -tulpn\" whether anything still listens on the reported ports; end NFS services that are not needed with \"systemctl disable --now nfs-server rpc-statd\", and limit needed ones to trusted networks with \"portguard fix --mode restrict --all-rpc\"."),
			services, any ? IN(language, "Vor der Änderung waren hier registriert: ", "Registered here before the change were: ")
			: IN(language, "Vor der Änderung war hier außer dem Portmapper kein RPC-Dienst registriert.",
			     "Before the change, no RPC service besides the portmapper was registered here."),
			any ? registered : "");
	if (missing && *missing)
		prose_paragraph(prose, 4, IN(language,
			"Bei der Änderung hier nicht registriert waren: %s. Prüfen Sie mit „ss -tulpn“, dass auf diesen Ports nichts mehr lauscht.",
			"Not registered here when the change was made: %s. Check with \"ss -tulpn\" that nothing listens on these ports any more."),
			missing);
	joined_free(&missing_list);
	joined_free(&joined);
}

static void row_note(struct prose *prose, const struct abuse_answer *answer, const struct abuse_record_row *row,
		     enum language language)
{
	bool known = row->has_on_this_host, here = row->on_this_host;
	const char *ip = text_or(row->ip, "?");
	const char *when = text_or(row->timestamp, "?");
	struct joined joined;
	const char *services;

	if (!known)
		prose_item(prose, 2, IN(language, "%s (gemeldet %s): nicht geprüft, ob die Adresse zu diesem Server gehört.",
			"%s (reported %s): not checked whether the address belongs to this server."), ip, when);
	else if (here)
		prose_item(prose, 2, IN(language, "%s (gemeldet %s): eine Adresse dieses Servers.%s",
			"%s (reported %s): an address of this server.%s"), ip, when,
			answer->fixed ? IN(language, " Die Änderung oben gilt für sie.", " The change above covers it.") : "");
	else if (answer->has_public)
		prose_item(prose, 2, IN(language,
			"%s (gemeldet %s): auf diesem Server nicht konfiguriert. Sie gehört vermutlich zu einem anderen Server oder ist eine Failover- oder Zusatz-IP, die gerade einem anderen Server zugeordnet ist; dort ist der Portmapper ebenfalls zu prüfen.",
			"%s (reported %s): not configured on this server. It probably belongs to another machine, or is a failover or additional IP currently routed to another server; the portmapper there needs checking as well."),
			ip, when);
	else
		prose_item(prose, 2, IN(language,
			"%s (gemeldet %s): auf diesem Server nicht konfiguriert, und der Server hat keine eigene öffentliche Adresse; er steht vermutlich hinter NAT. Wird diese Adresse auf diesen Server weitergeleitet, gilt das Ergebnis auch für sie; eine Prüfung von außen (siehe oben) bestätigt das.",
			"%s (reported %s): not configured on this server, which has no public address of its own; it is probably behind NAT. If this address is forwarded to this server, the result covers it; a check from outside (see above) confirms it."),
			ip, when);
	if (!row->rpc_services)
		return;
	joined_open(&joined);
	reported_services(row, &joined);
	services = joined_close(&joined, prose);
	if (services && *services && known && here)
		services_here(prose, answer, row, services, language);
	else if (services && *services)
		prose_paragraph(prose, 4, IN(language,
			"Die Meldung zeigt dort außerdem: %s. Diese Dienste sind auf dem betreffenden Server ebenfalls zu schließen; „portguard fix --all-rpc“ schränkt auch ihre Ports ein.",
			"The report also shows there: %s. These services need closing on that server too; \"portguard fix --all-rpc\" restricts their ports as well."),
			services);
	joined_free(&joined);
}

void report_abuse_section(struct prose *prose, const struct abuse_answer *answer, enum language language,
			  unsigned int number)
{
	const struct abuse_record *abuse = answer->abuse;

	prose_paragraph(prose, 0, IN(language, "%u. Ihre Meldung", "%u. Your report"), number);
	if (source_count(abuse)) {
		prose_paragraph(prose, 2, "%s", IN(language, "Diese Antwort bezieht sich auf:", "This answers:"));
		for (size_t i = 0; i < source_count(abuse); i++)
			name_report(prose, &abuse->sources[i], language);
		fputc('\n', prose->out);
	}
	prose_paragraph(prose, 2, "%s", IN(language, "Ihre Meldung nennt diese Adressen (die Zeilen stehen im Anhang):",
		"Your report lists these addresses (the rows are quoted in the appendix):"));
	for (size_t i = 0; i < row_count(abuse); i++)
		row_note(prose, answer, &abuse->rows[i], language);
	fputc('\n', prose->out);
}

/* Records of earlier versions have no "raw": the four CERT-Bund fields. */
static void rebuilt_row(struct prose *prose, const struct abuse_record_row *row)
{
	const char *const fields[] = { row->asn, row->ip, row->timestamp, row->rpc_response };
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out) {
		prose->failed = true;
		return;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		fputs(i ? ",\"" : "\"", out);
		for (const char *value = text_or(fields[i], ""); *value; value++) {
			if (*value == '"')
				fputc('"', out);
			fputc(*value, out);
		}
		fputc('"', out);
	}
	if (fclose(out) != 0)
		prose->failed = true;
	else
		prose_block(prose, 2, text);
	free(text);
}

static void quoted_rows(struct prose *prose, const struct abuse_record *abuse, long long report)
{
	for (size_t i = 0; i < row_count(abuse); i++) {
		const struct abuse_record_row *row = &abuse->rows[i];
		const char *raw = row->raw;

		if (report >= 0 && (!row->has_report || (long long)row->report != report))
			continue;
		if (raw && *raw)
			prose_block(prose, 2, raw);
		else
			rebuilt_row(prose, row);
	}
}

char report_abuse_appendix(struct prose *prose, const struct abuse_record *abuse, char letter)
{
	size_t count = source_count(abuse);

	if (!row_count(abuse))
		return letter;
	prose_paragraph(prose, 0, "%c. Gemeldete Zeilen, wie erhalten / Reported rows, as received:", letter++);
	if (count == 0) {
		prose_line(prose, "  \"asn\",\"ip\",\"timestamp\",\"rpc_response\"");
		quoted_rows(prose, abuse, -1);
	}
	for (size_t i = 0; i < count; i++) {
		const struct abuse_record_source *report = &abuse->sources[i];
		const char *reference = report->reference;
		const char *attachment = report->attachment;

		if (i > 0)
			fputc('\n', prose->out);
		prose_line(prose, "  %s%s%s%s%s%s:", text_or(report->reporter, "?"),
			   reference && *reference ? " [" : "", reference ? reference : "", reference && *reference ? "]" : "",
			   attachment && *attachment ? ", " : "", attachment ? attachment : "");
		prose_block(prose, 2, text_or(report->header, ""));
		quoted_rows(prose, abuse, (long long)i);
	}
	fputc('\n', prose->out);
	return letter;
}
