/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registers a program with the rpcbind on 127.0.0.1, as a daemon such
 * as rpc.mountd would (PMAPPROC_SET, from a reserved port, which
 * rpcbind demands of local SETs). For tests that need more than the
 * portmapper itself registered; no such daemon is installed here.
 *   rpc_register PROGRAM VERSION tcp|udp PORT [RPCBIND_IPV4_ADDRESS]
 * The address is for an rpcbind that listens beyond loopback only
 * (it must run with -i to take SETs from there).
 * Exit 0 when rpcbind said yes. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static void put(uint8_t *p, uint32_t value)
{
	p[0] = (uint8_t)(value >> 24);
	p[1] = (uint8_t)(value >> 16);
	p[2] = (uint8_t)(value >> 8);
	p[3] = (uint8_t)value;
}

static int bind_reserved_port(int fd, in_addr_t local)
{
	for (uint16_t port = 600; port < 1024; port++) {
		struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port),
					       .sin_addr.s_addr = local };

		if (bind(fd, (struct sockaddr *)&address, sizeof(address)) == 0)
			return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in rpcbind = { .sin_family = AF_INET, .sin_port = htons(111),
				       .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval timeout = { .tv_sec = 2 };
	uint32_t words[14] = { 0, 0, 2, 100000, 2, 1, 0, 0, 0, 0 };
	uint8_t call[sizeof(words)], reply[64];
	ssize_t received;
	int fd;

	if ((argc != 5 && argc != 6) || (strcmp(argv[3], "tcp") != 0 && strcmp(argv[3], "udp") != 0) ||
	    (argc == 6 && inet_pton(AF_INET, argv[5], &rpcbind.sin_addr) != 1)) {
		fprintf(stderr, "usage: rpc_register PROGRAM VERSION tcp|udp PORT [RPCBIND_IPV4_ADDRESS]\n");
		return 2;
	}
	words[0] = (uint32_t)getpid();
	words[10] = (uint32_t)strtoul(argv[1], NULL, 10);
	words[11] = (uint32_t)strtoul(argv[2], NULL, 10);
	words[12] = strcmp(argv[3], "tcp") == 0 ? 6 : 17;
	words[13] = (uint32_t)strtoul(argv[4], NULL, 10);
	for (size_t i = 0; i < 14; i++)
		put(call + 4 * i, words[i]);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind_reserved_port(fd, argc == 6 ? rpcbind.sin_addr.s_addr : htonl(INADDR_LOOPBACK)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0 ||
	    sendto(fd, call, sizeof(call), 0, (struct sockaddr *)&rpcbind, sizeof(rpcbind)) < 0) {
		perror("rpc_register");
		return 1;
	}
	received = recv(fd, reply, sizeof(reply), 0);
	/* header of 24 bytes, then the boolean result */
	if (received != 28 || memcmp(reply, call, 4) != 0 || reply[27] != 1) {
		fprintf(stderr, "rpc_register: rpcbind did not accept the registration\n");
		return 1;
	}
	close(fd);
	return 0;
}
