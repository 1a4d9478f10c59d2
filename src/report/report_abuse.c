/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The answer to the abuse mail, in the reporter's terms: CERT-Bund
 * files answers by the [CB-Report#...] reference in the subject;
 * Shadowserver's scan_* reports are named by type, date and file. What
 * a row's own columns mean is its service's to say
 * (service_mail.report_row). Every value comes from the record's abuse
 * report, whose values may be absent in a damaged or older record. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_abuse.h"

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

/* Records before 0.3 name no type: theirs were scan_portmapper. */
static const char *report_type(const struct abuse_record_source *report)
{
	const struct service *service = abuse_record_service(report->service);

	if (report->report_type)
		return report->report_type;
	return service && service->mail && service->mail->report_types ? service->mail->report_types[0] : "?";
}

/* "Open Portmapper": the title the service gives the type. */
static const char *report_title(const struct abuse_record_source *report)
{
	const struct service *service = abuse_record_service(report->service);
	const char *type = report_type(report);

	for (size_t i = 0; service && service->mail && service->mail->report_types && service->mail->report_titles &&
	     service->mail->report_types[i] && service->mail->report_titles[i]; i++)
		if (strcmp(service->mail->report_types[i], type) == 0)
			return service->mail->report_titles[i];
	return type;
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
		prose_item(prose, 2, IN(language, "den Shadowserver-Bericht „%s“ (%s)%s", "Shadowserver's \"%s\" report (%s)%s"),
			   report_title(report), report_type(report), details);
	else
		prose_item(prose, 2, IN(language, "die weitergeleitete Meldung%s", "the forwarded report%s"), details);
}

/* Whether another section of the report, the same run's, answers service. */
static bool in_run(const struct abuse_answer *answer, const struct service *service)
{
	for (size_t i = 0; service && service->letter && i < answer->run_service_count; i++)
		if (answer->run_services[i] == service)
			return true;
	return false;
}

/* Whether the same run acts on service after this report. */
static bool later_in_run(const struct abuse_answer *answer, const struct service *service)
{
	for (size_t i = 0; service && i < answer->later_service_count; i++)
		if (answer->later_services[i] == service)
			return true;
	return false;
}

static void row_note(struct prose *prose, const struct abuse_answer *answer, const struct abuse_record_row *row,
		     enum language language)
{
	bool known = row->has_on_this_host, here = row->on_this_host;
	const char *ip = text_or(row->ip, "?");
	const char *when = text_or(row->timestamp, "?");
	const struct service *service = abuse_record_service(row->service);
	const struct service_mail *mail = service ? service->mail : NULL;

	/* A row of a service another section of this report answers is
	 * referred there; one of a service the same run deals with after
	 * this report is left to the run's last report; one of a service
	 * this run does not act on is not answered by it, and a fix is
	 * advised only where it can change something: never for a
	 * mail-only service (the reported device answers it, not this
	 * server). */
	if (service != answer->service) {
		const char *name = service ? service->name : text_or(row->service, "?");

		if (in_run(answer, service))
			prose_item(prose, 2, IN(language,
				"%s (gemeldet %s): betrifft den Dienst %s; diese Antwort behandelt ihn in seinem Abschnitt „%s“.",
				"%s (reported %s): about the service %s, which this answer deals with in its section \"%s\"."),
				ip, when, name, BILINGUAL_IN(language, service->letter->subject));
		else if (service && service->mail_only)
			prose_item(prose, 2, IN(language,
				"%s (gemeldet %s): betrifft den Dienst %s, den diese Antwort nicht behandelt; ihn beantwortet das gemeldete Gerät selbst, keine Änderung dieses Servers schließt ihn.",
				"%s (reported %s): about the service %s, which this answer does not deal with; the reported device itself answers it, and no change of this server closes it."),
				ip, when, name);
		else if (later_in_run(answer, service))
			prose_item(prose, 2, IN(language,
				"%s (gemeldet %s): betrifft den Dienst %s, den derselbe Lauf von portguard anschließend behandelt; der letzte Bericht dieses Laufs beantwortet jede Zeile Ihrer Meldung.",
				"%s (reported %s): about the service %s, which this same run of portguard deals with afterwards; the run's last report answers every row of your report."),
				ip, when, name);
		else
			prose_item(prose, 2, IN(language,
				"%s (gemeldet %s): betrifft den Dienst %s, den diese Änderung nicht behandelt hat; „portguard fix --service %s“ behandelt ihn.",
				"%s (reported %s): about the service %s, which this change did not deal with; \"portguard fix --service %s\" does."),
				ip, when, name, name);
		return;
	}
	if (!known)
		prose_item(prose, 2, IN(language, "%s (gemeldet %s): nicht geprüft, ob die Adresse zu diesem Server gehört.",
			"%s (reported %s): not checked whether the address belongs to this server."), ip, when);
	else if (here)
		prose_item(prose, 2, IN(language, "%s (gemeldet %s): eine Adresse dieses Servers.%s",
			"%s (reported %s): an address of this server.%s"), ip, when,
			answer->fixed ? IN(language, " Die Änderung oben gilt für sie.", " The change above covers it.") : "");
	else if (answer->service->mail_only)
		/* The reported device is not this server (IPMI: its BMC). */
		prose_item(prose, 2, IN(language,
			"%s (gemeldet %s): keine Adresse dieses Servers; es ist die Adresse des gemeldeten Geräts selbst (bei IPMI der BMC), für die das unter 2. Gesagte gilt.",
			"%s (reported %s): no address of this server; it is the reported device's own (for IPMI the BMC), to which what 2. says applies."),
			ip, when);
	else if (answer->has_public)
		prose_item(prose, 2, IN(language,
			"%s (gemeldet %s): auf diesem Server nicht konfiguriert. Sie gehört vermutlich zu einem anderen Server oder ist eine Failover- oder Zusatz-IP, die gerade einem anderen Server zugeordnet ist; dort ist %s ebenfalls zu prüfen.",
			"%s (reported %s): not configured on this server. It probably belongs to another machine, or is a failover or additional IP currently routed to another server; %s there needs checking as well."),
			ip, when, answer->service->daemon);
	else
		prose_item(prose, 2, IN(language,
			"%s (gemeldet %s): auf diesem Server nicht konfiguriert, und der Server hat keine eigene öffentliche Adresse; er steht vermutlich hinter NAT. Wird diese Adresse auf diesen Server weitergeleitet, gilt das Ergebnis auch für sie; eine Prüfung von außen (siehe oben) bestätigt das.",
			"%s (reported %s): not configured on this server, which has no public address of its own; it is probably behind NAT. If this address is forwarded to this server, the result covers it; a check from outside (see above) confirms it."),
			ip, when);
	if (mail && mail->report_row && row->has_columns)
		mail->report_row(row->columns, row->column_count, known && here, answer->found,
				 answer->action != ACTION_RESTRICT ? 0 : answer->restricted_ports ? answer->restricted_ports : 1,
				 language, prose);
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

/* The service's first column, CERT-Bund's: "rpc_response". */
static const char *first_column(const struct abuse_record_row *row)
{
	const struct service *service = abuse_record_service(row ? row->service : NULL);

	return service && service->mail && service->mail->columns ? service->mail->columns[0] : NULL;
}

/* Records of earlier versions have no "raw": the four CERT-Bund fields. */
static void rebuilt_row(struct prose *prose, const struct abuse_record_row *row)
{
	const char *column = first_column(row);
	const char *const fields[] = { row->asn, row->ip, row->timestamp,
				       column ? abuse_columns_value(row->columns, row->column_count, column) : NULL };
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
		prose_line(prose, "  \"asn\",\"ip\",\"timestamp\",\"%s\"", text_or(first_column(&abuse->rows[0]), ""));
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
