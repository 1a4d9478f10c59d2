/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A recorded file of tests/fixtures (FIXTURES is its absolute path),
 * read whole; the test fails when it cannot be read. */
#ifndef PORTGUARD_TEST_FIXTURE_FILE_H
#define PORTGUARD_TEST_FIXTURE_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FIXTURE_FILE_MAX (2 * 1024 * 1024)

static inline uint8_t *fixture_read_path(const char *path, size_t *ret_length)
{
	FILE *file = fopen(path, "rb");
	uint8_t *data = malloc(FIXTURE_FILE_MAX + 1);

	assert_non_null(file);
	assert_non_null(data);
	*ret_length = fread(data, 1, FIXTURE_FILE_MAX, file);
	assert_false(ferror(file));
	fclose(file);
	return data;
}

/* FIXTURES/folder/name */
static inline uint8_t *fixture_read(const char *folder, const char *name, size_t *ret_length)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s/%s", FIXTURES, folder, name);
	return fixture_read_path(path, ret_length);
}

#endif
