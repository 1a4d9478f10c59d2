/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for /etc/portguard/portguard.conf and hosts files.
 * tests/unit/test_config links it too and replays
 * tests/fixtures/config/corpus through it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "host/config_file.h"
#include "host/resolve.h"
#include "model/cidr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_file config = { 0 };
	struct error_record error;
	struct cidr_list list = { 0 };
	char *terminated;

	if (config_file_parse((const char *)data, size, "/etc/portguard/portguard.conf", &config, &error) == 0) {
		cidr_list_normalize(&config.trusted);
		config_file_free(&config);
	} else if (config.trusted.items) {
		abort();	/* refused input must not hand anything out */
	}
	terminated = malloc(size + 1);
	if (!terminated)
		return 0;
	memcpy(terminated, data, size);
	terminated[size] = '\0';
	resolve_in_hosts_text(terminated, "fileclient.example.test", &list);
	cidr_list_free(&list);
	free(terminated);
	return 0;
}
