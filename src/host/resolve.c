/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/paths.h"
#include "host/resolve.h"
#include "model/cidr.h"

static int add_host_prefix(struct cidr_list *list, const struct ip_address *address)
{
	struct cidr cidr = { .address = *address, .prefix_length = address->family == AF_INET ? 32 : 128 };

	cidr_unmap_ipv4(&cidr);
	return cidr_list_add(list, &cidr);
}

int resolve_in_hosts_text(const char *text, const char *name, struct cidr_list *list)
{
	int added = 0;

	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t length = end ? (size_t)(end - line) : strlen(line);
		char copy[1024], *save = NULL, *address_text, *alias;
		struct ip_address address;

		if (length < sizeof(copy)) {
			memcpy(copy, line, length);
			copy[length] = '\0';
			copy[strcspn(copy, "#")] = '\0';
			address_text = strtok_r(copy, " \t\r", &save);
			if (address_text && ip_address_parse(address_text, &address) == 0)
				while ((alias = strtok_r(NULL, " \t\r", &save)))
					if (strcasecmp(alias, name) == 0) {
						int r = add_host_prefix(list, &address);

						if (r < 0)
							return r;
						added++;
						break;
					}
		}
		line = end ? end + 1 : NULL;
	}
	return added;
}

static int resolve_live(const char *name, struct cidr_list *list)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *result = NULL;
	int added = 0, r;

	r = getaddrinfo(name, NULL, &hints, &result);
	if (r == EAI_MEMORY)
		return -ENOMEM;
	if (r != 0)
		return 0;	/* does not resolve: the caller says so */
	for (struct addrinfo *item = result; item; item = item->ai_next) {
		struct ip_address address = { .family = item->ai_family };

		if (item->ai_family == AF_INET)
			memcpy(address.bytes, &((struct sockaddr_in *)(void *)item->ai_addr)->sin_addr, 4);
		else if (item->ai_family == AF_INET6)
			memcpy(address.bytes, &((struct sockaddr_in6 *)(void *)item->ai_addr)->sin6_addr, 16);
		else
			continue;
		r = add_host_prefix(list, &address);
		if (r < 0) {
			freeaddrinfo(result);
			return r;
		}
		added++;
	}
	freeaddrinfo(result);
	return added;
}

int resolve_host(const struct host *host, const char *name, struct cidr_list *list)
{
	char *text = NULL;
	size_t length;
	int r;

	if (host_is_live(host))
		return resolve_live(name, list);
	r = paths_read_file(host, PATH_HOSTS, &text, &length);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	r = resolve_in_hosts_text(text, name, list);
	free(text);
	return r;
}
