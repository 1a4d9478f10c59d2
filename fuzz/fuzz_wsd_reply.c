/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for WS-Discovery's reply to a Probe: the input as
 * one datagram, and what is taken out of it. tests/unit/test_wsd_wire
 * links it too and replays tests/fixtures/wsd/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/wsd/wsd_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text_is_clean(const struct wsd_text *text)
{
	size_t length = strnlen(text->text, WSD_TEXT_MAX + 1);

	assert(length <= WSD_TEXT_MAX && length == (text->bytes < WSD_TEXT_MAX ? text->bytes : WSD_TEXT_MAX));
	assert(text->bytes <= WSD_REPLY_MAX);
	for (size_t i = 0; i < length; i++)
		assert(text->text[i] >= 0x20 && text->text[i] < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wsd_reply reply;
	char host[WSD_TEXT_MAX + 1];
	int r = wsd_reply_decode(data, size, &reply);

	assert(r == 0 || r == -EBADMSG);
	if (r < 0)
		return 0;
	assert(size > 0 && size <= WSD_REPLY_MAX);
	assert(reply.kind == WSD_KIND_PROBE_MATCHES || reply.kind == WSD_KIND_RESOLVE_MATCHES);
	assert(reply.matches >= 1 && reply.endpoint.present && reply.endpoint.bytes >= 1);
	text_is_clean(&reply.endpoint);
	text_is_clean(&reply.relates_to);
	text_is_clean(&reply.types);
	text_is_clean(&reply.xaddrs);
	text_is_clean(&reply.scopes);
	if (wsd_xaddrs_host(reply.xaddrs.text, host, sizeof(host)))
		assert(host[0] && strlen(host) < sizeof(host));
	assert(strcmp(wsd_kind_name(reply.kind), "?") != 0);
	return 0;
}
