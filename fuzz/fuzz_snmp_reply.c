/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for an SNMP agent's GetResponse to the sysDescr.0
 * GetRequest, both versions, the communities and request ids of the
 * recorded replies. tests/unit/test_snmp_wire links it too and replays
 * tests/fixtures/snmp/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/snmp/snmp_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_result(const struct snmp_sysdescr *result, size_t size)
{
	assert(result->reply_bytes == size);
	assert(result->text_bytes <= SNMP_SYSDESCR_MAX);
	assert(strlen(result->text) == result->text_bytes);
	for (size_t i = 0; i < result->text_bytes; i++)
		assert(result->text[i] >= 0x20 && result->text[i] <= 0x7e);
	assert(result->error_status <= SNMP_ERROR_STATUS_MAX);
	assert((result->error_status == 0) == (result->value != SNMP_VALUE_NONE));
	assert(result->value == SNMP_VALUE_TEXT || result->text_bytes == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const communities[] = { SNMP_COMMUNITY_PUBLIC, "hidden" };
	static const int32_t ids[] = { 1, 0x1234abcd, 0x5047, 0x7fffffff, -1 };
	uint8_t request[SNMP_REQUEST_MAX];

	for (int version = SNMP_VERSION_1; version <= SNMP_VERSION_2C; version++)
		for (size_t c = 0; c < sizeof(communities) / sizeof(communities[0]); c++)
			for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
				struct snmp_sysdescr result = { .error_status = 99 };
				int r = snmp_get_sysdescr_decode(data, size, (enum snmp_version)version,
								 communities[c], ids[i], &result);

				assert(r == 0 || r == -EBADMSG || r == -ESRCH || r == -E2BIG);
				if (r == 0)
					check_result(&result, size);
				else
					assert(result.error_status == 99);
			}
	/* a request is no response, whatever community the input names */
	if (size >= 1 && size <= SNMP_COMMUNITY_MAX && !memchr(data, '\0', size)) {
		char community[SNMP_COMMUNITY_MAX + 1];
		struct snmp_sysdescr result;
		int length;

		memcpy(community, data, size);
		community[size] = '\0';
		length = snmp_get_sysdescr_encode(SNMP_VERSION_2C, community, (int32_t)size, request, sizeof(request));
		assert(length > 0 && (size_t)length <= sizeof(request));
		assert(snmp_get_sysdescr_decode(request, (size_t)length, SNMP_VERSION_2C, community,
						(int32_t)size, &result) == -EBADMSG);
	}
	return 0;
}
