/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The abuse mail, or its bare CSV part: CERT-Bund's rows under
 * "asn","ip","timestamp","rpc_response", Shadowserver's scan_portmapper
 * CSV, in a mail as it arrives (MIME attachments, quoted-printable,
 * charsets, forwards quoted with "> "). Pure and safe against any
 * bytes; the file comes from outside. */
#ifndef PORTGUARD_ABUSE_H
#define PORTGUARD_ABUSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error_record.h"
#include "mail/mail.h"
#include "model/model.h"

struct address_list;

#define ABUSE_FILE_MAX (1024 * 1024)	/* a mail, not a mailbox */
#define ABUSE_ROWS_MAX 1000
#define ABUSE_SOURCES_MAX 32
#define ABUSE_COLUMNS_MAX 64
#define ABUSE_FIELD_MAX 16384		/* rpc_response of a busy portmapper */
#define ABUSE_ASN_MAX 11		/* 4294967295 */
#define ABUSE_TIMESTAMP_MAX 64
#define ABUSE_PROTOCOL_MAX 8
#define ABUSE_REFERENCE_MAX 64
#define ABUSE_MESSAGE_MAX 512		/* the error line, where it was ever cut */

enum abuse_reporter { ABUSE_REPORTER_UNKNOWN, ABUSE_REPORTER_CERT_BUND, ABUSE_REPORTER_SHADOWSERVER };

/* One report in the mail: a CSV header and the rows under it. */
struct abuse_source {
	enum abuse_reporter reporter;
	char *header;			/* the header line as received, mail quoting removed */
	char reference[ABUSE_REFERENCE_MAX];	/* "CB-Report#20261124-10012345", "" when none */
	char date[MAIL_DATE_MAX];	/* as the mail or file name gives it, "" when neither does */
	char subject[MAIL_SUBJECT_MAX];	/* of the message that carried it, "" when unknown */
	char attachment[MAIL_NAME_MAX];	/* its file name, "" when in a mail's text */
	size_t line;			/* of the header, in the file or the attachment */
};

struct abuse_row {
	char asn[ABUSE_ASN_MAX];	/* digits, "" when the row left it empty */
	struct ip_address ip;		/* IPv4-mapped IPv6 is stored as IPv4 */
	char timestamp[ABUSE_TIMESTAMP_MAX];	/* as reported, not interpreted */
	char *rpc_response;		/* rpc_response, or Shadowserver's programs; line breaks folded */
	char protocol[ABUSE_PROTOCOL_MAX];	/* Shadowserver's protocol, "" when not given */
	uint16_t port;			/* Shadowserver's port, 0 when not given */
	uint16_t mountd_port;		/* Shadowserver's mountd_port, 0 when not given */
	char *exports;			/* Shadowserver's exports, NULL when not given or empty */
	char *raw;			/* the row as received, lines joined by "\n", mail quoting removed */
	size_t source;			/* index into sources */
	size_t line;			/* 1-based line where the row starts */
};

struct abuse_report {
	char *file;			/* path given to abuse_report_read, else NULL */
	struct abuse_row *rows;		/* distinct rows in the order found */
	size_t count;
	struct abuse_source *sources;	/* the reports that gave rows */
	size_t source_count;
};

/* Reads every text part of the mail (mail.h) and in it every CSV header
 * line — fields quoted or not, columns by name in any order, "ip" and
 * one more known column required, unknown ones ignored, leading white
 * space or mail quoting "> " tolerated — and the rows under it until a
 * blank line or a line that does not look like a row; after a blank
 * line, rows may go on. A line that looks like a row (it opens with a
 * quote, starts with an address or a number, or has the header's field
 * count) must read as one. Quoted fields may hold commas, ';', doubled
 * quotes and line breaks (a mailer's wrapping). name is used in
 * messages only.
 * Returns 0; -EFBIG over ABUSE_FILE_MAX, -ENODATA without rows,
 * -EBADMSG for a malformed row, -EMSGSIZE for an overlong field, -E2BIG
 * over ABUSE_ROWS_MAX rows, -ENOMEM. On error *ret_error says why. */
int abuse_report_parse(const char *text, size_t length, const char *name,
		       struct abuse_report *ret_report, struct error_record *ret_error);

/* Reads and parses path (at most ABUSE_FILE_MAX bytes). Also -errno of
 * open or read, explained in *ret_error. */
int abuse_report_read(const char *path, struct abuse_report *ret_report, struct error_record *ret_error);
void abuse_report_free(struct abuse_report *report);
const char *abuse_reporter_name(enum abuse_reporter reporter);

#define ABUSE_RPC_ITEMS_MAX 256

/* One entry of rpc_response: "100024 1 47632/udp", or Shadowserver's
 * "100024 1 47632/udp status". */
struct abuse_rpc_item {
	uint32_t program;
	uint32_t version;
	uint16_t port;
	char protocol[ABUSE_PROTOCOL_MAX];	/* "udp", "tcp", "udp6", ... */
};

/* Splits rpc_response ("100000 4 111/udp; 100024 1 47632/udp;") into
 * distinct items in order of appearance, at most capacity. Pieces that do
 * not read as "program version port/protocol", and items beyond capacity,
 * are counted in *ret_skipped (may be NULL). Returns the item count. */
size_t abuse_rpc_response_parse(const char *text, struct abuse_rpc_item *items, size_t capacity,
				size_t *ret_skipped);

/* The RPC services beyond the portmapper itself that the row says are
 * reachable: programs other than 100000 in rpc_response, a mountd_port
 * or exports. Their ports are open to the scanner too. */
bool abuse_row_names_rpc_services(const struct abuse_row *row);
/* Whether a row on one of local's addresses names such services. */
bool abuse_report_names_rpc_services(const struct abuse_report *report, const struct address_list *local);

/* The abuse report as the fix record keeps it: what the report needs
 * of the parsed mail, with each row checked against this host. Read
 * back leniently from records of any version (damaged or older ones
 * lack values), so every value may be absent. */
struct abuse_record_source {
	char *reporter, *reference, *date, *subject, *attachment, *header;	/* NULL when absent */
	bool has_line;
	size_t line;
};

struct abuse_record_row {
	char *asn, *ip, *timestamp, *rpc_response, *raw;	/* NULL when absent */
	struct abuse_rpc_item *programs;
	size_t program_count;
	bool rpc_services;
	bool has_on_this_host;		/* false: not checked against the host's addresses */
	bool on_this_host;
	bool has_report;		/* which source, in records since sources are kept */
	size_t report;
	char *protocol;			/* NULL when the row lacks it */
	uint16_t port;			/* 0 when the row lacks it */
	uint16_t mountd_port;
	char *exports;
};

struct abuse_record {
	char *file;
	struct abuse_record_source *sources;
	size_t source_count;
	struct abuse_record_row *rows;
	size_t row_count;
	bool all_rpc_implied;		/* fix widened to --all-rpc because of it */
};

/* The record form of report, on_this_host from local. 0 or -ENOMEM. */
int abuse_record_from_report(const struct abuse_report *report, const struct address_list *local,
			     struct abuse_record *ret_record);
void abuse_record_free(struct abuse_record *record);
/* The record's "abuse_report" value: { "file", "reports": [ {
 * "reporter", "reference", "date", "subject", "attachment", "header",
 * "line" } ], "rows": [ { "asn", "ip", "timestamp", "rpc_response",
 * "programs": [ {program, version, port, protocol} ], "rpc_services",
 * "raw", "report", "on_this_host", "protocol", "port", "mountd_port",
 * "exports" } ], "all_rpc_implied" }; absent values are left out.
 * Returns NULL when out of memory. */
json_t *abuse_record_to_json(const struct abuse_record *record);
/* Reads it back leniently: whatever is missing or mistyped stays
 * absent. Returns 0 or -ENOMEM. */
int abuse_record_from_json(const json_t *json, struct abuse_record *ret_record);
/* abuse_record_from_report and abuse_record_to_json at once. */
json_t *abuse_report_json(const struct abuse_report *report, const struct address_list *local);

#endif
