/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RFC 4648 base64, for bytes that JSON strings cannot carry as they are
 * (a NUL, invalid UTF-8): the previous content of a file fix replaces;
 * and the lenient RFC 2045 form a mail's parts are encoded in. One
 * decoder: the strict form checks, then decodes with the lenient one. */
#ifndef PORTGUARD_BASE64_H
#define PORTGUARD_BASE64_H

#include <stddef.h>

/* A new NUL-terminated string; NULL when out of memory. */
char *base64_encode(const void *data, size_t length);
/* Decodes text (padding required, no line breaks) into new bytes, with a
 * NUL after them that *ret_length does not count. Returns 0, -EBADMSG
 * for anything that is not base64, or -ENOMEM. */
int base64_decode(const char *text, size_t length, char **ret_data, size_t *ret_length);
/* RFC 2045 6.8, a MIME body or an encoded word: bytes outside the
 * alphabet (line breaks, white space, garbage) are skipped, the first
 * '=' ends the data, a last group of two or three letters still gives
 * its bytes. Writes at most length bytes to out and returns how
 * many; never fails. */
size_t base64_decode_mime(const char *text, size_t length, void *out);

#endif
