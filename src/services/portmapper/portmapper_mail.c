/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's columns of an abuse row. rpc_response (Shadowserver:
 * programs) is what the scanner saw registered, "100000 4 111/udp;
 * 100024 1 47632/udp;". Scanners differ and mails mangle it, so what
 * does not read cleanly is counted, not fatal. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/rpc.h"
#include "services/portmapper/portmapper_mail.h"
#include "services/portmapper/portmapper_probe.h"

#define PORT_MAX 65535


/* Strictly decimal, at most max; advances *cursor past the digits. */
static bool read_number(const char **cursor, const char *end, uint32_t max, uint32_t *ret_value)
{
	uint64_t value = 0;
	const char *s = *cursor;

	if (s >= end || !isdigit((unsigned char)*s))
		return false;
	for (; s < end && isdigit((unsigned char)*s); s++) {
		value = value * 10 + (uint64_t)(*s - '0');
		if (value > max)
			return false;
	}
	*cursor = s;
	*ret_value = (uint32_t)value;
	return true;
}

static bool read_spaces(const char **cursor, const char *end)
{
	const char *s = *cursor;

	while (s < end && isspace((unsigned char)*s))
		s++;
	if (s == *cursor)
		return false;
	*cursor = s;
	return true;
}

/* "100024 1 47632/udp", surrounded by any white space. */
static bool parse_item(const char *s, const char *end, struct portmapper_mail_item *ret_item)
{
	struct portmapper_mail_item item = { 0 };
	uint32_t port;
	size_t length = 0;

	read_spaces(&s, end);
	if (!read_number(&s, end, UINT32_MAX, &item.program) || !read_spaces(&s, end) ||
	    !read_number(&s, end, UINT32_MAX, &item.version) || !read_spaces(&s, end) ||
	    !read_number(&s, end, UINT16_MAX, &port) || s >= end || *s++ != '/')
		return false;
	item.port = (uint16_t)port;
	for (; s < end && isalnum((unsigned char)*s); s++) {
		if (length + 1 >= sizeof(item.protocol))
			return false;
		item.protocol[length++] = (char)tolower((unsigned char)*s);
	}
	/* Shadowserver names the program after the port: "111/udp portmapper". */
	if (read_spaces(&s, end))
		while (s < end && (isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.'))
			s++;
	read_spaces(&s, end);
	if (length == 0 || s != end)
		return false;
	*ret_item = item;
	return true;
}

static bool same_item(const struct portmapper_mail_item *a, const struct portmapper_mail_item *b)
{
	return a->program == b->program && a->version == b->version && a->port == b->port &&
	       strcmp(a->protocol, b->protocol) == 0;
}

size_t portmapper_mail_response_parse(const char *text, struct portmapper_mail_item *items, size_t capacity,
				      size_t *ret_skipped)
{
	size_t count = 0, skipped = 0;

	while (text && *text) {
		const char *end = text + strcspn(text, ";");
		struct portmapper_mail_item item;
		bool known = false;

		if (parse_item(text, end, &item)) {
			for (size_t i = 0; i < count && !known; i++)
				known = same_item(&items[i], &item);
			if (!known && count < capacity)
				items[count++] = item;
			else if (!known)
				skipped++;
		} else if (strspn(text, " \t\r\n") < (size_t)(end - text)) {
			skipped++;
		}
		text = *end ? end + 1 : end;
	}
	if (ret_skipped)
		*ret_skipped = skipped;
	return count;
}


/* The value of column name, or NULL. */
static const char *column(const struct service_column *columns, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (columns[i].name && strcmp(columns[i].name, name) == 0)
			return columns[i].value;
	return NULL;
}

static bool port_text(const char *value, uint16_t *ret_port)
{
	size_t count = strspn(value, "0123456789");

	if (value[0] == '\0') {
		*ret_port = 0;
		return true;
	}
	if (value[count] != '\0' || count > 5 || atoi(value) > PORT_MAX)
		return false;
	*ret_port = (uint16_t)atoi(value);
	return true;
}

static const char *column_invalid(const char *name, const char *value)
{
	uint16_t port;

	return strcmp(name, "mountd_port") == 0 && !port_text(value, &port) ? "a port number" : NULL;
}

void portmapper_mail_row_read(const struct service_column *columns, size_t count, struct portmapper_mail_row *ret_row)
{
	const char *response = column(columns, count, "rpc_response");
	const char *mountd = column(columns, count, "mountd_port");
	const char *exports = column(columns, count, "exports");
	struct portmapper_mail_row *row = ret_row;

	if (!response)
		response = column(columns, count, "programs");
	row->response = response ? response : "";
	if (!mountd || !port_text(mountd, &row->mountd_port))
		row->mountd_port = 0;
	row->exports = exports && *exports ? exports : NULL;
	row->item_count = portmapper_mail_response_parse(row->response, row->items, PORTMAPPER_MAIL_ITEMS_MAX, NULL);
	row->more = row->mountd_port || row->exports;
	for (size_t i = 0; i < row->item_count && !row->more; i++)
		row->more = row->items[i].program != RPC_PORTMAPPER_PROGRAM;
}

static bool row_names_more(const struct service_column *columns, size_t count)
{
	struct portmapper_mail_row row;

	portmapper_mail_row_read(columns, count, &row);
	return row.more;
}

/* "nfs, mountd, nlockmgr, mountd_port 20048, exports /srv": what a row
 * shows reachable besides the portmapper. */
static void reported_services(const struct portmapper_mail_row *row, struct joined *joined)
{
	for (size_t i = 0; i < row->item_count; i++) {
		uint32_t program = row->items[i].program;
		const char *name;
		char number[16];
		bool seen = false;

		if (program == RPC_PORTMAPPER_PROGRAM)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = row->items[j].program == program;
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

/* What fix found registered here: the answer's detail when it is the
 * portmapper's. */
static const struct rpc_summary *registered(const struct service_answer *answer)
{
	return answer && answer->probe == &portmapper_probe ? answer->detail : NULL;
}

/* The programs registered here before the change, but the portmapper. */
static const char *registered_services(const struct rpc_summary *rpc, struct joined *joined, struct prose *prose)
{
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

static bool registered_here(const struct rpc_summary *rpc, uint32_t program)
{
	for (size_t i = 0; rpc && i < rpc->count; i++)
		if (rpc->programs[i].program == program)
			return true;
	return false;
}

/* The reported programs that were not registered here when portguard
 * looked: closing rpcbind's ports does not speak for theirs. */
static const char *missing_services(const struct rpc_summary *rpc, const struct portmapper_mail_item *items,
				    size_t count, struct joined *joined, struct prose *prose)
{
	joined_open(joined);
	for (size_t i = 0; i < count; i++) {
		const struct portmapper_mail_item *item = &items[i];
		const char *name;
		char text[96];

		if (item->program == RPC_PORTMAPPER_PROGRAM || registered_here(rpc, item->program))
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

static void services_here(struct prose *prose, const struct rpc_summary *rpc, const struct portmapper_mail_item *items,
			  size_t count, size_t restricted_ports, const char *services, enum language language)
{
	struct joined joined, missing_list;
	const char *registered_list = registered_services(rpc, &joined, prose);
	const char *missing = missing_services(rpc, items, count, &missing_list, prose);
	bool any = registered_list && *registered_list;

	if (restricted_ports > 1)
		prose_paragraph(prose, 4, IN(language,
			"Ihre Meldung zeigt hier außerdem: %s. Die Regeln gelten deshalb nicht nur für Port 111, sondern auch für die Ports der hier registrierten RPC-Dienste (%s).",
			"Your report also shows here: %s. The rules therefore cover not only port 111 but also the ports of the RPC services registered here (%s)."),
			services, any ? registered_list : "?");
	else if (restricted_ports == 1)
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
			any ? registered_list : "");
	if (missing && *missing)
		prose_paragraph(prose, 4, IN(language,
			"Bei der Änderung hier nicht registriert waren: %s. Prüfen Sie mit „ss -tulpn“, dass auf diesen Ports nichts mehr lauscht.",
			"Not registered here when the change was made: %s. Check with \"ss -tulpn\" that nothing listens on these ports any more."),
			missing);
	joined_free(&missing_list);
	joined_free(&joined);
}

/* The RPC services a row shows besides the portmapper, against what
 * was registered here. */
static void report_row(const struct service_column *columns, size_t column_count, bool here,
		       const struct service_answer *answer, size_t restricted_ports, enum language language,
		       struct prose *prose)
{
	struct portmapper_mail_row row;
	struct joined joined;
	const char *services;

	portmapper_mail_row_read(columns, column_count, &row);
	if (!row.more)
		return;
	joined_open(&joined);
	reported_services(&row, &joined);
	services = joined_close(&joined, prose);
	if (services && *services && here)
		services_here(prose, registered(answer), row.items, row.item_count, restricted_ports, services, language);
	else if (services && *services)
		prose_paragraph(prose, 4, IN(language,
			"Die Meldung zeigt dort außerdem: %s. Diese Dienste sind auf dem betreffenden Server ebenfalls zu schließen; „portguard fix --all-rpc“ schränkt auch ihre Ports ein.",
			"The report also shows there: %s. These services need closing on that server too; \"portguard fix --all-rpc\" restricts their ports as well."),
			services);
	joined_free(&joined);
}

static const char *const report_types[] = { "scan_portmapper", NULL };
static const char *const report_titles[] = { "Open Portmapper", NULL };
static const char *const names[] = { "Portmapper", "rpcbind", NULL };
static const char *const columns[] = { "rpc_response", "programs", "mountd_port", "exports", NULL };

const struct service_mail portmapper_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
	.column_invalid = column_invalid,
	.columns_to_json = portmapper_mail_columns_json,
	.columns_from_json = portmapper_mail_columns_from_json,
	.row_names_more = row_names_more,
	.report_row = report_row,
};
