/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sites' subnets over samba's privileged ldapi socket: two searches
 * on one connection (the root DSE's configurationNamingContext, which a
 * child domain does not share with its defaultNamingContext, then the
 * subnets below it), one deadline for both. The socket is reached
 * through its directory, opened below the analysed host like every file
 * portguard reads, as /proc/self/fd/N/ldapi: a link in a --root tree
 * stays inside it, and a long private dir fits sun_path. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/grow.h"
#include "base/safe_file.h"
#include "base/text.h"
#include "kernel/net_io.h"
#include "services/cldap/cldap_sites.h"

#define CONFIGURATION_ID 1
#define SUBNETS_ID 2

/* RFC 4511's resultCode */
#define RESULT_SUCCESS 0
#define RESULT_SIZE_LIMIT_EXCEEDED 4
#define RESULT_NO_SUCH_OBJECT 32

struct stream {
	int fd;
	uint64_t deadline;
	size_t used;
	uint8_t bytes[CLDAP_STREAM_MESSAGE_MAX];	/* one message at most: the decoder refuses longer */
};

int cldap_sites_socket(const struct smb_conf *conf, char *buffer)
{
	const char *directory = conf->private_dir.line ? conf->private_dir.value : CLDAP_PRIVATE_DIR_DEFAULT;
	size_t length = strlen(directory);

	if (directory[0] != '/')
		return -EINVAL;
	while (length > 1 && directory[length - 1] == '/')
		length--;
	if (snprintf(buffer, PATH_MAX, "%.*s/%s", (int)length, directory, CLDAP_SITES_SOCKET) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* The next message of the answer to id, read on as needed. */
static int stream_next(struct stream *stream, uint32_t id, struct cldap_message *ret_message)
{
	for (;;) {
		size_t taken;
		ssize_t n;
		int r = cldap_message_decode(stream->bytes, stream->used, id, ret_message, &taken);

		if (r < 0)
			return r;
		if (r == 1) {
			memmove(stream->bytes, stream->bytes + taken, stream->used - taken);
			stream->used -= taken;
			return 0;
		}
		r = net_wait(stream->fd, POLLIN, stream->deadline);
		if (r < 0)
			return r;
		n = read(stream->fd, stream->bytes + stream->used, sizeof(stream->bytes) - stream->used);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (n > 0)
			stream->used += (size_t)n;
	}
}

/* The root DSE's configurationNamingContext into buffer (CLDAP_DN_MAX
 * bytes). Returns 0, -ENODATA when the search named none, or what the
 * stream gave. */
static int read_configuration(struct stream *stream, char *buffer, int *ret_result)
{
	uint8_t request[CLDAP_SEARCH_REQUEST_MAX];
	struct cldap_message message;
	int length = cldap_configuration_request_encode(CONFIGURATION_ID, request, sizeof(request)), r;

	if (length < 0)
		return length;
	r = net_tcp_send_all(stream->fd, request, (size_t)length, stream->deadline);
	buffer[0] = '\0';
	while (r == 0) {
		r = stream_next(stream, CONFIGURATION_ID, &message);
		if (r == 0 && message.type == CLDAP_MESSAGE_ENTRY && message.configuration_naming_context[0])
			memcpy(buffer, message.configuration_naming_context, CLDAP_DN_MAX);
		if (r == 0 && message.type == CLDAP_MESSAGE_DONE) {
			*ret_result = message.result_code;
			return message.result_code != RESULT_SUCCESS || !buffer[0] ? -ENODATA : 0;
		}
	}
	return r;
}

static int subnet_add(struct cldap_sites *sites, const struct cldap_message *message)
{
	struct cldap_subnet *subnet;
	struct cidr network;

	if (cidr_parse(message->cn, &network) < 0) {
		if (sites->unusable++ == 0)
			text_format(sites->first_unusable, sizeof(sites->first_unusable), "%s", message->cn);
		return 0;
	}
	subnet = grow_for_one(sites->items, sites->count, &sites->capacity, sizeof(*sites->items));
	if (!subnet)
		return -ENOMEM;
	sites->items = subnet;
	subnet = &sites->items[sites->count++];
	subnet->network = network;
	cldap_rdn_value(message->site_object, subnet->site, sizeof(subnet->site));
	return 0;
}

/* Returns 0, -E2BIG for more than CLDAP_SITES_SUBNETS_MAX, -ENODATA
 * for a search that failed (*ret_result), or what the stream gave. */
static int read_subnets(struct stream *stream, const char *configuration, struct cldap_sites *sites, int *ret_result)
{
	uint8_t request[CLDAP_SEARCH_REQUEST_MAX];
	struct cldap_message message;
	size_t entries = 0;
	int length = cldap_subnets_request_encode(SUBNETS_ID, configuration, CLDAP_SITES_SUBNETS_MAX, request,
						  sizeof(request)), r;

	if (length < 0)
		return length;
	r = net_tcp_send_all(stream->fd, request, (size_t)length, stream->deadline);
	while (r == 0) {
		r = stream_next(stream, SUBNETS_ID, &message);
		if (r < 0)
			break;
		if (message.type == CLDAP_MESSAGE_ENTRY) {
			if (++entries > CLDAP_SITES_SUBNETS_MAX)
				return -E2BIG;
			r = subnet_add(sites, &message);
		} else if (message.type == CLDAP_MESSAGE_DONE) {
			*ret_result = message.result_code;
			if (message.result_code == RESULT_SIZE_LIMIT_EXCEEDED)
				return -E2BIG;
			/* no CN=Subnets at all: no subnet */
			return message.result_code == RESULT_SUCCESS || message.result_code == RESULT_NO_SUCH_OBJECT ? 0 : -ENODATA;
		}
	}
	return r;
}

static void why_failed(int r, int result, const char *name, unsigned int timeout_ms, char *why, size_t why_size)
{
	switch (r) {
	case -ETIMEDOUT:
		text_format(why, why_size, "samba did not answer on %s within %u ms", name, timeout_ms);
		break;
	case -ECONNRESET:
	case -EPIPE:
		text_format(why, why_size, "samba closed %s before its answer", name);
		break;
	case -ENODATA:
		text_format(why, why_size, "samba's search on %s ended with LDAP result %d%s", name, result,
			    result == RESULT_SUCCESS ? " but named no configuration" : "");
		break;
	case -E2BIG:
		text_format(why, why_size, "the directory names more than %d subnets (%s), which portguard does not read",
			    CLDAP_SITES_SUBNETS_MAX, name);
		break;
	case -EINVAL:
		text_format(why, why_size, "the root DSE's configurationNamingContext on %s is longer than %d bytes",
			    name, CLDAP_DN_MAX - 21);
		break;
	case -EBADMSG:
	case -ESRCH:
	case -EMSGSIZE:
		text_format(why, why_size, "samba's answer on %s is no LDAP search result (%s)", name, strerror(-r));
		break;
	default:
		text_format(why, why_size, "%s: %s", name, strerror(-r));
	}
}

/* socket_path is cldap_sites_socket's: absolute, with a directory. */
static int connect_below(const struct host *host, const char *socket_path, int *ret_fd)
{
	const char *name = strrchr(socket_path, '/') + 1;
	char directory[PATH_MAX];
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	_cleanup_close_ int directory_fd = -1;

	text_format(directory, sizeof(directory), "%.*s", (int)(name - socket_path), socket_path);
	directory_fd = paths_open(host, directory, SAFE_FILE_DIRECTORY);
	if (directory_fd < 0)
		return directory_fd;
	if (snprintf(address.sun_path, sizeof(address.sun_path), "/proc/self/fd/%d/%s", directory_fd, name) >=
	    (int)sizeof(address.sun_path))
		return -ENAMETOOLONG;
	/* a unix stream connect completes at once, or fails (EAGAIN: its backlog is full) */
	return net_tcp_connect((const struct sockaddr *)&address, sizeof(address), 0, ret_fd);
}

int cldap_sites_read(const struct host *host, const struct smb_conf *conf, unsigned int timeout_ms,
		     struct cldap_sites *ret_sites, char *why, size_t why_size)
{
	_cleanup_free_ struct stream *stream = NULL;
	char name[PATH_MAX], configuration[CLDAP_DN_MAX];
	int result = -1, r = cldap_sites_socket(conf, ret_sites->socket);

	if (r < 0) {
		text_format(why, why_size, "private dir = %s is no absolute path", conf->private_dir.value);
		return 0;
	}
	if (paths_name(host, ret_sites->socket, name) < 0)
		text_format(name, sizeof(name), "%s", ret_sites->socket);
	stream = calloc(1, sizeof(*stream));
	if (!stream)
		return -ENOMEM;
	stream->fd = -1;
	r = connect_below(host, ret_sites->socket, &stream->fd);
	if (r == -ENOENT || r == -ENOTDIR) {
		text_format(why, why_size, "there is no %s, samba's privileged LDAP socket", name);
		return 0;
	}
	if (r == -ECONNREFUSED) {
		text_format(why, why_size, "nothing listens on %s (samba does not run)", name);
		return 0;
	}
	if (r < 0) {
		why_failed(r, result, name, timeout_ms, why, why_size);
		return 0;
	}
	stream->deadline = net_now_ms() + timeout_ms;
	r = read_configuration(stream, configuration, &result);
	if (r == 0)
		r = read_subnets(stream, configuration, ret_sites, &result);
	close(stream->fd);
	if (r < 0)
		cldap_sites_free(ret_sites);	/* a part of the subnets would cut the others' members off */
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		why_failed(r, result, name, timeout_ms, why, why_size);
		return 0;
	}
	return 1;
}

void cldap_sites_free(struct cldap_sites *sites)
{
	free(sites->items);
	sites->items = NULL;
	sites->count = sites->capacity = 0;
}
