/* SPDX-License-Identifier: GPL-2.0-or-later */
/* chargen, qotd, echo and daytime on the wire: one byte asked, every
 * reply's length and bytes checked before anything of it is kept. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "services/chargen/chargen_wire.h"

static const char *const kind_names[_CHARGEN_KIND_MAX] = {
	[CHARGEN_KIND_CHARGEN] = "chargen",
	[CHARGEN_KIND_QOTD] = "qotd",
	[CHARGEN_KIND_ECHO] = "echo",
	[CHARGEN_KIND_DAYTIME] = "daytime",
	[CHARGEN_KIND_OTHER] = "text",
};

const char *chargen_kind_name(enum chargen_kind kind)
{
	return kind >= 0 && kind < _CHARGEN_KIND_MAX ? kind_names[kind] : "?";
}

enum chargen_kind chargen_kind_of_port(uint16_t port)
{
	switch (port) {
	case CHARGEN_PORT:
		return CHARGEN_KIND_CHARGEN;
	case QOTD_PORT:
		return CHARGEN_KIND_QOTD;
	case ECHO_PORT:
		return CHARGEN_KIND_ECHO;
	case DAYTIME_PORT:
		return CHARGEN_KIND_DAYTIME;
	default:
		return CHARGEN_KIND_OTHER;
	}
}

int chargen_request_encode(uint8_t *buffer, size_t size)
{
	if (size < CHARGEN_REQUEST_SIZE)
		return -ENOBUFS;
	buffer[0] = '\n';
	return CHARGEN_REQUEST_SIZE;
}

static bool printable(uint8_t byte)
{
	return byte >= 0x20 && byte <= 0x7e;
}

static bool line_break(uint8_t byte)
{
	return byte == '\r' || byte == '\n';
}

/* Text: printable ASCII, tabs and line breaks, nothing else. */
static bool is_text(const uint8_t *data, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (!printable(data[i]) && !line_break(data[i]) && data[i] != '\t')
			return false;
	return true;
}

/* RFC 864: each line a run of the printable characters in order; lines
 * end in CR LF. A line may start anywhere in the ring, and the datagram
 * may end within a line. The ring of RFC 864 (and openbsd-inetd) is the
 * 95 characters from ' ' to '~'; xinetd's leaves out both ends and goes
 * from '}' to '!' (measured, 2.3.15): either end wraps to either start. */
static bool ring_next(uint8_t previous, uint8_t next)
{
	if (next == previous + 1)
		return true;
	return (previous == 0x7e || previous == 0x7d) && (next == 0x20 || next == 0x21);
}

static bool chargen_ring(const uint8_t *data, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (data[i] == '\r') {
			if (i + 1 < length && data[i + 1] != '\n')
				return false;
			continue;
		}
		if (data[i] == '\n') {
			if (i == 0 || data[i - 1] != '\r')
				return false;
			continue;
		}
		if (!printable(data[i]))
			return false;
		if (i > 0 && printable(data[i - 1]) && !ring_next(data[i - 1], data[i]))
			return false;
	}
	return true;
}

static bool has_digit(const uint8_t *data, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (data[i] >= '0' && data[i] <= '9')
			return true;
	return false;
}

int chargen_reply_check(enum chargen_kind kind, const uint8_t *request, size_t request_length,
			const uint8_t *datagram, size_t length)
{
	if (!datagram || length == 0)
		return -EBADMSG;
	if (length > CHARGEN_DATAGRAM_MAX)
		return -E2BIG;
	switch (kind) {
	case CHARGEN_KIND_CHARGEN:
		return chargen_ring(datagram, length) ? 0 : -EBADMSG;
	case CHARGEN_KIND_QOTD:
		if (length > QOTD_REPLY_MAX)
			return -E2BIG;
		return is_text(datagram, length) ? 0 : -EBADMSG;
	case CHARGEN_KIND_ECHO:
		return request && length == request_length && memcmp(datagram, request, length) == 0 ? 0 : -EBADMSG;
	case CHARGEN_KIND_DAYTIME:
		if (length > DAYTIME_REPLY_MAX)
			return -E2BIG;
		return is_text(datagram, length) && has_digit(datagram, length) ? 0 : -EBADMSG;
	case CHARGEN_KIND_OTHER:
		return is_text(datagram, length) ? 0 : -EBADMSG;
	default:
		return -EINVAL;
	}
}

void chargen_reply_sample(const uint8_t *datagram, size_t length, char *sample, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return;
	for (size_t i = 0; datagram && i < length && used + 1 < size; i++) {
		if (line_break(datagram[i])) {
			if (used > 0)
				break;
			continue;	/* echo's newline: nothing to show before it */
		}
		sample[used++] = printable(datagram[i]) ? (char)datagram[i] : '?';
	}
	sample[used] = '\0';
}
