/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"

#include "services/wsd/wsd.h"
#include "services/wsd/wsd_probe.h"
#include "services/wsd/wsd_wire.h"

/* tests/fixtures/wsd/: wsdd 0.7.0 (Debian 12, wsdd -i IFACE -n TESTHOST
 * -w WG) asked from a host of its link by a Probe for wsdp:Device to
 * 239.255.255.250 (its ProbeMatches, 1247 bytes to 624), and by a
 * Resolve of its endpoint (ResolveMatches with XAddrs, 1343 bytes). */
static struct wsd_reply reply;

static uint8_t *recorded(const char *name, size_t expected, size_t *ret_length)
{
	uint8_t *data = fixture_read("wsd", name, ret_length);

	assert_int_equal(*ret_length, expected);
	return data;
}

static const char uuid[] = "0b7c6a4e-5d2f-4c3b-9a1e-2f3d4c5b6a79";

static void probe_is_the_scanners_bytes(void **state)
{
	uint8_t request[WSD_REQUEST_MAX + 1] = { 0 };
	char text[WSD_UUID_TEXT + 1];
	const uint8_t random[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	(void)state;
	assert_int_equal(wsd_probe_encode(uuid, request, sizeof(request)), WSD_PROBE_BYTES);
	assert_int_equal(wsd_probe.request_bytes, WSD_PROBE_BYTES);
	assert_non_null(strstr((char *)request, "<wsa:MessageID>urn:uuid:0b7c6a4e-5d2f-4c3b-9a1e-2f3d4c5b6a79</wsa:MessageID>"));
	assert_non_null(strstr((char *)request, "<wsd:Types>wsdp:Device</wsd:Types>"));
	assert_non_null(strstr((char *)request, "/discovery/Probe</wsa:Action>"));
	/* the Probe is no reply */
	assert_int_equal(wsd_reply_decode(request, WSD_PROBE_BYTES, &reply), -EBADMSG);
	assert_int_equal(wsd_probe_encode(uuid, request, WSD_PROBE_BYTES - 1), -ENOBUFS);
	assert_int_equal(wsd_probe_encode("0b7c6a4e-5d2f-4c3b-9a1e-2f3d4c5b6a7", request, sizeof(request)), -EINVAL);
	assert_int_equal(wsd_probe_encode("0b7c6a4e-5d2f-4c3b-9a1e-2f3d4c5b6a790", request, sizeof(request)), -EINVAL);
	assert_int_equal(wsd_probe_encode("0b7c6a4e-5d2f-4c3b-9a1e-2f3d4c5b6a7<", request, sizeof(request)), -EINVAL);
	assert_int_equal(wsd_probe_encode(NULL, request, sizeof(request)), -EINVAL);
	wsd_uuid_format(random, text);
	assert_string_equal(text, "ffffffff-ffff-4fff-bfff-ffffffffffff");
	assert_int_equal(wsd_probe_encode(text, request, sizeof(request)), WSD_PROBE_BYTES);
}

static void decodes_real_replies(void **state)
{
	char host[64];
	size_t length;
	uint8_t *data;

	(void)state;
	data = recorded("probematches-wsdd.bin", 1247, &length);
	assert_int_equal(wsd_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.kind, WSD_KIND_PROBE_MATCHES);
	assert_int_equal(reply.matches, 1);
	assert_string_equal(reply.endpoint.text, "urn:uuid:e5e61fb5-d685-5b50-9ba7-acb6e6962ef3");
	assert_string_equal(reply.types.text, "wsdp:Device pub:Computer");
	assert_string_equal(reply.relates_to.text, "urn:uuid:dd65dcfc-397f-4345-a0bc-c49bc0761675");
	assert_false(reply.xaddrs.present);
	assert_true(reply.metadata_version_present);
	assert_int_equal(reply.metadata_version, 1);
	free(data);
	data = recorded("resolvematches-wsdd.bin", 1343, &length);
	assert_int_equal(wsd_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.kind, WSD_KIND_RESOLVE_MATCHES);
	assert_string_equal(reply.xaddrs.text, "http://203.0.113.10:5357/e5e61fb5-d685-5b50-9ba7-acb6e6962ef3");
	assert_true(wsd_xaddrs_host(reply.xaddrs.text, host, sizeof(host)));
	assert_string_equal(host, "203.0.113.10");
	free(data);
	assert_true(wsd_xaddrs_host("http://[fd00::1]:5357/x http://192.0.2.1/", host, sizeof(host)));
	assert_string_equal(host, "[fd00::1]");
	assert_true(wsd_xaddrs_host("https://files.example/", host, sizeof(host)));
	assert_string_equal(host, "files.example");
	assert_false(wsd_xaddrs_host("urn:x", host, sizeof(host)));
	assert_false(wsd_xaddrs_host("http://", host, sizeof(host)));
	assert_false(wsd_xaddrs_host("http://[fd00::1", host, sizeof(host)));
	assert_false(wsd_xaddrs_host("http://files.example/", host, 5));
}

static void rejects_every_truncation(void **state)
{
	size_t length;
	uint8_t *data = recorded("resolvematches-wsdd.bin", 1343, &length);

	(void)state;
	for (size_t cut = 0; cut < length; cut++) {
		int r = wsd_reply_decode(data, cut, &reply);

		/* only a cut after the Envelope's end tag still reads */
		assert_true(r == -EBADMSG || cut >= length - 1);
	}
	free(data);
}

#define HEAD "<e:Envelope><e:Header><a:Action>x/ProbeMatches</a:Action></e:Header><e:Body>"
#define TAIL "</e:Body></e:Envelope>"
#define MATCH "<d:ProbeMatch><a:EndpointReference><a:Address> urn:uuid:1 </a:Address></a:EndpointReference></d:ProbeMatch>"

static int decode_text(const char *text)
{
	return wsd_reply_decode((const uint8_t *)text, strlen(text), &reply);
}

static void structure_and_bounds_are_checked(void **state)
{
	static const uint8_t nul[] = HEAD "<d:ProbeMatches>" MATCH "</d:ProbeMatches>" TAIL "\0";

	(void)state;
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches>" MATCH "</d:ProbeMatches>" TAIL), 0);
	assert_string_equal(reply.endpoint.text, "urn:uuid:1");
	assert_int_equal(reply.endpoint.bytes, 10);
	assert_false(reply.relates_to.present);
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches>" MATCH MATCH "<!-- <d:ProbeMatch> -->" MATCH
				     "</d:ProbeMatches>" TAIL), 0);
	assert_int_equal(reply.matches, 3);
	/* a quoted '>' in a start tag, blanks before an end tag's '>' */
	assert_int_equal(decode_text("<?xml version=\"1.0\"?><e:Envelope a=\"1>2\"><e:Header ><a:Action>x/ProbeMatches"
				     "</a:Action ></e:Header><e:Body>" "<d:ProbeMatches>" MATCH "</d:ProbeMatches>"
				     TAIL), 0);
	assert_int_equal(wsd_reply_decode(nul, sizeof(nul), &reply), -EBADMSG);
	assert_int_equal(wsd_reply_decode(NULL, 0, &reply), -EBADMSG);
	assert_int_equal(decode_text(""), -EBADMSG);
	assert_int_equal(decode_text("not xml"), -EBADMSG);
	/* no match, a match without an address, an empty address, markup in a leaf */
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches></d:ProbeMatches>" TAIL), -EBADMSG);
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches><d:ProbeMatch/></d:ProbeMatches>" TAIL), -EBADMSG);
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address/>"
				     "</a:EndpointReference></d:ProbeMatch></d:ProbeMatches>" TAIL), -EBADMSG);
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>u<b/>"
				     "</a:Address></a:EndpointReference></d:ProbeMatch></d:ProbeMatches>" TAIL), -EBADMSG);
	/* another action: Hello, a Fault, the Probe; a ResolveMatches body under a ProbeMatches action */
	assert_int_equal(decode_text("<e:Envelope><e:Header><a:Action>x/Hello</a:Action></e:Header><e:Body>"
				     "<d:ProbeMatches>" MATCH "</d:ProbeMatches>" TAIL), -EBADMSG);
	assert_int_equal(decode_text(HEAD "<d:ResolveMatches><d:ResolveMatch><a:EndpointReference><a:Address>u"
				     "</a:Address></a:EndpointReference></d:ResolveMatch></d:ResolveMatches>" TAIL), -EBADMSG);
	/* an element or comment not ended, a tag cut short */
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches>" MATCH TAIL), -EBADMSG);
	assert_int_equal(decode_text(HEAD "<!-- <d:ProbeMatches>" MATCH "</d:ProbeMatches>" TAIL), -EBADMSG);
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches>" MATCH "</d:ProbeMatches" TAIL), -EBADMSG);
	assert_int_equal(decode_text("<e:Envelope"), -EBADMSG);
	assert_int_equal(decode_text("<"), -EBADMSG);
	/* MetadataVersion: digits that fit 32 bits */
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>u</a:Address>"
				     "</a:EndpointReference><d:MetadataVersion>4294967296</d:MetadataVersion>"
				     "</d:ProbeMatch></d:ProbeMatches>" TAIL), -EBADMSG);
	assert_int_equal(decode_text(HEAD "<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>u</a:Address>"
				     "</a:EndpointReference><d:MetadataVersion>4294967295</d:MetadataVersion>"
				     "</d:ProbeMatch></d:ProbeMatches>" TAIL), 0);
	assert_int_equal(reply.metadata_version, 4294967295u);
	/* a long text is cut, its length kept; other bytes shown as '?' */
	{
		char text[2048];
		char address[600];

		memset(address, 'a', sizeof(address) - 1);
		address[sizeof(address) - 1] = '\0';
		address[3] = '\x7f';
		snprintf(text, sizeof(text), HEAD "<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>%s"
			 "</a:Address></a:EndpointReference></d:ProbeMatch></d:ProbeMatches>" TAIL, address);
		assert_int_equal(decode_text(text), 0);
		assert_int_equal(reply.endpoint.bytes, 599);
		assert_int_equal(strlen(reply.endpoint.text), WSD_TEXT_MAX);
		assert_int_equal(reply.endpoint.text[3], '?');
	}
}

/* What check shows and the record keeps comes back from the record's
 * JSON as it was. */
static void answer_round_trips_through_json(void **state)
{
	const struct service_probe *probe = wsd_service.probe;
	struct wsd_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .reachable = true, .probe = probe }, back = { 0 };
	const struct wsd_detail *read;
	size_t length;
	uint8_t *data;
	json_t *json;

	(void)state;
	assert_non_null(detail);
	data = recorded("resolvematches-wsdd.bin", 1343, &length);
	detail->request_bytes = WSD_PROBE_BYTES;
	detail->unicast.status = -ETIMEDOUT;
	assert_int_equal(wsd_reply_decode(data, length, &detail->multicast.reply), 0);
	free(data);
	detail->multicast.datagrams = 2;
	detail->multicast.reply_bytes = 2 * 1343;
	detail->public_link = true;
	snprintf(detail->public_address, sizeof(detail->public_address), "203.0.113.10");
	answer.detail = detail;
	answer.request_bytes = WSD_PROBE_BYTES;
	answer.reply_bytes = 2 * 1343;
	answer.amplification = 4.3;
	snprintf(answer.peer, sizeof(answer.peer), "203.0.113.10");
	json = probe->answer_json(&answer, json_true());
	assert_non_null(json);
	assert_string_equal(json_string_value(json_object_get(json, "status")), "answered");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json, "unicast"), "status")), "no reply");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json, "multicast"), "status")), "answered");
	assert_string_equal(json_string_value(json_object_get(json, "endpoint")), "urn:uuid:e5e61fb5-d685-5b50-9ba7-acb6e6962ef3");
	assert_string_equal(json_string_value(json_object_get(json, "host")), "203.0.113.10");
	assert_true(json_is_true(json_object_get(json, "public_link")));
	assert_int_equal(probe->answer_from_json(json, &back), 0);
	read = wsd_detail_of(&back);
	assert_true(back.reachable && probe->answer_open(&back));
	assert_true(wsd_answers_outsiders(NULL, &back));
	assert_int_equal(back.reply_bytes, 2686);
	assert_int_equal(back.request_bytes, WSD_PROBE_BYTES);
	assert_string_equal(back.peer, "203.0.113.10");
	assert_int_equal(read->unicast.status, -ETIMEDOUT);
	assert_int_equal(read->multicast.status, 0);
	assert_int_equal(read->multicast.datagrams, 2);
	assert_string_equal(read->multicast.reply.types.text, "wsdp:Device pub:Computer");
	assert_string_equal(read->multicast.reply.xaddrs.text, "http://203.0.113.10:5357/e5e61fb5-d685-5b50-9ba7-acb6e6962ef3");
	assert_string_equal(read->public_address, "203.0.113.10");
	json_decref(json);
	/* the link's hosts only, all private: not exposed */
	detail->public_link = false;
	assert_false(wsd_answers_outsiders(NULL, &answer));
	detail->unicast.status = 0;
	assert_true(wsd_answers_outsiders(NULL, &answer));
	service_answer_free(&back);
	service_answer_free(&answer);
}

static void single_bit_flips(void **state)
{
	size_t length;
	uint8_t *data = recorded("probematches-wsdd.bin", 1247, &length);

	(void)state;
	for (size_t bit = 0; bit < length * 8; bit++) {
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		LLVMFuzzerTestOneInput(data, length);
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	free(data);
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/wsd", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/wsd/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe_is_the_scanners_bytes),
		cmocka_unit_test(decodes_real_replies),
		cmocka_unit_test(rejects_every_truncation),
		cmocka_unit_test(structure_and_bounds_are_checked),
		cmocka_unit_test(answer_round_trips_through_json),
		cmocka_unit_test(single_bit_flips),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
