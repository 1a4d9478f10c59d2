/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the internal services' reply check: the input
 * as a reply of each kind to the scanner's request, and its sample.
 * tests/unit/test_chargen_wire links it too and replays
 * tests/fixtures/chargen/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/chargen/chargen_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t request[CHARGEN_REQUEST_SIZE];
	int length = chargen_request_encode(request, sizeof(request));

	assert(length == CHARGEN_REQUEST_SIZE);
	for (int kind = 0; kind < _CHARGEN_KIND_MAX; kind++) {
		char sample[CHARGEN_SAMPLE_MAX];
		int r = chargen_reply_check((enum chargen_kind)kind, request, (size_t)length, data, size);

		assert(r == 0 || r == -EBADMSG || r == -E2BIG);
		if (r == 0) {
			assert(size > 0 && size <= CHARGEN_DATAGRAM_MAX);
			for (size_t i = 0; i < size; i++)
				assert((data[i] >= 0x20 && data[i] <= 0x7e) || data[i] == '\r' || data[i] == '\n' ||
				       data[i] == '\t');
		}
		chargen_reply_sample(data, size, sample, sizeof(sample));
		assert(memchr(sample, '\0', sizeof(sample)));
		for (size_t i = 0; sample[i]; i++)
			assert(sample[i] >= 0x20 && sample[i] <= 0x7e);
	}
	return 0;
}
