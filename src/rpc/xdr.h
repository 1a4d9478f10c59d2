/* SPDX-License-Identifier: GPL-2.0-or-later */
/* XDR (RFC 4506) over a byte buffer: big-endian 32-bit words, opaque data
 * padded to 4 bytes. Every read is checked against what is left, so any
 * bytes are safe to read; a failed read leaves the reader where it was. */
#ifndef PORTGUARD_XDR_H
#define PORTGUARD_XDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xdr_reader {
	const uint8_t *data;
	size_t length;
	size_t offset;
};

/* Variable-length opaque data or a string: points into the reader's
 * buffer, not NUL-terminated, may hold any bytes. */
struct xdr_bytes {
	const uint8_t *data;
	size_t length;
};

void xdr_reader_init(struct xdr_reader *reader, const uint8_t *data, size_t length);
size_t xdr_remaining(const struct xdr_reader *reader);

/* Each returns 0, or -EBADMSG when the bytes run out or are not valid. */
int xdr_read_u32(struct xdr_reader *reader, uint32_t *ret_value);
/* Only 0 and 1 are booleans. */
int xdr_read_bool(struct xdr_reader *reader, bool *ret_value);
/* Data of at most max_length bytes (more is -EBADMSG), plus padding. */
int xdr_read_opaque(struct xdr_reader *reader, size_t max_length, struct xdr_bytes *ret_bytes);

struct xdr_writer {
	uint8_t *data;
	size_t size;
	size_t length;
};

void xdr_writer_init(struct xdr_writer *writer, uint8_t *buffer, size_t size);
/* Returns 0 or -ENOBUFS, writing nothing then. */
int xdr_write_u32(struct xdr_writer *writer, uint32_t value);

#endif
