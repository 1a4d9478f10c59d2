/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one dump per family and transport: the port filter's bytecode
 * (laid out by hand, and run through a model of the kernel's audit and
 * interpreter), the request that carries it, and the kernel's answer to
 * one recorded for five services' ports (tests/fixtures/sock_diag/ports,
 * ss.txt beside it). */
#include "config.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "kernel/scan.h"
#include "model/cidr.h"

#define OPS_MAX (SCAN_BYTECODE_LENGTH(SCAN_PORTS_MAX) / 4)

static const struct inet_diag_bc_op *op_at(const uint8_t *code, int offset)
{
	return (const struct inet_diag_bc_op *)(code + offset);
}

/* What net/ipv4/inet_diag.c's inet_diag_bc_audit demands of a filter
 * made of S_EQ (with its operand) and JMP ops, restated: starting at the
 * first op and following only "yes" jumps, every op must be reached and
 * the walk must end exactly at the end; each jump is a multiple of 4, at
 * least the op's own size (8 for S_EQ, 4 for JMP) and at most 4 bytes
 * past the end; a "no" jump that lands inside the filter must land on an
 * op of that "yes" chain. */
static bool on_yes_chain(const uint8_t *code, int length, int target)
{
	int offset = 0;

	while (offset < target && offset < length) {
		int yes = op_at(code, offset)->yes;

		if (yes < 4 || yes % 4)
			return false;
		offset += yes;
	}
	return offset == target;
}

static bool kernel_would_accept(const uint8_t *code, int length)
{
	int offset = 0;

	if (length < 4)
		return false;
	while (offset < length) {
		const struct inet_diag_bc_op *op = op_at(code, offset);
		int left = length - offset, size;

		switch (op->code) {
		case INET_DIAG_BC_S_EQ:
			size = 8;
			break;
		case INET_DIAG_BC_JMP:
			size = 4;
			break;
		default:
			return false;
		}
		if (left < size)
			return false;
		if (op->no < size || op->no > left + 4 || op->no % 4)
			return false;
		if (op->no < left && !on_yes_chain(code, length, offset + op->no))
			return false;
		if (op->yes < size || op->yes > left + 4 || op->yes % 4)
			return false;
		offset += op->yes;
	}
	return offset == length;
}

/* inet_diag_bc_run restated: S_EQ compares the socket's port with its
 * operand's "no"; JMP always takes "no"; the socket passes when the walk
 * ends exactly at the end (past it: refused). */
static bool kernel_would_pass(const uint8_t *code, int length, uint16_t port)
{
	int offset = 0;

	while (offset < length) {
		const struct inet_diag_bc_op *op = op_at(code, offset);
		bool yes = op->code == INET_DIAG_BC_S_EQ ? port == op_at(code, offset + 4)->no : false;

		offset += yes ? op->yes : op->no;
	}
	return offset == length;
}

static size_t build(const uint16_t *ports, size_t count, struct inet_diag_bc_op *ops)
{
	return scan_bytecode(ports, count, ops, OPS_MAX);
}

/* Written out from the layout: port i at 12 * i, its jump behind it. */
static void layout_by_hand(void **state)
{
	struct inet_diag_bc_op ops[OPS_MAX];
	const uint16_t one[] = { 111 };
	const struct inet_diag_bc_op one_expected[] = {
		{ INET_DIAG_BC_S_EQ, 8, 12 }, { 0, 0, 111 },
	};
	const uint16_t three[] = { 111, 123, 11211 };
	const struct inet_diag_bc_op three_expected[] = {
		{ INET_DIAG_BC_S_EQ, 8, 12 }, { 0, 0, 111 }, { INET_DIAG_BC_JMP, 4, 24 },
		{ INET_DIAG_BC_S_EQ, 8, 12 }, { 0, 0, 123 }, { INET_DIAG_BC_JMP, 4, 12 },
		{ INET_DIAG_BC_S_EQ, 8, 12 }, { 0, 0, 11211 },
	};

	(void)state;
	assert_int_equal(build(one, 1, ops), 8);
	assert_memory_equal(ops, one_expected, sizeof(one_expected));
	assert_int_equal(build(three, 3, ops), 32);
	assert_memory_equal(ops, three_expected, sizeof(three_expected));
	/* as bytes on the wire (little-endian host): code, yes, no */
	assert_memory_equal(ops, "\x0b\x08\x0c\x00\x00\x00\x6f\x00\x01\x04\x18\x00", 12);
}

static void ports_of_test(uint16_t *ports, size_t count)
{
	/* the services' ports first, then neighbours of none of them */
	static const uint16_t known[] = { 111, 123, 161, 5353, 11211, 1900, 137, 3702, 19, 17, 7, 13, 69, 53, 389, 623 };

	for (size_t i = 0; i < count; i++)
		ports[i] = i < sizeof(known) / sizeof(known[0]) ? known[i] : (uint16_t)(20000 + 7 * i);
}

/* For 1, 2, 5, 13, 40 and SCAN_PORTS_MAX ports: the audit accepts it,
 * and exactly the wanted ports pass, checked on every port there is. */
static void audit_and_run(void **state)
{
	static const size_t counts[] = { 1, 2, 5, 13, 40, SCAN_PORTS_MAX };

	(void)state;
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		struct inet_diag_bc_op ops[OPS_MAX];
		uint16_t ports[SCAN_PORTS_MAX];
		bool wanted[65536] = { false };
		size_t length;

		ports_of_test(ports, counts[c]);
		for (size_t i = 0; i < counts[c]; i++)
			wanted[ports[i]] = true;
		length = build(ports, counts[c], ops);
		assert_int_equal(length, counts[c] * 12 - 4);
		assert_true(kernel_would_accept((const uint8_t *)ops, (int)length));
		for (unsigned int port = 0; port < 65536; port++)
			if (kernel_would_pass((const uint8_t *)ops, (int)length, (uint16_t)port) != wanted[port])
				fail_msg("%zu ports: port %u %s", counts[c], port, wanted[port] ? "refused" : "passed");
	}
}

/* The model refuses what the kernel refuses: the layout an attempt used
 * once (each port jumping straight to the end on a match), whose "no"
 * targets are not on the "yes" chain, and a jump past the end. */
static void model_refuses_bad_layouts(void **state)
{
	const struct inet_diag_bc_op straight[] = {
		{ INET_DIAG_BC_S_EQ, 16, 8 }, { 0, 0, 111 },
		{ INET_DIAG_BC_S_EQ, 8, 12 }, { 0, 0, 123 },
	};
	const struct inet_diag_bc_op too_far[] = {
		{ INET_DIAG_BC_S_EQ, 8, 16 }, { 0, 0, 111 },
	};
	struct inet_diag_bc_op ops[OPS_MAX];
	const uint16_t two[] = { 111, 123 };

	(void)state;
	assert_false(kernel_would_accept((const uint8_t *)straight, sizeof(straight)));
	assert_false(kernel_would_accept((const uint8_t *)too_far, sizeof(too_far)));
	/* a filter cut after its first port: the jump leads past the end */
	assert_int_equal(build(two, 2, ops), 20);
	assert_false(kernel_would_accept((const uint8_t *)ops, 16));
}

static void bytecode_bounds(void **state)
{
	struct inet_diag_bc_op ops[OPS_MAX];
	uint16_t ports[SCAN_PORTS_MAX + 1];

	(void)state;
	ports_of_test(ports, SCAN_PORTS_MAX + 1);
	assert_int_equal(scan_bytecode(ports, 0, ops, OPS_MAX), 0);
	assert_int_equal(scan_bytecode(ports, SCAN_PORTS_MAX + 1, ops, OPS_MAX), 0);
	/* 5 ports take 14 ops */
	assert_int_equal(scan_bytecode(ports, 5, ops, 13), 0);
	assert_int_equal(scan_bytecode(ports, 5, ops, 14), 56);
}

static void assert_request(const struct nlmsghdr *message, int family, enum transport transport,
			   const uint16_t *ports, size_t count)
{
	const struct inet_diag_req_v2 *request = NLMSG_DATA(message);
	const struct nlattr *attribute =
		(const struct nlattr *)((const uint8_t *)request + NLMSG_ALIGN(sizeof(*request)));
	struct inet_diag_bc_op ops[OPS_MAX];
	size_t length = build(ports, count, ops);

	assert_non_null(message);
	assert_int_equal(message->nlmsg_type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(message->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(message->nlmsg_seq, 4711);
	assert_int_equal(message->nlmsg_len,
			 NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*request)) + NLA_HDRLEN + NLA_ALIGN(length));
	assert_int_equal(request->sdiag_family, family);
	assert_int_equal(request->sdiag_protocol, transport == TRANSPORT_TCP ? IPPROTO_TCP : IPPROTO_UDP);
	assert_int_equal(request->idiag_states, transport == TRANSPORT_TCP ? 1u << TCP_LISTEN : 1u << TCP_CLOSE);
	assert_int_equal(request->idiag_ext, 0);
	/* one port: the kernel's quick compare; more: every socket reaches
	 * the bytecode */
	assert_int_equal(request->id.idiag_sport, count == 1 ? htons(ports[0]) : 0);
	assert_int_equal(request->id.idiag_dport, 0);
	assert_int_equal(attribute->nla_type, INET_DIAG_REQ_BYTECODE);
	assert_int_equal(attribute->nla_len, NLA_HDRLEN + length);
	assert_memory_equal((const uint8_t *)attribute + NLA_HDRLEN, ops, length);
	assert_true(kernel_would_accept((const uint8_t *)attribute + NLA_HDRLEN, (int)length));
}

static void request_for_several_ports(void **state)
{
	static const size_t counts[] = { 1, 2, 5, 13, 40, SCAN_PORTS_MAX };
	uint8_t buffer[SCAN_REQUEST_SIZE] __attribute__((aligned(8)));
	uint16_t ports[SCAN_PORTS_MAX];

	(void)state;
	ports_of_test(ports, SCAN_PORTS_MAX);
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		assert_request(scan_request(buffer, sizeof(buffer), AF_INET, TRANSPORT_TCP, ports, counts[c], 4711),
			       AF_INET, TRANSPORT_TCP, ports, counts[c]);
		assert_request(scan_request(buffer, sizeof(buffer), AF_INET6, TRANSPORT_UDP, ports, counts[c], 4711),
			       AF_INET6, TRANSPORT_UDP, ports, counts[c]);
	}
	assert_null(scan_request(buffer, sizeof(buffer), AF_INET, TRANSPORT_TCP, ports, 0, 1));
	/* 40 ports take 476 bytes of bytecode: not in 512 with the headers */
	assert_null(scan_request(buffer, 512, AF_INET, TRANSPORT_TCP, ports, 40, 1));
	assert_non_null(scan_request(buffer, 576, AF_INET, TRANSPORT_TCP, ports, 40, 1));
}

/* AF_UNSPEC: TCP's listeners of both families in one walk, through
 * the older request, which UDP has none of. */
static void request_for_both_families(void **state)
{
	static const size_t counts[] = { 1, 5, SCAN_PORTS_MAX };
	uint8_t buffer[SCAN_REQUEST_SIZE] __attribute__((aligned(8)));
	uint16_t ports[SCAN_PORTS_MAX];

	(void)state;
	ports_of_test(ports, SCAN_PORTS_MAX);
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		const struct nlmsghdr *message =
			scan_request(buffer, sizeof(buffer), AF_UNSPEC, TRANSPORT_TCP, ports, counts[c], 4711);
		const struct inet_diag_req *request = NLMSG_DATA(message);
		const struct nlattr *attribute =
			(const struct nlattr *)((const uint8_t *)request + NLMSG_ALIGN(sizeof(*request)));
		struct inet_diag_bc_op ops[OPS_MAX];
		size_t length = build(ports, counts[c], ops);

		assert_non_null(message);
		assert_int_equal(message->nlmsg_type, TCPDIAG_GETSOCK);
		assert_int_equal(message->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
		assert_int_equal(message->nlmsg_len,
				 NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*request)) + NLA_HDRLEN + NLA_ALIGN(length));
		assert_int_equal(request->idiag_family, AF_UNSPEC);
		assert_int_equal(request->idiag_states, 1u << TCP_LISTEN);
		assert_int_equal(request->idiag_ext, 0);
		assert_int_equal(request->id.idiag_sport, counts[c] == 1 ? htons(ports[0]) : 0);
		assert_int_equal(attribute->nla_type, INET_DIAG_REQ_BYTECODE);
		assert_int_equal(attribute->nla_len, NLA_HDRLEN + length);
		assert_memory_equal((const uint8_t *)attribute + NLA_HDRLEN, ops, length);
	}
	assert_null(scan_request(buffer, sizeof(buffer), AF_UNSPEC, TRANSPORT_UDP, ports, 5, 1));
}

static uint8_t *read_dump(const char *name, size_t *ret_length)
{
	char path[4096];
	FILE *file;
	uint8_t *data = malloc(1 << 16), *exact;

	snprintf(path, sizeof(path), "%s/sock_diag/%s", FIXTURES, name);
	file = fopen(path, "rb");
	assert_non_null(file);
	assert_non_null(data);
	*ret_length = fread(data, 1, 1 << 16, file);
	assert_false(ferror(file));
	fclose(file);
	exact = realloc(data, *ret_length ? *ret_length : 1);
	assert_non_null(exact);
	return exact;
}

/* The answer to the request for both families carries its type,
 * TCPDIAG_GETSOCK: taken for TCP, refused for UDP, which has no such
 * request. */
static void replies_of_both_families(void **state)
{
	struct listener_list tcp = { 0 }, again = { 0 }, udp = { 0 };
	size_t length;
	uint8_t *dump = read_dump("ports/tcp4.bin", &length);

	(void)state;
	assert_int_equal(scan_parse_replies(dump, length, TRANSPORT_TCP, &tcp), 1);
	for (size_t at = 0; at < length;) {
		struct nlmsghdr *message = (struct nlmsghdr *)(dump + at);

		if (message->nlmsg_type == SOCK_DIAG_BY_FAMILY)
			message->nlmsg_type = TCPDIAG_GETSOCK;
		at += NLMSG_ALIGN(message->nlmsg_len);
	}
	assert_int_equal(scan_parse_replies(dump, length, TRANSPORT_TCP, &again), 1);
	assert_true(tcp.count > 0);
	assert_int_equal(again.count, tcp.count);
	for (size_t i = 0; i < tcp.count; i++) {
		assert_int_equal(again.items[i].inode, tcp.items[i].inode);
		assert_int_equal(again.items[i].port, tcp.items[i].port);
		assert_memory_equal(&again.items[i].address, &tcp.items[i].address, sizeof(tcp.items[i].address));
	}
	assert_int_equal(scan_parse_replies(dump, length, TRANSPORT_UDP, &udp), -EBADMSG);
	assert_int_equal(udp.count, 0);
	listener_list_free(&tcp);
	listener_list_free(&again);
	listener_list_free(&udp);
	free(dump);
}

/* ports/ss.txt, one line per socket in the order the dumps gave them. */
static void ports_as_ss_saw_them(void **state)
{
	static const struct {
		const char *file;
		enum transport transport;
	} dumps[] = {
		{ "ports/tcp4.bin", TRANSPORT_TCP },
		{ "ports/udp4.bin", TRANSPORT_UDP },
		{ "ports/tcp6.bin", TRANSPORT_TCP },
		{ "ports/udp6.bin", TRANSPORT_UDP },
	};
	/* not 112 (udp), 124 (udp on 10.77.0.1), 162 (udp6), 11212 (tcp6) */
	static const char *const expected[] = {
		"tcp 0.0.0.0 111 0",
		"udp 0.0.0.0 111 0",
		"udp 127.0.0.1 123 0",
		"tcp :: 11211 0",
		"udp ::1 11211 1",
		"udp :: 161 1",
		"udp :: 5353 0",
	};
	struct listener_list list = { 0 };

	(void)state;
	for (size_t d = 0; d < sizeof(dumps) / sizeof(dumps[0]); d++) {
		size_t length;
		uint8_t *dump = read_dump(dumps[d].file, &length);

		assert_int_equal(scan_parse_replies(dump, length, dumps[d].transport, &list), 1);
		free(dump);
	}
	assert_int_equal(list.count, sizeof(expected) / sizeof(expected[0]));
	for (size_t i = 0; i < list.count; i++) {
		char address[CIDR_TEXT_MAX], line[128];
		const struct listener *listener = &list.items[i];

		snprintf(line, sizeof(line), "%s %s %u %d", listener->transport == TRANSPORT_TCP ? "tcp" : "udp",
			 ip_address_format(&listener->address, address), listener->port, listener->v6only);
		assert_string_equal(line, expected[i]);
		assert_int_equal(listener->exposed, listener->scope != SCOPE_LOOPBACK);
		assert_true(listener->inode > 0);
	}
	listener_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_by_hand),
		cmocka_unit_test(audit_and_run),
		cmocka_unit_test(model_refuses_bad_layouts),
		cmocka_unit_test(bytecode_bounds),
		cmocka_unit_test(request_for_several_ports),
		cmocka_unit_test(request_for_both_families),
		cmocka_unit_test(replies_of_both_families),
		cmocka_unit_test(ports_as_ss_saw_them),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
