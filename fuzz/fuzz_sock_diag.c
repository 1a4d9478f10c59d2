/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the kernel's sock_diag replies as scan parses
 * them (scan_parse_replies): messages and attributes of any length.
 * tests/unit/test_sock_diag links it too and replays
 * tests/fixtures/sock_diag and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The socket's buffer is aligned; libFuzzer's input need not be. */
	void *bytes = malloc(size ? size : 1);
	struct listener_list list = { 0 };

	if (!bytes)
		return 0;
	memcpy(bytes, data, size);
	for (int transport = TRANSPORT_TCP; transport <= TRANSPORT_UDP; transport++) {
		size_t before = list.count;
		int r = scan_parse_replies(bytes, size, (enum transport)transport, &list);

		if (r < 0)
			assert(list.count == before);
		/* Each socket takes a message of at least 16 + 72 bytes. */
		assert(list.count - before <= size / 88);
	}
	for (size_t i = 0; i < list.count; i++) {
		const struct listener *listener = &list.items[i];

		assert(listener->address.family == AF_INET || listener->address.family == AF_INET6);
		assert(listener->exposed == (listener->scope != SCOPE_LOOPBACK));
		assert(listener->owner_count == 0);
	}
	listener_list_free(&list);
	free(bytes);
	return 0;
}
