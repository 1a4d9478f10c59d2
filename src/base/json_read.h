/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Values read out of JSON that a file or a damaged record holds: what
 * is not of the kind asked for reads as nothing, never as a crash. */
#ifndef PORTGUARD_JSON_READ_H
#define PORTGUARD_JSON_READ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* object[key] when it is a whole number in [min, max], else 0. */
long long integer_in(const json_t *object, const char *key, long long min, long long max);
/* object[key] into buffer (cut to size), "" when it is no string. */
void text_copy(const json_t *object, const char *key, char *buffer, size_t size);
/* object[key] into buffer when it is a string shorter than size;
 * false (buffer unchanged) otherwise. */
bool text_copy_whole(const json_t *object, const char *key, char *buffer, size_t size);

#endif
