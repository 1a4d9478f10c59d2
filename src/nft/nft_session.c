/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libnftnl/common.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "kernel/netlink_dump.h"
#include "nft/nft_session.h"

/* Large enough for the biggest message the kernel builds in a dump. */
#define RECEIVE_BUFFER_SIZE NETLINK_RECEIVE_SIZE
/* A set-element message is bounded by the 16-bit nest length. */
#define MESSAGE_ROOM (UINT16_MAX + 4096)

const char *nft_session_unavailable_reason(int error)
{
	switch (error) {
	case -EPERM:
		return "changing nftables needs CAP_NET_ADMIN; run portguard as root";
	case -EPROTONOSUPPORT:
		return "this kernel has no nf_tables; load the nf_tables module or use --mode stop";
	default:
		return "nf_tables cannot be reached; check 'nft list tables' as root";
	}
}

int nft_session_open(struct nft_session *ret_session)
{
	struct mnl_socket *socket;
	int on = 1, r = netlink_open(NETLINK_NETFILTER, &socket);

	if (r < 0)
		return r;
	/* The kernel's own words on an error, and not the whole message we
	 * sent echoed back (a set-element message is 64 KiB). Both are
	 * optional: an old kernel still answers with an errno. */
	(void)mnl_socket_setsockopt(socket, NETLINK_EXT_ACK, &on, sizeof(on));
	(void)mnl_socket_setsockopt(socket, NETLINK_CAP_ACK, &on, sizeof(on));
	*ret_session = (struct nft_session){
		.socket = socket,
		.port_id = mnl_socket_get_portid(socket),
		.sequence = (uint32_t)time(NULL),
	};
	return 0;
}

void nft_session_close(struct nft_session *session)
{
	if (session->socket)
		mnl_socket_close(session->socket);
	session->socket = NULL;
}

struct nlmsghdr *nft_session_request_header(struct nft_session *session, void *buffer,
					    uint16_t type, uint16_t family, uint16_t flags)
{
	/* A dump ends with NLMSG_DONE; anything else with the ACK asked for. */
	if (!(flags & NLM_F_DUMP))
		flags |= NLM_F_ACK;
	return nftnl_nlmsg_build_hdr(buffer, type, family, flags, ++session->sequence);
}

/* Receives until handle returns 1 (done) or a negative errno, which is
 * returned; a failed receive is -errno with *ret_receive_failed set. */
static int receive(struct nft_session *session, int (*handle)(const char *, size_t, void *), void *data,
		   bool *ret_receive_failed)
{
	char *buffer = malloc(RECEIVE_BUFFER_SIZE);
	int r;

	*ret_receive_failed = false;
	if (!buffer)
		return -ENOMEM;
	do {
		ssize_t received = mnl_socket_recvfrom(session->socket, buffer, RECEIVE_BUFFER_SIZE);

		*ret_receive_failed = received < 0;
		r = received < 0 ? -errno : handle(buffer, (size_t)received, data);
	} while (r == 0);
	free(buffer);
	return r < 0 ? r : 0;
}

int nft_session_talk(struct nft_session *session, const struct nlmsghdr *request,
		     mnl_cb_t callback, void *data)
{
	return netlink_dump(session->socket, request, callback, data, NULL);
}

static int parse_generation(const struct nlmsghdr *message, void *data)
{
	struct nlattr *id = NULL, *attribute;

	mnl_attr_for_each(attribute, message, sizeof(struct nfgenmsg))
		if (mnl_attr_get_type(attribute) == NFTA_GEN_ID &&
		    mnl_attr_validate(attribute, MNL_TYPE_U32) == 0)
			id = attribute;
	if (!id)
		return MNL_CB_ERROR;
	*(uint32_t *)data = ntohl(mnl_attr_get_u32(id));
	return MNL_CB_OK;
}

int nft_session_generation(struct nft_session *session, uint32_t *ret_generation)
{
	char buffer[REQUEST_BUFFER_SIZE];
	struct nlmsghdr *request = nft_session_request_header(session, buffer, NFT_MSG_GETGEN, AF_UNSPEC, 0);
	uint32_t generation = 0;
	int r = nft_session_talk(session, request, parse_generation, &generation);

	if (r < 0)
		return r;
	*ret_generation = generation;
	return 0;
}

static int batch_grow(struct nft_batch *batch, size_t room)
{
	if (batch->capacity - batch->length >= room)
		return 0;
	size_t capacity = batch->capacity ? batch->capacity : 4 * MESSAGE_ROOM;
	while (capacity - batch->length < room)
		capacity *= 2;
	char *buffer = realloc(batch->buffer, capacity);
	if (!buffer)
		return -ENOMEM;
	batch->buffer = buffer;
	batch->capacity = capacity;
	return 0;
}

int nft_batch_begin(struct nft_batch *batch, struct nft_session *session, uint32_t generation)
{
	struct nlmsghdr *begin;
	int r;

	*batch = (struct nft_batch){ 0 };
	r = batch_grow(batch, MESSAGE_ROOM);
	if (r < 0)
		return r;
	batch->first_sequence = ++session->sequence;
	begin = nftnl_batch_begin(batch->buffer, batch->first_sequence);
	mnl_attr_put_u32(begin, NFNL_BATCH_GENID, htonl(generation));
	batch->length = NLMSG_ALIGN(begin->nlmsg_len);
	/* Messages count from first_sequence + 1; session->sequence follows. */
	return 0;
}

struct nlmsghdr *nft_batch_reserve(struct nft_batch *batch, uint32_t *ret_sequence)
{
	if (batch_grow(batch, MESSAGE_ROOM) < 0)
		return NULL;
	*ret_sequence = batch->first_sequence + 1 + (uint32_t)batch->message_count;
	return (struct nlmsghdr *)(batch->buffer + batch->length);
}

int nft_batch_commit(struct nft_batch *batch, const struct nlmsghdr *message, const char *what)
{
	if (batch->message_count == batch->note_capacity) {
		size_t capacity = batch->note_capacity ? batch->note_capacity * 2 : 16;
		struct nft_batch_note *notes = realloc(batch->notes, capacity * sizeof(*notes));

		if (!notes)
			return -ENOMEM;
		batch->notes = notes;
		batch->note_capacity = capacity;
	}
	struct nft_batch_note *note = &batch->notes[batch->message_count++];
	note->offset = batch->length;
	snprintf(note->what, sizeof(note->what), "%s", what);
	batch->length += NLMSG_ALIGN(message->nlmsg_len);
	return 0;
}

void nft_batch_free(struct nft_batch *batch)
{
	free(batch->buffer);
	free(batch->notes);
	*batch = (struct nft_batch){ 0 };
}

/* Grows a socket buffer beyond the sysctl limit, which root may. */
static int socket_buffer(struct nft_session *session, int force_option, int option, size_t size)
{
	int value = size > INT32_MAX / 2 ? INT32_MAX / 2 : (int)size;

	int fd = mnl_socket_get_fd(session->socket);

	if (setsockopt(fd, SOL_SOCKET, force_option, &value, sizeof(value)) == 0)
		return 0;
	if (errno != EPERM)
		return -errno;
	return setsockopt(fd, SOL_SOCKET, option, &value, sizeof(value)) == 0 ? 0 : -errno;
}

/* The first error of the batch, by message order: later errors are
 * usually consequences of it. */
struct batch_error {
	int error;
	uint32_t sequence;
	char kernel_text[160];
};

static void read_extended_ack(const struct nlmsghdr *message, const struct nlmsgerr *header,
			      struct batch_error *error)
{
	size_t offset = sizeof(*header);
	const struct nlattr *attribute;

	if (!(message->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(message->nlmsg_flags & NLM_F_CAPPED))
		offset += header->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (offset > mnl_nlmsg_get_payload_len(message))
		return;
	mnl_attr_for_each(attribute, message, offset) {
		/* NLMSGERR_ATTR_OFFS is left out: nf_tables points it at the
		 * attribute it disliked, which names nothing a user can act on
		 * beyond the message itself. */
		if (mnl_attr_get_type(attribute) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attribute, MNL_TYPE_NUL_STRING) == 0)
			snprintf(error->kernel_text, sizeof(error->kernel_text), "%s",
				 mnl_attr_get_str(attribute));
	}
}

struct batch_answers {
	const struct nft_batch *batch;
	size_t acknowledged;
	struct batch_error failure;
};

/* Counts acknowledgements; returns 1 once the batch is answered. */
static int take_replies(const char *buffer, size_t length, void *data)
{
	struct batch_answers *answers = data;
	const struct nft_batch *batch = answers->batch;
	struct batch_error *error = &answers->failure;
	const struct nlmsghdr *message = (const struct nlmsghdr *)buffer;
	int remaining = (int)length;

	for (; mnl_nlmsg_ok(message, remaining); message = mnl_nlmsg_next(message, &remaining)) {
		const struct nlmsgerr *header;
		uint32_t sequence = message->nlmsg_seq;

		if (message->nlmsg_type != NLMSG_ERROR ||
		    mnl_nlmsg_get_payload_len(message) < sizeof(*header))
			continue;
		header = mnl_nlmsg_get_payload(message);
		if (sequence < batch->first_sequence ||
		    sequence > batch->first_sequence + batch->message_count)
			continue;	/* not ours: a stale answer */
		if (header->error != 0 && (error->error == 0 || sequence < error->sequence)) {
			*error = (struct batch_error){ .error = header->error, .sequence = sequence };
			read_extended_ack(message, header, error);
		}
		/* The batch as a whole was refused (no CAP_NET_ADMIN, generation
		 * moved on, commit failed): no per-message answers follow. */
		if (sequence == batch->first_sequence && header->error != 0)
			return 1;
		if (sequence != batch->first_sequence)
			answers->acknowledged++;
	}
	return answers->acknowledged >= batch->message_count;
}

static void describe_error(const struct nft_batch *batch, const struct batch_error *failure,
			   struct error_record *ret_error)
{
	const char *what = "apply the batch";
	char kernel[sizeof(failure->kernel_text) + 4] = "";

	if (failure->sequence > batch->first_sequence)
		what = batch->notes[failure->sequence - batch->first_sequence - 1].what;
	if (failure->kernel_text[0])
		snprintf(kernel, sizeof(kernel), " (%s)", failure->kernel_text);
	/* EPERM for the batch as a whole is a missing capability; for one
	 * message it is the kernel's verdict on that object (a table owned
	 * by another process). */
	if (failure->error == -EPERM && failure->sequence == batch->first_sequence)
		error_record_set(ret_error, NULL, 0, "%s", nft_session_unavailable_reason(-EPERM));
	else if (failure->error == -ERESTART)
		error_record_set(ret_error, NULL, 0, "the nftables ruleset changed while portguard read it; run it "
				 "again");
	else
		error_record_set(ret_error, NULL, 0, "nftables refused to %s: %s%s; nothing was changed",
				 what, strerror(-failure->error), kernel);
}

int nft_batch_send(struct nft_batch *batch, struct nft_session *session,
		   struct error_record *ret_error)
{
	struct batch_answers answers = { .batch = batch };
	bool receive_failed;
	int r;

	r = batch_grow(batch, MESSAGE_ROOM);
	if (r < 0)
		return r;
	struct nlmsghdr *end = nftnl_batch_end(batch->buffer + batch->length,
					       batch->first_sequence + 1 + (uint32_t)batch->message_count);
	batch->length += NLMSG_ALIGN(end->nlmsg_len);
	session->sequence = end->nlmsg_seq;

	/* The whole batch goes in one datagram; every message is answered. */
	r = socket_buffer(session, SO_SNDBUFFORCE, SO_SNDBUF, batch->length + 4096);
	if (r == 0)
		r = socket_buffer(session, SO_RCVBUFFORCE, SO_RCVBUF,
				  (batch->message_count + 16) * 2048 + RECEIVE_BUFFER_SIZE);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "cannot size the netlink socket: %s", strerror(-r));
		return r;
	}
	if (mnl_socket_sendto(session->socket, batch->buffer, batch->length) < 0) {
		r = -errno;
		error_record_set(ret_error, NULL, 0, "cannot send the nftables batch: %s%s", strerror(-r),
				 r == -EPERM ? "; run portguard as root" : "");
		return r;
	}
	r = receive(session, take_replies, &answers, &receive_failed);
	if (r < 0 && receive_failed)
		/* Lost answers (ENOBUFS) leave the outcome unknown: say so. */
		error_record_set(ret_error, NULL, 0, "lost the kernel's answer to the nftables batch: %s; "
				 "check with 'nft list table inet portguard'", strerror(-r));
	else if (r < 0)
		error_record_set(ret_error, NULL, 0, "out of memory");
	if (r < 0)
		return r;
	if (answers.failure.error < 0)
		describe_error(batch, &answers.failure, ret_error);
	return answers.failure.error;
}
