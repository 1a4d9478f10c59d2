/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "rpc/rpc.h"

/* fuzz/fuzz_rpc_reply.c, linked in to replay its corpus */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define XID_UDP(version) (0x5047aa00u + (version))
#define XID_TCP(version) (0x5047ab00u + (version))




static void decode_fixture(const char *name, uint32_t xid, uint32_t version, struct rpc_program_list *list)
{
	size_t length;
	uint8_t *reply = fixture_read("rpc", name, &length);

	assert_int_equal(rpc_dump_reply_decode(reply, length, xid, version, list), 0);
	free(reply);
}

static void assert_program(const struct rpc_program *program, uint32_t number, uint32_t version,
			   const char *protocol, uint16_t port, const char *address, const char *name)
{
	assert_int_equal(program->program, number);
	assert_int_equal(program->version, version);
	assert_string_equal(program->protocol, protocol);
	assert_int_equal(program->port, port);
	assert_string_equal(program->address, address);
	assert_string_equal(program->name, name);
}

static void assert_same_programs(const struct rpc_program_list *a, const struct rpc_program_list *b)
{
	assert_int_equal(a->count, b->count);
	for (size_t i = 0; i < a->count; i++) {
		const struct rpc_program *x = &a->items[i];

		assert_program(&b->items[i], x->program, x->version, x->protocol, x->port, x->address, x->name);
	}
}

/* Crafted replies: a header that decodes, then whatever a test needs. */
struct reply {
	uint8_t data[8192];
	size_t length;
};

static void put(struct reply *reply, uint32_t value)
{
	assert_true(reply->length + 4 <= sizeof(reply->data));
	reply->data[reply->length++] = (uint8_t)(value >> 24);
	reply->data[reply->length++] = (uint8_t)(value >> 16);
	reply->data[reply->length++] = (uint8_t)(value >> 8);
	reply->data[reply->length++] = (uint8_t)value;
}

/* claimed may lie about the length of the bytes that follow */
static void put_string(struct reply *reply, uint32_t claimed, const char *bytes, size_t length)
{
	put(reply, claimed);
	assert_true(reply->length + length + 3 <= sizeof(reply->data));
	memcpy(reply->data + reply->length, bytes, length);
	reply->length += length;
	while (reply->length % 4)
		reply->data[reply->length++] = 0;
}

static void put_accepted(struct reply *reply, uint32_t xid)
{
	reply->length = 0;
	put(reply, xid);
	put(reply, 1);	/* REPLY */
	put(reply, 0);	/* MSG_ACCEPTED */
	put(reply, 0);	/* verifier AUTH_NONE */
	put(reply, 0);
	put(reply, 0);	/* SUCCESS */
}

static void put_rpcb(struct reply *reply, uint32_t program, const char *netid, size_t netid_length,
		     const char *address)
{
	put(reply, 1);
	put(reply, program);
	put(reply, 2);
	put_string(reply, (uint32_t)netid_length, netid, netid_length);
	put_string(reply, (uint32_t)strlen(address), address, strlen(address));
	put_string(reply, 9, "superuser", 9);
}

static int decode(const struct reply *reply, uint32_t version, struct rpc_program_list *list)
{
	return rpc_dump_reply_decode(reply->data, reply->length, XID_UDP(version), version, list);
}

static void call_is_40_bytes_as_scanners_send(void **state)
{
	static const uint8_t expected[RPC_DUMP_CALL_SIZE] = {
		0x50, 0x47, 0xaa, 0x03, 0, 0, 0, 0, 0, 0, 0, 2, 0x00, 0x01, 0x86, 0xa0,
		0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	uint8_t call[64];

	(void)state;
	assert_int_equal(rpc_dump_call_encode(XID_UDP(3), 3, call, sizeof(call)), RPC_DUMP_CALL_SIZE);
	assert_memory_equal(call, expected, sizeof(expected));
	assert_int_equal(rpc_dump_call_encode(1, 1, call, sizeof(call)), -EINVAL);
	assert_int_equal(rpc_dump_call_encode(1, 5, call, sizeof(call)), -EINVAL);
	assert_int_equal(rpc_dump_call_encode(1, 2, call, RPC_DUMP_CALL_SIZE - 1), -ENOBUFS);
}

static void decodes_rpcbind_v2_as_rpcinfo_p(void **state)
{
	struct rpc_program_list list = { 0 };

	(void)state;
	decode_fixture("rpcbind-plain-v2-udp.bin", XID_UDP(2), 2, &list);
	assert_int_equal(list.count, 6);
	assert_program(&list.items[0], 100000, 4, "tcp", 111, "", "portmapper");
	assert_program(&list.items[2], 100000, 2, "tcp", 111, "", "portmapper");
	assert_program(&list.items[5], 100000, 2, "udp", 111, "", "portmapper");
	rpc_program_list_free(&list);
}

static void decodes_rpcbind_v3_v4_entries(void **state)
{
	struct rpc_program_list v3 = { 0 }, v4 = { 0 };

	(void)state;
	decode_fixture("rpcbind-plain-v3-udp.bin", XID_UDP(3), 3, &v3);
	decode_fixture("rpcbind-plain-v4-udp.bin", XID_UDP(4), 4, &v4);
	assert_int_equal(v3.count, 12);
	assert_int_equal(v4.count, 12);
	assert_same_programs(&v3, &v4);
	assert_program(&v3.items[0], 100000, 4, "tcp6", 111, "::.0.111", "portmapper");
	assert_program(&v3.items[6], 100000, 2, "tcp", 111, "0.0.0.0.0.111", "portmapper");
	assert_program(&v3.items[11], 100000, 3, "local", 0, "/run/rpcbind.sock", "portmapper");
	rpc_program_list_free(&v3);
	rpc_program_list_free(&v4);
}

static void merges_versions_without_duplicates(void **state)
{
	struct rpc_program_list list = { 0 };

	(void)state;
	decode_fixture("rpcbind-registered-v2-udp.bin", XID_UDP(2), 2, &list);
	assert_int_equal(list.count, 13);
	assert_program(&list.items[6], 100005, 1, "udp", 20048, "", "mountd");
	assert_program(&list.items[9], 100024, 1, "udp", 662, "", "status");
	assert_program(&list.items[11], 100021, 4, "tcp", 40001, "", "nlockmgr");
	assert_program(&list.items[12], 100003, 3, "tcp", 2049, "", "nfs");
	decode_fixture("rpcbind-registered-v3-udp.bin", XID_UDP(3), 3, &list);
	decode_fixture("rpcbind-registered-v4-udp.bin", XID_UDP(4), 4, &list);
	assert_int_equal(list.count, 13 + 19 + 19);
	assert_int_equal(rpc_program_list_deduplicate(&list), 0);
	/* v2's 13 in rpcinfo -p order, then the IPv6 and local ones */
	assert_int_equal(list.count, 19);
	assert_program(&list.items[0], 100000, 4, "tcp", 111, "0.0.0.0.0.111", "portmapper");
	assert_program(&list.items[12], 100003, 3, "tcp", 2049, "0.0.0.0.8.1", "nfs");
	assert_program(&list.items[13], 100000, 4, "tcp6", 111, "::.0.111", "portmapper");
	assert_program(&list.items[18], 100000, 3, "local", 0, "/run/rpcbind.sock", "portmapper");
	rpc_program_list_free(&list);
}

static void deduplicates_many_alike_quickly(void **state)
{
	struct rpc_program_list list = { 0 };
	struct rpc_program program = { .program = 100000, .version = 2, .protocol = "udp", .port = 111 };

	(void)state;
	for (size_t i = 0; i < RPC_PROGRAMS_MAX; i++) {
		program.port = (uint16_t)(i % 3 == 0 ? 111 : 112);
		assert_int_equal(rpc_program_list_append(&list, &program), 0);
	}
	assert_int_equal(rpc_program_list_deduplicate(&list), 0);
	assert_int_equal(list.count, 2);
	assert_int_equal(list.items[0].port, 111);
	assert_int_equal(list.items[1].port, 112);
	rpc_program_list_free(&list);
}

/* Every prefix of a real reply is truncated: an error, never a crash,
 * and the list as it was. */
static void rejects_every_truncation(void **state)
{
	static const char *const names[] = { "rpcbind-registered-v2-udp.bin", "rpcbind-registered-v3-udp.bin" };
	struct rpc_program_list list = { 0 };

	(void)state;
	for (size_t n = 0; n < 2; n++) {
		uint32_t version = (uint32_t)n + 2;
		size_t length;
		uint8_t *reply = fixture_read("rpc", names[n], &length);

		for (size_t cut = 0; cut < length; cut++) {
			int r = rpc_dump_reply_decode(reply, cut, XID_UDP(version), version, &list);

			assert_int_equal(r, -EBADMSG);
			assert_int_equal(list.count, 0);
		}
		/* one byte too many is no DUMP reply either */
		reply[length] = 0;
		assert_int_equal(rpc_dump_reply_decode(reply, length + 1, XID_UDP(version), version, &list), -EBADMSG);
		free(reply);
	}
	rpc_program_list_free(&list);
}

static void rejects_lying_string_lengths(void **state)
{
	static const uint32_t lies[] = { 0xffffffff, 0xfffffffd, 0x7fffffff, 0x10000, 2000, 200 };
	struct rpc_program_list list = { 0 };
	struct reply reply;

	(void)state;
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		put_accepted(&reply, XID_UDP(3));
		put(&reply, 1);
		put(&reply, 100000);
		put(&reply, 4);
		put_string(&reply, lies[i], "tcp", 3);
		put_string(&reply, 13, "0.0.0.0.0.111", 13);
		put_string(&reply, 9, "superuser", 9);
		put(&reply, 0);
		assert_int_equal(decode(&reply, 3, &list), -EBADMSG);
		assert_int_equal(list.count, 0);
	}
	rpc_program_list_free(&list);
}

static void rejects_netids_that_are_no_netid(void **state)
{
	static const struct {
		const char *netid;
		size_t length;
	} bad[] = {
		{ "tcp\0evil", 8 }, { "", 0 }, { "tcp6-but-far-too-long", 21 }, { "0123456789abcdef", 16 },
		{ "udp\n", 4 }, { "\xc3\xa4p", 3 },
	};
	struct rpc_program_list list = { 0 };
	struct reply reply;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_accepted(&reply, XID_UDP(4));
		put_rpcb(&reply, 100005, bad[i].netid, bad[i].length, "0.0.0.0.78.80");
		put(&reply, 0);
		assert_int_equal(decode(&reply, 4, &list), -EBADMSG);
	}
	/* the longest that fits is taken */
	put_accepted(&reply, XID_UDP(4));
	put_rpcb(&reply, 100005, "0123456789abcde", 15, "0.0.0.0.78.80");
	put(&reply, 0);
	assert_int_equal(decode(&reply, 4, &list), 0);
	assert_program(&list.items[0], 100005, 2, "0123456789abcde", 20048, "0.0.0.0.78.80", "mountd");
	rpc_program_list_free(&list);
}

static void addresses_are_checked_and_bounded(void **state)
{
	char long_path[200];
	struct rpc_program_list list = { 0 };
	struct reply reply;

	(void)state;
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	long_path[sizeof(long_path) - 1] = '\0';
	put_accepted(&reply, XID_UDP(3));
	put_rpcb(&reply, 123456789, "local", 5, long_path);
	put_rpcb(&reply, 100003, "udp", 3, "10.1.2.3.8.1.junk");
	put(&reply, 0);
	assert_int_equal(decode(&reply, 3, &list), 0);
	assert_int_equal(list.count, 2);
	assert_int_equal(strlen(list.items[0].address), RPC_ADDRESS_MAX - 1);
	assert_string_equal(list.items[0].name, "123456789");
	assert_int_equal(list.items[1].port, 0);

	put_accepted(&reply, XID_UDP(3));
	put_rpcb(&reply, 100003, "udp", 3, "10.1.2.3.8\x01.1");
	put(&reply, 0);
	assert_int_equal(decode(&reply, 3, &list), -EBADMSG);
	assert_int_equal(list.count, 2);
	rpc_program_list_free(&list);
}

static void v2_entries_are_checked(void **state)
{
	struct rpc_program_list list = { 0 };
	struct reply reply;

	(void)state;
	put_accepted(&reply, XID_UDP(2));
	put(&reply, 1);
	put(&reply, 100000);
	put(&reply, 2);
	put(&reply, 132);	/* SCTP: shown by number */
	put(&reply, 111);
	put(&reply, 0);
	assert_int_equal(decode(&reply, 2, &list), 0);
	assert_program(&list.items[0], 100000, 2, "ip-132", 111, "", "portmapper");

	reply.length -= 8;
	put(&reply, 65536);	/* no port */
	put(&reply, 0);
	assert_int_equal(decode(&reply, 2, &list), -EBADMSG);

	reply.length -= 8;
	put(&reply, 111);
	put(&reply, 2);		/* "value follows" that is no boolean */
	assert_int_equal(decode(&reply, 2, &list), -EBADMSG);
	assert_int_equal(list.count, 1);
	rpc_program_list_free(&list);
}

/* A list that never ends ends with the buffer; one longer than the
 * bound is refused before it is stored. */
static void bounds_endless_and_huge_lists(void **state)
{
	size_t entries = RPC_PROGRAMS_MAX + 1, length = 24 + entries * 20 + 4;
	uint8_t *data = calloc(1, length);
	struct rpc_program_list list = { 0 };
	uint32_t xid = XID_UDP(2);

	(void)state;
	assert_non_null(data);
	data[0] = (uint8_t)(xid >> 24);
	data[1] = (uint8_t)(xid >> 16);
	data[2] = (uint8_t)(xid >> 8);
	data[3] = (uint8_t)xid;
	data[7] = 1;
	for (size_t i = 0; i < entries; i++) {
		uint8_t *entry = data + 24 + i * 20;

		entry[3] = 1;
		entry[6] = 0x86, entry[7] = 0xa0, entry[5] = 0x01;
		entry[11] = 2;
		entry[15] = 17;
		entry[19] = 111;
	}
	assert_int_equal(rpc_dump_reply_decode(data, 24 + 1000 * 20, xid, 2, &list), -EBADMSG);
	assert_int_equal(rpc_dump_reply_decode(data, length, xid, 2, &list), -E2BIG);
	assert_int_equal(list.count, 0);
	/* exactly the bound is fine */
	memset(data + 24 + RPC_PROGRAMS_MAX * 20, 0, 4);
	assert_int_equal(rpc_dump_reply_decode(data, 24 + RPC_PROGRAMS_MAX * 20 + 4, xid, 2, &list), 0);
	assert_int_equal(list.count, RPC_PROGRAMS_MAX);
	rpc_program_list_free(&list);
	free(data);
}

static void reply_status_is_checked(void **state)
{
	struct rpc_program_list list = { 0 };
	struct reply reply;

	(void)state;
	put_accepted(&reply, XID_UDP(2));
	put(&reply, 0);
	assert_int_equal(rpc_dump_reply_decode(reply.data, reply.length, XID_UDP(3), 2, &list), -ESRCH);
	assert_int_equal(decode(&reply, 2, &list), 0);

	reply.data[7] = 0;	/* a CALL, not a REPLY */
	assert_int_equal(decode(&reply, 2, &list), -EBADMSG);
	reply.data[7] = 1;
	reply.data[11] = 1;	/* MSG_DENIED */
	assert_int_equal(decode(&reply, 2, &list), -EPROTO);
	reply.data[11] = 2;
	assert_int_equal(decode(&reply, 2, &list), -EBADMSG);
	reply.data[11] = 0;
	reply.data[23] = 2;	/* PROG_MISMATCH: an old portmap asked for v4 */
	assert_int_equal(decode(&reply, 2, &list), -EPROTO);
	reply.data[23] = 6;
	assert_int_equal(decode(&reply, 2, &list), -EBADMSG);

	/* a verifier body over 400 bytes */
	reply.length = 0;
	put(&reply, XID_UDP(2));
	put(&reply, 1);
	put(&reply, 0);
	put(&reply, 1);
	put(&reply, 404);
	for (int i = 0; i < 101; i++)
		put(&reply, 0);
	put(&reply, 0);
	put(&reply, 0);
	assert_int_equal(decode(&reply, 2, &list), -EBADMSG);
	assert_int_equal(list.count, 0);
	rpc_program_list_free(&list);
}

static void record_reassembles_byte_by_byte(void **state)
{
	struct rpc_program_list from_tcp = { 0 }, from_udp = { 0 };
	struct rpc_record record;
	size_t length, used;
	uint8_t *stream = fixture_read("rpc", "rpcbind-registered-v3-tcp.bin", &length);
	int r = 0;

	(void)state;
	rpc_record_init(&record, 1024 * 1024);
	for (size_t i = 0; i < length; i++) {
		assert_int_equal(r, 0);
		r = rpc_record_feed(&record, stream + i, 1, &used);
		assert_int_equal(used, 1);
	}
	assert_int_equal(r, 1);
	assert_int_equal(record.wire_bytes, length);
	assert_int_equal(rpc_dump_reply_decode(record.data, record.length, XID_TCP(3), 3, &from_tcp), 0);
	decode_fixture("rpcbind-registered-v3-udp.bin", XID_UDP(3), 3, &from_udp);
	assert_int_equal(from_tcp.count, 19);
	assert_same_programs(&from_tcp, &from_udp);
	rpc_record_free(&record);
	rpc_program_list_free(&from_tcp);
	rpc_program_list_free(&from_udp);
	free(stream);
}

static void record_joins_fragments_and_stops_at_its_end(void **state)
{
	static const uint8_t stream[] = {
		0x00, 0x00, 0x00, 0x02, 'a', 'b',
		0x00, 0x00, 0x00, 0x00,
		0x80, 0x00, 0x00, 0x03, 'c', 'd', 'e',
		0x80, 0x00, 0x00, 0x01, 'N',	/* the next record */
	};
	struct rpc_record record;
	size_t used;

	(void)state;
	rpc_record_init(&record, 64);
	assert_int_equal(rpc_record_feed(&record, stream, sizeof(stream), &used), 1);
	assert_int_equal(used, 17);
	assert_int_equal(record.length, 5);
	assert_memory_equal(record.data, "abcde", 5);
	rpc_record_free(&record);
}

static void record_bounds_endless_and_huge_fragments(void **state)
{
	static const uint8_t empty[4] = { 0, 0, 0, 0 };
	static const uint8_t huge[4] = { 0x7f, 0xff, 0xff, 0xff };
	static const uint8_t last_huge[4] = { 0xff, 0xff, 0xff, 0xff };
	struct rpc_record record;
	size_t used, fed = 0;
	int r = 0;

	(void)state;
	rpc_record_init(&record, 1024);
	while (r == 0 && fed < 1000000) {
		r = rpc_record_feed(&record, empty, sizeof(empty), &used);
		fed += used;
	}
	assert_int_equal(r, -EMSGSIZE);
	assert_int_equal(fed, 1024);
	assert_int_equal(record.wire_bytes, 1024);
	rpc_record_free(&record);

	rpc_record_init(&record, 1024 * 1024);
	assert_int_equal(rpc_record_feed(&record, huge, sizeof(huge), &used), -EMSGSIZE);
	assert_null(record.data);
	rpc_record_free(&record);
	assert_int_equal(rpc_record_feed(&record, last_huge, sizeof(last_huge), &used), -EMSGSIZE);
	rpc_record_free(&record);
}

static void record_mark_prefixes_the_call(void **state)
{
	uint8_t call[4 + RPC_DUMP_CALL_SIZE];

	(void)state;
	assert_int_equal(rpc_dump_call_encode(7, 2, call + 4, sizeof(call) - 4), RPC_DUMP_CALL_SIZE);
	assert_int_equal(rpc_record_mark(call, RPC_DUMP_CALL_SIZE), sizeof(call));
	assert_memory_equal(call, ((const uint8_t[]){ 0x80, 0, 0, 40 }), 4);
}

static void universal_addresses(void **state)
{
	static const char *const bad[] = {
		"", ".", "1.2", ".1.2", "1.2.", "1..2", "a.b.c", "1.2.256", "1.2.1000", "1.-1.2",
		"1.2. 3", "/run/rpcbind.sock", "..", "1.2.3.4.5.+6",
	};
	uint16_t port;

	(void)state;
	assert_int_equal(rpc_universal_address_port("0.0.0.0.0.111", &port), 0);
	assert_int_equal(port, 111);
	assert_int_equal(rpc_universal_address_port("::.0.111", &port), 0);
	assert_int_equal(port, 111);
	assert_int_equal(rpc_universal_address_port("fe80::1.8.1", &port), 0);
	assert_int_equal(port, 2049);
	assert_int_equal(rpc_universal_address_port("192.0.2.1.255.255", &port), 0);
	assert_int_equal(port, 65535);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(rpc_universal_address_port(bad[i], &port), -EINVAL);
}

static void program_names(void **state)
{
	(void)state;
	assert_string_equal(rpc_program_name(100000), "portmapper");
	assert_string_equal(rpc_program_name(100005), "mountd");
	assert_string_equal(rpc_program_name(100021), "nlockmgr");
	assert_string_equal(rpc_program_name(100024), "status");
	assert_string_equal(rpc_program_name(100227), "nfs_acl");
	assert_null(rpc_program_name(400000));
}

static void summary_owns_its_programs(void **state)
{
	struct rpc_summary summary = { 0 };
	struct rpc_program_list list = { 0 };

	(void)state;
	rpc_summary_free(&summary);
	decode_fixture("rpcbind-registered-v2-udp.bin", XID_UDP(2), 2, &list);
	rpc_summary_take_programs(&summary, &list);
	assert_null(list.items);
	assert_int_equal(summary.count, 13);
	assert_true(rpc_summary_has_program(&summary, 100024));
	assert_false(rpc_summary_has_program(&summary, 100004));
	rpc_summary_free(&summary);
	assert_null(summary.programs);
}

/* The crafted replies of tests/fixtures/rpc/make_hostile.py, each with
 * the error it must end in. */
static void hostile_fixtures_are_refused(void **state)
{
	static const struct {
		const char *name;
		uint32_t version;
		int error;
	} replies[] = {
		{ "hostile-v3-netid-length-ffffffff.bin", 3, -EBADMSG },
		{ "hostile-v3-netid-with-nul.bin", 3, -EBADMSG },
		{ "hostile-v3-netid-too-long.bin", 3, -EBADMSG },
		{ "hostile-v4-address-not-printable.bin", 4, -EBADMSG },
		{ "hostile-v2-endless-list.bin", 2, -EBADMSG },
		{ "hostile-v2-follows-is-2.bin", 2, -EBADMSG },
		{ "hostile-v2-port-too-large.bin", 2, -EBADMSG },
		{ "hostile-v2-denied.bin", 2, -EPROTO },
		{ "hostile-v3-prog-mismatch.bin", 3, -EPROTO },
		{ "hostile-v3-verifier-too-long.bin", 3, -EBADMSG },
		{ "hostile-v3-truncated-in-owner.bin", 3, -EBADMSG },
	};
	static const struct {
		const char *name;
		int result;
	} streams[] = {
		{ "hostile-tcp-empty-fragments.bin", -EMSGSIZE },
		{ "hostile-tcp-huge-fragment.bin", -EMSGSIZE },
		{ "hostile-tcp-split-fragments.bin", 1 },
	};
	struct rpc_program_list list = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
		size_t length;
		uint8_t *reply = fixture_read("rpc", replies[i].name, &length);

		print_message("%s\n", replies[i].name);
		assert_int_equal(rpc_dump_reply_decode(reply, length, XID_UDP(replies[i].version),
						       replies[i].version, &list), replies[i].error);
		assert_int_equal(list.count, 0);
		free(reply);
	}
	for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
		struct rpc_record record;
		size_t length, used;
		uint8_t *stream = fixture_read("rpc", streams[i].name, &length);

		rpc_record_init(&record, 1024);
		assert_int_equal(rpc_record_feed(&record, stream, length, &used), streams[i].result);
		if (streams[i].result == 1)
			assert_int_equal(rpc_dump_reply_decode(record.data, record.length, XID_UDP(2), 2, &list), 0);
		rpc_record_free(&record);
		free(stream);
	}
	assert_int_equal(list.count, 0);
	rpc_program_list_free(&list);
}

static void replay_directory(const char *directory, size_t *count)
{
	DIR *dir = opendir(directory);
	struct dirent *entry;

	assert_non_null(dir);
	while ((entry = readdir(dir))) {
		char *path;
		size_t length;
		uint8_t *data;

		if (entry->d_name[0] == '.' || entry->d_type == DT_DIR)
			continue;
		assert_true(asprintf(&path, "%s/%s", directory, entry->d_name) > 0);
		data = fixture_read_path(path, &length);
		LLVMFuzzerTestOneInput(data, length);
		free(data);
		free(path);
		(*count)++;
	}
	closedir(dir);
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count = 0;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/rpc", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/rpc/corpus", FIXTURES);
	replay_directory(fixtures, &count);
	replay_directory(corpus, &count);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 26);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(call_is_40_bytes_as_scanners_send),
		cmocka_unit_test(decodes_rpcbind_v2_as_rpcinfo_p),
		cmocka_unit_test(decodes_rpcbind_v3_v4_entries),
		cmocka_unit_test(merges_versions_without_duplicates),
		cmocka_unit_test(deduplicates_many_alike_quickly),
		cmocka_unit_test(rejects_every_truncation),
		cmocka_unit_test(rejects_lying_string_lengths),
		cmocka_unit_test(rejects_netids_that_are_no_netid),
		cmocka_unit_test(addresses_are_checked_and_bounded),
		cmocka_unit_test(v2_entries_are_checked),
		cmocka_unit_test(bounds_endless_and_huge_lists),
		cmocka_unit_test(reply_status_is_checked),
		cmocka_unit_test(record_reassembles_byte_by_byte),
		cmocka_unit_test(record_joins_fragments_and_stops_at_its_end),
		cmocka_unit_test(record_bounds_endless_and_huge_fragments),
		cmocka_unit_test(record_mark_prefixes_the_call),
		cmocka_unit_test(universal_addresses),
		cmocka_unit_test(program_names),
		cmocka_unit_test(summary_owns_its_programs),
		cmocka_unit_test(hostile_fixtures_are_refused),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
