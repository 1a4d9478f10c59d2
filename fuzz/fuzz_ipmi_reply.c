/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for an IPMI-over-LAN reply: the input as one
 * datagram, decoded as the reply to Get Channel Authentication
 * Capabilities. tests/unit/test_ipmi links it too and replays
 * tests/fixtures/ipmi/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>

#include "services/ipmi/ipmi_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipmi_reply reply = { .completion = 0xaa };
	int r = ipmi_reply_decode(data, size, &reply);

	assert(r == 0 || r == -EBADMSG);
	if (r < 0) {
		/* untouched on failure */
		assert(reply.completion == 0xaa);
		return 0;
	}
	assert(size >= 22 && data[0] == 0x06 && data[3] == 0x07);
	assert((reply.auth_types & ~0x3f) == 0);
	assert(reply.completion == 0 || (!reply.auth_types && !reply.ipmi20 && !reply.anonymous));
	return 0;
}
