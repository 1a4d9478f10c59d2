/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the NetBIOS node status response: the input as
 * one datagram answering the transaction id of its first two bytes, and
 * what is taken out of it. tests/unit/test_netbios_wire links it too
 * and replays tests/fixtures/netbios/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/netbios/netbios_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void name_is_clean(const struct netbios_name *name)
{
	size_t length = strnlen(name->name, sizeof(name->name));

	assert(length <= NETBIOS_NAME_CHARS);
	for (size_t i = 0; i < length; i++)
		assert(name->name[i] >= 0x20 && name->name[i] < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct netbios_status status;
	const struct netbios_name *name;
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;
	int r = netbios_status_decode(data, size, id, &status);

	assert(r == 0 || r == -EBADMSG);
	if (r < 0)
		return 0;
	assert(status.name_count <= NETBIOS_NAMES_MAX && status.statistics_bytes < size);
	assert(status.rcode <= 0x0f);
	for (size_t i = 0; i < status.name_count; i++)
		name_is_clean(&status.names[i]);
	if ((name = netbios_status_machine(&status)))
		name_is_clean(name);
	if ((name = netbios_status_workgroup(&status)))
		assert(name->flags & NETBIOS_NAME_GROUP);
	for (size_t i = 0; (name = netbios_status_user(&status, i)); i++)
		assert(i < status.name_count && name->suffix == NETBIOS_SUFFIX_MESSENGER);
	assert(!netbios_status_has_mac(&status) || status.has_unit_id);
	assert(netbios_status_decode(data, size, (uint16_t)(id + 1), &status) == -ESRCH || size < 2);
	return 0;
}
