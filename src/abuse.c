/* The abuse mail's CSV rows. Mails arrive forwarded, quoted ("> "),
 * re-wrapped, with CRLF or in quoted-printable, so the reader is lenient
 * about where the rows sit but strict about a row once it starts with a
 * quote: a reported address must never be dropped without a word. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "abuse.h"
#include "cidr.h"

#define EXPECTED_HEADER "\"asn\",\"ip\",\"timestamp\",\"rpc_response\""
#define WHAT_TO_PASS "pass the provider's mail or its CSV part"
#define HEADER_NAME_MAX 32

enum column { COLUMN_ASN, COLUMN_IP, COLUMN_TIMESTAMP, COLUMN_RPC_RESPONSE, COLUMN_OTHER };
static const char *const column_names[] = { "asn", "ip", "timestamp", "rpc_response" };

struct header {
	size_t count;
	enum column columns[ABUSE_COLUMNS_MAX];
};

struct parser {
	const char *text;
	size_t length;
	size_t position;
	size_t line;			/* of position, 1-based */
	const char *name;
	struct abuse_error *error;
	struct abuse_report report;
	size_t header_line;		/* of the last header seen, 0 when none */
	char field[ABUSE_FIELD_MAX + 1];
	size_t field_length;
};

static int fail(struct parser *parser, int error, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *parser, int error, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	vsnprintf(parser->error->message, sizeof(parser->error->message), format, arguments);
	va_end(arguments);
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

/* Leading white space and mail quoting ("> > "); true when '>' was seen. */
static bool skip_line_prefix(struct parser *parser)
{
	bool quoted = false;

	while (parser->position < parser->length) {
		char c = parser->text[parser->position];

		if (c == '>')
			quoted = true;
		else if (c != ' ' && c != '\t')
			break;
		parser->position++;
	}
	return quoted;
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
	for (size_t i = 0; i < sizeof(column_names) / sizeof(column_names[0]); i++)
		if (strcasecmp(name, column_names[i]) == 0)
			return (enum column)i;
	return COLUMN_OTHER;
}

/* At a line start: a header line is consumed and described in
 * *ret_header; anything else leaves the position where it was. */
static bool read_header(struct parser *parser, struct header *ret_header)
{
	size_t start = parser->position, start_line = parser->line;
	struct header header = { 0 };
	unsigned int seen = 0;

	skip_line_prefix(parser);
	while (!at_line_end(parser) && header.count < ABUSE_COLUMNS_MAX) {
		enum column column;

		if (read_field(parser, true, HEADER_NAME_MAX) < 0)
			break;
		column = column_of(parser->field);
		if (column != COLUMN_OTHER) {
			if (seen & (1u << column))
				break;
			seen |= 1u << column;
		}
		header.columns[header.count++] = column;
		if (at_line_end(parser)) {
			if (seen != 0xf)
				break;
			next_line(parser);
			parser->header_line = start_line;
			*ret_header = header;
			return true;
		}
		parser->position++;	/* the ',' */
	}
	parser->position = start;
	parser->line = start_line;
	return false;
}

/* Printable UTF-8: the rows are quoted into a mail and onto terminals. */
static bool valid_text(const char *text, size_t length)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + length;

	while (s < end) {
		unsigned int extra, min, max;

		if (*s < 0x20 || *s == 0x7f) {
			return false;
		} else if (*s < 0x80) {
			s++;
			continue;
		} else if (*s >= 0xc2 && *s <= 0xdf) {
			/* C1 controls (U+0080..U+009F) move terminals as well */
			if (*s == 0xc2 && s[1] < 0xa0)
				return false;
			extra = 1, min = 0x80, max = 0xbf;
		} else if (*s >= 0xe0 && *s <= 0xef) {
			extra = 2, min = *s == 0xe0 ? 0xa0 : 0x80, max = *s == 0xed ? 0x9f : 0xbf;
		} else if (*s >= 0xf0 && *s <= 0xf4) {
			extra = 3, min = *s == 0xf0 ? 0x90 : 0x80, max = *s == 0xf4 ? 0x8f : 0xbf;
		} else {
			return false;
		}
		if ((size_t)(end - s) <= extra || s[1] < min || s[1] > max)
			return false;
		for (unsigned int i = 2; i <= extra; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return false;
		s += extra + 1;
	}
	return true;
}

static int parse_asn(struct parser *parser, const char *value, size_t line, struct abuse_row *row)
{
	const char *digits = strncasecmp(value, "AS", 2) == 0 ? value + 2 : value;
	size_t count = strspn(digits, "0123456789");
	char buffer[48];

	if (digits[count] == '\0' && count < ABUSE_ASN_MAX &&
	    (count < 10 || strcmp(digits, "4294967295") <= 0)) {
		memcpy(row->asn, digits, count + 1);
		return 0;
	}
	return fail(parser, -EBADMSG, "%s line %zu: '%s' in column asn is not an AS number; %s",
		    parser->name, line, shown(value, buffer, sizeof(buffer)), WHAT_TO_PASS " unchanged");
}

static int parse_ip(struct parser *parser, const char *value, size_t line, struct abuse_row *row)
{
	char text[64], buffer[48];
	size_t length = strlen(value);

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
	return fail(parser, -EBADMSG, "%s line %zu: '%s' in column ip is not an IP address; %s",
		    parser->name, line, shown(value, buffer, sizeof(buffer)), WHAT_TO_PASS " unchanged");
}

static bool same_row(const struct abuse_row *a, const struct abuse_row *b)
{
	return a->ip.family == b->ip.family && memcmp(a->ip.bytes, b->ip.bytes, 16) == 0 &&
	       strcmp(a->asn, b->asn) == 0 && strcmp(a->timestamp, b->timestamp) == 0 &&
	       strcmp(a->rpc_response, b->rpc_response) == 0;
}

/* Takes row->rpc_response; forwarded mails quote the same rows twice. */
static int add_row(struct parser *parser, struct abuse_row *row)
{
	struct abuse_report *report = &parser->report;
	struct abuse_row *rows;

	for (size_t i = 0; i < report->count; i++)
		if (same_row(&report->rows[i], row)) {
			free(row->rpc_response);
			return 0;
		}
	if (report->count == ABUSE_ROWS_MAX) {
		free(row->rpc_response);
		return fail(parser, -E2BIG, "%s has more than %d rows; pass only the part about this server",
			    parser->name, ABUSE_ROWS_MAX);
	}
	rows = realloc(report->rows, (report->count + 1) * sizeof(*rows));
	if (!rows) {
		free(row->rpc_response);
		return fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	}
	report->rows = rows;
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

static int field_error(struct parser *parser, int error, size_t line, enum column column)
{
	const char *name = column < COLUMN_OTHER ? column_names[column] : "an extra column";

	if (error == -EMSGSIZE)
		return fail(parser, -EMSGSIZE, "%s line %zu: the field in %s is longer than %zu bytes; %s",
			    parser->name, line, name, column_limit(column), WHAT_TO_PASS " unchanged");
	if (error == -EPROTO)
		return fail(parser, -EBADMSG, "%s line %zu: text follows the closing quote in %s; %s",
			    parser->name, line, name, WHAT_TO_PASS " unchanged");
	return fail(parser, -EBADMSG, "%s line %zu: the quote in %s is never closed; %s",
		    parser->name, line, name, WHAT_TO_PASS " unchanged");
}

static int store_field(struct parser *parser, enum column column, size_t line, struct abuse_row *row)
{
	if (!valid_text(parser->field, parser->field_length))
		return fail(parser, -EBADMSG, "%s line %zu: the field in %s holds control characters or is not UTF-8; %s",
			    parser->name, line, column_names[column], WHAT_TO_PASS " unchanged");
	switch (column) {
	case COLUMN_ASN:
		return parse_asn(parser, parser->field, line, row);
	case COLUMN_IP:
		return parse_ip(parser, parser->field, line, row);
	case COLUMN_TIMESTAMP:
		memcpy(row->timestamp, parser->field, parser->field_length + 1);
		return 0;
	default:
		row->rpc_response = strdup(parser->field);
		return row->rpc_response ? 0 : fail(parser, -ENOMEM, "out of memory reading %s; free some memory", parser->name);
	}
}

/* At a line start, after the prefix. A line that starts with a quote is a
 * row or an error; an unquoted one that does not read as a row ends the
 * block (it is prose: "1&1 Internet SE, Montabaur") and returns 1. */
static int read_row(struct parser *parser, const struct header *header, size_t start, size_t start_line)
{
	bool strict = parser->text[parser->position] == '"';
	struct abuse_row row = { .line = start_line };
	size_t count = 0;
	int r = 0;

	for (;;) {
		enum column column = count < header->count ? header->columns[count] : COLUMN_OTHER;

		r = read_field(parser, false, column_limit(column));
		if (r < 0) {
			r = field_error(parser, r, start_line, column);
			break;
		}
		count++;
		if (column != COLUMN_OTHER && (r = store_field(parser, column, start_line, &row)) < 0)
			break;
		if (at_line_end(parser))
			break;
		parser->position++;	/* the ',' */
	}
	if (r == 0 && count != header->count)
		r = fail(parser, -EBADMSG, "%s line %zu: the row has %zu fields, the header at line %zu has %zu; %s",
			 parser->name, start_line, count, parser->header_line, header->count,
			 WHAT_TO_PASS " unchanged");
	if (r < 0) {
		free(row.rpc_response);
		if (strict || r == -ENOMEM)
			return r;
		parser->position = start;
		parser->line = start_line;
		return 1;
	}
	next_line(parser);
	return add_row(parser, &row);
}

/* The rows under a header: until a blank line, the end, another header
 * or a line that is not a row. */
static int read_rows(struct parser *parser, const struct header *header)
{
	bool first = true;

	while (parser->position < parser->length) {
		size_t start = parser->position, start_line = parser->line;
		struct header next;
		int r;

		skip_line_prefix(parser);
		if (at_line_end(parser)) {
			next_line(parser);
			if (first)
				continue;	/* "header\n\nrows" */
			return 0;
		}
		first = false;
		parser->position = start;
		if (read_header(parser, &next)) {
			parser->position = start;
			parser->line = start_line;
			return 0;
		}
		skip_line_prefix(parser);
		if (!isdigit((unsigned char)parser->text[parser->position]) && parser->text[parser->position] != '"' &&
		    strncasecmp(parser->text + parser->position, "AS", 2) != 0) {
			parser->position = start;
			return 0;
		}
		r = read_row(parser, header, start, start_line);
		if (r != 0)
			return r > 0 ? 0 : r;
	}
	return 0;
}

/* A line "Content-Transfer-Encoding: quoted-printable" anywhere: mail
 * headers of the whole message or of a MIME part. */
static bool is_quoted_printable(const char *text, size_t length)
{
	static const char key[] = "content-transfer-encoding:";
	const size_t key_length = sizeof(key) - 1;

	for (size_t i = 0; i + key_length <= length; i++) {
		if ((i > 0 && text[i - 1] != '\n') || strncasecmp(text + i, key, key_length) != 0)
			continue;
		size_t j = i + key_length;
		while (j < length && (text[j] == ' ' || text[j] == '\t'))
			j++;
		if (length - j >= 16 && strncasecmp(text + j, "quoted-printable", 16) == 0)
			return true;
	}
	return false;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* RFC 2045 6.7: "=XX" is a byte, "=" at a line end joins the lines. The
 * output is never longer than the input. */
static size_t decode_quoted_printable(const char *text, size_t length, char *out)
{
	size_t written = 0;

	for (size_t i = 0; i < length; i++) {
		if (text[i] == '=') {
			size_t j = i + 1;

			while (j < length && (text[j] == ' ' || text[j] == '\t'))
				j++;
			if (j < length && (text[j] == '\n' || text[j] == '\r')) {
				i = j + (text[j] == '\r' && j + 1 < length && text[j + 1] == '\n');
				continue;
			}
			if (i + 2 < length && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
				out[written++] = (char)(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
				i += 2;
				continue;
			}
		}
		out[written++] = text[i];
	}
	return written;
}

static int no_rows(struct parser *parser)
{
	if (parser->length == 0)
		return fail(parser, -ENODATA, "%s is empty; " WHAT_TO_PASS, parser->name);
	if (memchr(parser->text, '\0', parser->length))
		return fail(parser, -ENODATA, "%s is binary, not a mail or CSV text; " WHAT_TO_PASS, parser->name);
	if (parser->header_line)
		return fail(parser, -ENODATA, "%s has the header " EXPECTED_HEADER " at line %zu but no rows under it; "
			    WHAT_TO_PASS, parser->name, parser->header_line);
	return fail(parser, -ENODATA, "%s has no CSV rows under the header " EXPECTED_HEADER "; " WHAT_TO_PASS,
		    parser->name);
}

int abuse_report_parse(const char *text, size_t length, const char *name,
		       struct abuse_report *ret_report, struct abuse_error *ret_error)
{
	struct parser *parser;
	char *copy;
	int r = 0;

	if (length > ABUSE_FILE_MAX) {
		snprintf(ret_error->message, sizeof(ret_error->message),
			 "%s is larger than %d KiB; pass only the provider's mail or its CSV part",
			 name, ABUSE_FILE_MAX / 1024);
		return -EFBIG;
	}
	parser = calloc(1, sizeof(*parser));
	copy = malloc(length + 1);
	if (!parser || !copy) {
		free(parser);
		free(copy);
		snprintf(ret_error->message, sizeof(ret_error->message), "out of memory reading %s; free some memory", name);
		return -ENOMEM;
	}
	/* A terminated copy: the parser may look one byte ahead anywhere. */
	if (is_quoted_printable(text, length))
		length = decode_quoted_printable(text, length, copy);
	else if (length)
		memcpy(copy, text, length);
	copy[length] = '\0';
	*parser = (struct parser){ .text = copy, .length = length, .line = 1, .name = name, .error = ret_error };
	if (length >= 3 && memcmp(copy, "\xef\xbb\xbf", 3) == 0)
		parser->position = 3;

	while (r == 0 && parser->position < parser->length) {
		struct header header;

		if (read_header(parser, &header))
			r = read_rows(parser, &header);
		else
			next_line(parser);
	}
	if (r == 0 && parser->report.count == 0)
		r = no_rows(parser);
	if (r == 0) {
		*ret_report = parser->report;
		parser->report = (struct abuse_report){ 0 };
	}
	abuse_report_free(&parser->report);
	free(parser);
	free(copy);
	return r;
}

int abuse_report_read(const char *path, struct abuse_report *ret_report, struct abuse_error *ret_error)
{
	struct abuse_report report;
	size_t length = 0;
	char *text;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		snprintf(ret_error->message, sizeof(ret_error->message),
			 "cannot read the abuse report %s: %s; pass the path of the provider's mail saved as a file",
			 path, strerror(-r));
		return r;
	}
	/* One byte more than allowed tells a full file from an overlong one;
	 * the size from fstat would not bound a pipe. */
	text = malloc(ABUSE_FILE_MAX + 1);
	if (!text) {
		close(fd);
		snprintf(ret_error->message, sizeof(ret_error->message), "out of memory reading %s; free some memory", path);
		return -ENOMEM;
	}
	while (length <= ABUSE_FILE_MAX) {
		ssize_t n = read(fd, text + length, ABUSE_FILE_MAX + 1 - length);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			snprintf(ret_error->message, sizeof(ret_error->message),
				 "cannot read the abuse report %s: %s; pass the path of the provider's mail saved as a file",
				 path, strerror(-r));
			break;
		}
		if (n == 0)
			break;
		length += (size_t)n;
	}
	close(fd);
	if (r == 0)
		r = abuse_report_parse(text, length, path, &report, ret_error);
	free(text);
	if (r < 0)
		return r;
	report.file = strdup(path);
	if (!report.file) {
		abuse_report_free(&report);
		snprintf(ret_error->message, sizeof(ret_error->message), "out of memory reading %s; free some memory", path);
		return -ENOMEM;
	}
	*ret_report = report;
	return 0;
}

void abuse_report_free(struct abuse_report *report)
{
	for (size_t i = 0; i < report->count; i++)
		free(report->rows[i].rpc_response);
	free(report->rows);
	free(report->file);
	*report = (struct abuse_report){ 0 };
}
