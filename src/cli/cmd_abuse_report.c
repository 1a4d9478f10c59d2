/* SPDX-License-Identifier: GPL-2.0-or-later */
/* abuse-report FILE: the provider's mail or CSV as portguard reads it,
 * every row with its service, for a play that hands each row to the
 * host that owns its address (contrib/ansible/answer-report.yml). Reads
 * the file only; writes nothing. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_record.h"
#include "cli/commands.h"
#include "mail/abuse.h"
#include "model/cidr.h"

static const char *or_null(const char *text)
{
	return text && *text ? text : NULL;
}

/* The parser checked both: digits, and a decimal. */
static json_t *size_json(const char *digits)
{
	return *digits ? json_integer((json_int_t)strtoull(digits, NULL, 10)) : NULL;
}

static json_t *amplification_json(const char *decimal)
{
	return *decimal ? json_real(strtod(decimal, NULL)) : NULL;
}

static json_t *row_json(const struct abuse_report *report, size_t index)
{
	const struct abuse_row *row = &report->rows[index];
	const struct abuse_source *source = &report->sources[row->source];
	char ip[CIDR_TEXT_MAX];
	json_t *item;

	item = json_pack("{s:I, s:s, s:s*, s:s*, s:s*, s:b, s:s, s:o, s:s*, s:s*, s:o*, s:o*, s:s*, s:I, s:I}",
			 "row", (json_int_t)index + 1,
			 "reporter", abuse_reporter_name(source->reporter),
			 "report_type", or_null(source->report_type),
			 "reference", or_null(source->reference),
			 "service", row->service ? row->service->name : NULL,
			 "known", row->service != NULL,
			 "ip", ip_address_format(&row->ip, ip),
			 "port", row->port ? json_integer(row->port) : json_null(),
			 "protocol", or_null(row->protocol),
			 "timestamp", or_null(row->timestamp),
			 "response_size", size_json(row->response_size),
			 "amplification", amplification_json(row->amplification),
			 "asn", or_null(row->asn),
			 "report", (json_int_t)row->source + 1,
			 "line", (json_int_t)row->line);
	return item;
}

static int print_json(const struct abuse_report *report)
{
	json_t *rows = json_array(), *root;
	int r;

	if (!rows)
		return -ENOMEM;
	for (size_t i = 0; i < report->count; i++)
		if (json_array_append_new(rows, row_json(report, i)) < 0) {
			json_decref(rows);
			return -ENOMEM;
		}
	root = json_pack("{s:s, s:I, s:o}", "file", report->file, "count", (json_int_t)report->count, "rows", rows);
	if (!root)
		return -ENOMEM;
	r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
	json_decref(root);
	return r < 0 ? -EIO : 0;
}

static const char *text_or(const char *text, const char *instead)
{
	return text && *text ? text : instead;
}

/* A table as wide as its longest address and report type. */
static void print_text(const struct abuse_report *report)
{
	char ip[CIDR_TEXT_MAX];
	int ip_width = 2, type_width = 4;

	for (size_t i = 0; i < report->count; i++) {
		int ip_length = (int)strlen(ip_address_format(&report->rows[i].ip, ip));
		int type_length = (int)strlen(report->sources[report->rows[i].source].report_type);

		ip_width = ip_length > ip_width ? ip_length : ip_width;
		type_width = type_length > type_width ? type_length : type_width;
	}
	printf("%s: %zu row%s\n", report->file, report->count, report->count == 1 ? "" : "s");
	printf("%-4s %-12s %-*s %-10s %-*s %-5s %-5s %-19s %s\n", "row", "reporter", type_width, "type", "service",
	       ip_width, "ip", "port", "proto", "timestamp", "known");
	for (size_t i = 0; i < report->count; i++) {
		const struct abuse_row *row = &report->rows[i];
		const struct abuse_source *source = &report->sources[row->source];
		char port[8] = "-";

		if (row->port)
			snprintf(port, sizeof(port), "%u", row->port);
		printf("%-4zu %-12s %-*s %-10s %-*s %-5s %-5s %-19s %s\n", i + 1, abuse_reporter_name(source->reporter),
		       type_width, text_or(source->report_type, "-"), row->service ? row->service->name : "-",
		       ip_width, ip_address_format(&row->ip, ip), port, text_or(row->protocol, "-"),
		       text_or(row->timestamp, "-"), row->service ? "yes" : "no");
	}
}

int command_abuse_report(const struct options *options)
{
	struct abuse_report report = { 0 };
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	int r;

	if (!options->file) {
		fprintf(stderr, "portguard: abuse-report needs the provider's mail or CSV; run 'portguard abuse-report FILE'\n");
		return EXIT_ERROR;
	}
	r = abuse_report_list(options->file, &report, &error);
	if (r < 0) {
		fprintf(stderr, "portguard: %s\n",
			error.message[0] ? error_record_format(&error, line, sizeof(line)) : strerror(-r));
		return EXIT_ERROR;
	}
	r = 0;
	if (options->json)
		r = print_json(&report);
	else if (!options->quiet)
		print_text(&report);
	abuse_report_free(&report);
	if (r < 0) {
		fprintf(stderr, "portguard: writing the rows failed: %s; check stdout\n", strerror(-r));
		return EXIT_ERROR;
	}
	return EXIT_NOTHING_TO_DO;
}
