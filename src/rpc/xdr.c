/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>

#include "rpc/xdr.h"

void xdr_reader_init(struct xdr_reader *reader, const uint8_t *data, size_t length)
{
	*reader = (struct xdr_reader){ .data = data, .length = length };
}

size_t xdr_remaining(const struct xdr_reader *reader)
{
	return reader->length - reader->offset;
}

int xdr_read_u32(struct xdr_reader *reader, uint32_t *ret_value)
{
	const uint8_t *p;

	if (xdr_remaining(reader) < 4)
		return -EBADMSG;
	p = reader->data + reader->offset;
	*ret_value = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	reader->offset += 4;
	return 0;
}

int xdr_read_bool(struct xdr_reader *reader, bool *ret_value)
{
	struct xdr_reader before = *reader;
	uint32_t value;

	if (xdr_read_u32(reader, &value) < 0)
		return -EBADMSG;
	if (value > 1) {
		*reader = before;
		return -EBADMSG;
	}
	*ret_value = value == 1;
	return 0;
}

int xdr_read_opaque(struct xdr_reader *reader, size_t max_length, struct xdr_bytes *ret_bytes)
{
	struct xdr_reader before = *reader;
	uint32_t length;
	size_t padding;

	if (xdr_read_u32(reader, &length) < 0)
		return -EBADMSG;
	/* Compared one by one so that a length near 2^32 cannot wrap. */
	padding = (4 - length % 4) % 4;
	if (length > max_length || length > xdr_remaining(reader) ||
	    padding > xdr_remaining(reader) - length) {
		*reader = before;
		return -EBADMSG;
	}
	*ret_bytes = (struct xdr_bytes){ .data = reader->data + reader->offset, .length = length };
	reader->offset += length + padding;
	return 0;
}

void xdr_writer_init(struct xdr_writer *writer, uint8_t *buffer, size_t size)
{
	*writer = (struct xdr_writer){ .data = buffer, .size = size };
}

int xdr_write_u32(struct xdr_writer *writer, uint32_t value)
{
	uint8_t *p;

	if (writer->size - writer->length < 4)
		return -ENOBUFS;
	p = writer->data + writer->length;
	p[0] = (uint8_t)(value >> 24);
	p[1] = (uint8_t)(value >> 16);
	p[2] = (uint8_t)(value >> 8);
	p[3] = (uint8_t)value;
	writer->length += 4;
	return 0;
}
