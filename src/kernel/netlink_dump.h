/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One request on a netlink socket and every reply to it: the loop that
 * sock_diag (scan), rtnetlink (addresses) and nf_tables (nft_session)
 * share. */
#ifndef PORTGUARD_NETLINK_DUMP_H
#define PORTGUARD_NETLINK_DUMP_H

#include <libmnl/libmnl.h>

/* Room for the small requests of scan and addresses. */
#define NETLINK_REQUEST_SIZE 1024
/* Room for any reply: nf_tables answers in up to 64 KiB. */
#define NETLINK_RECEIVE_SIZE 65536

/* Sends request and hands every reply message to callback until the
 * kernel is done (NLMSG_DONE, or the ACK of a request that asked for
 * one). When callback fails it stores its negative errno in
 * *callback_error (NULL: none) and returns MNL_CB_ERROR; that errno is
 * returned, else the kernel's, else -EIO. Returns 0 when done. */
int netlink_dump(struct mnl_socket *socket, const struct nlmsghdr *request, mnl_cb_t callback, void *data,
		 const int *callback_error);

/* A socket of protocol bound to a port id the kernel picks. */
int netlink_open(int protocol, struct mnl_socket **ret_socket);

#endif
