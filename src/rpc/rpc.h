/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's DUMP call and reply in XDR (RFC 5531, RFC 1833), by
 * hand so the raw sizes stay visible and every length is checked: pure,
 * no sockets. The reply decoder is safe against any bytes. */
#ifndef PORTGUARD_RPC_H
#define PORTGUARD_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RPC_PORTMAPPER_PROGRAM 100000
#define RPC_PORTMAPPER_PORT 111
#define RPC_PROCEDURE_DUMP 4
/* A DUMP call with AUTH_NONE, without TCP record marking. */
#define RPC_DUMP_CALL_SIZE 40
/* A hostile reply must not make us allocate or loop without end. */
#define RPC_PROGRAMS_MAX 65536

#define RPC_PROTOCOL_MAX 16
#define RPC_ADDRESS_MAX 64
#define RPC_NAME_MAX 32

/* One registration, as rpcinfo -p shows it. */
struct rpc_program {
	uint32_t program;
	uint32_t version;
	char protocol[RPC_PROTOCOL_MAX];	/* netid: "tcp", "udp", "tcp6", "udp6", "local", ... */
	uint16_t port;				/* 0 when not an IP transport */
	char address[RPC_ADDRESS_MAX];		/* universal address as registered, "" for v2 */
	char name[RPC_NAME_MAX];		/* "mountd", or the number when unknown */
};

struct rpc_program_list {
	struct rpc_program *items;
	size_t count;
	size_t capacity;
};

/* The DUMP versions we ask, as the scanners do: 2, 3 and 4. */
#define RPC_DUMP_VERSIONS 3
#define RPC_DUMP_VERSION_FIRST 2

/* How one DUMP version went over one transport. */
struct rpc_dump_result {
	size_t reply_bytes;	/* largest reply, 0 when none came */
	int status;		/* 0 decoded; -ETIMEDOUT, -ECONNREFUSED, -EBADMSG, -EPROTO, ... */
	size_t count;		/* entries it listed */
};

/* What a portmapper tells whoever asks it. */
struct rpc_summary {
	bool reachable;			/* some DUMP was answered by an RPC reply, UDP or TCP */
	bool udp_answered;		/* a well-formed RPC reply came over UDP */
	bool tcp_open;			/* TCP connect succeeded */
	bool tcp_answered;
	char peer[RPC_ADDRESS_MAX];	/* the address asked, numeric */
	/* deduplicated (program, version, protocol, port), in rpcinfo -p order */
	struct rpc_program *programs;
	size_t count;
	size_t request_bytes;		/* one UDP DUMP call: 40 */
	size_t reply_bytes;		/* largest UDP reply */
	double amplification;		/* reply_bytes / request_bytes, 0 without a reply */
	/* index: version - RPC_DUMP_VERSION_FIRST */
	struct rpc_dump_result udp[RPC_DUMP_VERSIONS];
	struct rpc_dump_result tcp[RPC_DUMP_VERSIONS];
};

/* Encodes the DUMP call of version 2, 3 or 4 into buffer (at least
 * RPC_DUMP_CALL_SIZE bytes). Returns the length written, -EINVAL for
 * another version, -ENOBUFS when buffer is too small. */
int rpc_dump_call_encode(uint32_t xid, uint32_t version, uint8_t *buffer, size_t size);

/* Decodes a DUMP reply (without record marking) to the call xid of
 * version, appending each entry to list. Returns 0; -EBADMSG when the
 * bytes are malformed or truncated, -ESRCH when xid does not match,
 * -EPROTO when the call was denied or not accepted, -E2BIG beyond
 * RPC_PROGRAMS_MAX entries, -ENOMEM. On error list is unchanged. */
int rpc_dump_reply_decode(const uint8_t *reply, size_t length, uint32_t xid,
			  uint32_t version, struct rpc_program_list *list);

/* Reassembles one TCP record (RFC 5531 section 11) from the bytes as
 * they arrive. The limit counts the wire bytes, fragment headers too, so
 * an endless stream of empty fragments ends as well. */
struct rpc_record {
	uint8_t *data;
	size_t length;
	size_t capacity;
	size_t wire_bytes;
	size_t limit;
	uint8_t header[4];
	size_t header_length;
	size_t fragment_remaining;
	bool last_fragment;
	bool complete;
};

void rpc_record_init(struct rpc_record *record, size_t limit);
/* Consumes bytes up to the end of the record; *ret_used says how many.
 * Returns 1 when the record is complete, 0 when more is needed,
 * -EMSGSIZE beyond the limit, -ENOMEM. */
int rpc_record_feed(struct rpc_record *record, const uint8_t *bytes, size_t length, size_t *ret_used);
void rpc_record_free(struct rpc_record *record);

/* Prepends the record mark of one last fragment to a call of length
 * bytes that starts at buffer + 4. Returns the total length. */
size_t rpc_record_mark(uint8_t *buffer, size_t length);

int rpc_program_list_append(struct rpc_program_list *list, const struct rpc_program *program);
/* Keeps the first of each (program, version, protocol, port), in order,
 * and gives it the address of a later duplicate when it had none. */
int rpc_program_list_deduplicate(struct rpc_program_list *list);
void rpc_program_list_free(struct rpc_program_list *list);

/* The port of a universal address "h1.h2.h3.h4.p1.p2" or "::1.p1.p2".
 * Returns 0 or -EINVAL. */
int rpc_universal_address_port(const char *address, uint16_t *ret_port);

/* "portmapper", "mountd", ...; NULL when unknown. */
const char *rpc_program_name(uint32_t program);

bool rpc_summary_has_program(const struct rpc_summary *summary, uint32_t program);
/* Moves list's items into summary->programs. */
void rpc_summary_take_programs(struct rpc_summary *summary, struct rpc_program_list *list);
void rpc_summary_free(struct rpc_summary *summary);

#endif
