/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Records the kernel's raw answers to the dumps scan_listeners asks
 * for, as tests/fixtures/sock_diag/ holds them:
 *   sock_diag_record PORT[,PORT...] DIRECTORY
 * writes DIRECTORY/{tcp,udp}{4,6}.bin, each every reply message of one
 * dump (up to and with NLMSG_DONE) in the order the kernel sent them:
 * the one dump of all the ports on that family and transport. */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel/netlink_dump.h"
#include "kernel/scan.h"

static int record_dump(struct mnl_socket *netlink, int family, enum transport transport, const uint16_t *ports,
		       size_t count, FILE *output)
{
	char request_buffer[SCAN_REQUEST_SIZE] __attribute__((aligned(8)));
	const struct nlmsghdr *request = scan_request(request_buffer, sizeof(request_buffer), family, transport,
						      ports, count, 4711);
	char *buffer;
	int r = 0;

	if (!request)
		return -E2BIG;
	buffer = malloc(NETLINK_RECEIVE_SIZE);
	if (!buffer)
		return -ENOMEM;
	if (mnl_socket_sendto(netlink, request, request->nlmsg_len) < 0) {
		free(buffer);
		return -errno;
	}
	while (r == 0) {
		ssize_t received = mnl_socket_recvfrom(netlink, buffer, NETLINK_RECEIVE_SIZE);
		struct listener_list check = { 0 };

		if (received < 0) {
			r = -errno;
			break;
		}
		if (fwrite(buffer, 1, (size_t)received, output) != (size_t)received) {
			r = -EIO;
			break;
		}
		/* What was recorded must be what portguard parses. */
		r = scan_parse_replies(buffer, (size_t)received, transport, &check);
		listener_list_free(&check);
	}
	free(buffer);
	return r < 0 ? r : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		int family;
		enum transport transport;
		const char *name;
	} dumps[] = {
		{ AF_INET, TRANSPORT_TCP, "tcp4" },
		{ AF_INET, TRANSPORT_UDP, "udp4" },
		{ AF_INET6, TRANSPORT_TCP, "tcp6" },
		{ AF_INET6, TRANSPORT_UDP, "udp6" },
	};
	uint16_t ports[SCAN_PORTS_MAX];
	size_t count = 0;
	struct mnl_socket *netlink;
	char *cursor;
	int r;

	if (argc != 3) {
		fprintf(stderr, "usage: sock_diag_record PORT[,PORT...] DIRECTORY\n");
		return 2;
	}
	for (cursor = argv[1];; cursor++) {
		char *end;
		unsigned long port = strtoul(cursor, &end, 10);

		if (end == cursor || port == 0 || port > 65535 || (*end != ',' && *end != '\0') ||
		    count == SCAN_PORTS_MAX) {
			fprintf(stderr, "sock_diag_record: '%s' is not a list of ports\n", argv[1]);
			return 2;
		}
		ports[count++] = (uint16_t)port;
		cursor = end;
		if (*end == '\0')
			break;
	}
	r = netlink_open(NETLINK_SOCK_DIAG, &netlink);
	if (r < 0) {
		fprintf(stderr, "sock_diag_record: %s\n", strerror(-r));
		return 1;
	}
	for (size_t i = 0; r == 0 && i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		char path[4096];
		FILE *output;

		snprintf(path, sizeof(path), "%s/%s.bin", argv[2], dumps[i].name);
		output = fopen(path, "wbx");
		if (!output) {
			r = -errno;
			break;
		}
		r = record_dump(netlink, dumps[i].family, dumps[i].transport, ports, count, output);
		if (fclose(output) != 0 && r == 0)
			r = -errno;
	}
	mnl_socket_close(netlink);
	if (r < 0) {
		fprintf(stderr, "sock_diag_record: %s\n", strerror(-r));
		return 1;
	}
	return 0;
}
