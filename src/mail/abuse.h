/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The abuse mail, or its bare CSV part: CERT-Bund's rows under
 * "asn","ip","timestamp",<the service's column>, Shadowserver's scan_*
 * CSVs, in a mail as it arrives (MIME attachments, quoted-printable,
 * charsets, forwards quoted with "> "). Which service a report is about
 * comes from the services' mail descriptors (struct service_mail), so
 * nothing here knows one service's columns. Pure and safe against any
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
#include "services/service.h"

struct address_list;

#define ABUSE_FILE_MAX (1024 * 1024)	/* a mail, not a mailbox */
#define ABUSE_ROWS_MAX 1000
#define ABUSE_SOURCES_MAX 32
#define ABUSE_COLUMNS_MAX 64
#define ABUSE_FIELD_MAX 16384		/* rpc_response of a busy portmapper */
#define ABUSE_COLUMN_NAME_MAX 32
#define ABUSE_NUMBER_MAX 24		/* response_size, amplification */
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
	const struct service *service;	/* what its rows are about; NULL only from abuse_report_list */
	char report_type[ABUSE_COLUMN_NAME_MAX];	/* Shadowserver's "scan_mdns", "" when not named */
};

struct abuse_row {
	char asn[ABUSE_ASN_MAX];	/* digits, "" when the row left it empty */
	struct ip_address ip;		/* IPv4-mapped IPv6 is stored as IPv4 */
	char timestamp[ABUSE_TIMESTAMP_MAX];	/* as reported, not interpreted */
	char protocol[ABUSE_PROTOCOL_MAX];	/* Shadowserver's protocol, "" when not given */
	uint16_t port;			/* Shadowserver's port, 0 when not given */
	char response_size[ABUSE_NUMBER_MAX];	/* Shadowserver's, digits, "" when not given */
	char amplification[ABUSE_NUMBER_MAX];	/* Shadowserver's, a decimal, "" when not given */
	const struct service *service;	/* what the row is about: its source's (NULL: unknown, abuse_report_list) */
	/* The service's own columns, in the header's order, at most
	 * ABUSE_COLUMNS_MAX, names shorter than ABUSE_COLUMN_NAME_MAX. */
	struct service_column *columns;
	size_t column_count;
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
 * one more known column required, the others kept as the service's
 * own (at most ABUSE_COLUMNS_MAX), leading white
 * space or mail quoting "> " tolerated — and the rows under it until a
 * blank line or a line that does not look like a row; after a blank
 * line, rows may go on. A line that looks like a row (it opens with a
 * quote, starts with an address or a number, or has the header's field
 * count) must read as one. Quoted fields may hold commas, ';', doubled
 * quotes and line breaks (a mailer's wrapping). name is used in
 * messages only.
 * The service of a header's rows is told, in this order, by
 * Shadowserver's report type (the attachment's file name
 * "YYYY-MM-DD-<type>-<id>.csv", the subject, the text above the
 * header), by a subject or text naming it (service_mail.names), by the
 * columns only its rows carry; a report that says none of this is the
 * portmapper's, as every mail of 0.1 and 0.2 was.
 * Returns 0; -EFBIG over ABUSE_FILE_MAX, -ENODATA without rows,
 * -EBADMSG for a malformed row, -EMSGSIZE for an overlong field, -E2BIG
 * over ABUSE_ROWS_MAX rows, -EPROTONOSUPPORT for a report type no
 * service has or a header with columns of two services, -ENOMEM. On
 * error *ret_error says why. */
int abuse_report_parse(const char *text, size_t length, const char *name,
		       struct abuse_report *ret_report, struct error_record *ret_error);

/* Reads and parses path (at most ABUSE_FILE_MAX bytes). Also -errno of
 * open or read, explained in *ret_error. */
int abuse_report_read(const char *path, struct abuse_report *ret_report, struct error_record *ret_error);
/* As abuse_report_read, for listing the report (abuse-report): the
 * rows of a Shadowserver report type no service has are kept, their
 * service and their source's NULL, instead of refusing the file. */
int abuse_report_list(const char *path, struct abuse_report *ret_report, struct error_record *ret_error);
void abuse_report_free(struct abuse_report *report);
const char *abuse_reporter_name(enum abuse_reporter reporter);

/* The value of the row's column name, NULL when it has none. */
const char *abuse_row_column(const struct abuse_row *row, const char *name);

/* The value of column name among count columns, NULL when none is. */
const char *abuse_columns_value(const struct service_column *columns, size_t count, const char *name);
/* Copies count columns into *ret_columns, NULL when count is 0.
 * Returns 0 or -ENOMEM. */
int abuse_columns_copy(const struct service_column *columns, size_t count, struct service_column **ret_columns);
void abuse_columns_free(struct service_column *columns, size_t count);

/* Whether the row shows more of its service reachable than its port
 * (the portmapper's RPC services: service_mail.row_names_more). */
bool abuse_row_names_more(const struct abuse_row *row);
/* Whether a row on one of local's addresses does, of service. */
bool abuse_report_names_more(const struct abuse_report *report, const struct address_list *local,
			     const struct service *service);

/* The services that rows on local's addresses (any address when local
 * is NULL) are about, each once, in the table's order, at most max into
 * services; returns how many. */
size_t abuse_report_services(const struct abuse_report *report, const struct address_list *local,
			     const struct service **services, size_t max);

/* The services fix acts on for report: the ones the mail names on
 * local's addresses (on any address when none of its rows is on
 * them), in the table's order; when the user named services
 * (given_by_user), those of them the mail names; when the mail names
 * none, given. At most SERVICES_MAX into ret_services. Returns 0;
 * -EXDEV when the mail is only about other services than the ones the
 * user named; *ret_error says which and what to run. */
int abuse_report_pick_services(const struct abuse_report *report, const struct address_list *local,
			       const struct service *const *given, size_t given_count, bool given_by_user,
			       const struct service **ret_services, size_t *ret_count, struct error_record *ret_error);

/* The abuse report as the fix record keeps it: what the report needs
 * of the parsed mail, with each row checked against this host. Read
 * back leniently from records of any version (damaged or older ones
 * lack values), so every value may be absent. */
struct abuse_record_source {
	char *reporter, *reference, *date, *subject, *attachment, *header;	/* NULL when absent */
	bool has_line;
	size_t line;
	char *service, *report_type;	/* NULL when absent: records before 0.3, the portmapper's */
};

struct abuse_record_row {
	char *asn, *ip, *timestamp, *raw;	/* NULL when absent */
	char *service;			/* NULL when absent: records before 0.3, the portmapper's */
	/* The service's own columns as the mail gave them (CERT-Bund's
	 * rpc_response, Shadowserver's community), or as its serialiser
	 * read them back from the record (service_mail.columns_from_json:
	 * the portmapper's "rpc_response", "mountd_port" and "exports").
	 * At most ABUSE_COLUMNS_MAX. */
	struct service_column *columns;
	size_t column_count;
	/* false: a damaged or older record kept none of the service's keys,
	 * and none are written back; a row from a mail always has them. */
	bool has_columns;
	bool has_on_this_host;		/* false: not checked against the host's addresses */
	bool on_this_host;
	bool has_report;		/* which source, in records since sources are kept */
	size_t report;
	char *protocol;			/* NULL when the row lacks it */
	uint16_t port;			/* 0 when the row lacks it */
	bool has_response_size;
	uint64_t response_size;
	char *amplification;		/* as the row gives it, NULL when absent */
};

struct abuse_record {
	char *file;
	struct abuse_record_source *sources;
	size_t source_count;
	struct abuse_record_row *rows;
	size_t row_count;
	bool all_rpc_implied;		/* fix widened to --all-rpc because of it */
};

/* The service a record's row or source is about: the table's entry of
 * that name, the portmapper when the record names none (0.1, 0.2);
 * NULL when it names one this version does not know. */
const struct service *abuse_record_service(const char *name);

/* The record form of report, on_this_host from local. 0 or -ENOMEM. */
int abuse_record_from_report(const struct abuse_report *report, const struct address_list *local,
			     struct abuse_record *ret_record);
void abuse_record_free(struct abuse_record *record);
/* The record's "abuse_report" value: { "file", "reports": [ {
 * "reporter", "reference", "date", "subject", "attachment", "header",
 * "line", "service", "report_type" } ], "rows": [ { "asn", "ip",
 * "timestamp", "service", the service's keys (service_mail.columns_to_json,
 * else "columns": { name: value }), "raw", "report",
 * "on_this_host", "protocol", "port", "response_size", "amplification"
 * } ], "all_rpc_implied" }; absent values are left out.
 * Returns NULL when out of memory. */
json_t *abuse_record_to_json(const struct abuse_record *record);
/* Reads it back leniently: whatever is missing or mistyped stays
 * absent. Returns 0 or -ENOMEM. */
int abuse_record_from_json(const json_t *json, struct abuse_record *ret_record);
/* abuse_record_from_report and abuse_record_to_json at once. */
json_t *abuse_report_json(const struct abuse_report *report, const struct address_list *local);

#endif
