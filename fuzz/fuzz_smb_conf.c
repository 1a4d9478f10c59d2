/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for smb.conf as services/smb_conf.c reads it (for
 * netbios and wsd). tests/unit/test_smb_conf links it too and replays
 * tests/fixtures/smb_conf/corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "services/smb_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void setting_is_clean(const struct smb_conf_setting *setting)
{
	assert(memchr(setting->value, '\0', sizeof(setting->value)));
	assert(setting->line || !setting->value[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct smb_conf conf;
	const char *reason = NULL;
	unsigned int line = 0;
	int r = smb_conf_parse((const char *)data, size, &conf, &line, &reason);

	assert(r == 0 || r == -EINVAL);
	if (r < 0) {
		assert(reason && line >= 1);
		return 0;
	}
	setting_is_clean(&conf.disable_netbios);
	setting_is_clean(&conf.interfaces);
	setting_is_clean(&conf.bind_interfaces_only);
	setting_is_clean(&conf.hosts_allow);
	setting_is_clean(&conf.include);
	setting_is_clean(&conf.server_role);
	setting_is_clean(&conf.realm);
	setting_is_clean(&conf.private_dir);
	assert(memchr(conf.share, '\0', sizeof(conf.share)));
	assert(conf.share_count == 0 || conf.share_line >= 1);
	(void)smb_conf_true(&conf.bind_interfaces_only);
	return 0;
}
