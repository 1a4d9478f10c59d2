/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The inetd internal services' wire, pure: the one datagram a scanner
 * sends to chargen (19), qotd (17), echo (7) and daytime (13), and each
 * reply checked as what its port should answer. The replies are free
 * text, so the check is of shape and size: printable ASCII and line
 * breaks only, chargen's lines runs of the RFC 864 ring, echo the
 * request itself, daytime a short line with a digit, qotd at most 512
 * bytes (RFC 865). No sockets, no I/O. */
#ifndef PORTGUARD_CHARGEN_WIRE_H
#define PORTGUARD_CHARGEN_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define CHARGEN_PORT 19
#define QOTD_PORT 17
#define ECHO_PORT 7
#define DAYTIME_PORT 13

/* One newline: xinetd answers no empty datagram (measured, 2.3.15). */
#define CHARGEN_REQUEST_SIZE 1
/* Larger than any reply seen: xinetd's chargen-dgram sends 1024 bytes,
 * RFC 864 says at most 512. */
#define CHARGEN_DATAGRAM_MAX 8192
#define QOTD_REPLY_MAX 512
#define DAYTIME_REPLY_MAX 128
/* check's and the record's glimpse of a reply, NUL included */
#define CHARGEN_SAMPLE_MAX 80

enum chargen_kind {
	CHARGEN_KIND_CHARGEN,
	CHARGEN_KIND_QOTD,
	CHARGEN_KIND_ECHO,
	CHARGEN_KIND_DAYTIME,
	CHARGEN_KIND_OTHER,	/* probe --port N: any printable text */
	_CHARGEN_KIND_MAX,
};

/* "chargen", "qotd", "echo", "daytime", "text" */
const char *chargen_kind_name(enum chargen_kind kind);
enum chargen_kind chargen_kind_of_port(uint16_t port);

/* The scanner's request into buffer: returns its length or -ENOBUFS. */
int chargen_request_encode(uint8_t *buffer, size_t size);

/* Whether datagram is a reply of kind to request: 0; -E2BIG when
 * longer than the kind allows; -EBADMSG when it is not its text (a
 * byte that is no printable ASCII or line break, chargen's ring
 * broken, echo not the request, daytime without a digit, empty). */
int chargen_reply_check(enum chargen_kind kind, const uint8_t *request, size_t request_length,
			const uint8_t *datagram, size_t length);

/* The reply's first line, at most size - 1 bytes of it, each byte that
 * is not printable ASCII as '?'; always NUL-terminated. */
void chargen_reply_sample(const uint8_t *datagram, size_t length, char *sample, size_t size);

#endif
