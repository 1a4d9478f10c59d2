/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for what minissdpd's socket and /proc give the SSDP
 * probe: the input as the reply to request type 3, decoded by
 * ssdp_minissdpd.c, and as a command line. tests/unit/test_ssdp_minissdpd
 * links it too and replays tests/fixtures/ssdp/minissdpd-corpus/ through
 * it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/ssdp/ssdp_minissdpd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void assert_slice(const struct minissdpd_slice *slice, size_t size)
{
	assert(slice->offset >= 1 && (size_t)slice->offset + slice->length <= size);
}

static void reply_check(const uint8_t *data, size_t size)
{
	static struct minissdpd_reply reply;
	int r;

	memset(&reply, 0x5a, sizeof(reply));
	r = minissdpd_reply_decode(data, size, &reply);
	assert(r == 0 || r == -EAGAIN || r == -EBADMSG);
	if (r == -EAGAIN)
		assert(size < MINISSDPD_REPLY_MAX);
	if (r < 0)
		return;
	assert(size >= 1 && size <= MINISSDPD_REPLY_MAX);
	assert(reply.count == data[0] && reply.distinct <= reply.count);
	assert(reply.distinct > 0 || reply.count == 0);
	for (size_t i = 0; i < reply.count; i++) {
		assert_slice(&reply.entries[i].location, size);
		assert_slice(&reply.entries[i].st, size);
		assert_slice(&reply.entries[i].usn, size);
	}
	/* A whole reply cut short is one to read on. */
	if (size > 1)
		assert(minissdpd_reply_decode(data, size - 1, &reply) == -EAGAIN);
}

static void cmdline_check(const uint8_t *data, size_t size)
{
	struct ssdp_config config;
	char socket_path[MINISSDPD_PATH_MAX];

	memset(&config, 0x5a, sizeof(config));
	memset(socket_path, 0x5a, sizeof(socket_path));
	if (minissdpd_cmdline_parse((const char *)data, size, &config, socket_path) < 0)
		return;
	assert(size > 0 && data[size - 1] == '\0');
	assert(config.interface_count <= SSDP_INTERFACES_MAX);
	for (size_t i = 0; i < config.interface_count; i++)
		assert(strnlen(config.interfaces[i], SSDP_INTERFACE_NAME_MAX) < SSDP_INTERFACE_NAME_MAX);
	assert(strnlen(socket_path, MINISSDPD_PATH_MAX) < MINISSDPD_PATH_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reply_check(data, size);
	cmdline_check(data, size);
	return 0;
}
