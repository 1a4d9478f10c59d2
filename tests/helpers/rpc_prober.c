/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asks a portmapper over UDP ten times a second, as a scanner would,
 * until SIGTERM or SIGINT:
 *   rpc_prober ADDRESS [PORT]
 * prints "ready" once the first call is out, and at the end (after half
 * a second more for late answers) "sent N answered M". It never waits
 * for an answer before the next call: rpcinfo waits seconds for each,
 * so a prober built on it looks only now and then while the port is
 * closed. The call is the portmapper's NULL procedure (v2), 40 bytes.
 * Standalone (no config.h): the release test compiles it on its own. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "socket_address.h"

#define INTERVAL_NS 100000000ull
#define LINGER_NS 500000000ull
#define CALL_WORDS 10

static volatile sig_atomic_t stop_requested;

static void on_stop(int signal_number)
{
	(void)signal_number;
	stop_requested = 1;
}

static uint64_t now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
}

static int connect_to(const char *address_text, unsigned long port)
{
	struct sockaddr_storage address;
	socklen_t length;
	int fd;

	if (socket_address_parse(address_text, port, &address, &length) < 0)
		return -EINVAL;
	fd = socket(address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Connected: only the portmapper's datagrams reach us. */
	if (connect(fd, (struct sockaddr *)&address, length) < 0) {
		int error = -errno;

		close(fd);
		return error;
	}
	return fd;
}

/* A pending ICMP error (the port was unreachable a moment ago) fails
 * the next send without sending: try once more. */
static bool send_call(int fd, uint32_t xid)
{
	uint32_t call[CALL_WORDS] = { htonl(xid), 0, htonl(2), htonl(100000), htonl(2), 0, 0, 0, 0, 0 };

	for (int attempt = 0; attempt < 2; attempt++)
		if (send(fd, call, sizeof(call), 0) == (ssize_t)sizeof(call))
			return true;
	return false;
}

/* Counts the replies to calls of this run; ICMP errors are no answer. */
static void receive_replies(int fd, uint32_t first_xid, uint64_t sent, uint64_t *answered)
{
	uint32_t reply[64];

	for (;;) {
		ssize_t length = recv(fd, reply, sizeof(reply), 0);

		if (length < 0 && errno == EAGAIN)
			return;
		if (length < 8)
			continue;
		if (ntohl(reply[1]) == 1 && ntohl(reply[0]) - first_xid < sent)
			(*answered)++;
	}
}

int main(int argc, char **argv)
{
	struct sigaction action = { .sa_handler = on_stop };
	sigset_t blocked, during_wait;
	uint64_t sent = 0, answered = 0, next, linger_until = 0;
	uint32_t first_xid;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: rpc_prober ADDRESS [PORT]\n");
		return 2;
	}
	fd = connect_to(argv[1], argc == 3 ? strtoul(argv[2], NULL, 10) : 111);
	if (fd < 0) {
		fprintf(stderr, "rpc_prober: %s: %s\n", argv[1], strerror(-fd));
		return 1;
	}
	if (getrandom(&first_xid, sizeof(first_xid), 0) != sizeof(first_xid))
		first_xid = (uint32_t)now_ns();
	/* The signals arrive only inside ppoll, so none is lost between
	 * the check of the flag and the wait. */
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGINT);
	sigprocmask(SIG_BLOCK, &blocked, &during_wait);
	sigdelset(&during_wait, SIGTERM);
	sigdelset(&during_wait, SIGINT);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGINT, &action, NULL);

	next = now_ns();
	for (;;) {
		struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
		uint64_t now = now_ns(), until;
		struct timespec timeout;

		if (stop_requested && !linger_until)
			linger_until = now + LINGER_NS;
		if (linger_until && now >= linger_until)
			break;
		if (!linger_until && now >= next) {
			if (send_call(fd, first_xid + (uint32_t)sent) && ++sent == 1) {
				printf("ready\n");
				fflush(stdout);
			}
			/* A late wake-up is not made up for with a burst. */
			next = now + INTERVAL_NS;
		}
		until = linger_until ? linger_until : next;
		timeout = (struct timespec){ (time_t)((until - now) / 1000000000ull), (long)((until - now) % 1000000000ull) };
		if (ppoll(&poll_fd, 1, until > now ? &timeout : &(struct timespec){ 0, 0 }, &during_wait) > 0)
			receive_replies(fd, first_xid, sent, &answered);
	}
	receive_replies(fd, first_xid, sent, &answered);
	printf("sent %llu answered %llu\n", (unsigned long long)sent, (unsigned long long)answered);
	close(fd);
	return 0;
}
