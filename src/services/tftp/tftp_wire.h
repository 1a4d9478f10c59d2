/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP as the scanners ask it (RFC 1350): a read request (RRQ) for a
 * file in octet mode, and the server's first reply from its transfer
 * port: an ERROR (the file is not there, or not allowed), the first
 * DATA block of a file it serves, or an OACK (RFC 2347) to options a
 * client sent. By hand so every length is checked: pure, no sockets.
 * The decoder is safe against any bytes. */
#ifndef PORTGUARD_TFTP_WIRE_H
#define PORTGUARD_TFTP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFTP_PORT 69

#define TFTP_OPCODE_RRQ 1
#define TFTP_OPCODE_WRQ 2
#define TFTP_OPCODE_DATA 3
#define TFTP_OPCODE_ACK 4
#define TFTP_OPCODE_ERROR 5
#define TFTP_OPCODE_OACK 6

/* RFC 1350: a DATA block holds at most 512 bytes without RFC 2348's
 * blksize option, which the probe never sends. */
#define TFTP_BLOCK_SIZE 512
#define TFTP_HEADER_SIZE 4
/* A file name the request carries: RFC 1350 sets no limit; the probe's
 * are short, and a request must fit in one block-sized datagram. */
#define TFTP_FILENAME_MAX 255
/* The largest request: opcode, name, NUL, "octet", NUL. */
#define TFTP_REQUEST_MAX (2 + TFTP_FILENAME_MAX + 1 + 5 + 1)
/* What is kept of an error message or an option (the rest is counted,
 * not kept); printable ASCII only. */
#define TFTP_MESSAGE_MAX 127
#define TFTP_OPTION_TEXT_MAX 31
#define TFTP_OPTIONS_MAX 8

/* RFC 1350's error codes (and RFC 2347's 8). */
#define TFTP_ERROR_NOT_DEFINED 0
#define TFTP_ERROR_FILE_NOT_FOUND 1
#define TFTP_ERROR_ACCESS_VIOLATION 2
#define TFTP_ERROR_OPTION_REFUSED 8

struct tftp_option {
	char name[TFTP_OPTION_TEXT_MAX + 1];
	char value[TFTP_OPTION_TEXT_MAX + 1];
};

struct tftp_reply {
	uint16_t opcode;		/* TFTP_OPCODE_DATA, _ERROR or _OACK */
	uint16_t block;			/* DATA: always 1, the first block */
	size_t data_bytes;		/* DATA: 0 to 512 */
	uint16_t error_code;		/* ERROR */
	/* ERROR: the message, every byte that is no printable ASCII shown
	 * as '?', cut at TFTP_MESSAGE_MAX (message_bytes says how long it was) */
	char message[TFTP_MESSAGE_MAX + 1];
	size_t message_bytes;
	size_t option_count;		/* OACK: the pairs, the first TFTP_OPTIONS_MAX kept */
	struct tftp_option options[TFTP_OPTIONS_MAX];
};

/* Encodes a read request for file in octet mode into buffer. file is
 * 1 to TFTP_FILENAME_MAX bytes without a NUL. Returns the request's
 * length, -EINVAL for a name that is none, -ENOBUFS when buffer is too
 * small. */
int tftp_request_encode(const char *file, uint8_t *buffer, size_t size);

/* Decodes the first reply to a read request: DATA of block 1 with at
 * most 512 bytes, ERROR with a code and a message that ends with the
 * datagram's last byte (a NUL), or OACK of name/value pairs each ended
 * by a NUL, nothing after the last. A request, an ACK, another block or
 * an unknown opcode is no reply to a read request. Returns 0 or
 * -EBADMSG; on error *ret_reply is unchanged. */
int tftp_reply_decode(const uint8_t *reply, size_t length, struct tftp_reply *ret_reply);

/* The ERROR packet that ends a transfer the probe does not want
 * (code 0, "probe done"): what a client sends instead of an ACK, so
 * the server stops sending. Returns its length or -ENOBUFS. */
int tftp_abort_encode(uint8_t *buffer, size_t size);

/* "DATA", "ERROR", "OACK", "RRQ", ...; "?" for another opcode. */
const char *tftp_opcode_name(uint16_t opcode);

#endif
