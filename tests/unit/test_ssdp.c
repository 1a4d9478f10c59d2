/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP: the M-SEARCH request byte for byte, the replies of the real
 * minissdpd (tests/fixtures/ssdp/capture.sh) decoded, every malformed
 * or oversized reply refused, /etc/default/minissdpd read, the links it
 * serves, the consumers of fixture trees (--root), and the abuse mails
 * that report it told to it by the table. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"

#include "abuse_fixture.h"

#include "base/error_record.h"
#include "mail/abuse.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/service.h"
#include "services/ssdp/ssdp_config.h"
#include "services/ssdp/ssdp_consumers.h"
#include "services/ssdp/ssdp_probe.h"
#include "services/ssdp/ssdp_wire.h"

#define GATEWAY_USN "uuid:5c1e7a00-51d1-4c1b-9d2a-00000000beef"
#define GATEWAY_SERVER "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1"

static void request_is_the_measured_bytes(void **state)
{
	uint8_t request[128];
	size_t length;
	uint8_t *measured = fixture_read("ssdp", "msearch.bin", &length);

	(void)state;
	assert_int_equal(length, 94);
	assert_int_equal(SSDP_MSEARCH_SIZE, 94);
	assert_int_equal(ssdp_msearch_encode(request, sizeof(request)), 94);
	assert_memory_equal(request, measured, length);
	assert_int_equal(ssdp_msearch_encode(request, 93), -ENOBUFS);
	free(measured);
}

static void decodes_real_replies(void **state)
{
	struct ssdp_reply reply;
	size_t length;
	uint8_t *root = fixture_read("ssdp", "reply-0.bin", &length);

	(void)state;
	assert_int_equal(length, 353);
	assert_int_equal(ssdp_reply_decode(root, length, &reply), 0);
	assert_string_equal(reply.st, "upnp:rootdevice");
	assert_string_equal(reply.usn, GATEWAY_USN "::upnp:rootdevice");
	assert_string_equal(reply.server, GATEWAY_SERVER);
	assert_string_equal(reply.location, "http://10.71.19.1:5000/rootDesc.xml");
	assert_string_equal(reply.cache_control, "max-age=120");
	assert_int_equal(reply.header_count, 10);
	free(root);

	root = fixture_read("ssdp", "reply-1.bin", &length);
	assert_int_equal(length, 425);
	assert_int_equal(ssdp_reply_decode(root, length, &reply), 0);
	assert_string_equal(reply.st, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	free(root);
}

static int decode_text(const char *text, struct ssdp_reply *reply)
{
	return ssdp_reply_decode((const uint8_t *)text, strlen(text), reply);
}

static void refuses_what_is_no_reply(void **state)
{
	static const struct {
		const char *text;
		int expected;
	} cases[] = {
		{ "", -EBADMSG },
		{ "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\n", -EBADMSG },		/* no empty line */
		{ "HTTP/1.1 200 OK\r\nST: a\r\n\r", -EBADMSG },				/* cut in the line end */
		{ "HTTP/1.1 200 OK\rST: a\r\n\r\n", -EBADMSG },				/* a bare CR */
		{ "HTTP/2 200 OK\r\nST: a\r\n\r\n", -EBADMSG },
		{ "HTTP/1.1 2x0 OK\r\nST: a\r\n\r\n", -EBADMSG },
		{ "HTTP/1.1 200OK\r\nST: a\r\n\r\n", -EBADMSG },
		{ "HTTP/1.1 404 Not Found\r\nST: a\r\n\r\n", -EPROTO },
		{ "M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n", -EBADMSG },		/* a request, not a reply */
		{ "NOTIFY * HTTP/1.1\r\nNT: a\r\n\r\n", -EBADMSG },
		{ "HTTP/1.1 200 OK\r\nST upnp:rootdevice\r\n\r\n", -EBADMSG },	/* no colon */
		{ "HTTP/1.1 200 OK\r\n: value\r\n\r\n", -EBADMSG },			/* no name */
		{ "HTTP/1.1 200 OK\r\nS T: a\r\n\r\n", -EBADMSG },
		{ "HTTP/1.1 200 OK\r\nST: a\x01\r\n\r\n", -EBADMSG },
		{ "HTTP/1.1 200 OK\r\nST: a\xc3\xa4\r\n\r\n", -EBADMSG },
		{ "HTTP/1.1 200 OK\r\nSERVER: x\r\n\r\n", -EBADMSG },		/* neither ST nor USN */
	};
	struct ssdp_reply reply;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&reply, 0x33, sizeof(reply));
		assert_int_equal(decode_text(cases[i].text, &reply), cases[i].expected);
		assert_int_equal(reply.st[0], 0x33);	/* unchanged on error */
	}
	assert_int_equal(ssdp_reply_decode(NULL, 0, &reply), -EBADMSG);
}

static void bounds_every_length(void **state)
{
	char *text = malloc(SSDP_REPLY_MAX + 64);
	struct ssdp_reply reply;
	size_t used;

	(void)state;
	assert_non_null(text);
	/* a value of 255 bytes is kept, of 256 refused */
	used = (size_t)sprintf(text, "HTTP/1.1 200 OK\r\nST: ");
	memset(text + used, 'a', 255);
	strcpy(text + used + 255, "\r\n\r\n");
	assert_int_equal(decode_text(text, &reply), 0);
	assert_int_equal(strlen(reply.st), 255);
	memset(text + used, 'a', 256);
	strcpy(text + used + 256, "\r\n\r\n");
	assert_int_equal(decode_text(text, &reply), -E2BIG);
	/* a long value of a header not kept is no matter, a long line is */
	used = (size_t)sprintf(text, "HTTP/1.1 200 OK\r\nST: a\r\nX-PAD: ");
	memset(text + used, 'b', 900);
	strcpy(text + used + 900, "\r\n\r\n");
	assert_int_equal(decode_text(text, &reply), 0);
	memset(text + used, 'b', SSDP_LINE_MAX + 1);
	strcpy(text + used + SSDP_LINE_MAX + 1, "\r\n\r\n");
	assert_int_equal(decode_text(text, &reply), -E2BIG);
	/* 64 headers, then 65 */
	used = (size_t)sprintf(text, "HTTP/1.1 200 OK\r\nST: a\r\n");
	for (int i = 1; i < SSDP_HEADERS_MAX; i++)
		used += (size_t)sprintf(text + used, "X-%d: v\r\n", i);
	strcpy(text + used, "\r\n");
	assert_int_equal(decode_text(text, &reply), 0);
	assert_int_equal(reply.header_count, SSDP_HEADERS_MAX);
	strcpy(text + used, "X-LAST: v\r\n\r\n");
	assert_int_equal(decode_text(text, &reply), -E2BIG);
	/* a datagram over SSDP_REPLY_MAX */
	memset(text, ' ', SSDP_REPLY_MAX + 1);
	memcpy(text, "HTTP/1.1 200 OK\r\nST: a\r\n\r\n", 27);
	assert_int_equal(ssdp_reply_decode((const uint8_t *)text, SSDP_REPLY_MAX + 1, &reply), -E2BIG);
	assert_int_equal(ssdp_reply_decode((const uint8_t *)text, SSDP_REPLY_MAX, &reply), 0);
	free(text);
}

static void takes_lenient_forms(void **state)
{
	struct ssdp_reply reply;

	(void)state;
	/* LF alone, names in any case, blanks around values, an empty reason, a body after */
	assert_int_equal(decode_text("HTTP/1.0 200\nst:\t upnp:rootdevice \t\nUsn: uuid:1\nLocation:\n\nbody", &reply), 0);
	assert_string_equal(reply.st, "upnp:rootdevice");
	assert_string_equal(reply.usn, "uuid:1");
	assert_string_equal(reply.location, "");
	assert_string_equal(reply.server, "");
}

static void detail_counts_every_reply_and_keeps_services_once(void **state)
{
	struct ssdp_detail detail = { 0 };
	struct ssdp_reply reply = { .st = "upnp:rootdevice", .usn = "uuid:1::upnp:rootdevice", .server = "S/1" };

	(void)state;
	ssdp_detail_take(&detail, &reply, 300);
	ssdp_detail_take(&detail, &reply, 300);		/* the same service again */
	assert_int_equal(detail.datagrams, 2);
	assert_int_equal(detail.reply_bytes, 600);
	assert_int_equal(detail.service_count, 1);
	assert_string_equal(detail.server, "S/1");
	for (int i = 0; i < SSDP_SERVICES_MAX + 4; i++) {
		snprintf(reply.usn, sizeof(reply.usn), "uuid:%d", i);
		ssdp_detail_take(&detail, &reply, 10);
	}
	assert_int_equal(detail.service_count, SSDP_SERVICES_MAX);
	assert_int_equal(detail.datagrams, SSDP_SERVICES_MAX + 6);
}

static void config_reads_interfaces(void **state)
{
	struct ssdp_config config;
	struct error_record error = { 0 };
	size_t length;
	char path[4096];
	uint8_t *text;

	(void)state;
	snprintf(path, sizeof(path), "%s/ssdp/root-none/etc/default/minissdpd", FIXTURES);
	text = fixture_read_path(path, &length);
	assert_int_equal(ssdp_config_parse((const char *)text, length, PATH_MINISSDPD_DEFAULT, &config, &error), 0);
	assert_int_equal(config.interface_count, 1);
	assert_string_equal(config.interfaces[0], "eth0");
	assert_int_equal(config.line, 10);
	assert_false(config.ipv6);
	free(text);

	snprintf(path, sizeof(path), "%s/ssdp/root-options/etc/default/minissdpd", FIXTURES);
	text = fixture_read_path(path, &length);
	assert_int_equal(ssdp_config_parse((const char *)text, length, PATH_MINISSDPD_DEFAULT, &config, &error), 0);
	assert_int_equal(config.interface_count, 3);
	assert_string_equal(config.interfaces[0], "br0");
	assert_string_equal(config.interfaces[1], "192.168.7.1");
	assert_string_equal(config.interfaces[2], "wg0");
	assert_int_equal(config.line, 2);
	assert_true(config.ipv6);
	free(text);

	/* the last assignment counts; 17 interfaces are too many */
	text = (uint8_t *)"MiniSSDPd_INTERFACE_ADDRESS=a\nMiniSSDPd_INTERFACE_ADDRESS=b\n";
	assert_int_equal(ssdp_config_parse((const char *)text, strlen((const char *)text), "f", &config, &error), 0);
	assert_int_equal(config.interface_count, 1);
	assert_string_equal(config.interfaces[0], "b");
	text = (uint8_t *)"MiniSSDPd_INTERFACE_ADDRESS=\"a b c d e f g h i j k l m n o p q\"\n";
	assert_int_equal(ssdp_config_parse((const char *)text, strlen((const char *)text), "f", &config, &error), -EINVAL);
	assert_string_equal(error.message, "more than 16 interfaces");
}

static struct local_link link_of(const char *name, const char *cidr, enum scope scope)
{
	struct local_link link = { .scope = scope };
	char address[64];

	snprintf(link.name, sizeof(link.name), "%s", name);
	assert_int_equal(cidr_parse(cidr, &link.network), 0);
	snprintf(address, sizeof(address), "%s", cidr);
	*strchr(address, '/') = '\0';
	assert_int_equal(ip_address_parse(address, &link.address), 0);
	return link;
}

static void lan_and_public_links(void **state)
{
	struct local_link links[] = {
		link_of("eth0", "203.0.113.10/24", SCOPE_PUBLIC),
		link_of("br0", "192.168.7.1/24", SCOPE_PRIVATE),
		link_of("br0", "fd07::1/64", SCOPE_PRIVATE),
		link_of("wg0", "10.8.0.1/24", SCOPE_PRIVATE),
	};
	struct ssdp_config config = { .interface_count = 1, .interfaces = { "eth0" } };
	struct cidr_list lan = { 0 };

	(void)state;
	assert_true(ssdp_serves_public(&config, links, 4));
	assert_int_equal(ssdp_lan_networks(&config, links, 4, &lan), 0);
	assert_int_equal(lan.count, 0);
	/* the owner's fix: minissdpd -i br0; by address as well */
	config = (struct ssdp_config){ .interface_count = 1, .interfaces = { "br0" } };
	assert_false(ssdp_serves_public(&config, links, 4));
	assert_int_equal(ssdp_lan_networks(&config, links, 4, &lan), 0);
	assert_int_equal(lan.count, 1);	/* IPv4 only without -6 */
	cidr_list_free(&lan);
	config = (struct ssdp_config){ .interface_count = 2, .interfaces = { "192.168.7.1", "wg0" }, .ipv6 = true };
	assert_false(ssdp_serves_public(&config, links, 4));
	assert_int_equal(ssdp_lan_networks(&config, links, 4, &lan), 0);
	assert_int_equal(lan.count, 2);
	cidr_list_free(&lan);
	config = (struct ssdp_config){ .interface_count = 1, .interfaces = { "br0" }, .ipv6 = true };
	assert_int_equal(ssdp_lan_networks(&config, links, 4, &lan), 0);
	assert_int_equal(lan.count, 2);
	cidr_list_free(&lan);
}

static int find(const char *tree_name, struct consumer_list *list, struct error_record *error)
{
	const struct service *service = service_find("ssdp");
	struct listener_list listeners = { 0 };
	char root[PATH_MAX];
	struct host tree;
	struct consumer_request request = { .host = &tree, .listeners = &listeners };
	int r;

	assert_non_null(service);
	*list = (struct consumer_list){ 0 };
	*error = (struct error_record){ 0 };
	snprintf(root, sizeof(root), "%s/ssdp/%s", FIXTURES, tree_name);
	assert_int_equal(host_open(root, &tree), 0);
	r = service->find_consumers(&request, list, error);
	host_close(&tree);
	return r;
}

static bool has_note(const struct consumer_list *list, const char *part)
{
	for (size_t i = 0; i < list->note_count; i++)
		if (strstr(list->notes[i], part))
			return true;
	return false;
}

static void consumers_from_trees(void **state)
{
	struct consumer_list list;
	struct error_record error;

	(void)state;
	assert_int_equal(find("root-gateway", &list, &error), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.items[0].kind->name, "ssdp-announcer");
	assert_string_equal(list.items[0].facts.source->name, "ssdp-unit");
	assert_string_equal(list.items[0].evidence,
			    "miniupnpd.service is enabled (/etc/systemd/system/multi-user.target.wants/miniupnpd.service) "
			    "and announces its services through minissdpd");
	/* this host has no br-lan: no LAN network to trust, said so */
	assert_true(list.items[0].ambiguous);
	assert_false(has_note(&list, "no UPnP daemon"));
	consumer_list_free(&list);

	assert_int_equal(find("root-none", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(has_note(&list, "no UPnP daemon (miniupnpd, minidlna) is enabled"));
	consumer_list_free(&list);

	assert_int_equal(find("root-binary", &list, &error), -EINVAL);
	assert_string_equal(error.message, "binary data, not a line of minissdpd's defaults; is this the right file?");
	assert_int_equal(error.line, 2);
	consumer_list_free(&list);
}

/* Shadowserver's scan_ssdp, bare and attached, and CERT-Bund's mail:
 * each told to SSDP through the table alone. */
static void tells_ssdp_mails(void **state)
{
	static const char *const shadowserver[] = { "2026-11-24-scan_ssdp-asn64496-de.csv", "shadowserver-ssdp.eml" };
	const struct service *ssdp = service_find("ssdp");
	struct abuse_report report = { 0 };
	char ip[CIDR_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		read_fixture(shadowserver[i], &report);
		assert_int_equal(report.count, 1);
		assert_ptr_equal(report.sources[0].service, ssdp);
		assert_string_equal(report.sources[0].report_type, "scan_ssdp");
		assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_SHADOWSERVER);
		assert_ptr_equal(report.rows[0].service, ssdp);
		assert_string_equal(ip_address_format(&report.rows[0].ip, ip), "192.0.2.50");
		assert_string_equal(abuse_row_column(&report.rows[0], "server"), GATEWAY_SERVER);
		assert_string_equal(abuse_row_column(&report.rows[0], "search_target"), "upnp:rootdevice");
		assert_string_equal(abuse_row_column(&report.rows[0], "unique_service_name"), GATEWAY_USN "::upnp:rootdevice");
		assert_string_equal(abuse_row_column(&report.rows[0], "location"), "http://192.0.2.50:5000/rootDesc.xml");
		assert_string_equal(report.rows[0].response_size, "353");
		assert_string_equal(report.rows[0].amplification, "3.76");
		assert_null(abuse_row_column(&report.rows[0], "severity"));
		abuse_report_free(&report);
	}
	read_fixture("certbund-ssdp.txt", &report);
	assert_int_equal(report.count, 1);
	assert_ptr_equal(report.sources[0].service, ssdp);
	assert_string_equal(report.sources[0].report_type, "");
	assert_int_equal(report.sources[0].reporter, ABUSE_REPORTER_CERT_BUND);
	assert_string_equal(abuse_row_column(&report.rows[0], "server"), GATEWAY_SERVER);
	abuse_report_free(&report);
}

static void corpus_replays(void **state)
{
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/ssdp", FIXTURES);
	assert_true(corpus_replay(path) >= 3);
	snprintf(path, sizeof(path), "%s/ssdp/corpus", FIXTURES);
	assert_true(corpus_replay(path) >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_is_the_measured_bytes),
		cmocka_unit_test(decodes_real_replies),
		cmocka_unit_test(refuses_what_is_no_reply),
		cmocka_unit_test(bounds_every_length),
		cmocka_unit_test(takes_lenient_forms),
		cmocka_unit_test(detail_counts_every_reply_and_keeps_services_once),
		cmocka_unit_test(config_reads_interfaces),
		cmocka_unit_test(lan_and_public_links),
		cmocka_unit_test(consumers_from_trees),
		cmocka_unit_test(tells_ssdp_mails),
		cmocka_unit_test(corpus_replays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
