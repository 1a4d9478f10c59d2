/* SPDX-License-Identifier: GPL-2.0-or-later */
/* minissdpd's socket and command line: see ssdp_minissdpd.h. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "kernel/net_io.h"
#include "services/ssdp/ssdp_minissdpd.h"

/* Four groups of seven bits: 2^28, far past MINISSDPD_REPLY_MAX. */
#define LENGTH_GROUPS_MAX 4

/* One length: -EAGAIN when data ends inside it. */
static int length_decode(const uint8_t *data, size_t length, size_t *offset, size_t *ret_value)
{
	size_t value = 0;

	for (size_t groups = 0; groups < LENGTH_GROUPS_MAX; groups++) {
		uint8_t byte;

		if (*offset >= length)
			return -EAGAIN;
		byte = data[(*offset)++];
		value = (value << 7) | (byte & 0x7f);
		if (!(byte & 0x80)) {
			*ret_value = value;
			return 0;
		}
	}
	return -EBADMSG;
}

static int slice_decode(const uint8_t *data, size_t length, size_t *offset, struct minissdpd_slice *ret_slice)
{
	size_t value;
	int r = length_decode(data, length, offset, &value);

	if (r < 0)
		return r;
	if (value > MINISSDPD_REPLY_MAX || *offset + value > MINISSDPD_REPLY_MAX)
		return -EBADMSG;
	if (*offset + value > length)
		return -EAGAIN;
	ret_slice->offset = (uint16_t)*offset;
	ret_slice->length = (uint16_t)value;
	*offset += value;
	return 0;
}

static bool slice_equal(const uint8_t *data, const struct minissdpd_slice *a, const struct minissdpd_slice *b)
{
	return a->length == b->length && memcmp(data + a->offset, data + b->offset, a->length) == 0;
}

int minissdpd_reply_decode(const uint8_t *data, size_t length, struct minissdpd_reply *ret_reply)
{
	size_t offset = 1;

	if (length > MINISSDPD_REPLY_MAX)
		return -EBADMSG;
	if (length == 0)
		return -EAGAIN;
	ret_reply->count = data[0];
	ret_reply->distinct = 0;
	for (size_t i = 0; i < ret_reply->count; i++) {
		struct minissdpd_entry *entry = &ret_reply->entries[i];
		bool seen = false;
		int r = slice_decode(data, length, &offset, &entry->location);

		if (r == 0)
			r = slice_decode(data, length, &offset, &entry->st);
		if (r == 0)
			r = slice_decode(data, length, &offset, &entry->usn);
		/* No more can come than MINISSDPD_REPLY_MAX. */
		if (r < 0)
			return r == -EAGAIN && length == MINISSDPD_REPLY_MAX ? -EBADMSG : r;
		for (size_t j = 0; j < i && !seen; j++)
			seen = slice_equal(data, &ret_reply->entries[j].st, &entry->st) &&
			       slice_equal(data, &ret_reply->entries[j].usn, &entry->usn);
		ret_reply->distinct += !seen;
	}
	return offset == length ? 0 : -EBADMSG;
}

int minissdpd_ask_all(const char *path, unsigned int timeout_ms, struct minissdpd_reply *ret_reply)
{
	static const uint8_t request[] = { MINISSDPD_SEARCH_ALL, 0 };
	static uint8_t reply[MINISSDPD_REPLY_MAX];
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	uint64_t deadline = net_now_ms() + timeout_ms;
	_cleanup_close_ int fd = -1;
	size_t length = 0;
	int r;

	if (strlen(path) >= sizeof(address.sun_path))
		return -ENAMETOOLONG;
	memcpy(address.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* A listening unix socket connects at once or refuses (EAGAIN when
	 * its backlog is full: as busy as refused here). */
	if (connect(fd, (struct sockaddr *)&address, sizeof(address)) < 0)
		return errno == EAGAIN ? -ECONNREFUSED : -errno;
	if (send(fd, request, sizeof(request), MSG_NOSIGNAL) != (ssize_t)sizeof(request))
		return -errno;
	for (;;) {
		ssize_t n;

		r = net_wait(fd, POLLIN, deadline);
		if (r < 0)
			return r;
		n = recv(fd, reply + length, sizeof(reply) - length, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EBADMSG;	/* closed before the reply was whole */
		length += (size_t)n;
		r = minissdpd_reply_decode(reply, length, ret_reply);
		if (r != -EAGAIN)
			return r;
	}
}

/* What getopt(argc, argv, "di:s:t:f:p:6") of minissdpd 1.6.0 takes:
 * options may be grouped ("-di eth0"), a value may follow its letter
 * ("-ieth0"), "--" ends them. */
static int option_take(char option, const char *value, struct ssdp_config *config, char *socket_path)
{
	if (option == 'i') {
		if (config->interface_count == SSDP_INTERFACES_MAX || strlen(value) >= SSDP_INTERFACE_NAME_MAX)
			return -EINVAL;
		memcpy(config->interfaces[config->interface_count++], value, strlen(value) + 1);
	} else if (option == 's') {
		if (strlen(value) >= MINISSDPD_PATH_MAX)
			return -EINVAL;
		memcpy(socket_path, value, strlen(value) + 1);
	}
	return 0;
}

int minissdpd_cmdline_parse(const char *text, size_t length, struct ssdp_config *ret_config,
			    char socket_path[MINISSDPD_PATH_MAX])
{
	const char *end = text + length, *next = text, *base;
	struct ssdp_config config = { .file = "" };

	/* Every argument ends with its NUL. */
	if (length == 0 || text[length - 1] != '\0')
		return -EINVAL;
	base = strrchr(text, '/');
	if (strcmp(base ? base + 1 : text, "minissdpd") != 0)
		return -EINVAL;
	snprintf(socket_path, MINISSDPD_PATH_MAX, "%s", MINISSDPD_SOCKET);
	next += strlen(text) + 1;
	while (next < end) {
		const char *argument = next;

		next += strlen(argument) + 1;
		if (strcmp(argument, "--") == 0)
			break;
		if (argument[0] != '-')
			continue;
		for (const char *option = argument + 1; *option; option++) {
			const char *value;
			int r;

			if (*option == '6')
				config.ipv6 = true;
			if (!strchr("isftp", *option))
				continue;
			if (option[1]) {
				value = option + 1;
			} else if (next < end) {
				value = next;
				next += strlen(value) + 1;
			} else {
				return -EINVAL;
			}
			r = option_take(*option, value, &config, socket_path);
			if (r < 0)
				return r;
			break;
		}
	}
	*ret_config = config;
	return 0;
}
