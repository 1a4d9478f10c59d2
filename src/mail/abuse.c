/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The abuse mail's CSV rows. Mails arrive forwarded, quoted ("> "),
 * re-wrapped, with CRLF, as MIME attachments (mail.c takes those apart),
 * so the reader is lenient about where the rows sit but strict about a
 * line once it looks like a row: a reported address must never be
 * dropped without a word. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/grow.h"
#include "base/safe_file.h"
#include "mail/abuse.h"
#include "mail/mail_text.h"
#include "model/cidr.h"

#define WHAT_TO_PASS "pass the provider's mail or its CSV part"
#define EXPECTED_HEADER "a header with an \"ip\" column (CERT-Bund's \"asn\",\"ip\",\"timestamp\",... " \
	"or Shadowserver's scan_* CSVs)"
#define HEADER_NAME_MAX ABUSE_COLUMN_NAME_MAX
#define NO_SOURCE SIZE_MAX

/* The columns every report has; the rest are the service's own
 * (COLUMN_SERVICE), told apart by its mail descriptor. */
enum column {
	COLUMN_ASN, COLUMN_IP, COLUMN_TIMESTAMP, COLUMN_PROTOCOL, COLUMN_PORT, COLUMN_RESPONSE_SIZE,
	COLUMN_AMPLIFICATION, COLUMN_KNOWN, COLUMN_SERVICE,
};

/* Shadowserver's columns that every scan_* report has before the
 * service's own (COLUMN_KNOWN: not kept). */
static const struct {
	const char *name;
	enum column column;
} columns[] = {
	{ "asn", COLUMN_ASN }, { "ip", COLUMN_IP }, { "timestamp", COLUMN_TIMESTAMP },
	{ "protocol", COLUMN_PROTOCOL }, { "port", COLUMN_PORT }, { "response_size", COLUMN_RESPONSE_SIZE },
	{ "amplification", COLUMN_AMPLIFICATION },
	{ "severity", COLUMN_KNOWN }, { "hostname", COLUMN_KNOWN }, { "tag", COLUMN_KNOWN }, { "geo", COLUMN_KNOWN },
	{ "region", COLUMN_KNOWN }, { "city", COLUMN_KNOWN }, { "naics", COLUMN_KNOWN }, { "sic", COLUMN_KNOWN },
	{ "sector", COLUMN_KNOWN }, { "hostname_source", COLUMN_KNOWN },
};

struct header {
	size_t count;
	enum column columns[ABUSE_COLUMNS_MAX];
	char names[ABUSE_COLUMNS_MAX][HEADER_NAME_MAX + 1];	/* in lower case */
	enum abuse_reporter reporter;
	const struct service *service;		/* told by the header's columns alone, NULL when they do not */
	const struct service *other;		/* a second service its columns name, NULL when none */
	char report_type[HEADER_NAME_MAX];	/* Shadowserver's, "" when not named */
	size_t start, end;			/* the line in the part, prefix removed */
	size_t line;
	size_t source;				/* NO_SOURCE until a row of it is kept */
};

struct parser {
	const struct mail_part *part;
	const char *text;
	size_t length;
	size_t position;
	size_t line;			/* of position, 1-based within the part */
	const char *name;
	struct error_record *error;
	struct abuse_report report;
	size_t rows_capacity, sources_capacity;
	size_t header_line;		/* of the last header seen, 0 when none */
	size_t section_start;		/* where the text about the next header begins */
	char field[ABUSE_FIELD_MAX + 1];
	size_t field_length;
	bool keep_unknown;		/* abuse_report_list: a report type no service has is kept */
};

static size_t file_line(const struct parser *parser, size_t line)
{
	return parser->part->first_line ? parser->part->first_line - 1 + line : line;
}

/* A message that names the file itself. */
static int fail(struct parser *parser, int error, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *parser, int error, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	error_record_setv(parser->error, NULL, 0, format, arguments);
	va_end(arguments);
	return error;
}

/* At a line of the part being read: of the file when the part's lines
 * are the file's, else of the decoded part. */
static int fail_at(struct parser *parser, int error, size_t line, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_at(struct parser *parser, int error, size_t line, const char *format, ...)
{
	const struct mail_part *part = parser->part;
	va_list arguments;

	va_start(arguments, format);
	error_record_setv(parser->error, parser->name, (unsigned int)file_line(parser, line), format, arguments);
	va_end(arguments);
	if (part->first_line)
		error_record_in_mail(parser->error, NULL, 0);
	else
		error_record_in_mail(parser->error, part->name, part->number);
	return error;
}

/* A value from the file, shortened and made printable for a message. */
static const char *shown(const char *value, char *buffer, size_t size)
{
	size_t i = 0;

	for (; value[i] && i + 4 < size; i++)
		buffer[i] = isprint((unsigned char)value[i]) ? value[i] : '?';
	strcpy(buffer + i, value[i] ? "..." : "");
	return buffer;
}

static size_t line_break_at(const struct parser *parser, size_t position)
{
	if (position >= parser->length)
		return 0;
	if (parser->text[position] == '\n')
		return 1;
	if (parser->text[position] == '\r')
		return position + 1 < parser->length && parser->text[position + 1] == '\n' ? 2 : 1;
	return 0;
}

static bool at_line_end(const struct parser *parser)
{
	return parser->position >= parser->length || line_break_at(parser, parser->position) > 0;
}

static void next_line(struct parser *parser)
{
	while (parser->position < parser->length) {
		size_t line_break = line_break_at(parser, parser->position);

		if (line_break) {
			parser->position += line_break;
			parser->line++;
			return;
		}
		parser->position++;
	}
}

static void skip_blanks(struct parser *parser)
{
	while (parser->position < parser->length &&
	       (parser->text[parser->position] == ' ' || parser->text[parser->position] == '\t'))
		parser->position++;
}

/* Leading white space and mail quoting ("> > "). */
static void skip_line_prefix(struct parser *parser)
{
	while (parser->position < parser->length) {
		char c = parser->text[parser->position];

		if (c != '>' && c != ' ' && c != '\t')
			break;
		parser->position++;
	}
}

static int field_append(struct parser *parser, char c, size_t limit)
{
	if (c == '\t')
		c = ' ';
	if (parser->field_length >= limit)
		return -EMSGSIZE;
	parser->field[parser->field_length++] = c;
	return 0;
}

/* One field into parser->field; stops at the ',' or line end after it.
 * Quoted fields may span lines unless single_line; a line break in them
 * becomes one space, dropping the next line's indentation and quoting. */
static int read_field(struct parser *parser, bool single_line, size_t limit)
{
	const char *text = parser->text;
	int r;

	parser->field_length = 0;
	skip_blanks(parser);
	if (parser->position < parser->length && text[parser->position] == '"') {
		parser->position++;
		for (;;) {
			size_t line_break = line_break_at(parser, parser->position);

			if (parser->position >= parser->length)
				return -EBADMSG;
			if (line_break) {
				if (single_line)
					return -EBADMSG;
				parser->position += line_break;
				parser->line++;
				skip_line_prefix(parser);
				if (parser->field_length && parser->field[parser->field_length - 1] != ' ' &&
				    (r = field_append(parser, ' ', limit)) < 0)
					return r;
				continue;
			}
			if (text[parser->position] == '"') {
				if (parser->position + 1 < parser->length && text[parser->position + 1] == '"') {
					parser->position += 2;
					if ((r = field_append(parser, '"', limit)) < 0)
						return r;
					continue;
				}
				parser->position++;
				break;
			}
			if ((r = field_append(parser, text[parser->position++], limit)) < 0)
				return r;
		}
		skip_blanks(parser);
		if (!at_line_end(parser) && text[parser->position] != ',')
			return -EPROTO;	/* text after the closing quote */
	} else {
		while (!at_line_end(parser) && text[parser->position] != ',')
			if ((r = field_append(parser, text[parser->position++], limit)) < 0)
				return r;
		while (parser->field_length && parser->field[parser->field_length - 1] == ' ')
			parser->field_length--;
	}
	parser->field[parser->field_length] = '\0';
	return 0;
}

static enum column column_of(const char *name)
{
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		if (strcmp(name, columns[i].name) == 0)
			return columns[i].column;
	return COLUMN_SERVICE;
}

static bool listed(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcasecmp(*list, name) == 0)
			return true;
	return false;
}

/* The service whose rows alone carry column name (report_type false),
 * or whose report type name is; NULL when none. */
static const struct service *service_listing(const char *name, bool report_type)
{
	for (size_t i = 0; i < service_count(); i++) {
		const struct service *service = service_at(i);

		if (service->mail && listed(report_type ? service->mail->report_types : service->mail->columns, name))
			return service;
	}
	return NULL;
}

static bool name_like(const char *field)
{
	if (!*field)
		return false;
	for (; *field; field++)
		if (!isalnum((unsigned char)*field) && !strchr("_-. ", *field))
			return false;
	return true;
}

/* At a line start: a header line is consumed and described in
 * *ret_header; anything else leaves the position where it was. A header
 * names "ip" and one more column portguard knows, each at most once. */
static bool read_header(struct parser *parser, struct header *ret_header)
{
	size_t start = parser->position, start_line = parser->line;
	struct header header = { .source = NO_SOURCE, .line = start_line };
	unsigned int seen = 0;
	bool shadowserver = false, own = false, any_own = false;

	skip_line_prefix(parser);
	header.start = parser->position;
	while (!at_line_end(parser) && header.count < ABUSE_COLUMNS_MAX) {
		enum column column;
		const struct service *service;
		char *name = header.names[header.count];
		bool twice = false;

		if (read_field(parser, true, HEADER_NAME_MAX) < 0 || !name_like(parser->field))
			break;
		for (size_t i = 0; i <= parser->field_length; i++)
			name[i] = (char)tolower((unsigned char)parser->field[i]);
		column = column_of(name);
		for (size_t i = 0; i < header.count && !twice; i++)
			twice = strcmp(header.names[i], name) == 0;
		if (twice)
			break;
		if (column < COLUMN_KNOWN)
			seen |= 1u << column;
		if (column == COLUMN_KNOWN || column == COLUMN_PROTOCOL || column == COLUMN_PORT ||
		    column == COLUMN_RESPONSE_SIZE || column == COLUMN_AMPLIFICATION)
			shadowserver = true;
		service = column == COLUMN_SERVICE ? service_listing(name, false) : NULL;
		any_own |= column == COLUMN_SERVICE;
		/* Shadowserver's programs is CERT-Bund's rpc_response by another name. */
		if (strcmp(name, "programs") == 0)
			shadowserver = true;
		if (service && !header.service)
			header.service = service;
		else if (service && service != header.service)
			header.other = service;
		own |= service != NULL;
		header.columns[header.count++] = column;
		if (at_line_end(parser)) {
			if (!(seen & (1u << COLUMN_IP)) || ((seen & ~(1u << COLUMN_IP)) == 0 && !own))
				break;
			header.end = parser->position;
			header.reporter = shadowserver ? ABUSE_REPORTER_SHADOWSERVER
				: any_own ? ABUSE_REPORTER_CERT_BUND : ABUSE_REPORTER_UNKNOWN;
			next_line(parser);
			parser->header_line = file_line(parser, start_line);
			*ret_header = header;
			return true;
		}
		parser->position++;	/* the ',' */
	}
	parser->position = start;
	parser->line = start_line;
	return false;
}

static int bad_value(struct parser *parser, size_t line, const char *value, const char *column, const char *what)
{
	char buffer[48];

	return fail_at(parser, -EBADMSG, line, "'%s' in column %s is not %s; %s", shown(value, buffer, sizeof(buffer)),
		       column, what, WHAT_TO_PASS " unchanged");
}

static int parse_asn(struct parser *parser, const char *value, size_t line, struct abuse_row *row)
{
	const char *digits = strncasecmp(value, "AS", 2) == 0 ? value + 2 : value;
	size_t count = strspn(digits, "0123456789");

	if (digits[count] == '\0' && count < ABUSE_ASN_MAX &&
	    (count < 10 || strcmp(digits, "4294967295") <= 0)) {
		memcpy(row->asn, digits, count + 1);
		return 0;
	}
	return bad_value(parser, line, value, "asn", "an AS number");
}

static int parse_ip(struct parser *parser, const char *value, size_t line, struct abuse_row *row)
{
	size_t length = strlen(value);
	char text[64];

	if (length >= 2 && value[0] == '[' && value[length - 1] == ']')
		value++, length -= 2;
	if (length < sizeof(text)) {
		memcpy(text, value, length);
		text[length] = '\0';
		if (ip_address_parse(text, &row->ip) == 0) {
			static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

			if (row->ip.family == AF_INET6 && memcmp(row->ip.bytes, mapped, 12) == 0) {
				row->ip.family = AF_INET;
				memmove(row->ip.bytes, row->ip.bytes + 12, 4);
				memset(row->ip.bytes + 4, 0, 12);
			}
			return 0;
		}
	}
	return bad_value(parser, line, parser->field, "ip", "an IP address");
}

static int parse_port(struct parser *parser, const char *value, size_t line, const char *column, uint16_t *ret_port)
{
	size_t count = strspn(value, "0123456789");

	if (value[0] == '\0') {
		*ret_port = 0;
		return 0;
	}
	if (value[count] == '\0' && count <= 5 && atoi(value) <= UINT16_MAX) {
		*ret_port = (uint16_t)atoi(value);
		return 0;
	}
	return bad_value(parser, line, value, column, "a port number");
}

static int number_value(struct parser *parser, size_t line, const char *name, bool decimal, char *buffer)
{
	size_t digits = strspn(parser->field, "0123456789");
	const char *rest = parser->field + digits;

	if (decimal && *rest == '.' && digits)
		rest += 1 + strspn(rest + 1, "0123456789");
	if (*rest != '\0' || parser->field_length >= ABUSE_NUMBER_MAX)
		return bad_value(parser, line, parser->field, name, decimal ? "a number" : "a count of bytes");
	memcpy(buffer, parser->field, parser->field_length + 1);
	return 0;
}

/* One of the service's own columns: kept by name, checked by the
 * service where it reads the value. */
static int store_own(struct parser *parser, const struct header *header, const char *name, size_t line,
		     struct abuse_row *row)
{
	const struct service_mail *mail = header->service ? header->service->mail : NULL;
	const char *what = mail && mail->column_invalid ? mail->column_invalid(name, parser->field) : NULL;
	struct service_column *column;

	if (what)
		return bad_value(parser, line, parser->field, name, what);
	if (!row->columns) {
		row->columns = calloc(ABUSE_COLUMNS_MAX, sizeof(*row->columns));
		if (!row->columns)
			return fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	}
	column = &row->columns[row->column_count];
	column->name = strndup(name, ABUSE_COLUMN_NAME_MAX - 1);	/* bounded as the header reads it */
	column->value = strdup(parser->field);
	if (!column->name || !column->value) {
		free(column->name);
		free(column->value);
		*column = (struct service_column){ 0 };
		return fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	}
	row->column_count++;
	return 0;
}

static int store_field(struct parser *parser, const struct header *header, enum column column, const char *name,
		       size_t line, struct abuse_row *row)
{
	if (column == COLUMN_KNOWN)
		return 0;
	if (!mail_text_printable(parser->field, parser->field_length))
		return fail_at(parser, -EBADMSG, line, "the field in %s holds control characters or is not UTF-8; %s",
			       name, WHAT_TO_PASS " unchanged");
	switch (column) {
	case COLUMN_ASN:
		return parse_asn(parser, parser->field, line, row);
	case COLUMN_IP:
		return parse_ip(parser, parser->field, line, row);
	case COLUMN_TIMESTAMP:
		memcpy(row->timestamp, parser->field, parser->field_length + 1);
		return 0;
	case COLUMN_PROTOCOL:
		if (parser->field_length >= ABUSE_PROTOCOL_MAX || strspn(parser->field,
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != parser->field_length)
			return bad_value(parser, line, parser->field, name, "a protocol");
		for (size_t i = 0; i <= parser->field_length; i++)
			row->protocol[i] = (char)tolower((unsigned char)parser->field[i]);
		return 0;
	case COLUMN_PORT:
		return parse_port(parser, parser->field, line, name, &row->port);
	case COLUMN_RESPONSE_SIZE:
		return number_value(parser, line, name, false, row->response_size);
	case COLUMN_AMPLIFICATION:
		return number_value(parser, line, name, true, row->amplification);
	default:
		return store_own(parser, header, name, line, row);
	}
}

static void row_free(struct abuse_row *row)
{
	abuse_columns_free(row->columns, row->column_count);
	free(row->raw);
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_columns(const struct abuse_row *a, const struct abuse_row *b)
{
	if (a->column_count != b->column_count)
		return false;
	for (size_t i = 0; i < a->column_count; i++)
		if (strcmp(a->columns[i].name, b->columns[i].name) != 0 ||
		    !same_text(a->columns[i].value, b->columns[i].value))
			return false;
	return true;
}

static bool same_row(const struct abuse_row *a, const struct abuse_row *b)
{
	return a->ip.family == b->ip.family && memcmp(a->ip.bytes, b->ip.bytes, 16) == 0 &&
	       strcmp(a->asn, b->asn) == 0 && strcmp(a->timestamp, b->timestamp) == 0 &&
	       strcmp(a->protocol, b->protocol) == 0 && a->port == b->port && a->service == b->service &&
	       strcmp(a->response_size, b->response_size) == 0 && strcmp(a->amplification, b->amplification) == 0 &&
	       same_columns(a, b);
}

static int add_source(struct parser *parser, struct header *header)
{
	static const char *const date_labels[] = { "Date:", "Datum:", "Sent:", "Gesendet:", NULL };
	static const char *const subject_labels[] = { "Subject:", "Betreff:", NULL };
	struct abuse_report *report = &parser->report;
	struct abuse_source *sources, *source;
	const struct mail_part *part = parser->part;
	const char *file_name = part->name;

	if (report->source_count == ABUSE_SOURCES_MAX)
		return fail(parser, -E2BIG, "%s holds more than %d reports; pass only the part about this server",
			    parser->name, ABUSE_SOURCES_MAX);
	sources = grow_for_one(report->sources, report->source_count, &parser->sources_capacity, sizeof(*sources));
	if (!sources)
		return fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	report->sources = sources;
	source = &sources[report->source_count];
	*source = (struct abuse_source){ .reporter = header->reporter, .line = file_line(parser, header->line),
					 .service = header->service };
	snprintf(source->report_type, sizeof(source->report_type), "%s", header->report_type);
	source->header = mail_text_unquoted(parser->text, header->start, header->end);
	if (!source->header)
		return fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	report->source_count++;
	snprintf(source->attachment, sizeof(source->attachment), "%s", part->name);
	mail_text_reference(parser->text, header->start, source->reference, sizeof(source->reference));
	if (!source->reference[0])
		mail_text_reference(part->subject, strlen(part->subject), source->reference, sizeof(source->reference));
	mail_text_last_labelled(parser->text, header->start, subject_labels, source->subject, sizeof(source->subject));
	if (!source->subject[0])
		snprintf(source->subject, sizeof(source->subject), "%s", part->subject);
	/* Shadowserver names its files "2026-11-24-scan_portmapper-...". */
	if (!part->name[0] && part->first_line)
		file_name = strrchr(parser->name, '/') ? strrchr(parser->name, '/') + 1 : parser->name;
	if (strlen(file_name) >= 10 && strspn(file_name, "0123456789-") >= 10 && file_name[4] == '-')
		snprintf(source->date, sizeof(source->date), "%.10s", file_name);
	if (!source->date[0])
		mail_text_last_labelled(parser->text, header->start, date_labels, source->date, sizeof(source->date));
	if (!source->date[0])
		snprintf(source->date, sizeof(source->date), "%s", part->date);
	if (source->reference[0] && source->reporter == ABUSE_REPORTER_UNKNOWN)
		source->reporter = ABUSE_REPORTER_CERT_BUND;
	header->source = report->source_count - 1;
	return 0;
}

/* Takes the row's allocations; forwarded mails quote the same rows twice. */
static int add_row(struct parser *parser, struct header *header, struct abuse_row *row)
{
	struct abuse_report *report = &parser->report;
	struct abuse_row *rows;
	int r;

	for (size_t i = 0; i < report->count; i++)
		if (same_row(&report->rows[i], row)) {
			row_free(row);
			return 0;
		}
	if (report->count == ABUSE_ROWS_MAX) {
		row_free(row);
		return fail(parser, -E2BIG, "%s has more than %d rows; pass only the part about this server",
			    parser->name, ABUSE_ROWS_MAX);
	}
	if (header->source == NO_SOURCE && (r = add_source(parser, header)) < 0) {
		row_free(row);
		return r;
	}
	rows = grow_for_one(report->rows, report->count, &parser->rows_capacity, sizeof(*rows));
	if (!rows) {
		row_free(row);
		return fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	}
	report->rows = rows;
	row->source = header->source;
	report->rows[report->count++] = *row;
	return 0;
}

static size_t column_limit(enum column column)
{
	switch (column) {
	case COLUMN_ASN:
		return ABUSE_ASN_MAX + 2;	/* "AS" */
	case COLUMN_IP:
		return 64;
	case COLUMN_TIMESTAMP:
		return ABUSE_TIMESTAMP_MAX - 1;
	default:
		return ABUSE_FIELD_MAX;
	}
}

static int field_error(struct parser *parser, int error, size_t line, const char *name, enum column column)
{
	if (error == -EMSGSIZE)
		return fail_at(parser, -EMSGSIZE, line, "the field in %s is longer than %zu bytes; %s",
			       name, column_limit(column), WHAT_TO_PASS " unchanged");
	if (error == -EPROTO)
		return fail_at(parser, -EBADMSG, line, "text follows the closing quote in %s; %s",
			       name, WHAT_TO_PASS " unchanged");
	return fail_at(parser, -EBADMSG, line, "the quote in %s is never closed; %s", name,
		       WHAT_TO_PASS " unchanged");
}

/* At a line start, after the prefix, on a line that looks like a row. */
static int read_row(struct parser *parser, struct header *header, size_t start_line)
{
	struct abuse_row row = { .line = file_line(parser, start_line), .service = header->service };
	size_t count = 0, start = parser->position;
	int r = 0;

	for (;;) {
		enum column column = count < header->count ? header->columns[count] : COLUMN_KNOWN;
		const char *name = count < header->count ? header->names[count] : "an extra column";

		r = read_field(parser, false, column_limit(column));
		if (r < 0) {
			r = field_error(parser, r, start_line, name, column);
			break;
		}
		count++;
		if ((r = store_field(parser, header, column, name, start_line, &row)) < 0)
			break;
		if (at_line_end(parser))
			break;
		parser->position++;	/* the ',' */
	}
	if (r == 0 && count != header->count)
		r = fail_at(parser, -EBADMSG, start_line, "the row has %zu fields, the header at line %zu has %zu; %s",
			    count, file_line(parser, header->line), header->count, WHAT_TO_PASS " unchanged");
	if (r == 0 && !(row.raw = mail_text_unquoted(parser->text, start, parser->position)))
		r = fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	if (r < 0) {
		row_free(&row);
		return r;
	}
	next_line(parser);
	return add_row(parser, header, &row);
}

/* A value-like first field: an address, "[2001:db8::7]", a number, "AS"
 * and a number, or a date. Prose starts otherwise. */
static bool value_like(const char *field)
{
	struct ip_address address;
	const char *digits = strncasecmp(field, "AS", 2) == 0 ? field + 2 : field;

	if (field[0] == '[' || ip_address_parse(field, &address) == 0)
		return true;
	if (digits[0] && strspn(digits, "0123456789") == strlen(digits))
		return true;
	return strspn(field, "0123456789") == 4 && field[4] == '-';
}

/* At a line start after the prefix: does the line look like a row? It
 * opens with a quoted field followed by a comma (or a quote left open),
 * its first field is value-like, or it has as many fields as the
 * header. */
static bool looks_like_row(struct parser *parser, const struct header *header)
{
	size_t start = parser->position, start_line = parser->line, fields = 1;
	const char *text = parser->text;
	bool row = false, quoted = false;

	if (text[start] == '"') {
		int r = read_field(parser, true, ABUSE_FIELD_MAX);

		row = r == -EBADMSG || (r == 0 && parser->position < parser->length && text[parser->position] == ',');
	} else if (read_field(parser, true, 64) == 0) {
		row = value_like(parser->field);
	}
	parser->position = start;
	for (size_t i = start; !row && i < parser->length && text[i] != '\n' && text[i] != '\r'; i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (text[i] == ',' && !quoted)
			fields++;
	}
	parser->position = start;
	parser->line = start_line;
	return row || fields >= header->count;
}

/* The rows under a header: until the end, another header, or a line
 * that does not look like a row; blank lines between rows are skipped. */
static int read_rows(struct parser *parser, struct header *header)
{
	while (parser->position < parser->length) {
		size_t start = parser->position, start_line = parser->line;
		struct header next;
		int r;

		skip_line_prefix(parser);
		if (at_line_end(parser)) {
			next_line(parser);
			continue;
		}
		parser->position = start;
		if (read_header(parser, &next)) {
			parser->position = start;
			parser->line = start_line;
			return 0;
		}
		skip_line_prefix(parser);
		if (!looks_like_row(parser, header)) {
			parser->position = start;
			return 0;
		}
		r = read_row(parser, header, start_line);
		if (r < 0)
			return r;
	}
	return 0;
}

static int no_rows(struct parser *parser, const char *text, size_t length, const struct mail *mail)
{
	if (length == 0)
		return fail(parser, -ENODATA, "%s is empty; " WHAT_TO_PASS, parser->name);
	if (memchr(text, '\0', length) && mail->count <= 1)
		return fail(parser, -ENODATA, "%s is binary, not a mail or CSV text; " WHAT_TO_PASS, parser->name);
	if (parser->header_line)
		return fail(parser, -ENODATA, "%s has a CSV header at line %zu but no rows under it; " WHAT_TO_PASS,
			    parser->name, parser->header_line);
	if (mail->skipped[0])
		return fail(parser, -ENODATA, "%s has no CSV rows under " EXPECTED_HEADER " in its text, and portguard "
			    "does not read its %s; save the report as text or CSV and pass that", parser->name, mail->skipped);
	return fail(parser, -ENODATA, "%s has no CSV rows under " EXPECTED_HEADER "; " WHAT_TO_PASS, parser->name);
}

/* Shadowserver's files: "2026-11-24-scan_mdns-asn64496.csv" gives
 * "scan_mdns"; false for other names. */
static bool file_report_type(const char *file_name, char *type, size_t size)
{
	const char *start = file_name + 11, *end;
	size_t length = strlen(file_name);

	if (length < 16 || strspn(file_name, "0123456789") != 4 || file_name[4] != '-' ||
	    strspn(file_name + 5, "0123456789") != 2 || file_name[7] != '-' ||
	    strspn(file_name + 8, "0123456789") != 2 || file_name[10] != '-' ||
	    strcasecmp(file_name + length - 4, ".csv") != 0)
		return false;
	end = strchr(start, '-');
	if (!end || end == start || end >= file_name + length - 4 || (size_t)(end - start) >= size)
		return false;
	memcpy(type, start, (size_t)(end - start));
	type[end - start] = '\0';
	return true;
}

/* Whether text (length bytes) holds word as a whole word, without
 * case; '_' is part of a word when underscore. */
static bool holds_word(const char *text, size_t length, const char *word, bool underscore)
{
	size_t word_length = strlen(word);

	for (size_t i = 0; word_length && i + word_length <= length; i++) {
		char before = i ? text[i - 1] : ' ', after = i + word_length < length ? text[i + word_length] : ' ';

		if (strncasecmp(text + i, word, word_length) != 0)
			continue;
		if (!isalnum((unsigned char)before) && !(underscore && before == '_') &&
		    !isalnum((unsigned char)after) && !(underscore && after == '_'))
			return true;
	}
	return false;
}

/* The service whose report type (report_types true) or name text holds;
 * NULL when none or several do. The type found goes to type. */
static const struct service *named_in(const char *text, size_t length, bool report_types, char *type, size_t size)
{
	const struct service *found = NULL;

	for (size_t i = 0; text && i < service_count(); i++) {
		const struct service *service = service_at(i);
		const char *const *words;

		if (!service->mail)
			continue;
		words = report_types ? service->mail->report_types : service->mail->names;
		for (; words && *words; words++)
			if (holds_word(text, length, *words, report_types)) {
				if (found && found != service)
					return NULL;
				found = service;
				if (report_types)
					snprintf(type, size, "%s", *words);
			}
	}
	return found;
}

static void known_report_types(char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < service_count(); i++)
		for (const char *const *type = service_at(i)->mail ? service_at(i)->mail->report_types : NULL;
		     type && *type && used < size; type++)
			used += (size_t)snprintf(buffer + used, size - used, "%s%s", used ? ", " : "", *type);
}

/* Which service the header's rows are about (abuse.h says in which
 * order it is told); a report type no service has, or columns of two
 * services, are errors. */
static int header_service(struct parser *parser, struct header *header)
{
	static const char *const subject_labels[] = { "Subject:", "Betreff:", NULL };
	const struct mail_part *part = parser->part;
	const char *file_name = part->name, *text = parser->text + parser->section_start;
	size_t text_length = header->start > parser->section_start ? header->start - parser->section_start : 0;
	char subject[MAIL_SUBJECT_MAX] = "";
	const struct service *service = NULL;

	if (!part->name[0] && part->first_line)
		file_name = strrchr(parser->name, '/') ? strrchr(parser->name, '/') + 1 : parser->name;
	mail_text_last_labelled(parser->text, header->start, subject_labels, subject, sizeof(subject));
	if (file_report_type(file_name, header->report_type, sizeof(header->report_type))) {
		service = service_listing(header->report_type, true);
		if (!service && parser->keep_unknown) {
			/* Listed, not acted on: its rows keep no service. */
			header->service = NULL;
			return 0;
		}
		if (!service) {
			char known[256];

			known_report_types(known, sizeof(known));
			return fail_at(parser, -EPROTONOSUPPORT, header->line,
				       "Shadowserver's report type %s is none that portguard reads (%s); pass a report of one of them",
				       header->report_type, known);
		}
	}
	if (!service)
		service = named_in(subject, strlen(subject), true, header->report_type, sizeof(header->report_type));
	if (!service)
		service = named_in(part->subject, strlen(part->subject), true, header->report_type,
				   sizeof(header->report_type));
	if (!service)
		service = named_in(text, text_length, true, header->report_type, sizeof(header->report_type));
	if (!service)
		service = named_in(subject, strlen(subject), false, NULL, 0);
	if (!service)
		service = named_in(part->subject, strlen(part->subject), false, NULL, 0);
	if (!service)
		service = named_in(text, text_length, false, NULL, 0);
	if (header->other || (service && header->service && header->service != service)) {
		const struct service *a = header->other ? header->service : service;
		const struct service *b = header->other ? header->other : header->service;

		return fail_at(parser, -EPROTONOSUPPORT, header->line,
			       "the header has columns of %s and of %s; pass each service's report on its own",
			       a->name, b->name);
	}
	if (!service)
		service = header->service ? header->service : service_default();
	header->service = service;
	return 0;
}

static int read_part(struct parser *parser, const struct mail_part *part)
{
	int r = 0;

	parser->part = part;
	parser->text = part->text;
	parser->length = part->length;
	parser->position = 0;
	parser->line = 1;
	if (part->length >= 3 && memcmp(part->text, "\xef\xbb\xbf", 3) == 0)
		parser->position = 3;
	parser->section_start = parser->position;
	while (r == 0 && parser->position < parser->length) {
		struct header header;

		if (read_header(parser, &header)) {
			r = header_service(parser, &header);
			if (r == 0)
				r = read_rows(parser, &header);
			parser->section_start = parser->position;
		} else {
			next_line(parser);
		}
	}
	return r;
}

static int parse(const char *text, size_t length, const char *name, bool keep_unknown,
		 struct abuse_report *ret_report, struct error_record *ret_error)
{
	struct mail mail = { 0 };
	struct parser *parser;
	int r;

	if (length > ABUSE_FILE_MAX) {
		error_record_set(ret_error, NULL, 0,
				 "%s is larger than %d KiB; pass only the provider's mail or its CSV part",
			 name, ABUSE_FILE_MAX / 1024);
		return -EFBIG;
	}
	parser = calloc(1, sizeof(*parser));
	if (!parser || mail_parse(text, length, &mail) < 0) {
		free(parser);
		error_record_set(ret_error, NULL, 0, "out of memory reading %s; free some memory", name);
		return -ENOMEM;
	}
	parser->name = name;
	parser->error = ret_error;
	parser->keep_unknown = keep_unknown;
	r = 0;
	for (size_t i = 0; r == 0 && i < mail.count; i++)
		r = read_part(parser, &mail.parts[i]);
	if (r == 0 && parser->report.count == 0)
		r = no_rows(parser, text, length, &mail);
	if (r == 0) {
		*ret_report = parser->report;
		parser->report = (struct abuse_report){ 0 };
	}
	abuse_report_free(&parser->report);
	mail_free(&mail);
	free(parser);
	return r;
}

/* Up to ABUSE_FILE_MAX + 1 bytes of path: one byte more than allowed
 * tells a full file from an overlong one, which the size from fstat
 * would not bound if the file grows. */
static int read_text(const char *path, char **ret_text, size_t *ret_length, struct error_record *ret_error)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *text = NULL;
	size_t length = 0;

	/* A FIFO would hold fix, which has the lock, until someone writes. */
	fd = safe_file_open(AT_FDCWD, path, O_RDONLY, 0);
	if (fd < 0) {
		error_record_set(ret_error, NULL, 0,
				 "cannot read the abuse report %s: %s; pass the path of the provider's mail saved as a file",
				 path, safe_file_strerror(fd));
		return fd;
	}
	text = malloc(ABUSE_FILE_MAX + 1);
	if (!text) {
		error_record_set(ret_error, NULL, 0, "out of memory reading %s; free some memory", path);
		return -ENOMEM;
	}
	while (length <= ABUSE_FILE_MAX) {
		ssize_t n = read(fd, text + length, ABUSE_FILE_MAX + 1 - length);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int r = -errno;

			error_record_set(ret_error, NULL, 0,
					 "cannot read the abuse report %s: %s; pass the path of the provider's mail saved as a file",
					 path, strerror(-r));
			return r;
		}
		if (n == 0)
			break;
		length += (size_t)n;
	}
	*ret_text = TAKE_PTR(text);
	*ret_length = length;
	return 0;
}

int abuse_report_parse(const char *text, size_t length, const char *name,
		       struct abuse_report *ret_report, struct error_record *ret_error)
{
	return parse(text, length, name, false, ret_report, ret_error);
}

static int read_report(const char *path, bool keep_unknown, struct abuse_report *ret_report,
		       struct error_record *ret_error)
{
	struct abuse_report report;
	_cleanup_free_ char *text = NULL;
	size_t length = 0;
	int r = read_text(path, &text, &length, ret_error);

	if (r < 0)
		return r;
	r = parse(text, length, path, keep_unknown, &report, ret_error);
	if (r < 0)
		return r;
	report.file = strdup(path);
	if (!report.file) {
		abuse_report_free(&report);
		error_record_set(ret_error, NULL, 0, "out of memory reading %s; free some memory", path);
		return -ENOMEM;
	}
	*ret_report = report;
	return 0;
}

int abuse_report_read(const char *path, struct abuse_report *ret_report, struct error_record *ret_error)
{
	return read_report(path, false, ret_report, ret_error);
}

int abuse_report_list(const char *path, struct abuse_report *ret_report, struct error_record *ret_error)
{
	return read_report(path, true, ret_report, ret_error);
}

const char *abuse_reporter_name(enum abuse_reporter reporter)
{
	switch (reporter) {
	case ABUSE_REPORTER_CERT_BUND:
		return "CERT-Bund";
	case ABUSE_REPORTER_SHADOWSERVER:
		return "Shadowserver";
	default:
		return "unknown";
	}
}

void abuse_report_free(struct abuse_report *report)
{
	for (size_t i = 0; i < report->count; i++)
		row_free(&report->rows[i]);
	for (size_t i = 0; i < report->source_count; i++)
		free(report->sources[i].header);
	free(report->rows);
	free(report->sources);
	free(report->file);
	*report = (struct abuse_report){ 0 };
}

const char *abuse_row_column(const struct abuse_row *row, const char *name)
{
	return abuse_columns_value(row->columns, row->column_count, name);
}

const char *abuse_columns_value(const struct service_column *list, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (list[i].name && strcmp(list[i].name, name) == 0)
			return list[i].value;
	return NULL;
}

int abuse_columns_copy(const struct service_column *list, size_t count, struct service_column **ret_columns)
{
	struct service_column *copy;

	*ret_columns = NULL;
	if (count == 0)
		return 0;
	copy = calloc(count, sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++) {
		copy[i].name = strdup(list[i].name ? list[i].name : "");
		copy[i].value = strdup(list[i].value ? list[i].value : "");
		if (!copy[i].name || !copy[i].value) {
			abuse_columns_free(copy, i + 1);
			return -ENOMEM;
		}
	}
	*ret_columns = copy;
	return 0;
}

void abuse_columns_free(struct service_column *list, size_t count)
{
	for (size_t i = 0; list && i < count; i++) {
		free(list[i].name);
		free(list[i].value);
	}
	free(list);
}
