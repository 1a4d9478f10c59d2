/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Holds sockets open for the scan tests and the benchmark:
 *   socket_holder tcp|udp ADDRESS PORT [v6only] [COUNT]
 * binds COUNT sockets on PORT, PORT+1, ... (TCP ones listen), prints
 * "ready" on stdout and sleeps until killed. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socket_address.h"

static int open_socket(bool tcp, const char *address_text, unsigned int port, bool v6only)
{
	struct sockaddr_storage address;
	socklen_t length;
	int fd, one = 1;

	if (socket_address_parse(address_text, port, &address, &length) < 0)
		return -EINVAL;
	fd = socket(address.ss_family, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (address.ss_family == AF_INET6) {
		int value = v6only;

		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof(value));
	}
	if (bind(fd, (struct sockaddr *)&address, length) < 0 || (tcp && listen(fd, 16) < 0)) {
		int error = -errno;

		close(fd);
		return error;
	}
	return fd;
}

int main(int argc, char **argv)
{
	bool tcp, v6only = false;
	unsigned long port, count = 1;

	if (argc < 4 || (strcmp(argv[1], "tcp") != 0 && strcmp(argv[1], "udp") != 0)) {
		fprintf(stderr, "usage: socket_holder tcp|udp ADDRESS PORT [v6only] [COUNT]\n");
		return 2;
	}
	tcp = strcmp(argv[1], "tcp") == 0;
	port = strtoul(argv[3], NULL, 10);
	for (int i = 4; i < argc; i++) {
		if (strcmp(argv[i], "v6only") == 0)
			v6only = true;
		else
			count = strtoul(argv[i], NULL, 10);
	}
	for (unsigned long i = 0; i < count; i++) {
		int fd = open_socket(tcp, argv[2], (unsigned int)(port + i), v6only);

		if (fd < 0) {
			fprintf(stderr, "socket_holder: %s %s port %lu: %s\n", argv[1], argv[2], port + i, strerror(-fd));
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
