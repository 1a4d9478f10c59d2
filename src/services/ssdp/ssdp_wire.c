/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The M-SEARCH request and the strict decoder of its replies: every
 * line, name and value is measured before it is copied. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "services/ssdp/ssdp_wire.h"

int ssdp_msearch_encode(uint8_t *buffer, size_t size)
{
	if (size < SSDP_MSEARCH_SIZE)
		return -ENOBUFS;
	memcpy(buffer, SSDP_MSEARCH, SSDP_MSEARCH_SIZE);
	return (int)SSDP_MSEARCH_SIZE;
}

/* RFC 9110's tchar. */
static bool token_char(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool value_char(uint8_t c)
{
	return c == '\t' || (c >= 0x20 && c < 0x7f);
}

/* The next line from *offset: its start and length without CRLF or LF,
 * *offset moved past it. Returns 0; -EBADMSG when the datagram ends
 * without a line end or a CR stands alone; -E2BIG for a line over
 * SSDP_LINE_MAX. */
static int next_line(const uint8_t *data, size_t length, size_t *offset, const uint8_t **ret_line, size_t *ret_length)
{
	size_t start = *offset;

	for (size_t i = start; i < length; i++) {
		if (i - start > SSDP_LINE_MAX)
			return -E2BIG;
		if (data[i] == '\r') {
			if (i + 1 >= length || data[i + 1] != '\n')
				return -EBADMSG;
			*ret_line = data + start;
			*ret_length = i - start;
			*offset = i + 2;
			return 0;
		}
		if (data[i] == '\n') {
			*ret_line = data + start;
			*ret_length = i - start;
			*offset = i + 1;
			return 0;
		}
	}
	return -EBADMSG;
}

/* "HTTP/1.0" or "HTTP/1.1", a space, three digits, a space and a
 * printable reason (RFC 9112 allows an empty one). 0 for 200, -EPROTO
 * for another status, -EBADMSG for none. */
static int status_line(const uint8_t *line, size_t length)
{
	if (length < 12 || memcmp(line, "HTTP/1.", 7) != 0 || (line[7] != '0' && line[7] != '1') || line[8] != ' ')
		return -EBADMSG;
	for (size_t i = 9; i < 12; i++)
		if (line[i] < '0' || line[i] > '9')
			return -EBADMSG;
	if (length > 12 && line[12] != ' ')
		return -EBADMSG;
	for (size_t i = 13; i < length; i++)
		if (!value_char(line[i]))
			return -EBADMSG;
	return memcmp(line + 9, "200", 3) == 0 ? 0 : -EPROTO;
}

static int keep(char *field, const uint8_t *value, size_t length)
{
	if (length >= SSDP_VALUE_MAX)
		return -E2BIG;
	memcpy(field, value, length);
	field[length] = '\0';
	return 0;
}

static int header_line(const uint8_t *line, size_t length, struct ssdp_reply *reply)
{
	size_t colon = 0, start, end;
	char name[32];

	while (colon < length && token_char(line[colon]))
		colon++;
	if (colon == 0 || colon >= length || line[colon] != ':')
		return -EBADMSG;
	for (size_t i = colon + 1; i < length; i++)
		if (!value_char(line[i]))
			return -EBADMSG;
	start = colon + 1;
	end = length;
	while (start < end && (line[start] == ' ' || line[start] == '\t'))
		start++;
	while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
		end--;
	if (++reply->header_count > SSDP_HEADERS_MAX)
		return -E2BIG;
	/* Only the names kept matter; a longer one is none of them. */
	if (colon >= sizeof(name))
		return 0;
	memcpy(name, line, colon);
	name[colon] = '\0';
	if (strcasecmp(name, "ST") == 0)
		return keep(reply->st, line + start, end - start);
	if (strcasecmp(name, "USN") == 0)
		return keep(reply->usn, line + start, end - start);
	if (strcasecmp(name, "SERVER") == 0)
		return keep(reply->server, line + start, end - start);
	if (strcasecmp(name, "LOCATION") == 0)
		return keep(reply->location, line + start, end - start);
	if (strcasecmp(name, "CACHE-CONTROL") == 0)
		return keep(reply->cache_control, line + start, end - start);
	return 0;
}

int ssdp_reply_decode(const uint8_t *datagram, size_t length, struct ssdp_reply *ret_reply)
{
	struct ssdp_reply reply = { 0 };
	const uint8_t *line;
	size_t offset = 0, line_length;
	int r;

	if (length > SSDP_REPLY_MAX)
		return -E2BIG;
	if (!datagram || length == 0)
		return -EBADMSG;
	r = next_line(datagram, length, &offset, &line, &line_length);
	if (r < 0)
		return r;
	r = status_line(line, line_length);
	if (r < 0)
		return r;
	for (;;) {
		r = next_line(datagram, length, &offset, &line, &line_length);
		if (r < 0)
			return r;
		if (line_length == 0)
			break;
		r = header_line(line, line_length, &reply);
		if (r < 0)
			return r;
	}
	if (!reply.st[0] && !reply.usn[0])
		return -EBADMSG;
	*ret_reply = reply;
	return 0;
}
