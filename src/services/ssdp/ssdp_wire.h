/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP's search as the scanners send it (UPnP Device Architecture 1.1,
 * 1.3.2): "M-SEARCH * HTTP/1.1" for ssdp:all, unicast to port 1900,
 * and each "HTTP/1.1 200 OK" datagram that answers it, one a service.
 * Pure, no sockets: the decoder is safe against any bytes. */
#ifndef PORTGUARD_SSDP_WIRE_H
#define PORTGUARD_SSDP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SSDP_PORT 1900
#define SSDP_MSEARCH \
	"M-SEARCH * HTTP/1.1\r\n" \
	"HOST: 239.255.255.250:1900\r\n" \
	"MAN: \"ssdp:discover\"\r\n" \
	"MX: 1\r\n" \
	"ST: ssdp:all\r\n" \
	"\r\n"
#define SSDP_MSEARCH_SIZE (sizeof(SSDP_MSEARCH) - 1)
/* A reply is one UDP datagram; its lines and headers are bounded so a
 * lie costs nothing. A value longer than SSDP_VALUE_MAX - 1 is refused. */
#define SSDP_REPLY_MAX 8192
#define SSDP_LINE_MAX 1024
#define SSDP_HEADERS_MAX 64
#define SSDP_VALUE_MAX 256	/* with the NUL */

/* Writes SSDP_MSEARCH. Returns SSDP_MSEARCH_SIZE or -ENOBUFS. */
int ssdp_msearch_encode(uint8_t *buffer, size_t size);

/* What one reply tells of the service it announces. "" where the
 * reply has no such header. */
struct ssdp_reply {
	char st[SSDP_VALUE_MAX];		/* the search target it answers as */
	char usn[SSDP_VALUE_MAX];		/* unique service name: uuid:...::type */
	char server[SSDP_VALUE_MAX];		/* OS/version UPnP/1.x product/version */
	char location[SSDP_VALUE_MAX];		/* the device description's URL */
	char cache_control[SSDP_VALUE_MAX];	/* max-age=120 */
	size_t header_count;
};

/* Decodes one datagram: a status line "HTTP/1.x 200 <reason>", then
 * "Name: value" lines (names of token characters, values printable
 * ASCII or tab, CRLF or LF) up to an empty line; what follows it is not
 * read. ST or USN must be there. Returns 0; -EPROTO for another status
 * (an HTTP reply, but not an answer); -EBADMSG for anything malformed or
 * cut; -E2BIG for a datagram, line or value over its bound or more than
 * SSDP_HEADERS_MAX headers. On error *ret_reply is unchanged. */
int ssdp_reply_decode(const uint8_t *datagram, size_t length, struct ssdp_reply *ret_reply);

#endif
