/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CLDAP's root DSE search and its answer (RFC 4511's LDAPMessage over
 * UDP), by hand: the reader takes one TLV at a time within the bytes of
 * its parent, so no length can reach past the datagram. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "services/cldap/cldap_wire.h"

#define TAG_BOOLEAN 0x01
#define TAG_INTEGER 0x02
#define TAG_OCTETS 0x04
#define TAG_ENUMERATED 0x0a
#define TAG_SEQUENCE 0x30
#define TAG_SET 0x31
#define TAG_SEARCH_REQUEST 0x63		/* [APPLICATION 3] constructed */
#define TAG_SEARCH_ENTRY 0x64		/* [APPLICATION 4] */
#define TAG_SEARCH_DONE 0x65		/* [APPLICATION 5] */
#define TAG_SEARCH_REFERENCE 0x73	/* [APPLICATION 19] */
#define TAG_FILTER_EQUALITY 0xa3	/* [3] constructed */
#define TAG_FILTER_PRESENT 0x87		/* [7] primitive */

struct ber {
	const uint8_t *at;
	size_t left;
};

/* The next element of b: its tag and its contents; b moves past it. */
static int ber_next(struct ber *b, uint8_t *ret_tag, struct ber *ret_content)
{
	size_t length, header = 2;
	uint8_t first;

	if (b->left < 2)
		return -EBADMSG;
	if ((b->at[0] & 0x1f) == 0x1f)
		return -EBADMSG;	/* a multi-byte tag: no LDAP message has one */
	first = b->at[1];
	if (first & 0x80) {
		size_t count = first & 0x7f;

		/* 0x80 is the indefinite form, which LDAP forbids (RFC 4511 5.1) */
		if (count == 0 || count > 4 || b->left < 2 + count)
			return -EBADMSG;
		length = 0;
		for (size_t i = 0; i < count; i++)
			length = length << 8 | b->at[2 + i];
		header += count;
	} else {
		length = first;
	}
	if (length > b->left - header)
		return -EBADMSG;
	*ret_tag = b->at[0];
	*ret_content = (struct ber){ .at = b->at + header, .left = length };
	b->at += header + length;
	b->left -= header + length;
	return 0;
}

static int ber_expect(struct ber *b, uint8_t tag, struct ber *ret_content)
{
	uint8_t got;
	int r = ber_next(b, &got, ret_content);

	return r < 0 ? r : got == tag ? 0 : -EBADMSG;
}

/* A non-negative INTEGER or ENUMERATED of at most four bytes. */
static int ber_unsigned(const struct ber *content, uint32_t *ret_value)
{
	uint32_t value = 0;

	if (content->left == 0 || content->left > 5 || content->at[0] & 0x80 ||
	    (content->left == 5 && content->at[0] != 0))
		return -EBADMSG;
	for (size_t i = 0; i < content->left; i++)
		value = value << 8 | content->at[i];
	*ret_value = value;
	return 0;
}

static void text_take(char *buffer, size_t size, const struct ber *value)
{
	size_t length = value->left < size - 1 ? value->left : size - 1;

	for (size_t i = 0; i < length; i++)
		buffer[i] = value->at[i] >= 0x20 && value->at[i] < 0x7f ? (char)value->at[i] : '?';
	buffer[length] = '\0';
}

static void text_append(char *buffer, size_t size, const struct ber *value)
{
	size_t used = strlen(buffer);

	if (used && used + 2 < size) {
		memcpy(buffer + used, ", ", 3);
		used += 2;
	}
	if (used + 1 < size)
		text_take(buffer + used, size - used, value);
}

static bool type_is(const struct ber *type, const char *name)
{
	return type->left == strlen(name) && strncasecmp((const char *)type->at, name, type->left) == 0;
}

static void value_take(void *context, const struct ber *type, const struct ber *value)
{
	struct cldap_root_dse *dse = context;
	struct {
		const char *name;
		char *buffer;
	} const single[] = {
		{ "dnsHostName", dse->dns_host_name },
		{ "defaultNamingContext", dse->default_naming_context },
		{ "serverName", dse->server_name },
		{ "ldapServiceName", dse->ldap_service_name },
		{ "vendorName", dse->vendor_name },
		{ "domainControllerFunctionality", dse->dc_functionality },
	};

	if (type_is(type, "namingContexts")) {
		if (dse->naming_context_count < CLDAP_CONTEXTS_MAX)
			text_take(dse->naming_contexts[dse->naming_context_count++], CLDAP_TEXT_MAX, value);
		dse->naming_contexts_sent++;
		return;
	}
	if (type_is(type, "supportedLDAPVersion")) {
		text_append(dse->supported_ldap_version, sizeof(dse->supported_ldap_version), value);
		return;
	}
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++)
		if (type_is(type, single[i].name)) {
			text_take(single[i].buffer, CLDAP_TEXT_MAX, value);
			return;
		}
}

/* SearchResultEntry: objectName, then a SEQUENCE OF PartialAttribute
 * { type, vals SET OF value }; take is given each value. What may
 * follow the attributes is the caller's to judge. */
static int entry_walk(struct ber *op, void (*take)(void *, const struct ber *, const struct ber *), void *context,
		      size_t *ret_attribute_count)
{
	struct ber name, attributes;
	int r = ber_expect(op, TAG_OCTETS, &name);

	if (r == 0)
		r = ber_expect(op, TAG_SEQUENCE, &attributes);
	if (r < 0)
		return r;
	while (attributes.left) {
		struct ber attribute, type, values;

		r = ber_expect(&attributes, TAG_SEQUENCE, &attribute);
		if (r == 0)
			r = ber_expect(&attribute, TAG_OCTETS, &type);
		if (r == 0)
			r = ber_expect(&attribute, TAG_SET, &values);
		if (r < 0)
			return r;
		if (attribute.left)
			return -EBADMSG;
		(*ret_attribute_count)++;
		while (values.left) {
			struct ber value;

			r = ber_expect(&values, TAG_OCTETS, &value);
			if (r < 0)
				return r;
			take(context, &type, &value);
		}
	}
	return 0;
}

static int entry_decode(struct ber *op, struct cldap_root_dse *dse)
{
	int r = entry_walk(op, value_take, dse, &dse->attribute_count);

	if (r < 0)
		return r;
	dse->entry = true;
	return op->left ? -EBADMSG : 0;
}

/* SearchResultDone: LDAPResult { resultCode, matchedDN, diagnosticMessage, [referral] }. */
static int result_decode(struct ber *op, int *ret_result_code)
{
	struct ber code, matched, message;
	uint32_t value;
	int r = ber_expect(op, TAG_ENUMERATED, &code);

	if (r == 0)
		r = ber_unsigned(&code, &value);
	if (r == 0)
		r = ber_expect(op, TAG_OCTETS, &matched);
	if (r == 0)
		r = ber_expect(op, TAG_OCTETS, &message);
	if (r < 0)
		return r;
	if (value > 0xffff)
		return -EBADMSG;
	*ret_result_code = (int)value;
	return 0;
}

static int done_decode(struct ber *op, struct cldap_root_dse *dse)
{
	int r = result_decode(op, &dse->result_code);

	dse->done = dse->done || r == 0;
	return r;
}

/* An LDAPMessage's head: its ID, which must be ours, and its operation;
 * what follows the operation may be the controls ([0]) alone, which say
 * nothing here. */
static int message_open(struct ber *all, uint32_t message_id, uint8_t *ret_tag, struct ber *ret_op)
{
	struct ber message, id;
	uint32_t value;
	int r = ber_expect(all, TAG_SEQUENCE, &message);

	if (r == 0)
		r = ber_expect(&message, TAG_INTEGER, &id);
	if (r == 0)
		r = ber_unsigned(&id, &value);
	if (r < 0)
		return r;
	if (value != message_id)
		return -ESRCH;
	r = ber_next(&message, ret_tag, ret_op);
	if (r < 0)
		return r;
	if (message.left && message.at[0] != 0xa0)
		return -EBADMSG;
	return 0;
}

int cldap_reply_decode(const uint8_t *datagram, size_t length, uint32_t message_id, struct cldap_root_dse *dse)
{
	struct ber all = { .at = datagram, .left = length };
	int complete = 0;

	if (length == 0)
		return -EBADMSG;
	while (all.left) {
		struct ber op;
		uint8_t tag;
		int r = message_open(&all, message_id, &tag, &op);

		if (r < 0)
			return r;
		switch (tag) {
		case TAG_SEARCH_ENTRY:
			r = entry_decode(&op, dse);
			break;
		case TAG_SEARCH_DONE:
			r = done_decode(&op, dse);
			complete = 1;
			break;
		case TAG_SEARCH_REFERENCE:
			break;
		default:
			return -EBADMSG;
		}
		if (r < 0)
			return r;
	}
	return complete;
}


void cldap_site_name(const struct cldap_root_dse *dse, char *buffer, size_t size)
{
	const char *servers = strcasestr(dse->server_name, ",CN=Servers,CN=");
	size_t length;

	*buffer = '\0';
	if (!servers || size == 0)
		return;
	servers += strlen(",CN=Servers,CN=");
	length = strcspn(servers, ",");
	snprintf(buffer, size, "%.*s", (int)length, servers);
}

void cldap_domain_name(const struct cldap_root_dse *dse, char *buffer, size_t size)
{
	const char *at = dse->default_naming_context;
	size_t used = 0;

	if (size == 0)
		return;
	*buffer = '\0';
	while (*at) {
		size_t length = strcspn(at, ",");

		if (length > 3 && strncasecmp(at, "DC=", 3) == 0) {
			int n = snprintf(buffer + used, size - used, "%s%.*s", used ? "." : "", (int)(length - 3), at + 3);

			if (n < 0 || (size_t)n >= size - used) {
				*buffer = '\0';
				return;
			}
			used += (size_t)n;
		}
		at += length;
		at += *at == ',';
	}
}

static void message_take(void *context, const struct ber *type, const struct ber *value)
{
	struct cldap_message *message = context;

	if (type_is(type, "configurationNamingContext"))
		text_take(message->configuration_naming_context, sizeof(message->configuration_naming_context), value);
	else if (type_is(type, "cn"))
		text_take(message->cn, sizeof(message->cn), value);
	else if (type_is(type, "siteObject"))
		text_take(message->site_object, sizeof(message->site_object), value);
}

/* How long the message that bytes begin with is, from its head alone:
 * 1 with *ret_total, 0 when the head is not all there yet. */
static int message_length(const uint8_t *bytes, size_t length, size_t *ret_total)
{
	size_t header = 2, content;

	if (length < 2)
		return 0;
	if (bytes[0] != TAG_SEQUENCE)
		return -EBADMSG;
	if (bytes[1] & 0x80) {
		size_t count = bytes[1] & 0x7f;

		if (count == 0 || count > 4)
			return -EBADMSG;
		if (length < 2 + count)
			return 0;
		content = 0;
		for (size_t i = 0; i < count; i++)
			content = content << 8 | bytes[2 + i];
		header += count;
	} else {
		content = bytes[1];
	}
	if (content > CLDAP_STREAM_MESSAGE_MAX - header)
		return -EMSGSIZE;
	*ret_total = header + content;
	return 1;
}

int cldap_message_decode(const uint8_t *bytes, size_t length, uint32_t message_id, struct cldap_message *ret_message,
			 size_t *ret_used)
{
	struct ber all, op;
	size_t total, attribute_count = 0;
	uint8_t tag;
	int r = message_length(bytes, length, &total);

	if (r <= 0)
		return r;
	if (length < total)
		return 0;
	memset(ret_message, 0, sizeof(*ret_message));
	ret_message->result_code = -1;
	all = (struct ber){ .at = bytes, .left = total };
	r = message_open(&all, message_id, &tag, &op);
	if (r < 0)
		return r;
	switch (tag) {
	case TAG_SEARCH_ENTRY:
		ret_message->type = CLDAP_MESSAGE_ENTRY;
		r = entry_walk(&op, message_take, ret_message, &attribute_count);
		if (r == 0 && op.left)
			r = -EBADMSG;
		break;
	case TAG_SEARCH_DONE:
		ret_message->type = CLDAP_MESSAGE_DONE;
		r = result_decode(&op, &ret_message->result_code);
		break;
	case TAG_SEARCH_REFERENCE:
		ret_message->type = CLDAP_MESSAGE_REFERENCE;
		break;
	default:
		return -EBADMSG;
	}
	if (r < 0)
		return r;
	*ret_used = total;
	return 1;
}

/* BER into a bounded buffer: an element's contents are written first
 * and moved behind its length once that is known; full says that
 * something did not fit, and then nothing more is written. */
struct ber_writer {
	uint8_t *buffer;
	size_t size;
	size_t used;
	bool full;
};

static void writer_put(struct ber_writer *writer, const void *bytes, size_t length)
{
	if (writer->full || length > writer->size - writer->used) {
		writer->full = true;
		return;
	}
	memcpy(writer->buffer + writer->used, bytes, length);
	writer->used += length;
}

/* Writes tag; returns where the contents begin, for writer_close. */
static size_t writer_open(struct ber_writer *writer, uint8_t tag)
{
	writer_put(writer, &tag, 1);
	return writer->used;
}

static void writer_close(struct ber_writer *writer, size_t start)
{
	size_t length = writer->used - start, header = length < 0x80 ? 1 : length < 0x100 ? 2 : 3;
	uint8_t *at = writer->buffer + start;

	if (writer->full || length > 0xffff || header > writer->size - writer->used) {
		writer->full = true;
		return;
	}
	memmove(at + header, at, length);
	if (header == 1) {
		at[0] = (uint8_t)length;
	} else if (header == 2) {
		at[0] = 0x81;
		at[1] = (uint8_t)length;
	} else {
		at[0] = 0x82;
		at[1] = (uint8_t)(length >> 8);
		at[2] = (uint8_t)length;
	}
	writer->used += header;
}

static void writer_bytes(struct ber_writer *writer, uint8_t tag, const void *bytes, size_t length)
{
	size_t start = writer_open(writer, tag);

	writer_put(writer, bytes, length);
	writer_close(writer, start);
}

static void writer_text(struct ber_writer *writer, uint8_t tag, const char *text)
{
	writer_bytes(writer, tag, text, strlen(text));
}

/* The shortest two's complement that keeps value non-negative. */
static void writer_unsigned(struct ber_writer *writer, uint8_t tag, uint32_t value)
{
	uint8_t bytes[5];
	size_t length = 0;

	for (int shift = 24; shift >= 0; shift -= 8) {
		uint8_t byte = (uint8_t)(value >> shift);

		if (!length && !byte && shift)
			continue;
		if (!length && byte & 0x80)
			bytes[length++] = 0;
		bytes[length++] = byte;
	}
	writer_bytes(writer, tag, bytes, length);
}

/* A searchRequest; filter is its encoded bytes, attributes
 * NULL-terminated (none: every attribute), time_limit in seconds. */
static int search_encode(uint32_t message_id, const char *base, uint32_t scope, uint32_t size_limit,
			 uint32_t time_limit, const uint8_t *filter, size_t filter_length, const char *const *attributes,
			 uint8_t *buffer, size_t size)
{
	struct ber_writer writer = { .buffer = buffer, .size = size };
	size_t message, search, list;

	if (message_id == 0 || message_id > 0x7fffffff)
		return -EINVAL;
	message = writer_open(&writer, TAG_SEQUENCE);
	writer_unsigned(&writer, TAG_INTEGER, message_id);
	search = writer_open(&writer, TAG_SEARCH_REQUEST);
	writer_text(&writer, TAG_OCTETS, base);
	writer_unsigned(&writer, TAG_ENUMERATED, scope);
	writer_unsigned(&writer, TAG_ENUMERATED, 0);		/* derefAliases never */
	writer_unsigned(&writer, TAG_INTEGER, size_limit);
	writer_unsigned(&writer, TAG_INTEGER, time_limit);
	writer_bytes(&writer, TAG_BOOLEAN, "", 1);		/* typesOnly FALSE */
	writer_put(&writer, filter, filter_length);
	list = writer_open(&writer, TAG_SEQUENCE);
	for (size_t i = 0; attributes[i]; i++)
		writer_text(&writer, TAG_OCTETS, attributes[i]);
	writer_close(&writer, list);
	writer_close(&writer, search);
	writer_close(&writer, message);
	return writer.full ? -ENOBUFS : (int)writer.used;
}

/* (objectClass=*) */
static const uint8_t filter_any_object[] = {
	TAG_FILTER_PRESENT, 11, 'o', 'b', 'j', 'e', 'c', 't', 'C', 'l', 'a', 's', 's',
};

int cldap_request_encode(uint32_t message_id, uint8_t *buffer, size_t size)
{
	static const char *const every_attribute[] = { NULL };

	/* no limits: what the scanners send, 39 bytes with a one-byte ID */
	return search_encode(message_id, "", 0, 0, 0, filter_any_object, sizeof(filter_any_object), every_attribute,
			     buffer, size);
}

/* Its time limit is the 2 s that cldap_sites.c waits in all. */
int cldap_configuration_request_encode(uint32_t message_id, uint8_t *buffer, size_t size)
{
	static const char *const attributes[] = { "configurationNamingContext", NULL };

	return search_encode(message_id, "", 0, 0, 2, filter_any_object, sizeof(filter_any_object), attributes,
			     buffer, size);
}

int cldap_subnets_request_encode(uint32_t message_id, const char *configuration_dn, uint32_t size_limit,
				 uint8_t *buffer, size_t size)
{
	/* equalityMatch [3] { "objectClass", "subnet" } */
	static const uint8_t subnet[] = {
		TAG_FILTER_EQUALITY, 21, TAG_OCTETS, 11, 'o', 'b', 'j', 'e', 'c', 't', 'C', 'l', 'a', 's', 's',
		TAG_OCTETS, 6, 's', 'u', 'b', 'n', 'e', 't',
	};
	static const char *const attributes[] = { "cn", "siteObject", NULL };
	char base[CLDAP_DN_MAX];
	int n = snprintf(base, sizeof(base), "CN=Subnets,CN=Sites,%s", configuration_dn);

	if (!configuration_dn[0] || n < 0 || (size_t)n >= sizeof(base))
		return -EINVAL;
	return search_encode(message_id, base, 1, size_limit, 2, subnet, sizeof(subnet), attributes, buffer, size);
}

void cldap_rdn_value(const char *dn, char *buffer, size_t size)
{
	const char *equals = strchr(dn, '=');
	size_t length = 0;

	if (size == 0)
		return;
	*buffer = '\0';
	if (!equals)
		return;
	equals++;
	while (equals[length] && equals[length] != ',') {
		if (equals[length] == '\\' && equals[length + 1])
			length++;
		length++;
	}
	snprintf(buffer, size, "%.*s", (int)length, equals);
}
