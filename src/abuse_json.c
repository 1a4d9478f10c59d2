/* The abuse report as the state record keeps it, and what needs this
 * host's addresses; separate from abuse.c so the parser and its fuzz
 * harness stay free of netlink. */
#include "config.h"

#include "abuse.h"
#include "addresses.h"
#include "cidr.h"

static json_t *programs_json(const char *rpc_response)
{
	struct abuse_rpc_item items[ABUSE_RPC_ITEMS_MAX];
	size_t count = abuse_rpc_response_parse(rpc_response, items, ABUSE_RPC_ITEMS_MAX, NULL);
	json_t *array = json_array();

	for (size_t i = 0; array && i < count; i++) {
		json_t *item = json_pack("{s:I, s:I, s:i, s:s}", "program", (json_int_t)items[i].program,
					 "version", (json_int_t)items[i].version, "port", (int)items[i].port,
					 "protocol", items[i].protocol);

		if (json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

/* Optional values only when the row has them. */
static int row_details(json_t *item, const struct abuse_row *row)
{
	int r = 0;

	if (row->protocol[0])
		r |= json_object_set_new(item, "protocol", json_string(row->protocol));
	if (row->port)
		r |= json_object_set_new(item, "port", json_integer(row->port));
	if (row->mountd_port)
		r |= json_object_set_new(item, "mountd_port", json_integer(row->mountd_port));
	if (row->exports)
		r |= json_object_set_new(item, "exports", json_string(row->exports));
	return r;
}

static json_t *rows_json(const struct abuse_report *report, const struct address_list *local)
{
	json_t *rows = json_array();

	for (size_t i = 0; rows && i < report->count; i++) {
		const struct abuse_row *row = &report->rows[i];
		char ip[CIDR_TEXT_MAX];
		json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:o?, s:b, s:s, s:I, s:b}", "asn", row->asn,
					 "ip", ip_address_format(&row->ip, ip), "timestamp", row->timestamp,
					 "rpc_response", row->rpc_response ? row->rpc_response : "",
					 "programs", programs_json(row->rpc_response),
					 "rpc_services", abuse_row_names_rpc_services(row),
					 "raw", row->raw ? row->raw : "", "report", (json_int_t)row->source,
					 "on_this_host", address_list_contains(local, &row->ip));

		if (!item || row_details(item, row) < 0 || json_array_append_new(rows, item) < 0) {
			json_decref(item);
			json_decref(rows);
			return NULL;
		}
	}
	return rows;
}

static json_t *sources_json(const struct abuse_report *report)
{
	json_t *sources = json_array();

	for (size_t i = 0; sources && i < report->source_count; i++) {
		const struct abuse_source *source = &report->sources[i];
		json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
					 "reporter", abuse_reporter_name(source->reporter),
					 "reference", source->reference, "date", source->date, "subject", source->subject,
					 "attachment", source->attachment, "header", source->header ? source->header : "",
					 "line", (json_int_t)source->line);

		if (json_array_append_new(sources, item) < 0) {
			json_decref(sources);
			return NULL;
		}
	}
	return sources;
}

json_t *abuse_report_json(const struct abuse_report *report, const struct address_list *local)
{
	json_t *rows = rows_json(report, local), *sources = sources_json(report);

	if (!rows || !sources) {
		json_decref(rows);
		json_decref(sources);
		return NULL;
	}
	return json_pack("{s:s?, s:o, s:o}", "file", report->file, "reports", sources, "rows", rows);
}

bool abuse_report_names_rpc_services(const struct abuse_report *report, const struct address_list *local)
{
	for (size_t i = 0; i < report->count; i++)
		if (address_list_contains(local, &report->rows[i].ip) && abuse_row_names_rpc_services(&report->rows[i]))
			return true;
	return false;
}
