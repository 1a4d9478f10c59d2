/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replays every file of a fuzz corpus directory through the harness
 * linked into the test (LLVMFuzzerTestOneInput). Returns the count. */
#ifndef PORTGUARD_TEST_CORPUS_REPLAY_H
#define PORTGUARD_TEST_CORPUS_REPLAY_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline size_t corpus_replay(const char *directory_path)
{
	DIR *directory = opendir(directory_path);
	struct dirent *entry;
	size_t count = 0;

	if (!directory)
		return 0;
	while ((entry = readdir(directory))) {
		char path[4096];
		uint8_t data[1 << 16];
		size_t length;
		FILE *file;

		if (entry->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", directory_path, entry->d_name) >= (int)sizeof(path))
			continue;
		file = fopen(path, "rb");
		if (!file)
			continue;
		length = fread(data, 1, sizeof(data), file);
		fclose(file);
		LLVMFuzzerTestOneInput(data, length);
		count++;
	}
	closedir(directory);
	return count;
}

#endif
