/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MIME by hand, and only the part of it an abuse mail needs: header
 * fields, multipart boundaries, message/rfc822, base64,
 * quoted-printable, RFC 2047 words and a short list of charsets through
 * iconv. GMime would read more, but it brings GLib and a parser many
 * times this size into a tool that runs as root, for mails whose CSV
 * rows are then checked field by field anyway. This file has a fuzz
 * harness (fuzz/fuzz_abuse.c) like every other reader of outside
 * bytes. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base64.h"
#include "base/grow.h"
#include "mail/mail.h"

#define TYPE_MAX 80
#define BOUNDARY_MAX 72			/* RFC 2046 5.1.1 allows 70 */
#define CHARSET_MAX 40
/* RFC 2047 allows 75; the bound keeps a long line of "=?" cheap. */
#define ENCODED_WORD_MAX 512
#define MIN(a, b) ((a) < (b) ? (a) : (b))

enum encoding { ENCODING_IDENTITY, ENCODING_BASE64, ENCODING_QUOTED_PRINTABLE, ENCODING_OTHER };

struct headers {
	bool present;			/* a header block was read */
	char type[TYPE_MAX];		/* "text/plain", lower case; "" when not given */
	char boundary[BOUNDARY_MAX + 1];
	char charset[CHARSET_MAX];
	char name[MAIL_NAME_MAX];	/* from filename= or name= */
	char subject[MAIL_SUBJECT_MAX];
	char date[MAIL_DATE_MAX];
	enum encoding encoding;
	size_t body;			/* offset of the body */
	size_t body_line;		/* lines before the body */
};

struct walker {
	struct mail mail;
	size_t parts_capacity;
	size_t entities;
	unsigned int numbered;
	int error;
};

static size_t line_length(const char *text, size_t length, size_t start)
{
	const char *end = memchr(text + start, '\n', length - start);

	return end ? (size_t)(end - text) - start : length - start;
}

/* The line's content without "\r\n" or "\n". */
static size_t content_length(const char *text, size_t start, size_t line)
{
	return line && text[start + line - 1] == '\r' ? line - 1 : line;
}

void mail_make_printable(char *text)
{
	unsigned char *s = (unsigned char *)text;

	while (*s) {
		size_t extra = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2 : (*s & 0xf8) == 0xf0 ? 3 : 9;
		bool valid = extra != 9 && (extra != 1 || *s >= 0xc2);

		for (size_t i = 1; valid && i <= extra; i++)
			valid = (s[i] & 0xc0) == 0x80;
		/* C1 controls (U+0080..U+009F) as well */
		if (valid && extra == 1 && *s == 0xc2 && s[1] < 0xa0)
			valid = false;
		if (!valid) {
			*s++ = '?';
			continue;
		}
		if (extra == 0 && (*s < 0x20 || *s == 0x7f))
			*s = ' ';
		s += extra + 1;
	}
}

static void note_skipped(struct walker *walker, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void note_skipped(struct walker *walker, const char *format, ...)
{
	va_list arguments;

	if (walker->mail.skipped[0])
		return;
	va_start(arguments, format);
	vsnprintf(walker->mail.skipped, sizeof(walker->mail.skipped), format, arguments);
	va_end(arguments);
}

/* "Content-Type:" and the like: a field name of printable characters
 * but ':', then ':'. */
static size_t field_name_length(const char *line, size_t length)
{
	size_t i = 0;

	while (i < length && line[i] > ' ' && line[i] < 0x7f && line[i] != ':')
		i++;
	return i > 0 && i < length && line[i] == ':' ? i : 0;
}

static bool known_field(const char *name, size_t length)
{
	static const char *const fields[] = {
		"from", "to", "cc", "subject", "date", "message-id", "mime-version", "received",
		"return-path", "delivered-to", "reply-to", "content-type", "content-transfer-encoding",
		"content-disposition", "content-description", "content-id", "sender", "in-reply-to",
		"references",
	};

	if (length > 2 && strncasecmp(name, "x-", 2) == 0)
		return true;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i]) == length && strncasecmp(name, fields[i], length) == 0)
			return true;
	return false;
}

/* A header block is lines of "Name: value" and their continuations up
 * to an empty line, with at least one field a mail has. Anything else
 * ("Note: see below" above a CSV) is body text. */
static bool header_block_end(const char *text, size_t length, size_t *ret_end, size_t *ret_lines)
{
	size_t position = 0, lines = 0;
	bool known = false;

	while (position < length) {
		size_t line = line_length(text, length, position);
		size_t content = content_length(text, position, line);
		size_t name;

		if (content == 0) {
			*ret_end = position + line + (position + line < length);
			*ret_lines = lines + 1;
			return known || lines == 0;
		}
		if ((text[position] == ' ' || text[position] == '\t') && lines > 0) {
			/* a folded continuation */
		} else if ((name = field_name_length(text + position, content)) > 0) {
			known |= known_field(text + position, name);
		} else {
			return false;
		}
		position += line + (position + line < length);
		lines++;
	}
	/* Headers and no body: nothing to read, but they are headers. */
	*ret_end = length;
	*ret_lines = lines;
	return known;
}

/* The unfolded value of the field that starts at position. */
static size_t field_value(const char *text, size_t length, size_t position, char *buffer, size_t size)
{
	size_t used = 0, name = field_name_length(text + position, line_length(text, length, position));
	bool first = true;

	position += name + 1;
	while (position < length) {
		size_t line = line_length(text, length, position);
		size_t content = content_length(text, position, line);

		if (!first && (content == 0 || (text[position] != ' ' && text[position] != '\t')))
			break;
		for (size_t i = 0; i < content; i++) {
			char c = text[position + i];

			if (used + 1 < size && (used > 0 || (c != ' ' && c != '\t')))
				buffer[used++] = c == '\t' ? ' ' : c;
		}
		first = false;
		position += line + (position + line < length);
	}
	while (used > 0 && buffer[used - 1] == ' ')
		used--;
	buffer[used] = '\0';
	return used;
}

/* A parameter of Content-Type or Content-Disposition: key=token or
 * key="quoted", and RFC 2231's key*=charset''percent-encoded. */
static void parameter(const char *value, const char *key, char *buffer, size_t size)
{
	size_t key_length = strlen(key);
	const char *s = strchr(value, ';');

	buffer[0] = '\0';
	while (s && *s) {
		bool extended = false;
		size_t used = 0;

		s += strspn(s, "; \t");
		if (strncasecmp(s, key, key_length) != 0 || (s[key_length] != '=' && s[key_length] != '*')) {
			s = strchr(s, ';');
			continue;
		}
		s += key_length;
		if (*s == '*') {
			extended = true;
			s++;
			if (*s == '0' && s[1] == '*')
				s += 2;
			else if (*s == '0')
				s++;
		}
		if (*s++ != '=')
			return;
		if (extended && strstr(s, "''"))
			s = strstr(s, "''") + 2;
		if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1])
					s++;
				if (used + 1 < size)
					buffer[used++] = *s;
			}
		} else {
			for (; *s && *s != ';' && *s != ' ' && *s != '\t'; s++) {
				char c = *s;

				if (extended && c == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
					char hex[3] = { s[1], s[2], '\0' };

					c = (char)strtol(hex, NULL, 16);
					s += 2;
				}
				if (used + 1 < size)
					buffer[used++] = c;
			}
		}
		buffer[used] = '\0';
		return;
	}
}


static void read_headers(const char *text, size_t length, struct headers *ret_headers)
{
	struct headers headers = { 0 };
	char value[1024], type[TYPE_MAX] = "";
	size_t position = 0;

	headers.present = header_block_end(text, length, &headers.body, &headers.body_line);
	if (!headers.present) {
		*ret_headers = headers;
		return;
	}
	while (position < headers.body) {
		size_t line = line_length(text, length, position);
		size_t name = field_name_length(text + position, content_length(text, position, line));

#define IS_FIELD(key) (name == sizeof(key) - 1 && strncasecmp(text + position, key, name) == 0)
		if (name && IS_FIELD("content-type")) {
			field_value(text, length, position, value, sizeof(value));
			snprintf(type, sizeof(type), "%.*s", (int)strcspn(value, "; \t"), value);
			for (char *s = type; *s; s++)
				*s = (char)tolower((unsigned char)*s);
			memcpy(headers.type, type, sizeof(type));
			parameter(value, "boundary", headers.boundary, sizeof(headers.boundary));
			parameter(value, "charset", headers.charset, sizeof(headers.charset));
			if (!headers.name[0])
				parameter(value, "name", headers.name, sizeof(headers.name));
		} else if (name && IS_FIELD("content-disposition")) {
			char file_name[MAIL_NAME_MAX];

			field_value(text, length, position, value, sizeof(value));
			parameter(value, "filename", file_name, sizeof(file_name));
			if (file_name[0])
				memcpy(headers.name, file_name, sizeof(file_name));
		} else if (name && IS_FIELD("content-transfer-encoding")) {
			field_value(text, length, position, value, sizeof(value));
			if (strcasecmp(value, "base64") == 0)
				headers.encoding = ENCODING_BASE64;
			else if (strcasecmp(value, "quoted-printable") == 0)
				headers.encoding = ENCODING_QUOTED_PRINTABLE;
			else if (strcasecmp(value, "7bit") && strcasecmp(value, "8bit") && strcasecmp(value, "binary"))
				headers.encoding = ENCODING_OTHER;
		} else if (name && IS_FIELD("subject")) {
			size_t used = field_value(text, length, position, value, sizeof(value));

			mail_header_decode(value, used, headers.subject, sizeof(headers.subject));
		} else if (name && IS_FIELD("date")) {
			field_value(text, length, position, value, sizeof(value));
			mail_header_decode(value, strlen(value), headers.date, sizeof(headers.date));
		}
#undef IS_FIELD
		position += line + (position + line < length);
	}
	/* Names are shown in messages and reports: printable, no '/'. */
	mail_make_printable(headers.name);
	for (char *s = headers.name; *s; s++)
		if (*s == '/')
			*s = '_';
	*ret_headers = headers;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* RFC 2045 6.7: "=XX" is a byte, "=" at a line end joins the lines;
 * with underscores, RFC 2047's Q encoding. out holds length bytes. */
static size_t quoted_printable_decode(const char *text, size_t length, bool underscores, char *out)
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
			if (j == length)
				break;
			if (i + 2 < length && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
				out[written++] = (char)(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
				i += 2;
				continue;
			}
		}
		out[written++] = underscores && text[i] == '_' ? ' ' : text[i];
	}
	return written;
}

static bool is_ascii(const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if ((unsigned char)text[i] >= 0x80)
			return false;
	return true;
}

static bool is_utf8(const char *text, size_t length)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + length;

	while (s < end) {
		size_t extra = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2 : (*s & 0xf8) == 0xf0 ? 3 : 9;

		if (extra == 9 || (size_t)(end - s) <= extra)
			return extra == 0;
		for (size_t i = 1; i <= extra; i++)
			if ((s[i] & 0xc0) != 0x80)
				return false;
		s += extra + 1;
	}
	return true;
}

/* The charsets abuse mails come in. iconv is asked only for these: a
 * mail's charset name must not pick which gconv module a root process
 * loads. */
static const char *iconv_name(const char *charset)
{
	static const char *const single_byte[] = {
		"iso-8859-1", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-7",
		"iso-8859-9", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16",
		"windows-1250", "windows-1251", "windows-1252", "windows-1254", "windows-1257",
	};

	if (strcasecmp(charset, "latin1") == 0 || strcasecmp(charset, "iso8859-1") == 0 ||
	    strcasecmp(charset, "iso_8859-1") == 0)
		return "ISO-8859-1";
	if (strcasecmp(charset, "cp1252") == 0)
		return "WINDOWS-1252";
	for (size_t i = 0; i < sizeof(single_byte) / sizeof(single_byte[0]); i++)
		if (strcasecmp(charset, single_byte[i]) == 0)
			return single_byte[i];
	return NULL;
}

static bool is_utf8_name(const char *charset)
{
	return strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0 ||
	       strcasecmp(charset, "us-ascii") == 0 || strcasecmp(charset, "ascii") == 0;
}

/* A new UTF-8 copy of text in charset ("" when the part names none:
 * UTF-8 when it reads as such, else ISO-8859-1, which every byte is).
 * NULL with *ret_error -ENOMEM, or -EPROTONOSUPPORT for a charset not
 * converted (unless the text is plain ASCII anyway), -EILSEQ for bytes
 * the charset does not have. */
static char *to_utf8(const char *text, size_t length, const char *charset, size_t *ret_length, int *ret_error)
{
	const char *from = NULL;
	char *out, *in = (char *)text, *cursor;
	size_t in_left = length, out_left, size;
	iconv_t converter;

	*ret_error = -ENOMEM;
	if (is_ascii(text, length) || (charset[0] ? is_utf8_name(charset) : is_utf8(text, length))) {
		out = malloc(length + 1);
		if (out) {
			memcpy(out, text, length);
			out[length] = '\0';
			*ret_length = length;
		}
		return out;
	}
	from = charset[0] ? iconv_name(charset) : "ISO-8859-1";
	if (!from) {
		*ret_error = -EPROTONOSUPPORT;
		return NULL;
	}
	/* Every character of these charsets is at most 3 bytes in UTF-8. */
	size = length * 3 + 1;
	out = malloc(size);
	if (!out)
		return NULL;
	converter = iconv_open("UTF-8", from);
	if (converter == (iconv_t)-1) {
		free(out);
		*ret_error = -EPROTONOSUPPORT;
		return NULL;
	}
	cursor = out;
	out_left = size - 1;
	if (iconv(converter, &in, &in_left, &cursor, &out_left) == (size_t)-1) {
		iconv_close(converter);
		free(out);
		*ret_error = -EILSEQ;
		return NULL;
	}
	iconv_close(converter);
	*cursor = '\0';
	*ret_length = (size_t)(cursor - out);
	return out;
}

void mail_header_decode(const char *value, size_t length, char *buffer, size_t size)
{
	size_t used = 0, i = 0;
	bool after_word = false;

	if (size == 0)
		return;
	while (i < length && used + 1 < size) {
		const char *word = value + i, *end = value + length;
		const char *charset_end, *text, *text_end;

		if (end - word > 8 && word[0] == '=' && word[1] == '?' &&
		    (charset_end = memchr(word + 2, '?', (size_t)(end - word - 2))) && end - charset_end > 4 &&
		    charset_end[2] == '?' && strchr("QqBb", charset_end[1]) &&
		    (text_end = memmem(charset_end + 3, MIN((size_t)(end - charset_end - 3), ENCODED_WORD_MAX), "?=", 2)) &&
		    charset_end - word - 2 < CHARSET_MAX) {
			char charset[CHARSET_MAX], decoded[MAIL_SUBJECT_MAX * 2], *converted;
			size_t decoded_length, converted_length;
			int error;

			text = charset_end + 3;
			snprintf(charset, sizeof(charset), "%.*s", (int)(charset_end - word - 2), word + 2);
			/* RFC 2231 language: "utf-8*de" */
			charset[strcspn(charset, "*")] = '\0';
			if ((size_t)(text_end - text) >= sizeof(decoded))
				text_end = text + sizeof(decoded) - 1;
			decoded_length = toupper((unsigned char)charset_end[1]) == 'B'
				? base64_decode_mime(text, (size_t)(text_end - text), decoded)
				: quoted_printable_decode(text, (size_t)(text_end - text), true, decoded);
			converted = to_utf8(decoded, decoded_length, charset, &converted_length, &error);
			/* White space between encoded words is not text. */
			if (after_word)
				while (used > 0 && buffer[used - 1] == ' ')
					used--;
			for (size_t j = 0; converted && j < converted_length && used + 1 < size; j++)
				buffer[used++] = converted[j];
			free(converted);
			i = (size_t)(text_end - value) + 2;
			after_word = true;
			continue;
		}
		if (value[i] != ' ' && value[i] != '\t')
			after_word = false;
		buffer[used++] = value[i++];
	}
	buffer[used] = '\0';
	mail_make_printable(buffer);
}

static bool ends_with(const char *text, const char *suffix)
{
	size_t length = strlen(text), suffix_length = strlen(suffix);

	return length >= suffix_length && strcasecmp(text + length - suffix_length, suffix) == 0;
}

/* A report can only be in text: a body, a CSV however it is labelled,
 * a text file. Images, PDFs and archives are not read. */
static bool readable_type(const struct headers *headers)
{
	const char *type = headers->type;

	if (!type[0] || strncmp(type, "text/", 5) == 0)
		return strcmp(type, "text/html") != 0 || ends_with(headers->name, ".csv");
	return strcmp(type, "application/csv") == 0 || strcmp(type, "application/octet-stream") == 0 ||
	       strcmp(type, "application/vnd.ms-excel") == 0 || ends_with(headers->name, ".csv") ||
	       ends_with(headers->name, ".txt");
}

static void add_part(struct walker *walker, char *text, size_t length, size_t first_line,
		     const struct headers *headers, const char *subject, const char *date)
{
	struct mail *mail = &walker->mail;
	struct mail_part *parts;

	if (mail->count == MAIL_PARTS_MAX) {
		note_skipped(walker, "the parts after the first %d", MAIL_PARTS_MAX);
		free(text);
		return;
	}
	parts = grow_for_one(mail->parts, mail->count, &walker->parts_capacity, sizeof(*parts));
	if (!parts) {
		free(text);
		walker->error = -ENOMEM;
		return;
	}
	mail->parts = parts;
	parts[mail->count] = (struct mail_part){ .text = text, .length = length, .first_line = first_line,
						 .number = ++walker->numbered };
	snprintf(parts[mail->count].name, MAIL_NAME_MAX, "%s", headers->name);
	snprintf(parts[mail->count].subject, MAIL_SUBJECT_MAX, "%s", subject);
	snprintf(parts[mail->count].date, MAIL_DATE_MAX, "%s", date);
	mail->count++;
}

static void walk(struct walker *walker, const char *text, size_t length, size_t first_line, unsigned int depth,
		 const char *subject, const char *date);

/* The body parts between "--boundary" lines; none when the boundary
 * never appears (then the body is read as text). */
static bool walk_multipart(struct walker *walker, const char *text, size_t length, size_t first_line,
			   unsigned int depth, const struct headers *headers, const char *subject, const char *date)
{
	size_t boundary_length = strlen(headers->boundary), position = 0, line_number = 0;
	size_t part_start = 0, part_line = 0;
	bool inside = false, found = false;

	if (boundary_length == 0)
		return false;
	while (position < length && walker->error == 0) {
		size_t line = line_length(text, length, position);
		size_t content = content_length(text, position, line);
		size_t next = position + line + (position + line < length);

		line_number++;
		if (content >= boundary_length + 2 && text[position] == '-' && text[position + 1] == '-' &&
		    memcmp(text + position + 2, headers->boundary, boundary_length) == 0) {
			bool closing = content >= boundary_length + 4 && text[position + boundary_length + 2] == '-' &&
				       text[position + boundary_length + 3] == '-';

			/* The line break before a boundary belongs to it. */
			if (inside) {
				size_t end = position;

				if (end > part_start && text[end - 1] == '\n')
					end--;
				if (end > part_start && text[end - 1] == '\r')
					end--;
				walk(walker, text + part_start, end - part_start, first_line ? first_line + part_line : 0,
				     depth + 1, subject, date);
			}
			found = true;
			inside = !closing;
			part_start = next;
			part_line = line_number;
			if (closing)
				break;
		}
		position = next;
	}
	if (inside && walker->error == 0)	/* no closing line: the rest */
		walk(walker, text + part_start, length - part_start, first_line ? first_line + part_line : 0,
		     depth + 1, subject, date);
	return found;
}

static void walk(struct walker *walker, const char *text, size_t length, size_t first_line, unsigned int depth,
		 const char *subject, const char *date)
{
	struct headers headers;
	char *decoded = NULL, *converted;
	const char *body;
	size_t body_length, converted_length, body_line;
	int error;

	if (++walker->entities > MAIL_ENTITIES_MAX || depth > MAIL_DEPTH_MAX) {
		note_skipped(walker, "parts nested deeper than %d levels", MAIL_DEPTH_MAX);
		return;
	}
	read_headers(text, length, &headers);
	body = text + headers.body;
	body_length = length - headers.body;
	body_line = first_line ? first_line + headers.body_line : 0;
	if (headers.subject[0])
		subject = headers.subject;
	if (headers.date[0])
		date = headers.date;
	if (headers.encoding == ENCODING_BASE64 || headers.encoding == ENCODING_QUOTED_PRINTABLE) {
		decoded = malloc(body_length + 1);
		if (!decoded) {
			walker->error = -ENOMEM;
			return;
		}
		body_length = headers.encoding == ENCODING_BASE64 ? base64_decode_mime(body, body_length, decoded)
			: quoted_printable_decode(body, body_length, false, decoded);
		body = decoded;
		body_line = 0;
	} else if (headers.encoding == ENCODING_OTHER) {
		note_skipped(walker, "a part in an unknown transfer encoding");
		return;
	}
	if (strncmp(headers.type, "multipart/", 10) == 0 &&
	    walk_multipart(walker, body, body_length, body_line, depth, &headers, subject, date)) {
		free(decoded);
		return;
	}
	if (strcmp(headers.type, "message/rfc822") == 0 || strcmp(headers.type, "message/global") == 0) {
		/* The forwarded message's own subject and date come from it. */
		walk(walker, body, body_length, body_line, depth + 1, "", "");
		free(decoded);
		return;
	}
	if (!readable_type(&headers)) {
		note_skipped(walker, "attachment %s (%s)", headers.name[0] ? headers.name : "without a name",
			     headers.type);
		free(decoded);
		return;
	}
	converted = to_utf8(body, body_length, headers.charset, &converted_length, &error);
	free(decoded);
	if (!converted) {
		if (error == -ENOMEM)
			walker->error = -ENOMEM;
		else if (error == -EILSEQ)
			note_skipped(walker, "a part with bytes that are not %s", headers.charset);
		else
			note_skipped(walker, "a part in charset %s, which portguard does not convert", headers.charset);
		return;
	}
	add_part(walker, converted, converted_length, body_line, &headers, subject, date);
}

int mail_parse(const char *text, size_t length, struct mail *ret_mail)
{
	struct walker walker = { 0 };
	size_t first_line = 1;

	/* An mbox file's separator line: "From sender date". */
	if (length >= 5 && memcmp(text, "From ", 5) == 0) {
		size_t line = line_length(text, length, 0);

		text += line + (line < length);
		length -= line + (line < length);
		first_line = 2;
	}
	walk(&walker, text, length, first_line, 0, "", "");
	if (walker.error < 0) {
		mail_free(&walker.mail);
		return walker.error;
	}
	*ret_mail = walker.mail;
	return 0;
}

void mail_free(struct mail *mail)
{
	for (size_t i = 0; i < mail->count; i++)
		free(mail->parts[i].text);
	free(mail->parts);
	*mail = (struct mail){ 0 };
}
