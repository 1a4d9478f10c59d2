/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The abuse report as the state record keeps it, the only place that
 * spells its generic keys (a row's service spells its own columns' keys
 * in its serialiser, service_mail.columns_to_json), and what needs this
 * host's addresses; separate from abuse.c so the parser and its fuzz
 * harness stay free of netlink. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/addresses.h"
#include "mail/abuse.h"
#include "model/cidr.h"

#define PORT_MAX 65535
#define SOURCE_INDEX_MAX (1 << 20)

/* strdup that keeps NULL; *failed on out of memory. */
static char *copy(const char *text, bool *failed)
{
	char *result = text ? strdup(text) : NULL;

	if (text && !result)
		*failed = true;
	return result;
}

/* The mail descriptor of the service a record's row is about, NULL
 * when it has none or this version does not know the service. */
static const struct service_mail *row_mail(const struct abuse_record_row *row)
{
	const struct service *service = abuse_record_service(row->service);

	return service ? service->mail : NULL;
}

static int row_from_report(const struct abuse_row *row, const struct address_list *local, struct abuse_record_row *ret)
{
	char ip[CIDR_TEXT_MAX];
	bool failed = false;

	if (abuse_columns_copy(row->columns, row->column_count, &ret->columns) < 0)
		return -ENOMEM;
	ret->column_count = row->column_count;
	ret->has_columns = true;
	ret->asn = copy(row->asn, &failed);
	ret->ip = copy(ip_address_format(&row->ip, ip), &failed);
	ret->timestamp = copy(row->timestamp, &failed);
	ret->raw = copy(row->raw ? row->raw : "", &failed);
	ret->service = copy(row->service ? row->service->name : NULL, &failed);
	ret->has_on_this_host = true;
	ret->on_this_host = address_list_contains(local, &row->ip);
	ret->has_report = true;
	ret->report = row->source;
	ret->protocol = copy(row->protocol[0] ? row->protocol : NULL, &failed);
	ret->port = row->port;
	ret->has_response_size = row->response_size[0] != '\0';
	ret->response_size = ret->has_response_size ? strtoull(row->response_size, NULL, 10) : 0;
	ret->amplification = copy(row->amplification[0] ? row->amplification : NULL, &failed);
	return failed ? -ENOMEM : 0;
}

static int source_from_report(const struct abuse_source *source, struct abuse_record_source *ret)
{
	bool failed = false;

	ret->reporter = copy(abuse_reporter_name(source->reporter), &failed);
	ret->reference = copy(source->reference, &failed);
	ret->date = copy(source->date, &failed);
	ret->subject = copy(source->subject, &failed);
	ret->attachment = copy(source->attachment, &failed);
	ret->header = copy(source->header ? source->header : "", &failed);
	ret->service = copy(source->service ? source->service->name : NULL, &failed);
	ret->report_type = copy(source->report_type[0] ? source->report_type : NULL, &failed);
	ret->has_line = true;
	ret->line = source->line;
	return failed ? -ENOMEM : 0;
}

int abuse_record_from_report(const struct abuse_report *report, const struct address_list *local,
			     struct abuse_record *ret_record)
{
	struct abuse_record record = { 0 };
	bool failed = false;

	record.file = copy(report->file, &failed);
	record.rows = calloc(report->count ? report->count : 1, sizeof(*record.rows));
	record.sources = calloc(report->source_count ? report->source_count : 1, sizeof(*record.sources));
	if (!record.rows || !record.sources)
		failed = true;
	for (size_t i = 0; !failed && i < report->count; i++) {
		record.row_count++;
		failed = row_from_report(&report->rows[i], local, &record.rows[i]) < 0;
	}
	for (size_t i = 0; !failed && i < report->source_count; i++) {
		record.source_count++;
		failed = source_from_report(&report->sources[i], &record.sources[i]) < 0;
	}
	if (failed) {
		abuse_record_free(&record);
		return -ENOMEM;
	}
	*ret_record = record;
	return 0;
}

void abuse_record_free(struct abuse_record *record)
{
	for (size_t i = 0; record->rows && i < record->row_count; i++) {
		struct abuse_record_row *row = &record->rows[i];

		free(row->asn);
		free(row->ip);
		free(row->timestamp);
		free(row->raw);
		free(row->service);
		abuse_columns_free(row->columns, row->column_count);
		free(row->protocol);
		free(row->amplification);
	}
	for (size_t i = 0; record->sources && i < record->source_count; i++) {
		struct abuse_record_source *source = &record->sources[i];

		free(source->reporter);
		free(source->reference);
		free(source->date);
		free(source->subject);
		free(source->attachment);
		free(source->header);
		free(source->service);
		free(source->report_type);
	}
	free(record->rows);
	free(record->sources);
	free(record->file);
	*record = (struct abuse_record){ 0 };
}

static int set_optional(json_t *object, const char *key, json_t *value, bool present)
{
	if (!present) {
		json_decref(value);
		return 0;
	}
	return json_object_set_new(object, key, value);
}

/* The row's own columns as its service writes them, else each value
 * under its name in "columns" (left out when there are none). */
static int columns_json(const struct abuse_record_row *row, json_t *item)
{
	const struct service_mail *mail = row_mail(row);
	json_t *columns;

	if (mail && mail->columns_to_json)
		return mail->columns_to_json(row->columns, row->column_count, item);
	if (row->column_count == 0)
		return 0;
	columns = json_object();
	for (size_t i = 0; columns && i < row->column_count; i++)
		if (json_object_set_new(columns, row->columns[i].name, json_string(row->columns[i].value)) < 0) {
			json_decref(columns);
			columns = NULL;
		}
	return columns ? json_object_set_new(item, "columns", columns) : -ENOMEM;
}

static json_t *row_json(const struct abuse_record_row *row)
{
	json_t *item = json_pack("{s:s*, s:s*, s:s*, s:s*}", "asn", row->asn, "ip", row->ip,
				 "timestamp", row->timestamp, "service", row->service);
	int r = 0;

	if (!item)
		return NULL;
	if (row->has_columns)
		r |= columns_json(row, item);
	r |= set_optional(item, "raw", json_string(row->raw ? row->raw : ""), row->raw);
	r |= set_optional(item, "report", json_integer((json_int_t)row->report), row->has_report);
	r |= set_optional(item, "on_this_host", json_boolean(row->on_this_host), row->has_on_this_host);
	r |= set_optional(item, "protocol", json_string(row->protocol ? row->protocol : ""), row->protocol);
	r |= set_optional(item, "port", json_integer(row->port), row->port);
	r |= set_optional(item, "response_size", json_integer((json_int_t)row->response_size), row->has_response_size);
	r |= set_optional(item, "amplification", json_real(row->amplification ? strtod(row->amplification, NULL) : 0),
			  row->amplification);
	if (r < 0) {
		json_decref(item);
		return NULL;
	}
	return item;
}

static json_t *source_json(const struct abuse_record_source *source)
{
	json_t *item = json_pack("{s:s*, s:s*, s:s*, s:s*, s:s*, s:s*}", "reporter", source->reporter,
				 "reference", source->reference, "date", source->date, "subject", source->subject,
				 "attachment", source->attachment, "header", source->header);

	if (item && (set_optional(item, "line", json_integer((json_int_t)source->line), source->has_line) < 0 ||
		     set_optional(item, "service", json_string(source->service ? source->service : ""), source->service) < 0 ||
		     set_optional(item, "report_type", json_string(source->report_type ? source->report_type : ""),
				  source->report_type) < 0)) {
		json_decref(item);
		return NULL;
	}
	return item;
}

json_t *abuse_record_to_json(const struct abuse_record *record)
{
	json_t *rows = json_array(), *sources = json_array(), *json;

	for (size_t i = 0; rows && i < record->row_count; i++)
		if (json_array_append_new(rows, row_json(&record->rows[i])) < 0) {
			json_decref(rows);
			rows = NULL;
		}
	for (size_t i = 0; sources && i < record->source_count; i++)
		if (json_array_append_new(sources, source_json(&record->sources[i])) < 0) {
			json_decref(sources);
			sources = NULL;
		}
	if (!rows || !sources) {
		json_decref(rows);
		json_decref(sources);
		return NULL;
	}
	json = json_pack("{s:s?, s:o, s:o}", "file", record->file, "reports", sources, "rows", rows);
	if (json && record->all_rpc_implied && json_object_set_new(json, "all_rpc_implied", json_true()) < 0) {
		json_decref(json);
		return NULL;
	}
	return json;
}

static char *read_text(const json_t *object, const char *key, bool *failed)
{
	return copy(json_string_value(json_object_get(object, key)), failed);
}

/* A count in 0..max, as the report's accessors accepted it. */
static bool read_count(const json_t *object, const char *key, long long max, long long *ret_value)
{
	const json_t *value = json_object_get(object, key);

	if (!json_is_integer(value) || json_integer_value(value) < 0 || json_integer_value(value) > max)
		return false;
	*ret_value = json_integer_value(value);
	return true;
}

/* "columns": { name: value }, as columns_json writes it; what is not
 * text is left out. */
static int read_columns(const json_t *json, struct service_column *columns, size_t max)
{
	const json_t *object = json_object_get(json, "columns");
	const char *key;
	json_t *value;
	int count = 0;

	json_object_foreach((json_t *)object, key, value) {
		if ((size_t)count >= max)
			break;
		if (!json_is_string(value) || strlen(key) >= ABUSE_COLUMN_NAME_MAX)
			continue;
		columns[count].name = strdup(key);
		columns[count].value = strdup(json_string_value(value));
		count++;
		if (!columns[count - 1].name || !columns[count - 1].value)
			return -ENOMEM;
	}
	return count;
}

/* The service's own columns, by its serialiser or from "columns". */
static int read_row_columns(const json_t *json, struct abuse_record_row *row)
{
	const struct service_mail *mail = row_mail(row);
	struct service_column *columns = calloc(ABUSE_COLUMNS_MAX, sizeof(*columns));
	int count;

	if (!columns)
		return -ENOMEM;
	if (mail && mail->columns_from_json)
		count = mail->columns_from_json(json, columns, ABUSE_COLUMNS_MAX);
	else
		count = read_columns(json, columns, ABUSE_COLUMNS_MAX);
	if (count <= 0) {
		abuse_columns_free(columns, ABUSE_COLUMNS_MAX);
		return count < 0 ? -ENOMEM : 0;
	}
	row->columns = columns;
	row->column_count = (size_t)count;
	row->has_columns = true;
	return 0;
}

static int read_row(const json_t *json, struct abuse_record_row *row)
{
	const json_t *here = json_object_get(json, "on_this_host");
	const json_t *amplification = json_object_get(json, "amplification");
	long long number;
	bool failed = false;

	row->asn = read_text(json, "asn", &failed);
	row->ip = read_text(json, "ip", &failed);
	row->timestamp = read_text(json, "timestamp", &failed);
	row->raw = read_text(json, "raw", &failed);
	row->service = read_text(json, "service", &failed);
	row->protocol = read_text(json, "protocol", &failed);
	if (!failed && read_row_columns(json, row) < 0)
		failed = true;
	if (json_is_number(amplification)) {
		char text[32];

		snprintf(text, sizeof(text), "%g", json_number_value(amplification));
		row->amplification = copy(text, &failed);
	}
	row->has_on_this_host = json_is_boolean(here);
	row->on_this_host = json_is_true(here);
	row->has_report = read_count(json, "report", SOURCE_INDEX_MAX, &number);
	row->report = row->has_report ? (size_t)number : 0;
	if (read_count(json, "port", PORT_MAX, &number))
		row->port = (uint16_t)number;
	row->has_response_size = read_count(json, "response_size", 1ll << 40, &number);
	row->response_size = row->has_response_size ? (uint64_t)number : 0;
	return failed ? -ENOMEM : 0;
}

static int read_source(const json_t *json, struct abuse_record_source *source)
{
	long long line;
	bool failed = false;

	source->reporter = read_text(json, "reporter", &failed);
	source->reference = read_text(json, "reference", &failed);
	source->date = read_text(json, "date", &failed);
	source->subject = read_text(json, "subject", &failed);
	source->attachment = read_text(json, "attachment", &failed);
	source->header = read_text(json, "header", &failed);
	source->service = read_text(json, "service", &failed);
	source->report_type = read_text(json, "report_type", &failed);
	source->has_line = read_count(json, "line", SOURCE_INDEX_MAX * 1024ll, &line);
	source->line = source->has_line ? (size_t)line : 0;
	return failed ? -ENOMEM : 0;
}

int abuse_record_from_json(const json_t *json, struct abuse_record *ret_record)
{
	const json_t *rows = json_object_get(json, "rows"), *sources = json_object_get(json, "reports");
	struct abuse_record record = { 0 };
	bool failed = false;

	record.file = read_text(json, "file", &failed);
	record.all_rpc_implied = json_is_true(json_object_get(json, "all_rpc_implied"));
	record.rows = calloc(json_array_size(rows) ? json_array_size(rows) : 1, sizeof(*record.rows));
	record.sources = calloc(json_array_size(sources) ? json_array_size(sources) : 1, sizeof(*record.sources));
	if (!record.rows || !record.sources)
		failed = true;
	for (size_t i = 0; !failed && i < json_array_size(rows); i++) {
		record.row_count++;
		failed = read_row(json_array_get(rows, i), &record.rows[i]) < 0;
	}
	for (size_t i = 0; !failed && i < json_array_size(sources); i++) {
		record.source_count++;
		failed = read_source(json_array_get(sources, i), &record.sources[i]) < 0;
	}
	if (failed) {
		abuse_record_free(&record);
		return -ENOMEM;
	}
	*ret_record = record;
	return 0;
}

json_t *abuse_report_json(const struct abuse_report *report, const struct address_list *local)
{
	struct abuse_record record;
	json_t *json;

	if (abuse_record_from_report(report, local, &record) < 0)
		return NULL;
	json = abuse_record_to_json(&record);
	abuse_record_free(&record);
	return json;
}

bool abuse_row_names_more(const struct abuse_row *row)
{
	const struct service_mail *mail = row->service ? row->service->mail : NULL;

	return mail && mail->row_names_more && mail->row_names_more(row->columns, row->column_count);
}

bool abuse_report_names_more(const struct abuse_report *report, const struct address_list *local,
			     const struct service *service)
{
	for (size_t i = 0; i < report->count; i++)
		if (report->rows[i].service == service && address_list_contains(local, &report->rows[i].ip) &&
		    abuse_row_names_more(&report->rows[i]))
			return true;
	return false;
}

size_t abuse_report_services(const struct abuse_report *report, const struct address_list *local,
			     const struct service **services, size_t max)
{
	size_t count = 0;

	for (size_t i = 0; i < service_count() && count < max; i++)
		for (size_t j = 0; j < report->count; j++)
			/* A mail-only service's row is on its own device's
			 * address (a BMC's), never on one of this host's. */
			if (report->rows[j].service == service_at(i) &&
			    (!local || service_at(i)->mail_only || address_list_contains(local, &report->rows[j].ip))) {
				services[count++] = service_at(i);
				break;
			}
	return count;
}

int abuse_report_pick_services(const struct abuse_report *report, const struct address_list *local,
			       const struct service *const *given, size_t given_count, bool given_by_user,
			       const struct service **ret_services, size_t *ret_count, struct error_record *ret_error)
{
	const struct service *named[SERVICES_MAX];
	size_t count = abuse_report_services(report, local, named, SERVICES_MAX), picked = 0;
	const char *file = report->file ? report->file : "the mail";
	char list[256] = "";
	size_t used = 0;

	bool only_mail_only = true;

	for (size_t i = 0; i < count; i++)
		only_mail_only &= named[i]->mail_only;
	if (only_mail_only)
		count = abuse_report_services(report, NULL, named, SERVICES_MAX);
	for (size_t i = 0; i < count && !given_by_user; i++)
		ret_services[picked++] = named[i];
	for (size_t i = 0; i < given_count && given_by_user; i++)
		for (size_t k = 0; k < count; k++)
			if (named[k] == given[i])
				ret_services[picked++] = given[i];
	for (size_t i = 0; count == 0 && i < given_count; i++)
		ret_services[picked++] = given[i];
	*ret_count = picked;
	if (picked)
		return 0;
	for (size_t i = 0; i < count; i++)
		used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0, "%s%s",
					 i ? ", " : "", named[i]->name);
	/* A mail about another service must not be answered as if it
	 * were about this one. */
	error_record_set(ret_error, NULL, 0, "%s reports %s, not %s; run fix --service %s", file, list,
			 given[0]->name, named[0]->name);
	return -EXDEV;
}

const struct service *abuse_record_service(const char *name)
{
	return name ? service_find(name) : service_default();
}
