/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a parser of the analysed host's files gave up, said so that the
 * user can open the file: "FILE:LINE: message". */
#ifndef PORTGUARD_INPUT_ERROR_H
#define PORTGUARD_INPUT_ERROR_H

#include <limits.h>
#include <stddef.h>

/* Where a parser gave up: "FILE:LINE: message". */
struct input_error {
	char file[PATH_MAX];
	unsigned int line;	/* 0: the file as a whole */
	char message[512];
};

__attribute__((format(printf, 4, 5)))
void input_error_set(struct input_error *error, const char *file, unsigned int line, const char *format, ...);

/* Formats "FILE:LINE: message" (or "FILE: message") into buffer. */
char *input_error_format(const struct input_error *error, char *buffer, size_t size);

#endif
