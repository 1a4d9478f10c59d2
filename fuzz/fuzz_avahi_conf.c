/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for avahi-daemon.conf's interface lists.
 * tests/unit/test_mdns_consumers links it too and replays
 * tests/fixtures/mdns/conf-corpus through it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "services/mdns/mdns_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mdns_config config, untouched;
	struct error_record error;

	memset(&config, 0x5a, sizeof(config));
	untouched = config;
	if (mdns_config_parse((const char *)data, size, "/etc/avahi/avahi-daemon.conf", &config, &error) < 0) {
		/* refused input must leave the result as it was */
		if (memcmp(&config, &untouched, sizeof(config)) != 0)
			abort();
		return 0;
	}
	if (config.allow_count > MDNS_INTERFACES_MAX || config.deny_count > MDNS_INTERFACES_MAX)
		abort();
	for (size_t i = 0; i < config.allow_count; i++)
		if (!memchr(config.allow[i], '\0', sizeof(config.allow[i])) || !config.allow[i][0])
			abort();
	for (size_t i = 0; i < config.deny_count; i++)
		if (!memchr(config.deny[i], '\0', sizeof(config.deny[i])) || !config.deny[i][0])
			abort();
	mdns_config_serves(&config, "eth0");
	return 0;
}
