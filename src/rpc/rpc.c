/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/rpc.h"
#include "rpc/xdr.h"

enum { RPC_MESSAGE_CALL = 0, RPC_MESSAGE_REPLY = 1 };
enum { RPC_PROTOCOL_VERSION = 2 };
enum { RPC_REPLY_ACCEPTED = 0, RPC_REPLY_DENIED = 1 };
enum { RPC_ACCEPT_SUCCESS = 0, RPC_ACCEPT_SYSTEM_ERROR = 5 };
enum { AUTH_NONE = 0 };
enum { IPPROTO_NUMBER_TCP = 6, IPPROTO_NUMBER_UDP = 17 };
/* RFC 5531: opaque_auth bodies are at most 400 bytes. */
#define RPC_AUTH_BODY_MAX 400
/* No real netid, address or owner is near this; it only bounds a lie. */
#define RPC_STRING_MAX 1024

int rpc_dump_call_encode(uint32_t xid, uint32_t version, uint8_t *buffer, size_t size)
{
	const uint32_t words[] = {
		xid, RPC_MESSAGE_CALL, RPC_PROTOCOL_VERSION, RPC_PORTMAPPER_PROGRAM, version,
		RPC_PROCEDURE_DUMP, AUTH_NONE, 0, AUTH_NONE, 0,
	};
	struct xdr_writer writer;

	if (version < 2 || version > 4)
		return -EINVAL;
	if (size < RPC_DUMP_CALL_SIZE)
		return -ENOBUFS;
	xdr_writer_init(&writer, buffer, size);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		xdr_write_u32(&writer, words[i]);
	return (int)writer.length;
}

static int decode_reply_header(struct xdr_reader *reader, uint32_t xid)
{
	uint32_t reply_xid, type, reply_status, flavor, accept_status;
	struct xdr_bytes verifier_body;

	if (xdr_read_u32(reader, &reply_xid) < 0 || xdr_read_u32(reader, &type) < 0 ||
	    type != RPC_MESSAGE_REPLY)
		return -EBADMSG;
	if (reply_xid != xid)
		return -ESRCH;
	if (xdr_read_u32(reader, &reply_status) < 0)
		return -EBADMSG;
	if (reply_status == RPC_REPLY_DENIED)
		return -EPROTO;
	if (reply_status != RPC_REPLY_ACCEPTED ||
	    xdr_read_u32(reader, &flavor) < 0 ||
	    xdr_read_opaque(reader, RPC_AUTH_BODY_MAX, &verifier_body) < 0 ||
	    xdr_read_u32(reader, &accept_status) < 0 ||
	    accept_status > RPC_ACCEPT_SYSTEM_ERROR)
		return -EBADMSG;
	return accept_status == RPC_ACCEPT_SUCCESS ? 0 : -EPROTO;
}

/* Only printable ASCII reaches the output: the text is shown to people
 * and must be valid UTF-8 for JSON. */
static bool printable(const struct xdr_bytes *bytes)
{
	for (size_t i = 0; i < bytes->length; i++)
		if (bytes->data[i] < 0x20 || bytes->data[i] > 0x7e)
			return false;
	return true;
}

static int parse_octet(const char *text, size_t length, unsigned int *ret_value)
{
	unsigned int value = 0;

	if (length == 0 || length > 3)
		return -EINVAL;
	for (size_t i = 0; i < length; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		value = value * 10 + (unsigned int)(text[i] - '0');
	}
	if (value > 255)
		return -EINVAL;
	*ret_value = value;
	return 0;
}

static int universal_address_port(const char *text, size_t length, uint16_t *ret_port)
{
	const char *last, *second;
	unsigned int high, low;

	last = memrchr(text, '.', length);
	if (!last || last == text)
		return -EINVAL;
	second = memrchr(text, '.', (size_t)(last - text));
	/* the host part before the two port octets must not be empty */
	if (!second || second == text)
		return -EINVAL;
	if (parse_octet(second + 1, (size_t)(last - second - 1), &high) < 0 ||
	    parse_octet(last + 1, length - (size_t)(last - text) - 1, &low) < 0)
		return -EINVAL;
	*ret_port = (uint16_t)(high << 8 | low);
	return 0;
}

int rpc_universal_address_port(const char *address, uint16_t *ret_port)
{
	return universal_address_port(address, strlen(address), ret_port);
}

static void name_program(struct rpc_program *program)
{
	const char *name = rpc_program_name(program->program);

	if (name)
		snprintf(program->name, sizeof(program->name), "%s", name);
	else
		snprintf(program->name, sizeof(program->name), "%u", program->program);
}

static int decode_pmap_entry(struct xdr_reader *reader, struct rpc_program *ret_program)
{
	struct rpc_program program = { 0 };
	uint32_t protocol, port;

	if (xdr_read_u32(reader, &program.program) < 0 || xdr_read_u32(reader, &program.version) < 0 ||
	    xdr_read_u32(reader, &protocol) < 0 || xdr_read_u32(reader, &port) < 0 || port > UINT16_MAX)
		return -EBADMSG;
	if (protocol == IPPROTO_NUMBER_TCP)
		strcpy(program.protocol, "tcp");
	else if (protocol == IPPROTO_NUMBER_UDP)
		strcpy(program.protocol, "udp");
	else
		snprintf(program.protocol, sizeof(program.protocol), "ip-%u", protocol);
	program.port = (uint16_t)port;
	name_program(&program);
	*ret_program = program;
	return 0;
}

static int decode_rpcb_entry(struct xdr_reader *reader, struct rpc_program *ret_program)
{
	struct rpc_program program = { 0 };
	struct xdr_bytes netid, address, owner;
	size_t copied;

	if (xdr_read_u32(reader, &program.program) < 0 || xdr_read_u32(reader, &program.version) < 0 ||
	    xdr_read_opaque(reader, RPC_STRING_MAX, &netid) < 0 ||
	    xdr_read_opaque(reader, RPC_STRING_MAX, &address) < 0 ||
	    xdr_read_opaque(reader, RPC_STRING_MAX, &owner) < 0)
		return -EBADMSG;
	/* A netid that does not fit is no transport anyone knows. */
	if (netid.length == 0 || netid.length >= sizeof(program.protocol) ||
	    !printable(&netid) || !printable(&address))
		return -EBADMSG;
	memcpy(program.protocol, netid.data, netid.length);
	/* Local socket paths may be long; they are shown, not used. */
	copied = address.length < sizeof(program.address) ? address.length : sizeof(program.address) - 1;
	memcpy(program.address, address.data, copied);
	if (universal_address_port((const char *)address.data, address.length, &program.port) < 0)
		program.port = 0;
	name_program(&program);
	*ret_program = program;
	return 0;
}

int rpc_dump_reply_decode(const uint8_t *reply, size_t length, uint32_t xid,
			  uint32_t version, struct rpc_program_list *list)
{
	size_t count_before = list->count;
	struct xdr_reader reader;
	int r;

	if (version < 2 || version > 4)
		return -EINVAL;
	xdr_reader_init(&reader, reply, length);
	r = decode_reply_header(&reader, xid);
	if (r < 0)
		return r;
	/* XDR's optional-data list: "value follows", entry, ..., FALSE. Each
	 * entry consumes bytes, so the loop ends with the buffer at the latest. */
	for (size_t entries = 0;; entries++) {
		struct rpc_program program;
		bool follows;

		r = xdr_read_bool(&reader, &follows);
		if (r < 0 || !follows)
			break;
		if (entries >= RPC_PROGRAMS_MAX) {
			r = -E2BIG;
			break;
		}
		r = version == 2 ? decode_pmap_entry(&reader, &program) : decode_rpcb_entry(&reader, &program);
		if (r >= 0)
			r = rpc_program_list_append(list, &program);
		if (r < 0)
			break;
	}
	if (r >= 0 && xdr_remaining(&reader) != 0)
		r = -EBADMSG;
	if (r < 0) {
		list->count = count_before;
		return r;
	}
	return 0;
}

void rpc_record_init(struct rpc_record *record, size_t limit)
{
	*record = (struct rpc_record){ .limit = limit };
}

static int record_reserve(struct rpc_record *record, size_t needed)
{
	size_t capacity = record->capacity ? record->capacity : 4096;
	uint8_t *data;

	if (needed <= record->capacity)
		return 0;
	while (capacity < needed)
		capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
	data = realloc(record->data, capacity);
	if (!data)
		return -ENOMEM;
	record->data = data;
	record->capacity = capacity;
	return 0;
}

static void record_header_complete(struct rpc_record *record)
{
	const uint8_t *h = record->header;
	uint32_t mark = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];

	record->last_fragment = mark >> 31;
	record->fragment_remaining = mark & 0x7fffffffu;
	if (record->fragment_remaining == 0) {
		record->header_length = 0;
		record->complete = record->last_fragment;
	}
}

int rpc_record_feed(struct rpc_record *record, const uint8_t *bytes, size_t length, size_t *ret_used)
{
	size_t used = 0;
	int r = 0;

	while (used < length && !record->complete) {
		if (record->header_length < sizeof(record->header)) {
			if (record->wire_bytes >= record->limit) {
				r = -EMSGSIZE;
				break;
			}
			record->header[record->header_length++] = bytes[used++];
			record->wire_bytes++;
			if (record->header_length < sizeof(record->header))
				continue;
			record_header_complete(record);
			if (record->fragment_remaining > record->limit - record->wire_bytes) {
				r = -EMSGSIZE;
				break;
			}
			continue;
		}
		size_t take = length - used;
		if (take > record->fragment_remaining)
			take = record->fragment_remaining;
		r = record_reserve(record, record->length + take);
		if (r < 0)
			break;
		memcpy(record->data + record->length, bytes + used, take);
		record->length += take;
		record->wire_bytes += take;
		record->fragment_remaining -= take;
		used += take;
		if (record->fragment_remaining == 0) {
			record->header_length = 0;
			record->complete = record->last_fragment;
		}
	}
	*ret_used = used;
	if (r < 0)
		return r;
	return record->complete ? 1 : 0;
}

void rpc_record_free(struct rpc_record *record)
{
	free(record->data);
	rpc_record_init(record, record->limit);
}

size_t rpc_record_mark(uint8_t *buffer, size_t length)
{
	uint32_t mark = 0x80000000u | (uint32_t)length;

	buffer[0] = (uint8_t)(mark >> 24);
	buffer[1] = (uint8_t)(mark >> 16);
	buffer[2] = (uint8_t)(mark >> 8);
	buffer[3] = (uint8_t)mark;
	return length + 4;
}

int rpc_program_list_append(struct rpc_program_list *list, const struct rpc_program *program)
{
	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? list->capacity * 2 : 16;
		struct rpc_program *items = reallocarray(list->items, capacity, sizeof(*items));

		if (!items)
			return -ENOMEM;
		list->items = items;
		list->capacity = capacity;
	}
	list->items[list->count++] = *program;
	return 0;
}

static int compare_key_then_position(const void *a, const void *b, void *items)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct rpc_program *x = (const struct rpc_program *)items + i;
	const struct rpc_program *y = (const struct rpc_program *)items + j;
	int r;

	if (x->program != y->program)
		return x->program < y->program ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	r = strcmp(x->protocol, y->protocol);
	if (r != 0)
		return r;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return i < j ? -1 : i > j;
}

static bool same_key(const struct rpc_program *x, const struct rpc_program *y)
{
	return x->program == y->program && x->version == y->version &&
	       strcmp(x->protocol, y->protocol) == 0 && x->port == y->port;
}

/* Sorting positions keeps this O(n log n): a hostile reply may list
 * tens of thousands of entries, all alike. */
int rpc_program_list_deduplicate(struct rpc_program_list *list)
{
	struct rpc_program *items = list->items;
	size_t *order, group = 0, kept = 0;
	bool *drop;

	if (list->count < 2)
		return 0;
	order = calloc(list->count, sizeof(*order));
	drop = calloc(list->count, sizeof(*drop));
	if (!order || !drop) {
		free(order);
		free(drop);
		return -ENOMEM;
	}
	for (size_t i = 0; i < list->count; i++)
		order[i] = i;
	qsort_r(order, list->count, sizeof(*order), compare_key_then_position, items);
	for (size_t i = 1; i < list->count; i++) {
		struct rpc_program *first = &items[order[group]], *duplicate = &items[order[i]];

		if (!same_key(first, duplicate)) {
			group = i;
			continue;
		}
		drop[order[i]] = true;
		if (!first->address[0])
			memcpy(first->address, duplicate->address, sizeof(first->address));
	}
	for (size_t i = 0; i < list->count; i++)
		if (!drop[i])
			items[kept++] = items[i];
	list->count = kept;
	free(order);
	free(drop);
	return 0;
}

void rpc_program_list_free(struct rpc_program_list *list)
{
	free(list->items);
	*list = (struct rpc_program_list){ 0 };
}

/* As /etc/rpc names them; rpcinfo -p shows the same names. */
static const struct {
	uint32_t program;
	const char *name;
} program_names[] = {
	{ 100000, "portmapper" }, { 100001, "rstatd" }, { 100002, "rusersd" },
	{ 100003, "nfs" }, { 100004, "ypserv" }, { 100005, "mountd" },
	{ 100007, "ypbind" }, { 100008, "walld" }, { 100009, "yppasswdd" },
	{ 100010, "etherstatd" }, { 100011, "rquotad" }, { 100012, "sprayd" },
	{ 100013, "3270_mapper" }, { 100014, "rje_mapper" }, { 100015, "selection_svc" },
	{ 100016, "database_svc" }, { 100017, "rexd" }, { 100018, "alis" },
	{ 100019, "sched" }, { 100020, "llockmgr" }, { 100021, "nlockmgr" },
	{ 100022, "x25.inr" }, { 100023, "statmon" }, { 100024, "status" },
	{ 100026, "bootparam" }, { 100028, "ypupdated" }, { 100029, "keyserv" },
	{ 100037, "tfsd" }, { 100038, "nsed" }, { 100039, "nsemntd" },
	{ 100069, "ypxfrd" }, { 100227, "nfs_acl" }, { 150001, "pcnfsd" },
	{ 300019, "amd" }, { 391002, "sgi_fam" }, { 545580417, "ugidd" },
	{ 600100069, "fypxfrd" }, { 788585389, "bwnfsd" },
};

const char *rpc_program_name(uint32_t program)
{
	for (size_t i = 0; i < sizeof(program_names) / sizeof(program_names[0]); i++)
		if (program_names[i].program == program)
			return program_names[i].name;
	return NULL;
}

bool rpc_summary_has_program(const struct rpc_summary *summary, uint32_t program)
{
	for (size_t i = 0; i < summary->count; i++)
		if (summary->programs[i].program == program)
			return true;
	return false;
}

void rpc_summary_take_programs(struct rpc_summary *summary, struct rpc_program_list *list)
{
	free(summary->programs);
	summary->programs = list->items;
	summary->count = list->count;
	*list = (struct rpc_program_list){ 0 };
}

void rpc_summary_free(struct rpc_summary *summary)
{
	free(summary->programs);
	*summary = (struct rpc_summary){ 0 };
}
