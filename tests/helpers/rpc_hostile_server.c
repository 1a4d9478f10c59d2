/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A portmapper that lies, for the probe tests: it answers DUMP calls on
 * UDP and TCP with what a broken or malicious server would send.
 *   rpc_hostile_server PORT UDP_MODE TCP_MODE
 * UDP: none silent valid garbage truncated lying-length endless-list
 *      wrong-xid flood
 * TCP: none close valid garbage lying-length endless-fragments
 *      huge-fragment slow-drip
 * Listens on [::]:PORT, IPv4 too. Children die with the parent. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct message {
	uint8_t data[65536];
	size_t length;
};

static void put(struct message *message, uint32_t value)
{
	uint8_t *p = message->data + message->length;

	if (message->length + 4 > sizeof(message->data))
		return;
	p[0] = (uint8_t)(value >> 24);
	p[1] = (uint8_t)(value >> 16);
	p[2] = (uint8_t)(value >> 8);
	p[3] = (uint8_t)value;
	message->length += 4;
}

static void put_string(struct message *message, const char *text)
{
	size_t length = strlen(text);

	put(message, (uint32_t)length);
	memcpy(message->data + message->length, text, length);
	message->length += length;
	while (message->length % 4)
		message->data[message->length++] = 0;
}

static void put_header(struct message *message, uint32_t xid)
{
	const uint32_t words[] = { xid, 1, 0, 0, 0, 0 };

	message->length = 0;
	for (size_t i = 0; i < 6; i++)
		put(message, words[i]);
}

static uint32_t word_at(const uint8_t *data, size_t length, size_t offset)
{
	if (offset + 4 > length)
		return 0;
	return (uint32_t)data[offset] << 24 | (uint32_t)data[offset + 1] << 16 |
	       (uint32_t)data[offset + 2] << 8 | data[offset + 3];
}

/* The reply each mode sends to a call; false: send nothing. */
static bool build_reply(const char *mode, const uint8_t *call, size_t call_length, struct message *reply)
{
	uint32_t xid = word_at(call, call_length, 0), version = word_at(call, call_length, 16);

	if (strcmp(mode, "valid") == 0 || strcmp(mode, "truncated") == 0 || strcmp(mode, "slow-drip") == 0 ||
	    strcmp(mode, "wrong-xid") == 0) {
		put_header(reply, strcmp(mode, "wrong-xid") == 0 ? xid + 1000 : xid);
		put(reply, 1);
		put(reply, 100000);
		put(reply, version == 2 ? 2 : version);
		if (version == 2) {
			put(reply, 17);
			put(reply, 111);
		} else {
			put_string(reply, "udp");
			put_string(reply, "0.0.0.0.0.111");
			put_string(reply, "superuser");
		}
		put(reply, 0);
		if (strcmp(mode, "truncated") == 0)
			reply->length -= 6;
		return true;
	}
	if (strcmp(mode, "garbage") == 0) {
		reply->length = 512;
		for (size_t i = 0; i < reply->length; i++)
			reply->data[i] = (uint8_t)(i * 131 + 7);
		return true;
	}
	if (strcmp(mode, "lying-length") == 0) {
		put_header(reply, xid);
		put(reply, 1);
		put(reply, 100000);
		put(reply, 4);
		put(reply, 0xffffffff);
		put_string(reply, "tcp");
		return true;
	}
	if (strcmp(mode, "endless-list") == 0) {
		put_header(reply, xid);
		while (reply->length + 20 <= 65000) {
			put(reply, 1);
			put(reply, 100000);
			put(reply, 2);
			put(reply, 17);
			put(reply, 111);
		}
		return true;
	}
	return false;
}

static void serve_udp(int fd, const char *mode)
{
	static struct message call, reply;

	for (;;) {
		struct sockaddr_storage peer;
		socklen_t peer_length = sizeof(peer);
		ssize_t received = recvfrom(fd, call.data, sizeof(call.data), 0, (struct sockaddr *)&peer, &peer_length);

		if (received < 0)
			continue;
		call.length = (size_t)received;
		if (strcmp(mode, "flood") == 0) {
			/* a datagram every 20 ms for 30 s, none of them an
			 * answer: longer than a probe may take */
			build_reply("garbage", call.data, call.length, &reply);
			for (int i = 0; i < 1500; i++) {
				sendto(fd, reply.data, reply.length, 0, (struct sockaddr *)&peer, peer_length);
				nanosleep(&(struct timespec){ .tv_nsec = 20000000 }, NULL);
			}
			continue;
		}
		if (build_reply(mode, call.data, call.length, &reply))
			sendto(fd, reply.data, reply.length, 0, (struct sockaddr *)&peer, peer_length);
	}
}

static bool send_all(int fd, const void *bytes, size_t length)
{
	return send(fd, bytes, length, MSG_NOSIGNAL) == (ssize_t)length;
}

static bool receive_call(int fd, struct message *call)
{
	call->length = 0;
	while (call->length < 44) {
		ssize_t received = recv(fd, call->data + call->length, 44 - call->length, 0);

		if (received <= 0)
			return false;
		call->length += (size_t)received;
	}
	return true;
}

static void serve_tcp_connection(int fd, const char *mode)
{
	static struct message call, reply;
	static const uint8_t zeros[4096];

	if (strcmp(mode, "close") == 0)
		return;
	while (receive_call(fd, &call)) {
		const uint8_t *body = call.data + 4;
		uint8_t mark[4];

		if (strcmp(mode, "endless-fragments") == 0) {
			/* empty fragments that never say "last" */
			while (send_all(fd, zeros, sizeof(zeros)))
				;
			return;
		}
		if (strcmp(mode, "huge-fragment") == 0) {
			if (!send_all(fd, "\x7f\xff\xff\xff", 4))
				return;
			while (send_all(fd, "x", 1))
				nanosleep(&(struct timespec){ .tv_nsec = 50000000 }, NULL);
			return;
		}
		if (!build_reply(strcmp(mode, "slow-drip") == 0 ? "valid" : mode, body, call.length - 4, &reply))
			return;
		mark[0] = 0x80;
		mark[1] = (uint8_t)(reply.length >> 16);
		mark[2] = (uint8_t)(reply.length >> 8);
		mark[3] = (uint8_t)reply.length;
		if (strcmp(mode, "slow-drip") == 0) {
			if (!send_all(fd, mark, 4))
				return;
			for (size_t i = 0; i < reply.length; i++) {
				if (!send_all(fd, reply.data + i, 1))
					return;
				nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
			}
			continue;
		}
		if (!send_all(fd, mark, 4) || !send_all(fd, reply.data, reply.length))
			return;
	}
}

static int open_socket(int type, unsigned long port)
{
	struct sockaddr_in6 address = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };
	int fd = socket(AF_INET6, type, 0), off = 0, on = 1;

	if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	    bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 16) < 0)) {
		perror("rpc_hostile_server");
		exit(1);
	}
	return fd;
}

static void die_with_parent(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

int main(int argc, char **argv)
{
	unsigned long port;
	int udp = -1, tcp = -1;

	if (argc != 4) {
		fprintf(stderr, "usage: rpc_hostile_server PORT UDP_MODE TCP_MODE\n");
		return 2;
	}
	port = strtoul(argv[1], NULL, 10);
	signal(SIGCHLD, SIG_IGN);
	if (strcmp(argv[2], "none") != 0)
		udp = open_socket(SOCK_DGRAM, port);
	if (strcmp(argv[3], "none") != 0)
		tcp = open_socket(SOCK_STREAM, port);
	if (udp >= 0 && fork() == 0) {
		die_with_parent();
		serve_udp(udp, argv[2]);
	}
	for (;;) {
		int connection = tcp >= 0 ? accept(tcp, NULL, NULL) : -1;

		if (tcp < 0) {
			pause();
			continue;
		}
		if (connection < 0)
			continue;
		if (fork() == 0) {
			die_with_parent();
			serve_tcp_connection(connection, argv[3]);
			_exit(0);
		}
		close(connection);
	}
}
