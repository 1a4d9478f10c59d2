/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
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

static int sextet(char c)
{
	const char *at = c ? strchr(alphabet, c) : NULL;

	return at ? (int)(at - alphabet) : -1;
}

int base64_decode(const char *text, size_t length, char **ret_data, size_t *ret_length)
{
	size_t padding = 0, used = 0;
	char *data;

	if (length % 4 != 0)
		return -EBADMSG;
	if (length > 0 && text[length - 1] == '=')
		padding = length > 1 && text[length - 2] == '=' ? 2 : 1;
	data = malloc(length / 4 * 3 + 1);
	if (!data)
		return -ENOMEM;
	for (size_t i = 0; i < length; i += 4) {
		bool last = i + 4 == length;
		int values[4];
		uint32_t group = 0;

		for (size_t k = 0; k < 4; k++) {
			values[k] = last && k >= 4 - padding ? 0 : sextet(text[i + k]);
			if (values[k] < 0) {
				free(data);
				return -EBADMSG;
			}
			group = group << 6 | (uint32_t)values[k];
		}
		data[used++] = (char)(group >> 16);
		if (!last || padding < 2)
			data[used++] = (char)(group >> 8 & 0xff);
		if (!last || padding < 1)
			data[used++] = (char)(group & 0xff);
	}
	data[used] = '\0';
	*ret_data = data;
	*ret_length = used;
	return 0;
}
