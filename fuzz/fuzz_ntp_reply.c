/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for everything an NTP server's answer goes through:
 * the mode classifier, mode 6 fragments reassembled, the variable list,
 * mode 7 monitor datagrams. The input is tried as one datagram, then as
 * datagrams each prefixed by its 2-byte length. tests/unit/test_ntp_wire
 * links it too and replays tests/fixtures/ntp/ and its corpus/. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "services/ntp/ntp_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_variables(const uint8_t *data, size_t size)
{
	struct ntp_variable_list list = { 0 };

	if (ntp_variables_parse(data, size, &list) < 0) {
		assert(list.count == 0);
		ntp_variable_list_free(&list);
		return;
	}
	assert(list.count <= NTP_VARIABLES_MAX);
	for (size_t i = 0; i < list.count; i++) {
		assert(list.items[i].name[0] != '\0');
		assert(memchr(list.items[i].name, '\0', NTP_VARIABLE_NAME_MAX));
		assert(memchr(list.items[i].value, '\0', NTP_VARIABLE_VALUE_MAX));
	}
	ntp_variable_find(&list, "version");
	ntp_variable_list_free(&list);
}

static void feed_control(struct ntp_control_reply *reply, const uint8_t *datagram, size_t length)
{
	static struct ntp_control_reply before;
	int r;

	before = *reply;
	r = ntp_control_reply_feed(reply, datagram, length);
	if (r < 0)
		assert(memcmp(&before, reply, sizeof(before)) == 0);
	assert(reply->received <= NTP_CONTROL_DATA_MAX && reply->datagrams <= NTP_CONTROL_FRAGMENTS_MAX);
	if (r == 1) {
		assert(reply->complete && reply->length == reply->received);
		check_variables(reply->data, reply->length);
	}
}

static void feed_monlist(struct ntp_monlist_reply *reply, const uint8_t *datagram, size_t length)
{
	struct ntp_monlist_reply before = *reply;
	int r = ntp_monlist_reply_feed(reply, datagram, length);

	if (r < 0 && r != -EPROTO)
		assert(memcmp(&before, reply, sizeof(before)) == 0);
	assert(reply->datagrams <= NTP_PRIVATE_DATAGRAMS_MAX);
	assert(reply->entries <= reply->datagrams * (NTP_PRIVATE_DATA_MAX / NTP_MONITOR_ENTRY_SIZE_IPV4));
	if (r == 1)
		assert(reply->complete && reply->datagrams == (size_t)reply->last_sequence + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ntp_control_reply control;
	struct ntp_monlist_reply monlist;
	uint16_t sequence = size >= 4 ? (uint16_t)(data[2] << 8 | data[3]) : 0;
	int mode = ntp_packet_mode(data, size);

	assert(size == 0 ? mode == -EBADMSG : mode >= 0 && mode <= NTP_MODE_MASK);
	ntp_control_reply_init(&control, sequence);
	feed_control(&control, data, size);
	ntp_monlist_reply_init(&monlist);
	feed_monlist(&monlist, data, size);
	check_variables(data, size);

	/* the same bytes as a train of datagrams */
	if (size >= 6)
		sequence = (uint16_t)(data[4] << 8 | data[5]);
	ntp_control_reply_init(&control, sequence);
	ntp_monlist_reply_init(&monlist);
	for (size_t at = 0; size - at >= 2;) {
		size_t length = (size_t)(data[at] << 8 | data[at + 1]);

		at += 2;
		if (length > size - at)
			length = size - at;
		feed_control(&control, data + at, length);
		feed_monlist(&monlist, data + at, length);
		at += length;
	}
	return 0;
}
