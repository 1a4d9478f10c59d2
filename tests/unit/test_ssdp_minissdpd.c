/* SPDX-License-Identifier: GPL-2.0-or-later */
/* minissdpd's socket and command line, as the SSDP probe reads them: the
 * real reply to request type 3 (tests/fixtures/ssdp/capture.sh) decoded,
 * a cut reply waited on, every malformed one refused, a device heard
 * again counted once; minissdpd's options as its getopt takes them; and
 * the fuzz corpus replayed. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"

#include "kernel/net_io.h"
#include "services/ssdp/ssdp_minissdpd.h"
#include "services/udp_ask.h"

#define GATEWAY_USN "uuid:5c1e7a00-51d1-4c1b-9d2a-00000000beef"

static struct minissdpd_reply reply;

static void slice_is(const uint8_t *data, const struct minissdpd_slice *slice, const char *text)
{
	assert_int_equal(slice->length, strlen(text));
	assert_memory_equal(data + slice->offset, text, slice->length);
}

static void decodes_the_real_reply(void **state)
{
	size_t length;
	uint8_t *data = fixture_read("ssdp", "minissdpd-all-gateway.bin", &length);

	(void)state;
	assert_int_equal(minissdpd_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.count, 2);
	assert_int_equal(reply.distinct, 2);
	/* minissdpd lists the latest registration first. */
	slice_is(data, &reply.entries[0].location, "http://10.71.19.1:5000/rootDesc.xml");
	slice_is(data, &reply.entries[0].st, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	slice_is(data, &reply.entries[0].usn, GATEWAY_USN "::urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	slice_is(data, &reply.entries[1].st, "upnp:rootdevice");
	slice_is(data, &reply.entries[1].usn, GATEWAY_USN "::upnp:rootdevice");
	/* Every shorter read is one to read on. */
	for (size_t cut = 0; cut < length; cut++)
		assert_int_equal(minissdpd_reply_decode(data, cut, &reply), -EAGAIN);
	free(data);

	data = fixture_read("ssdp", "minissdpd-all-none.bin", &length);
	assert_int_equal(length, 1);
	assert_int_equal(minissdpd_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.count, 0);
	assert_int_equal(reply.distinct, 0);
	free(data);
}

static void counts_a_device_heard_again_once(void **state)
{
	/* The gateway's root device as minissdpd heard it announced (its
	 * devices come first), then the same as registered, then another
	 * host's device on the LAN. */
	static const uint8_t data[] = "\x03"
		"\x01" "L" "\x04" "root" "\x03" "usn"
		"\x01" "M" "\x04" "root" "\x03" "usn"
		"\x01" "N" "\x04" "root" "\x04" "usn2";

	(void)state;
	assert_int_equal(minissdpd_reply_decode(data, sizeof(data) - 1, &reply), 0);
	assert_int_equal(reply.count, 3);
	assert_int_equal(reply.distinct, 2);
}

static void lengths_in_seven_bit_groups(void **state)
{
	static uint8_t data[1 + 3 + 200 + 1 + 1];
	size_t length = 0;

	(void)state;
	/* 200 = 0x81 0x48: the high group first, its bit 7 set. */
	data[length++] = 1;
	data[length++] = 0x81;
	data[length++] = 0x48;
	memset(data + length, 'a', 200);
	length += 200;
	data[length++] = 0;
	data[length++] = 0;
	assert_int_equal(minissdpd_reply_decode(data, length, &reply), 0);
	assert_int_equal(reply.entries[0].location.length, 200);
	assert_int_equal(reply.entries[0].st.length, 0);
}

static void refuses_what_is_no_reply(void **state)
{
	static uint8_t big[MINISSDPD_REPLY_MAX + 1];
	/* Five groups of a length: more than minissdpd writes. */
	static const uint8_t five_groups[] = { 1, 0x80, 0x80, 0x80, 0x80, 0x01 };
	/* A length past the largest reply. */
	static const uint8_t too_long[] = { 1, 0x81, 0x80, 0x00 };
	/* A byte after the last entry. */
	static const uint8_t trailing[] = { 1, 0, 0, 0, 'x' };
	static const uint8_t empty_trailing[] = { 0, 0 };

	(void)state;
	assert_int_equal(minissdpd_reply_decode(five_groups, sizeof(five_groups), &reply), -EBADMSG);
	assert_int_equal(minissdpd_reply_decode(too_long, sizeof(too_long), &reply), -EBADMSG);
	assert_int_equal(minissdpd_reply_decode(trailing, sizeof(trailing), &reply), -EBADMSG);
	assert_int_equal(minissdpd_reply_decode(empty_trailing, sizeof(empty_trailing), &reply), -EBADMSG);
	assert_int_equal(minissdpd_reply_decode(big, sizeof(big), &reply), -EBADMSG);
	/* 255 empty entries: the most one byte counts, and whole. */
	memset(big, 0, sizeof(big));
	big[0] = 255;
	assert_int_equal(minissdpd_reply_decode(big, 1 + 255 * 3, &reply), 0);
	assert_int_equal(reply.count, 255);
	assert_int_equal(reply.distinct, 1);
}

static void asks_no_socket_that_is_not_there(void **state)
{
	(void)state;
	assert_int_equal(minissdpd_ask_all("/nonexistent/minissdpd.sock", 100, &reply), -ENOENT);
}

static int count_feed(void *context, const uint8_t *datagram, size_t length)
{
	(void)datagram;
	(void)length;
	return ++*(int *)context == 4 ? 1 : 0;
}

/* A responder on loopback that answers the request with count
 * datagrams at once, as minissdpd does; returns its port. */
static uint16_t responder(int count, pid_t *ret_pid)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t length = sizeof(address);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&address, sizeof(address)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&address, &length), 0);
	*ret_pid = fork();
	assert_true(*ret_pid >= 0);
	if (*ret_pid == 0) {
		struct sockaddr_in peer;
		socklen_t peer_length = sizeof(peer);
		char buffer[64];

		if (recvfrom(fd, buffer, sizeof(buffer), 0, (struct sockaddr *)&peer, &peer_length) >= 0)
			for (int i = 0; i < count; i++)
				sendto(fd, "reply", 5, 0, (struct sockaddr *)&peer, peer_length);
		_exit(0);
	}
	close(fd);
	return ntohs(address.sin_port);
}

/* udp_ask_until_quiet ends the wait when the replies stop, or when feed
 * has the whole answer (the fourth); udp_ask waits its whole timeout. */
static void quiet_gap_ends_the_wait(void **state)
{
	static const struct {
		int sent;
		unsigned int timeout_ms, quiet_ms;	/* quiet_ms 0: udp_ask */
		int status, taken;
		bool waits_timeout;
	} cases[] = {
		{ 3, 5000, 30, -ETIMEDOUT, 3, false },
		{ 5, 5000, 3000, 0, 4, false },
		{ 3, 300, 0, -ETIMEDOUT, 3, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct udp_result result;
		int taken = 0, r;
		pid_t pid;
		uint16_t port = responder(cases[i].sent, &pid);
		uint64_t start = net_now_ms(), took;

		r = cases[i].quiet_ms
			? udp_ask_until_quiet("127.0.0.1", port, (const uint8_t *)"ask", 3, cases[i].timeout_ms,
					      cases[i].quiet_ms, count_feed, &taken, &result)
			: udp_ask("127.0.0.1", port, (const uint8_t *)"ask", 3, cases[i].timeout_ms, count_feed, &taken,
				  &result);
		took = net_now_ms() - start;
		waitpid(pid, NULL, 0);
		assert_int_equal(r, cases[i].status);
		assert_int_equal(result.datagrams, (size_t)cases[i].taken);
		assert_true(cases[i].waits_timeout ? took >= cases[i].timeout_ms : took < 2000);
	}
}

#define CMDLINE(text) text, sizeof(text)

static void reads_the_command_line(void **state)
{
	struct ssdp_config config;
	char path[MINISSDPD_PATH_MAX];

	(void)state;
	/* Debian's unit: minissdpd -i eth0 -i br-lan (from MiniSSDPd_INTERFACE_ADDRESS). */
	assert_int_equal(minissdpd_cmdline_parse(CMDLINE("/usr/sbin/minissdpd\0-i\0eth0\0-i\0br-lan"), &config, path), 0);
	assert_int_equal(config.interface_count, 2);
	assert_string_equal(config.interfaces[0], "eth0");
	assert_string_equal(config.interfaces[1], "br-lan");
	assert_false(config.ipv6);
	assert_string_equal(path, "/run/minissdpd.sock");
	/* getopt's forms: grouped, a value glued on, another socket, values
	 * of other options skipped, "--" ends them. */
	assert_int_equal(minissdpd_cmdline_parse(CMDLINE("minissdpd\0-di\0eth0\0-i192.168.1.1\0-6\0-t\0-i\0"
							  "-s\0/tmp/m.sock\0-p\0-i\0--\0-i\0lo"), &config, path), 0);
	assert_int_equal(config.interface_count, 2);
	assert_string_equal(config.interfaces[0], "eth0");
	assert_string_equal(config.interfaces[1], "192.168.1.1");
	assert_true(config.ipv6);
	assert_string_equal(path, "/tmp/m.sock");
	/* Not minissdpd, no NUL at its end, a value missing, too many interfaces. */
	assert_int_equal(minissdpd_cmdline_parse(CMDLINE("/usr/sbin/miniupnpd\0-i\0eth0"), &config, path), -EINVAL);
	assert_int_equal(minissdpd_cmdline_parse("minissdpd\0-i\0eth0", 17, &config, path), -EINVAL);
	assert_int_equal(minissdpd_cmdline_parse(CMDLINE("minissdpd\0-i"), &config, path), -EINVAL);
	assert_int_equal(minissdpd_cmdline_parse(CMDLINE("minissdpd\0-ia\0-ib\0-ic\0-id\0-ie\0-if\0-ig\0-ih\0-ii\0"
							  "-ij\0-ik\0-il\0-im\0-in\0-io\0-ip\0-iq"), &config, path), -EINVAL);
	assert_int_equal(minissdpd_cmdline_parse("", 0, &config, path), -EINVAL);
}

static void corpus_replays(void **state)
{
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/ssdp/minissdpd-corpus", FIXTURES);
	assert_true(corpus_replay(path) >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_the_real_reply),
		cmocka_unit_test(counts_a_device_heard_again_once),
		cmocka_unit_test(lengths_in_seven_bit_groups),
		cmocka_unit_test(refuses_what_is_no_reply),
		cmocka_unit_test(asks_no_socket_that_is_not_there),
		cmocka_unit_test(reads_the_command_line),
		cmocka_unit_test(quiet_gap_ends_the_wait),
		cmocka_unit_test(corpus_replays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
