/* The abuse report as the state record keeps it; separate from abuse.c
 * so the parser and its fuzz harness stay free of netlink. */
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

json_t *abuse_report_json(const struct abuse_report *report, const struct address_list *local)
{
	json_t *rows = json_array();

	for (size_t i = 0; rows && i < report->count; i++) {
		const struct abuse_row *row = &report->rows[i];
		char ip[CIDR_TEXT_MAX];
		json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:o?, s:b}", "asn", row->asn,
					 "ip", ip_address_format(&row->ip, ip), "timestamp", row->timestamp,
					 "rpc_response", row->rpc_response ? row->rpc_response : "",
					 "programs", programs_json(row->rpc_response),
					 "on_this_host", address_list_contains(local, &row->ip));

		if (json_array_append_new(rows, item) < 0) {
			json_decref(rows);
			return NULL;
		}
	}
	return rows ? json_pack("{s:s?, s:o}", "file", report->file, "rows", rows) : NULL;
}
