/* The provider's abuse mail (or its bare CSV part): the rows under the
 * header "asn","ip","timestamp","rpc_response". Pure and safe against any
 * bytes; the file comes from outside. */
#ifndef PORTGUARD_ABUSE_H
#define PORTGUARD_ABUSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct address_list;

#define ABUSE_FILE_MAX (1024 * 1024)	/* a mail, not a mailbox */
#define ABUSE_ROWS_MAX 1000
#define ABUSE_COLUMNS_MAX 32
#define ABUSE_FIELD_MAX 16384		/* rpc_response of a busy portmapper */
#define ABUSE_ASN_MAX 11		/* 4294967295 */
#define ABUSE_TIMESTAMP_MAX 64
#define ABUSE_MESSAGE_MAX 512

struct abuse_row {
	char asn[ABUSE_ASN_MAX];	/* digits, "" when the row left it empty */
	struct ip_address ip;		/* IPv4-mapped IPv6 is stored as IPv4 */
	char timestamp[ABUSE_TIMESTAMP_MAX];	/* as reported, not interpreted */
	char *rpc_response;		/* as reported, line breaks folded to spaces */
	size_t line;			/* 1-based line where the row starts */
};

struct abuse_report {
	char *file;			/* path given to abuse_report_read, else NULL */
	struct abuse_row *rows;		/* distinct rows in the order found */
	size_t count;
};

/* Why a file was refused: "<cause>; <what to do>", ready to follow
 * "portguard: ". */
struct abuse_error {
	char message[ABUSE_MESSAGE_MAX];
};

/* Finds every header line (fields quoted or not, in any order, more
 * columns allowed, leading white space or mail quoting "> " tolerated)
 * and reads the rows under it until a blank line or a line that does not
 * start like a row. Quoted fields may hold commas, ';', doubled quotes
 * and line breaks (a mailer's wrapping). A mail in quoted-printable is
 * decoded first. name is used in messages only.
 * Returns 0; -EFBIG over ABUSE_FILE_MAX, -ENODATA without rows,
 * -EBADMSG for a malformed row, -EMSGSIZE for an overlong field, -E2BIG
 * over ABUSE_ROWS_MAX rows, -ENOMEM. On error *ret_error says why. */
int abuse_report_parse(const char *text, size_t length, const char *name,
		       struct abuse_report *ret_report, struct abuse_error *ret_error);

/* Reads and parses path (at most ABUSE_FILE_MAX bytes). Also -errno of
 * open or read, explained in *ret_error. */
int abuse_report_read(const char *path, struct abuse_report *ret_report, struct abuse_error *ret_error);
void abuse_report_free(struct abuse_report *report);

#define ABUSE_PROTOCOL_MAX 8
#define ABUSE_RPC_ITEMS_MAX 256

/* One entry of rpc_response: "100024 1 47632/udp". */
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

/* The record's "abuse_report" value: { "file", "rows": [ { "asn", "ip",
 * "timestamp", "rpc_response", "programs": [ {program, version, port,
 * protocol} ], "on_this_host" } ] }, on_this_host from local. Returns
 * NULL when out of memory. */
json_t *abuse_report_json(const struct abuse_report *report, const struct address_list *local);

#endif
