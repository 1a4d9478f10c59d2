/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for xinetd's configuration and /etc/inetd.conf as
 * services/chargen reads them: the input as one xinetd file (includes
 * counted, not followed) and as inetd.conf. tests/unit/
 * test_chargen_consumers links it too and replays the fixture trees'
 * files and tests/fixtures/chargen/conf-corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_record.h"
#include "services/chargen/chargen_consumers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_include(void *context, const char *name, bool directory)
{
	(void)directory;
	assert(name[0]);
	(*(size_t *)context)++;
	return 0;
}

static void check_entries(const struct xinetd_config *config)
{
	assert(config->count <= CHARGEN_XINETD_SERVICES_MAX);
	for (size_t i = 0; i < config->count; i++) {
		const struct xinetd_entry *entry = &config->items[i];

		assert(memchr(entry->name, '\0', sizeof(entry->name)) && memchr(entry->id, '\0', sizeof(entry->id)));
		assert(memchr(entry->server, '\0', sizeof(entry->server)) && entry->line > 0);
		(void)chargen_entry_is_ours(entry);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xinetd_config *config = calloc(1, sizeof(*config));
	struct error_record error = { 0 };
	char *text = malloc(size + 1);
	size_t includes = 0;
	int r;

	if (!config || !text) {
		free(config);
		free(text);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	r = chargen_xinetd_parse("/etc/xinetd.conf", text, size, config, count_include, &includes, &error);
	assert(r == 0 || r == -EINVAL);
	chargen_xinetd_settle(config);
	check_entries(config);
	error_record_clear(&error);

	memset(config, 0, sizeof(*config));
	r = chargen_inetd_parse("/etc/inetd.conf", text, size, config, &error);
	assert(r == 0 || r == -EINVAL);
	check_entries(config);
	error_record_clear(&error);
	free(config);
	free(text);
	return 0;
}
