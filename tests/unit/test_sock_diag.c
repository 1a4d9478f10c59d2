/* SPDX-License-Identifier: GPL-2.0-or-later */
/* scan_parse_replies on dumps the kernel really sent
 * (tests/fixtures/sock_diag, recorded by its record.sh; ss.txt beside
 * each says what ss read from the same sockets), then on every way a
 * message or an attribute can be cut or lie about its length. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "kernel/scan.h"
#include "model/cidr.h"

/* fuzz/fuzz_sock_diag.c, linked in to replay its corpus */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DIAG_MESSAGE_MIN (sizeof(struct nlmsghdr) + sizeof(struct inet_diag_msg))

/* malloc's memory is aligned as a socket's buffer is. */
static uint8_t *read_path(const char *path, size_t *ret_length)
{
	FILE *file = fopen(path, "rb");
	uint8_t *data = malloc(1 << 16);
	size_t length;

	assert_non_null(file);
	assert_non_null(data);
	length = fread(data, 1, 1 << 16, file);
	assert_false(ferror(file));
	fclose(file);
	*ret_length = length;
	return data;
}

static uint8_t *read_dump(const char *name, size_t *ret_length)
{
	char path[4096];

	uint8_t *data, *exact;

	snprintf(path, sizeof(path), "%s/sock_diag/%s", FIXTURES, name);
	data = read_path(path, ret_length);
	/* of its own size, so that ASan sees a read past the dump */
	exact = realloc(data, *ret_length ? *ret_length : 1);
	assert_non_null(exact);
	return exact;
}

static void parse_dump(const char *name, enum transport transport, struct listener_list *list)
{
	size_t length;
	uint8_t *dump = read_dump(name, &length);

	assert_int_equal(scan_parse_replies(dump, length, transport, list), 1);
	free(dump);
}

static const struct listener *find(const struct listener_list *list, const char *address)
{
	for (size_t i = 0; i < list->count; i++) {
		char text[CIDR_TEXT_MAX];

		if (strcmp(ip_address_format(&list->items[i].address, text), address) == 0)
			return &list->items[i];
	}
	fail_msg("no listener on %s", address);
	return NULL;
}

static void assert_listener(const struct listener *listener, enum transport transport, uint64_t inode,
			    bool v6only, enum scope scope)
{
	assert_int_equal(listener->transport, transport);
	assert_int_equal(listener->port, 111);
	assert_int_equal(listener->inode, inode);
	assert_int_equal(listener->v6only, v6only);
	assert_int_equal(listener->scope, scope);
	assert_int_equal(listener->exposed, scope != SCOPE_LOOPBACK);
	assert_int_equal(listener->cgroup_id, 1);	/* the recording's root cgroup */
	assert_int_equal(listener->uid, 0);
	assert_int_equal(listener->owner_count, 0);
}

/* rpcbind/ss.txt: one socket per dump, v6 ones v6only. */
static void rpcbind_as_ss_saw_it(void **state)
{
	struct listener_list list = { 0 };

	(void)state;
	parse_dump("rpcbind/tcp4.bin", TRANSPORT_TCP, &list);
	parse_dump("rpcbind/udp4.bin", TRANSPORT_UDP, &list);
	parse_dump("rpcbind/tcp6.bin", TRANSPORT_TCP, &list);
	parse_dump("rpcbind/udp6.bin", TRANSPORT_UDP, &list);
	assert_int_equal(list.count, 4);
	assert_listener(&list.items[0], TRANSPORT_TCP, 3398968, false, SCOPE_ANY);
	assert_listener(&list.items[1], TRANSPORT_UDP, 3398967, false, SCOPE_ANY);
	assert_listener(&list.items[2], TRANSPORT_TCP, 3398970, true, SCOPE_ANY);
	assert_listener(&list.items[3], TRANSPORT_UDP, 3398969, true, SCOPE_ANY);
	assert_int_equal(list.items[0].address.family, AF_INET);
	assert_int_equal(list.items[2].address.family, AF_INET6);
	assert_true(listener_list_exposed(&list));
	listener_list_free(&list);
}

/* holders/ss.txt: an empty dump, two sockets in one, loopback, a
 * private address, a dual-stack :: that is not v6only. */
static void holders_as_ss_saw_them(void **state)
{
	struct listener_list list = { 0 };

	(void)state;
	parse_dump("holders/tcp4.bin", TRANSPORT_TCP, &list);
	assert_int_equal(list.count, 0);
	parse_dump("holders/udp4.bin", TRANSPORT_UDP, &list);
	assert_int_equal(list.count, 2);
	parse_dump("holders/tcp6.bin", TRANSPORT_TCP, &list);
	parse_dump("holders/udp6.bin", TRANSPORT_UDP, &list);
	assert_int_equal(list.count, 4);
	assert_listener(find(&list, "10.77.0.1"), TRANSPORT_UDP, 3399567, false, SCOPE_PRIVATE);
	assert_listener(find(&list, "127.0.0.1"), TRANSPORT_UDP, 3399547, false, SCOPE_LOOPBACK);
	assert_listener(find(&list, "::1"), TRANSPORT_UDP, 3400160, true, SCOPE_LOOPBACK);
	assert_listener(find(&list, "::"), TRANSPORT_TCP, 3400058, false, SCOPE_ANY);
	listener_list_free(&list);
}

/* A dump arrives in several reads: each but the last says "more". */
static void dump_in_two_reads(void **state)
{
	struct listener_list list = { 0 };
	size_t length;
	uint8_t *dump = read_dump("holders/udp4.bin", &length);
	const struct nlmsghdr *first = (const struct nlmsghdr *)dump;
	size_t split = NLMSG_ALIGN(first->nlmsg_len);

	(void)state;
	assert_int_equal(scan_parse_replies(dump, split, TRANSPORT_UDP, &list), 0);
	assert_int_equal(list.count, 1);
	assert_int_equal(scan_parse_replies(dump + split, length - split, TRANSPORT_UDP, &list), 1);
	assert_int_equal(list.count, 2);
	listener_list_free(&list);
	free(dump);
}

/* Cut anywhere: at a message's end the rest is "more to come",
 * anywhere else the reply is refused and the list stays as it was. */
static void every_truncation(void **state)
{
	size_t length;
	uint8_t *dump = read_dump("holders/udp4.bin", &length);
	size_t first_end = NLMSG_ALIGN(((const struct nlmsghdr *)dump)->nlmsg_len);
	size_t second_end = first_end + NLMSG_ALIGN(((const struct nlmsghdr *)(dump + first_end))->nlmsg_len);

	(void)state;
	assert_true(second_end < length);
	for (size_t cut = 0; cut < length; cut++) {
		/* its own copy, so that ASan sees a read past the cut */
		uint8_t *copy = malloc(cut ? cut : 1);
		struct listener_list list = { .items = calloc(1, sizeof(struct listener)), .count = 1, .capacity = 1 };
		int r;

		assert_non_null(copy);
		assert_non_null(list.items);
		list.items[0].port = 7;
		memcpy(copy, dump, cut);
		r = scan_parse_replies(copy, cut, TRANSPORT_UDP, &list);
		if (cut == 0 || cut == first_end || cut == second_end) {
			assert_int_equal(r, 0);
			assert_int_equal(list.count, 1 + (cut >= first_end) + (cut >= second_end));
		} else {
			assert_int_equal(r, -EBADMSG);
			assert_int_equal(list.count, 1);
		}
		assert_int_equal(list.items[0].port, 7);
		listener_list_free(&list);
		free(copy);
	}
	free(dump);
}

/* The first message of rpcbind/tcp6.bin, changed by edit, then the
 * dump's end: what scan_parse_replies says of it. */
static int parse_edited(void (*edit)(uint8_t *message), struct listener_list *list)
{
	size_t length;
	uint8_t *dump = read_dump("rpcbind/tcp6.bin", &length);
	struct nlmsghdr *message = (struct nlmsghdr *)dump;
	size_t first = NLMSG_ALIGN(message->nlmsg_len);
	uint8_t *edited = calloc(1, length);
	int r;

	assert_non_null(edited);
	memcpy(edited, dump, length);
	edit(edited);
	/* NLMSG_DONE right after the edited message, wherever it ends now */
	message = (struct nlmsghdr *)edited;
	memmove(edited + NLMSG_ALIGN(message->nlmsg_len), dump + first, length - first);
	r = scan_parse_replies(edited, NLMSG_ALIGN(message->nlmsg_len) + length - first, TRANSPORT_TCP, list);
	free(edited);
	free(dump);
	return r;
}

static void unchanged(uint8_t *message)
{
	(void)message;
}

/* Attributes from offset 88: SHUTDOWN(5), SKV6ONLY(5), MARK(8),
 * CGROUP_ID(12) at 112, SOCKOPT(6) at 124; the message is 132 long. */
static void cut_cgroup_attribute(uint8_t *message)
{
	((struct nlmsghdr *)message)->nlmsg_len = 120;	/* 8 of its 12 bytes */
}

static void cut_last_attribute(uint8_t *message)
{
	((struct nlmsghdr *)message)->nlmsg_len = 126;	/* its header only */
}

static void short_v6only(uint8_t *message)
{
	struct nlattr *attribute = (struct nlattr *)(message + 96);

	assert_int_equal(attribute->nla_type, INET_DIAG_SKV6ONLY);
	attribute->nla_len = 4;		/* no byte of payload */
	message[100] = 4;		/* the next "attribute" a well-formed SHUTDOWN... */
	message[101] = 0;
	message[102] = INET_DIAG_SHUTDOWN;
	message[103] = 0;
}

static void short_cgroup_id(uint8_t *message)
{
	struct nlattr *attribute = (struct nlattr *)(message + 112);

	assert_int_equal(attribute->nla_type, INET_DIAG_CGROUP_ID);
	attribute->nla_len = 8;		/* a u32 where a u64 belongs */
	memcpy(message + 120, &(struct nlattr){ .nla_len = 4, .nla_type = INET_DIAG_MARK }, 4);
}

static void attribute_longer_than_message(uint8_t *message)
{
	((struct nlattr *)(message + 124))->nla_len = 64;
}

static void attribute_shorter_than_header(uint8_t *message)
{
	((struct nlattr *)(message + 124))->nla_len = 2;
}

static void no_room_for_diag_message(uint8_t *message)
{
	((struct nlmsghdr *)message)->nlmsg_len = DIAG_MESSAGE_MIN - 4;
}

static void unknown_family(uint8_t *message)
{
	((struct inet_diag_msg *)NLMSG_DATA(message))->idiag_family = AF_UNIX;
}

static void not_a_socket(uint8_t *message)
{
	((struct nlmsghdr *)message)->nlmsg_type = SOCK_DIAG_BY_FAMILY + 1;
}

static void newer_attribute(uint8_t *message)
{
	((struct nlattr *)(message + 124))->nla_type = 200;	/* beyond INET_DIAG_MAX */
}

static void refuses_lying_lengths(void **state)
{
	static const struct {
		const char *name;
		void (*edit)(uint8_t *message);
	} refused[] = {
		{ "cgroup id cut", cut_cgroup_attribute },
		{ "last attribute cut to its header", cut_last_attribute },
		{ "v6only without a byte", short_v6only },
		{ "cgroup id of 4 bytes", short_cgroup_id },
		{ "attribute past its message", attribute_longer_than_message },
		{ "attribute shorter than its header", attribute_shorter_than_header },
		{ "message shorter than inet_diag_msg", no_room_for_diag_message },
		{ "family not inet", unknown_family },
		{ "type not SOCK_DIAG_BY_FAMILY", not_a_socket },
	};
	struct listener_list list = { 0 };

	(void)state;
	assert_int_equal(parse_edited(unchanged, &list), 1);
	assert_int_equal(list.count, 1);
	assert_true(list.items[0].v6only);
	assert_int_equal(list.items[0].cgroup_id, 1);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		print_message("%s\n", refused[i].name);
		assert_int_equal(parse_edited(refused[i].edit, &list), -EBADMSG);
		assert_int_equal(list.count, 1);
	}
	/* an attribute a newer kernel sends is skipped, the socket kept */
	assert_int_equal(parse_edited(newer_attribute, &list), 1);
	assert_int_equal(list.count, 2);
	listener_list_free(&list);
}

/* libmnl compares lengths as int: one above 2 GiB passes its check as a
 * negative number (found by fuzz/fuzz_sock_diag.c). */
static void refuses_length_above_2gib(void **state)
{
	size_t length;
	uint8_t *dump = read_dump("rpcbind/udp4.bin", &length);
	struct nlmsghdr *second = (struct nlmsghdr *)(dump + NLMSG_ALIGN(((struct nlmsghdr *)dump)->nlmsg_len));
	struct listener_list list = { 0 };

	(void)state;
	/* mnl_cb_run skips a NOOP by its length, to 3 GB past the buffer */
	second->nlmsg_len = 0xb7b7b7b7;
	second->nlmsg_type = NLMSG_NOOP;
	assert_int_equal(scan_parse_replies(dump, length, TRANSPORT_UDP, &list), -EBADMSG);
	assert_int_equal(list.count, 0);
	free(dump);
}

/* The kernel's error ends the dump with its errno. */
static void kernel_error(void **state)
{
	struct {
		struct nlmsghdr header;
		struct nlmsgerr error;
	} reply = {
		.header = { .nlmsg_len = sizeof(reply), .nlmsg_type = NLMSG_ERROR },
		.error = { .error = -ENOENT },
	};
	struct listener_list list = { 0 };

	(void)state;
	assert_int_equal(scan_parse_replies(&reply, sizeof(reply), TRANSPORT_UDP, &list), -ENOENT);
	reply.header.nlmsg_len = sizeof(struct nlmsghdr) + 2;	/* no room for the errno */
	assert_int_equal(scan_parse_replies(&reply, NLMSG_ALIGN(reply.header.nlmsg_len), TRANSPORT_UDP, &list),
			 -EBADMSG);
	assert_int_equal(list.count, 0);
}

static void refuses_unaligned_bytes(void **state)
{
	size_t length;
	uint8_t *dump = read_dump("rpcbind/udp4.bin", &length);
	uint8_t *shifted = malloc(length + 1);
	struct listener_list list = { 0 };

	(void)state;
	assert_non_null(shifted);
	memcpy(shifted + 1, dump, length);
	assert_int_equal(scan_parse_replies(shifted + 1, length, TRANSPORT_UDP, &list), -EINVAL);
	assert_int_equal(list.count, 0);
	free(shifted);
	free(dump);
}

static void replay_directory(const char *directory, size_t *count)
{
	DIR *dir = opendir(directory);
	struct dirent *entry;

	assert_non_null(dir);
	while ((entry = readdir(dir))) {
		char path[4096];
		size_t length;
		uint8_t *data;

		if (entry->d_name[0] == '.' || strstr(entry->d_name, ".txt") || strstr(entry->d_name, ".sh") ||
		    strstr(entry->d_name, ".md"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", directory, entry->d_name);
		if (entry->d_type == DT_DIR) {
			replay_directory(path, count);
			continue;
		}
		data = read_path(path, &length);
		LLVMFuzzerTestOneInput(data, length);
		free(data);
		(*count)++;
	}
	closedir(dir);
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	size_t count = 0;

	(void)state;
	replay_directory(FIXTURES "/sock_diag", &count);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rpcbind_as_ss_saw_it),
		cmocka_unit_test(holders_as_ss_saw_them),
		cmocka_unit_test(dump_in_two_reads),
		cmocka_unit_test(every_truncation),
		cmocka_unit_test(refuses_lying_lengths),
		cmocka_unit_test(refuses_length_above_2gib),
		cmocka_unit_test(kernel_error),
		cmocka_unit_test(refuses_unaligned_bytes),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
