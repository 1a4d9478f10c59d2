/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const void *data, size_t length)
{
	const uint8_t *bytes = data;
	char *text, *out;

	if (length > (SIZE_MAX - 1) / 4 * 3 - 3)
		return NULL;
	text = out = malloc((length + 2) / 3 * 4 + 1);
	if (!text)
		return NULL;
	for (size_t i = 0; i < length; i += 3) {
		uint32_t group = (uint32_t)bytes[i] << 16;

		if (i + 1 < length)
			group |= (uint32_t)bytes[i + 1] << 8;
		if (i + 2 < length)
			group |= bytes[i + 2];
		*out++ = alphabet[group >> 18 & 63];
		*out++ = alphabet[group >> 12 & 63];
		*out++ = i + 1 < length ? alphabet[group >> 6 & 63] : '=';
		*out++ = i + 2 < length ? alphabet[group & 63] : '=';
	}
	*out = '\0';
	return text;
}

static int sextet(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

size_t base64_decode_mime(const char *text, size_t length, void *out)
{
	unsigned char *bytes = out;
	uint32_t bits = 0;
	unsigned int count = 0;
	size_t written = 0;

	for (size_t i = 0; i < length && text[i] != '='; i++) {
		int value = sextet((unsigned char)text[i]);

		if (value < 0)
			continue;
		bits = bits << 6 | (uint32_t)value;
		if (++count == 4) {
			bytes[written++] = (unsigned char)(bits >> 16);
			bytes[written++] = (unsigned char)(bits >> 8);
			bytes[written++] = (unsigned char)bits;
			bits = count = 0;
		}
	}
	if (count == 3) {
		bytes[written++] = (unsigned char)(bits >> 10);
		bytes[written++] = (unsigned char)(bits >> 2);
	} else if (count == 2) {
		bytes[written++] = (unsigned char)(bits >> 4);
	}
	return written;
}

/* The strict form checks what the lenient one would skip, then lets it
 * decode. */
int base64_decode(const char *text, size_t length, char **ret_data, size_t *ret_length)
{
	size_t padding = 0, used;
	char *data;

	if (length % 4 != 0)
		return -EBADMSG;
	if (length > 0 && text[length - 1] == '=')
		padding = length > 1 && text[length - 2] == '=' ? 2 : 1;
	for (size_t i = 0; i < length - padding; i++)
		if (sextet((unsigned char)text[i]) < 0)
			return -EBADMSG;
	data = malloc(length / 4 * 3 + 1);
	if (!data)
		return -ENOMEM;
	used = base64_decode_mime(text, length - padding, data);
	data[used] = '\0';
	*ret_data = data;
	*ret_length = used;
	return 0;
}
