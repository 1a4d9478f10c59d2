/* SPDX-License-Identifier: GPL-2.0-or-later */
/* scan_listeners on a list of ports, for the tests that compare it with
 * ss and for the benchmark of the scan of every service's ports:
 *   scan_ports [--owners] PORT...
 * PORT is tcp:N, udp:N or N (both). Prints one line per socket, as
 * `ss -H -tulne` names it: "tcp 0.0.0.0:111 ino:123 v6only:1", "*" for
 * a :: that is not v6only, and with --owners (owner_attribute, as check
 * does it) " pid=PID" per owner. */
#include "config.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel/owner.h"
#include "kernel/scan.h"
#include "model/cidr.h"

#define PORTS_MAX (2 * SCAN_PORTS_MAX + 1)

static int parse_port(const char *text, struct transport_port *ports, size_t *count)
{
	bool tcp = true, udp = true;
	unsigned long port;
	char *end;

	if (strncmp(text, "tcp:", 4) == 0) {
		udp = false;
		text += 4;
	} else if (strncmp(text, "udp:", 4) == 0) {
		tcp = false;
		text += 4;
	}
	port = strtoul(text, &end, 10);
	if (end == text || *end || port == 0 || port > 65535 || *count + 2 > PORTS_MAX)
		return -1;
	if (tcp)
		ports[(*count)++] = (struct transport_port){ .transport = TRANSPORT_TCP, .port = (uint16_t)port };
	if (udp)
		ports[(*count)++] = (struct transport_port){ .transport = TRANSPORT_UDP, .port = (uint16_t)port };
	return 0;
}

static void print_listener(const struct listener *listener)
{
	char address[CIDR_TEXT_MAX];

	ip_address_format(&listener->address, address);
	if (listener->address.family == AF_INET)
		printf("%s %s:%u ino:%llu", listener->transport == TRANSPORT_TCP ? "tcp" : "udp", address,
		       listener->port, (unsigned long long)listener->inode);
	else if (strcmp(address, "::") == 0 && !listener->v6only)
		printf("%s *:%u ino:%llu v6only:0", listener->transport == TRANSPORT_TCP ? "tcp" : "udp",
		       listener->port, (unsigned long long)listener->inode);
	else
		printf("%s [%s]:%u ino:%llu v6only:%d", listener->transport == TRANSPORT_TCP ? "tcp" : "udp",
		       address, listener->port, (unsigned long long)listener->inode, listener->v6only);
	for (size_t o = 0; o < listener->owner_count; o++)
		printf(" pid=%d", (int)listener->owners[o].pid);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct transport_port ports[PORTS_MAX] = { 0 };
	struct listener_list list = { 0 };
	bool owners = false;
	size_t count = 0;
	int r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--owners") == 0)
			owners = true;
		else if (parse_port(argv[i], ports, &count) < 0) {
			fprintf(stderr, "usage: scan_ports [--owners] tcp:N|udp:N|N...\n");
			return 2;
		}
	}
	r = scan_listeners(ports, count, &list);
	if (r == 0 && owners)
		r = owner_attribute(&list, NULL, NULL);
	if (r < 0) {
		fprintf(stderr, "scan_ports: %s\n", strerror(-r));
		listener_list_free(&list);
		return 1;
	}
	for (size_t i = 0; i < list.count; i++)
		print_listener(&list.items[i]);
	listener_list_free(&list);
	return 0;
}
