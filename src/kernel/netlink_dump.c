/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "kernel/netlink_dump.h"

int netlink_open(int protocol, struct mnl_socket **ret_socket)
{
	struct mnl_socket *socket = mnl_socket_open(protocol);
	int r;

	if (!socket)
		return -errno;
	if (mnl_socket_bind(socket, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		mnl_socket_close(socket);
		return r;
	}
	*ret_socket = socket;
	return 0;
}

int netlink_dump(struct mnl_socket *socket, const struct nlmsghdr *request, mnl_cb_t callback, void *data,
		 const int *callback_error)
{
	unsigned int port_id = mnl_socket_get_portid(socket);
	char *buffer;
	int r;

	if (mnl_socket_sendto(socket, request, request->nlmsg_len) < 0)
		return -errno;
	buffer = malloc(NETLINK_RECEIVE_SIZE);
	if (!buffer)
		return -ENOMEM;
	for (;;) {
		ssize_t received = mnl_socket_recvfrom(socket, buffer, NETLINK_RECEIVE_SIZE);

		if (received < 0) {
			r = -errno;
			break;
		}
		errno = 0;	/* so that a callback error is not read as a stale errno */
		r = mnl_cb_run(buffer, (size_t)received, request->nlmsg_seq, port_id, callback, data);
		if (r == MNL_CB_STOP) {
			r = 0;
			break;
		}
		if (r < 0) {
			r = callback_error && *callback_error < 0 ? *callback_error : errno ? -errno : -EIO;
			break;
		}
	}
	free(buffer);
	return r;
}
