/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "kernel/net_io.h"
#include "rpc/rpc_query.h"

_Static_assert(NET_ADDRESS_MAX == RPC_ADDRESS_MAX, "a local candidate is an RPC address");

/* The largest UDP payload there is, so a reply is never cut short. */
#define UDP_DATAGRAM_MAX 65536
#define TCP_RECEIVE_CHUNK 16384

struct query {
	const struct sockaddr *address;
	socklen_t address_length;
	unsigned int timeout_ms;
	uint32_t xid_base;
	struct rpc_summary *summary;
	struct rpc_program_list *programs;
};

static uint32_t xid_of(const struct query *query, size_t index)
{
	return query->xid_base + RPC_DUMP_VERSION_FIRST + (uint32_t)index;
}

static int decode_into(struct query *query, const uint8_t *reply, size_t length, size_t index,
		       struct rpc_dump_result *result)
{
	size_t count_before = query->programs->count;
	int r = rpc_dump_reply_decode(reply, length, xid_of(query, index),
				      RPC_DUMP_VERSION_FIRST + (uint32_t)index, query->programs);

	if (r == -ENOMEM)
		return r;
	/* Another call's reply on our stream is as wrong as garbage. */
	result->status = r == -ESRCH ? -EBADMSG : r;
	result->count = query->programs->count - count_before;
	return 0;
}

/* The version a datagram answers, from its xid; -1 for stray bytes. */
static int udp_reply_index(const struct query *query, const uint8_t *reply, size_t length)
{
	uint32_t xid;

	if (length < 4)
		return -1;
	xid = (uint32_t)reply[0] << 24 | (uint32_t)reply[1] << 16 | (uint32_t)reply[2] << 8 | reply[3];
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
		if (xid == xid_of(query, i))
			return (int)i;
	return -1;
}

static int udp_send_unanswered(struct query *query, int fd, const bool *answered, bool *sent)
{
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++) {
		uint8_t call[RPC_DUMP_CALL_SIZE];
		int length;

		if (answered[i])
			continue;
		length = rpc_dump_call_encode(xid_of(query, i), RPC_DUMP_VERSION_FIRST + (uint32_t)i,
					      call, sizeof(call));
		if (send(fd, call, (size_t)length, 0) < 0)
			return -errno;
		*sent = true;
	}
	return 0;
}

static int udp_receive(struct query *query, int fd, uint8_t *buffer, bool *answered, bool *stray)
{
	struct rpc_summary *summary = query->summary;
	ssize_t received = recv(fd, buffer, UDP_DATAGRAM_MAX, 0);
	int index, r;

	if (received < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if ((size_t)received > summary->reply_bytes)
		summary->reply_bytes = (size_t)received;
	index = udp_reply_index(query, buffer, (size_t)received);
	if (index < 0) {
		*stray = true;
		return 0;
	}
	if (answered[index])
		return 0;	/* the answer to our retry as well */
	answered[index] = true;
	summary->udp[index].reply_bytes = (size_t)received;
	r = decode_into(query, buffer, (size_t)received, (size_t)index, &summary->udp[index]);
	if (r < 0)
		return r;
	if (summary->udp[index].status == 0 || summary->udp[index].status == -EPROTO)
		summary->udp_answered = true;
	return 0;
}

static bool all_answered(const bool *answered)
{
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
		if (!answered[i])
			return false;
	return true;
}

/* Returns 0 when the exchange ran (answered or not), or an error that
 * makes this address useless (unreachable, out of memory). */
static int udp_dump(struct query *query)
{
	bool answered[RPC_DUMP_VERSIONS] = { false }, stray = false, sent = false;
	_cleanup_free_ uint8_t *buffer = malloc(UDP_DATAGRAM_MAX);
	_cleanup_close_ int fd = -1;
	int r = 0;

	if (!buffer)
		return -ENOMEM;
	r = net_udp_open(query->address, query->address_length, &fd);
	for (int attempt = 0; attempt < 2 && r == 0 && !all_answered(answered); attempt++) {
		uint64_t deadline = net_now_ms() + query->timeout_ms;

		r = udp_send_unanswered(query, fd, answered, &sent);
		while (r == 0 && !all_answered(answered)) {
			r = net_wait(fd, POLLIN, deadline);
			if (r == -ETIMEDOUT) {
				r = 0;
				break;
			}
			if (r == 0)
				r = udp_receive(query, fd, buffer, answered, &stray);
		}
	}
	/* After a call went out, an error is an ICMP answer to it (port
	 * unreachable, prohibited): the host was reached, and said no. */
	if (r == -ENOMEM || (net_unreachable(r) && !sent && !query->summary->udp_answered))
		return r;
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
		if (!answered[i])
			query->summary->udp[i].status = r < 0 ? r : stray ? -EBADMSG : -ETIMEDOUT;
	return 0;
}

static int tcp_connect(const struct query *query, int *ret_fd)
{
	return net_tcp_connect(query->address, query->address_length, query->timeout_ms, ret_fd);
}

/* Bytes received but not yet fed to a record: a server may send the
 * start of the next reply along with the end of this one. */
struct tcp_stream {
	int fd;
	uint8_t buffer[TCP_RECEIVE_CHUNK];
	size_t length;
	size_t offset;
};

static int tcp_receive_record(struct tcp_stream *stream, struct rpc_record *record, uint64_t deadline)
{
	for (;;) {
		size_t used;
		ssize_t received;
		int r;

		if (stream->offset < stream->length) {
			r = rpc_record_feed(record, stream->buffer + stream->offset,
					    stream->length - stream->offset, &used);
			stream->offset += used;
			if (r != 0)
				return r < 0 ? r : 0;
			continue;
		}
		r = net_wait(stream->fd, POLLIN, deadline);
		if (r < 0)
			return r;
		received = recv(stream->fd, stream->buffer, sizeof(stream->buffer), 0);
		if (received == 0)
			return -ECONNRESET;
		if (received < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		stream->length = (size_t)received;
		stream->offset = 0;
	}
}

static int tcp_dump_version(struct query *query, struct tcp_stream *stream, size_t index, uint64_t deadline)
{
	struct rpc_dump_result *result = &query->summary->tcp[index];
	uint8_t call[4 + RPC_DUMP_CALL_SIZE];
	struct rpc_record record;
	int length, r;

	length = rpc_dump_call_encode(xid_of(query, index), RPC_DUMP_VERSION_FIRST + (uint32_t)index,
				      call + 4, sizeof(call) - 4);
	r = net_tcp_send_all(stream->fd, call, rpc_record_mark(call, (size_t)length), deadline);
	rpc_record_init(&record, RPC_QUERY_TCP_REPLY_MAX);
	if (r == 0)
		r = tcp_receive_record(stream, &record, deadline);
	result->reply_bytes = record.wire_bytes;
	if (r == 0) {
		r = decode_into(query, record.data, record.length, index, result);
		if (r == 0 && (result->status == 0 || result->status == -EPROTO))
			query->summary->tcp_answered = true;
	} else if (r != -ENOMEM) {
		result->status = r;
	}
	rpc_record_free(&record);
	return r;
}

static void tcp_stream_free(struct tcp_stream *stream)
{
	closep(&stream->fd);
	free(stream);
}

DEFINE_TRIVIAL_CLEANUP_FUNC(struct tcp_stream *, tcp_stream_free)

static int tcp_dump(struct query *query)
{
	_cleanup_(tcp_stream_freep) struct tcp_stream *stream = calloc(1, sizeof(*stream));
	uint64_t deadline;
	int r;

	if (!stream)
		return -ENOMEM;
	stream->fd = -1;
	r = tcp_connect(query, &stream->fd);
	if (r < 0) {
		for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
			query->summary->tcp[i].status = r;
		return 0;
	}
	query->summary->tcp_open = true;
	deadline = net_now_ms() + query->timeout_ms;
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++) {
		r = tcp_dump_version(query, stream, i, deadline);
		if (r == -ENOMEM)
			break;
		/* Out of step with the stream: the later calls cannot be read. */
		if (r < 0)
			for (size_t j = i + 1; j < RPC_DUMP_VERSIONS; j++)
				query->summary->tcp[j].status = r;
		if (r < 0)
			break;
	}
	return r == -ENOMEM ? r : 0;
}

static int query_address(const struct addrinfo *address, unsigned int timeout_ms, struct rpc_summary *ret_summary)
{
	struct rpc_summary summary = { .request_bytes = RPC_DUMP_CALL_SIZE };
	struct rpc_program_list programs = { 0 };
	struct query query = {
		.address = address->ai_addr, .address_length = address->ai_addrlen,
		.timeout_ms = timeout_ms, .xid_base = net_random32(),
		.summary = &summary, .programs = &programs,
	};
	int r;

	r = udp_dump(&query);
	if (r == 0)
		r = tcp_dump(&query);
	if (r == 0)
		r = rpc_program_list_deduplicate(&programs);
	if (r < 0) {
		rpc_program_list_free(&programs);
		return r;
	}
	if (getnameinfo(address->ai_addr, address->ai_addrlen, summary.peer, sizeof(summary.peer),
			NULL, 0, NI_NUMERICHOST) != 0)
		summary.peer[0] = '\0';
	summary.reachable = summary.udp_answered || summary.tcp_answered;
	/* rounded to two places in integers: no libm for one division */
	summary.amplification = (double)((summary.reply_bytes * 200 / summary.request_bytes + 1) / 2) / 100.0;
	rpc_summary_take_programs(&summary, &programs);
	*ret_summary = summary;
	return 0;
}

int rpc_query(const char *host, uint16_t port, unsigned int timeout_ms, struct rpc_summary *ret_summary)
{
	struct addrinfo *addresses = NULL;
	int r = net_resolve(host, port, &addresses);

	if (r < 0)
		return r;
	/* A name may have an address we have no route to (IPv6 on an
	 * IPv4-only network): try the next one. */
	r = -ENOENT;
	for (const struct addrinfo *address = addresses; address; address = address->ai_next) {
		r = query_address(address, timeout_ms, ret_summary);
		if (!net_unreachable(r))
			break;
	}
	freeaddrinfo(addresses);
	return r;
}

static int append_probe(struct rpc_address_probe_list *list, const struct addrinfo *address,
			unsigned int timeout_ms)
{
	struct rpc_address_probe *items = realloc(list->items, (list->count + 1) * sizeof(*items));
	struct rpc_address_probe probe = { .summary = { .request_bytes = RPC_DUMP_CALL_SIZE } };
	int r;

	if (!items)
		return -ENOMEM;
	list->items = items;
	r = query_address(address, timeout_ms, &probe.summary);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		/* No exchange with this address: what the caller prints is why. */
		probe.unreachable = r;
		for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
			probe.summary.udp[i].status = probe.summary.tcp[i].status = r;
		if (getnameinfo(address->ai_addr, address->ai_addrlen, probe.summary.peer,
				sizeof(probe.summary.peer), NULL, 0, NI_NUMERICHOST) != 0)
			probe.summary.peer[0] = '\0';
	}
	list->items[list->count++] = probe;
	return 0;
}

int rpc_query_each(const char *host, uint16_t port, unsigned int timeout_ms, struct rpc_address_probe_list *ret_list)
{
	struct rpc_address_probe_list list = { 0 };
	struct addrinfo *addresses = NULL;
	int r = net_resolve(host, port, &addresses);

	if (r < 0)
		return r;
	for (const struct addrinfo *address = addresses; address; address = address->ai_next) {
		if (net_seen_before(addresses, address))
			continue;
		r = append_probe(&list, address, timeout_ms);
		if (r < 0) {
			freeaddrinfo(addresses);
			rpc_address_probe_list_free(&list);
			return r;
		}
	}
	freeaddrinfo(addresses);
	*ret_list = list;
	return 0;
}

void rpc_address_probe_list_free(struct rpc_address_probe_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		rpc_summary_free(&list->items[i].summary);
	free(list->items);
	*list = (struct rpc_address_probe_list){ 0 };
}

/* Loopback answers in microseconds; this only bounds a silent holder. */
#define LOCAL_TIMEOUT_MS 500

int rpc_query_local(const struct listener_list *listeners, struct rpc_summary *ret_summary)
{
	char candidates[NET_LOCAL_CANDIDATES_MAX][NET_ADDRESS_MAX];
	size_t count = net_local_candidates(listeners, candidates);
	struct rpc_summary summary = { 0 };

	/* The last failure is kept: it names the address the portmapper
	 * was bound to, where there is one. */
	for (size_t c = 0; c < count && !summary.reachable; c++) {
		struct rpc_summary attempt = { .request_bytes = RPC_DUMP_CALL_SIZE };
		int r = rpc_query(candidates[c], RPC_PORTMAPPER_PORT, LOCAL_TIMEOUT_MS, &attempt);

		if (r == -ENOMEM) {
			rpc_summary_free(&summary);
			return r;
		}
		if (r < 0) {
			memcpy(attempt.peer, candidates[c], sizeof(attempt.peer));
			for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
				attempt.udp[i].status = attempt.tcp[i].status = r;
		}
		rpc_summary_free(&summary);
		summary = attempt;
	}
	*ret_summary = summary;
	return 0;
}
