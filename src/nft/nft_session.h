/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A NETLINK_NETFILTER socket for nf_tables: requests and dumps, and one
 * batch sent at once whose every message is acknowledged, kernel errors
 * mapped back to the message that caused them. Internal to nft. */
#ifndef PORTGUARD_NFT_SESSION_H
#define PORTGUARD_NFT_SESSION_H

#include <libmnl/libmnl.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error_record.h"

/* Room for any request built here (a constant, unlike MNL_SOCKET_BUFFER_SIZE). */
#define REQUEST_BUFFER_SIZE 8192

struct nft_session {
	struct mnl_socket *socket;
	uint32_t port_id;
	uint32_t sequence;
};

/* The one-line cause and remedy for a session that could not be used:
 * -EPERM, -EPROTONOSUPPORT, anything else. */
const char *nft_session_unavailable_reason(int error);

/* -EPROTONOSUPPORT when the kernel has no nfnetlink. */
int nft_session_open(struct nft_session *ret_session);
void nft_session_close(struct nft_session *session);

/* A request header in buffer (REQUEST_BUFFER_SIZE bytes) with
 * a fresh sequence number; NLM_F_ACK is added unless it is a dump, so
 * that every request ends with an answer the talk loop recognises. */
struct nlmsghdr *nft_session_request_header(struct nft_session *session, void *buffer,
					    uint16_t type, uint16_t family, uint16_t flags);
/* Sends request and hands every reply to callback until the kernel is done.
 * Returns 0 or the kernel's negative errno. */
int nft_session_talk(struct nft_session *session, const struct nlmsghdr *request,
		     mnl_cb_t callback, void *data);
int nft_session_generation(struct nft_session *session, uint32_t *ret_generation);

/* Messages between batch begin and end, in one growing buffer. */
struct nft_batch {
	char *buffer;
	size_t length;
	size_t capacity;
	uint32_t first_sequence;
	size_t message_count;
	/* Per message: where it starts, and what it does, for errors. */
	struct nft_batch_note {
		size_t offset;
		char what[96];
	} *notes;
	size_t note_capacity;
};

/* Starts the batch; the kernel refuses it with -ERESTART when the
 * ruleset is no longer at generation (the one that was read). */
int nft_batch_begin(struct nft_batch *batch, struct nft_session *session, uint32_t generation);
/* Room for one message of up to 64 KiB and more: build it, then call
 * nft_batch_commit. what says what the message does ("add set trusted4"). */
struct nlmsghdr *nft_batch_reserve(struct nft_batch *batch, uint32_t *ret_sequence);
int nft_batch_commit(struct nft_batch *batch, const struct nlmsghdr *message, const char *what);
/* Ends and sends the batch and reads every acknowledgement. On error the
 * text names the message and the kernel's extended-ACK message. */
int nft_batch_send(struct nft_batch *batch, struct nft_session *session,
		   struct error_record *ret_error);
void nft_batch_free(struct nft_batch *batch);

#endif
