/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "model/cidr.h"

static unsigned int family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

static void clear_host_bits(struct cidr *cidr)
{
	unsigned int bits = family_bits(cidr->address.family);

	for (unsigned int bit = cidr->prefix_length; bit < bits; bit++)
		cidr->address.bytes[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
}

int ip_address_parse(const char *text, struct ip_address *ret_address)
{
	struct ip_address address = { 0 };

	if (inet_pton(AF_INET, text, address.bytes) == 1)
		address.family = AF_INET;
	else if (inet_pton(AF_INET6, text, address.bytes) == 1)
		address.family = AF_INET6;
	else
		return -EINVAL;
	*ret_address = address;
	return 0;
}

bool ip_address_is_ipv4_mapped(const struct ip_address *address)
{
	static const uint8_t mapped_prefix[12] = { [10] = 0xff, [11] = 0xff };

	return address->family == AF_INET6 && memcmp(address->bytes, mapped_prefix, sizeof(mapped_prefix)) == 0;
}

void cidr_unmap_ipv4(struct cidr *cidr)
{
	if (cidr->prefix_length < 96 || !ip_address_is_ipv4_mapped(&cidr->address))
		return;
	memmove(cidr->address.bytes, cidr->address.bytes + 12, 4);
	memset(cidr->address.bytes + 4, 0, 12);
	cidr->address.family = AF_INET;
	cidr->prefix_length -= 96;
}

int cidr_parse(const char *text, struct cidr *ret_cidr)
{
	char address_text[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	size_t address_length = slash ? (size_t)(slash - text) : strlen(text);
	struct cidr cidr = { 0 };

	if (address_length == 0 || address_length >= sizeof(address_text))
		return -EINVAL;
	memcpy(address_text, text, address_length);
	address_text[address_length] = '\0';
	if (ip_address_parse(address_text, &cidr.address) < 0)
		return -EINVAL;

	unsigned int bits = family_bits(cidr.address.family);
	if (slash) {
		const char *digits = slash + 1;
		unsigned long value = 0;
		size_t count = 0;

		/* Strictly decimal: no sign, no spaces, no "0x", at most 3 digits. */
		for (; isdigit((unsigned char)digits[count]); count++)
			value = value * 10 + (unsigned long)(digits[count] - '0');
		if (count == 0 || count > 3 || digits[count] != '\0' || value > bits)
			return -EINVAL;
		cidr.prefix_length = (unsigned int)value;
	} else {
		cidr.prefix_length = bits;
	}
	clear_host_bits(&cidr);
	cidr_unmap_ipv4(&cidr);
	*ret_cidr = cidr;
	return 0;
}

int cidr_list_add(struct cidr_list *list, const struct cidr *cidr)
{
	struct cidr *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = *cidr;
	return 0;
}

int cidr_list_add_all(struct cidr_list *list, const struct cidr_list *from)
{
	size_t needed = list->count + from->count;

	/* Room for all at once: fix copies sets of 10,000 prefixes. */
	if (from->count == 0)
		return 0;
	if (needed < list->count || needed > SIZE_MAX / sizeof(*list->items))
		return -ENOMEM;
	if (needed > list->capacity) {
		struct cidr *items = realloc(list->items, needed * sizeof(*items));

		if (!items)
			return -ENOMEM;
		list->items = items;
		list->capacity = needed;
	}
	memcpy(list->items + list->count, from->items, from->count * sizeof(*from->items));
	list->count = needed;
	return 0;
}

/* The last address of the prefix of length prefix_length at start. */
static void range_end(const uint8_t *start, unsigned int prefix_length, unsigned int bits, uint8_t *ret_end)
{
	memcpy(ret_end, start, 16);
	for (unsigned int bit = prefix_length; bit < bits; bit++)
		ret_end[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
}

static unsigned int trailing_zero_bits(const uint8_t *bytes, unsigned int bits)
{
	unsigned int count = 0;

	for (unsigned int bit = bits; bit-- > 0 && !(bytes[bit / 8] & (0x80u >> (bit % 8)));)
		count++;
	return count;
}

int cidr_list_add_range(struct cidr_list *list, const struct ip_address *first,
			const struct ip_address *last)
{
	unsigned int bits, length = family_bits(first->family) / 8;
	struct cidr cidr = { .address = *first };

	if (first->family != last->family || (first->family != AF_INET && first->family != AF_INET6) ||
	    memcmp(first->bytes, last->bytes, length) > 0)
		return -EINVAL;
	bits = length * 8;
	for (;;) {
		uint8_t end[16];
		int r;

		/* The largest aligned block at the start that stays within last. */
		cidr.prefix_length = bits - trailing_zero_bits(cidr.address.bytes, bits);
		for (;; cidr.prefix_length++) {
			range_end(cidr.address.bytes, cidr.prefix_length, bits, end);
			if (memcmp(end, last->bytes, length) <= 0)
				break;
		}
		r = cidr_list_add(list, &cidr);
		if (r < 0)
			return r;
		if (memcmp(end, last->bytes, length) == 0)
			return 0;
		/* Next start: end + 1, which cannot overflow as end < last. */
		for (unsigned int i = length; i-- > 0;)
			if (++end[i] != 0)
				break;
		memcpy(cidr.address.bytes, end, length);
	}
}

int cidr_list_parse(const char *text, struct cidr_list *list, const char **ret_bad_item)
{
	const char *cursor = text;

	for (;;) {
		char item[CIDR_TEXT_MAX + 1];
		struct cidr cidr;
		size_t length;
		int r;

		while (*cursor == ',' || isspace((unsigned char)*cursor))
			cursor++;
		if (*cursor == '\0')
			return 0;
		length = strcspn(cursor, ", \t\r\n\v\f");
		if (length >= sizeof(item)) {
			if (ret_bad_item)
				*ret_bad_item = cursor;
			return -EINVAL;
		}
		memcpy(item, cursor, length);
		item[length] = '\0';
		if (cidr_parse(item, &cidr) < 0) {
			if (ret_bad_item)
				*ret_bad_item = cursor;
			return -EINVAL;
		}
		r = cidr_list_add(list, &cidr);
		if (r < 0)
			return r;
		cursor += length;
	}
}

static int compare_cidr(const void *left, const void *right)
{
	const struct cidr *a = left, *b = right;
	int order;

	if (a->address.family != b->address.family)
		return a->address.family == AF_INET ? -1 : 1;
	order = memcmp(a->address.bytes, b->address.bytes, 16);
	if (order)
		return order;
	return (int)a->prefix_length - (int)b->prefix_length;
}

bool cidr_contains(const struct cidr *cidr, const struct ip_address *address)
{
	unsigned int full_bytes = cidr->prefix_length / 8;
	unsigned int rest = cidr->prefix_length % 8;

	if (cidr->address.family != address->family)
		return false;
	if (memcmp(cidr->address.bytes, address->bytes, full_bytes) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xffu << (8 - rest));
	return (cidr->address.bytes[full_bytes] & mask) == (address->bytes[full_bytes] & mask);
}

/* Two prefixes of one length that differ only in their last bit form
 * the prefix one bit shorter. */
static bool siblings(const struct cidr *a, const struct cidr *b)
{
	struct cidr parent;

	if (a->address.family != b->address.family || a->prefix_length != b->prefix_length ||
	    a->prefix_length == 0)
		return false;
	parent = *a;
	parent.prefix_length--;
	clear_host_bits(&parent);
	return cidr_contains(&parent, &b->address) && memcmp(a->address.bytes, b->address.bytes, 16) != 0;
}

/* How many items at the start are in order. */
static size_t cidr_list_sorted_head(const struct cidr_list *list)
{
	for (size_t i = 1; i < list->count; i++)
		if (compare_cidr(&list->items[i - 1], &list->items[i]) > 0)
			return i;
	return list->count;
}

/* Sorts the list whose first head items are in order: a list normalised
 * before with a few prefixes added (the config's and a consumer's) only
 * needs its tail sorted and merged in, not a sort of all of it. */
static void cidr_list_sort(struct cidr_list *list, size_t head)
{
	size_t tail = list->count - head, a = 0, b = head, out = 0;
	struct cidr *merged;

	if (head == list->count)
		return;
	qsort(list->items + head, tail, sizeof(*list->items), compare_cidr);
	if (head == 0 || compare_cidr(&list->items[head - 1], &list->items[head]) <= 0)
		return;
	merged = malloc(list->count * sizeof(*merged));
	if (!merged) {
		qsort(list->items, list->count, sizeof(*list->items), compare_cidr);
		return;
	}
	while (a < head && b < list->count)
		merged[out++] = compare_cidr(&list->items[b], &list->items[a]) < 0 ? list->items[b++] : list->items[a++];
	while (a < head)
		merged[out++] = list->items[a++];
	while (b < list->count)
		merged[out++] = list->items[b++];
	memcpy(list->items, merged, list->count * sizeof(*merged));
	free(merged);
}

/* An address as a 128-bit number, the first byte highest; an IPv4
 * address fills the top 32 bits, so prefix lengths count from the top
 * for both families. */
struct wide {
	uint64_t high, low;
};

static struct wide wide_from(const struct ip_address *address)
{
	uint64_t high, low;

	memcpy(&high, address->bytes, 8);
	memcpy(&low, address->bytes + 8, 8);
	return (struct wide){ be64toh(high), be64toh(low) };
}

/* The host bits of a prefix of length, all set. */
static struct wide host_mask(unsigned int length)
{
	struct wide mask = { UINT64_MAX, UINT64_MAX };

	if (length >= 128)
		return (struct wide){ 0, 0 };
	if (length >= 64)
		mask.high = 0, mask.low = UINT64_MAX >> (length - 64);
	else
		mask.high = UINT64_MAX >> length;
	return mask;
}

/* Whether b comes after a with room between them for normalize to keep
 * both as they are: a before b and not covering it, and not siblings of
 * one length that merge. The same verdict as normalize's pass, in
 * integer steps: the no-op path of every copy of a 10,000-prefix set
 * takes this instead of that pass. */
static bool apart_in_order(const struct cidr *a, const struct cidr *b)
{
	struct wide start_a, end_a, start_b, mask, differ;

	if (a->address.family != b->address.family)
		return a->address.family == AF_INET;
	if (a->prefix_length > 128 || b->prefix_length > 128)
		return false;
	start_a = wide_from(&a->address);
	start_b = wide_from(&b->address);
	mask = host_mask(a->prefix_length);
	end_a = (struct wide){ start_a.high | mask.high, start_a.low | mask.low };
	if (start_b.high < end_a.high || (start_b.high == end_a.high && start_b.low <= end_a.low))
		return false;
	if (a->prefix_length != b->prefix_length || a->prefix_length == 0)
		return true;
	/* Siblings differ in nothing above their last network bit. */
	mask = host_mask(a->prefix_length - 1);
	differ = (struct wide){ start_a.high ^ start_b.high, start_a.low ^ start_b.low };
	return (differ.high & ~mask.high) != 0 || (differ.low & ~mask.low) != 0;
}

static bool cidr_list_is_normal(const struct cidr_list *list)
{
	for (size_t i = 1; i < list->count; i++)
		if (!apart_in_order(&list->items[i - 1], &list->items[i]))
			return false;
	return true;
}

void cidr_list_normalize(struct cidr_list *list)
{
	size_t kept = 0;

	if (cidr_list_is_normal(list))
		return;

	/* A list normalised before (the plan's, a copy, a read-back) is
	 * sorted already: one pass instead of a sort on the no-op path. */
	if (list->count > 1)
		cidr_list_sort(list, cidr_list_sorted_head(list));
	/* Sorted by address then length, a covering prefix comes first, and
	 * whatever it covers follows it directly. The kept prefixes are
	 * disjoint and in order, so a merge can only make the new parent a
	 * sibling of the one kept before: one pass over a stack does it. */
	for (size_t i = 0; i < list->count; i++) {
		struct cidr *item = &list->items[i];

		if (kept > 0 && cidr_contains(&list->items[kept - 1], &item->address) &&
		    list->items[kept - 1].prefix_length <= item->prefix_length)
			continue;
		list->items[kept++] = *item;
		while (kept > 1 && siblings(&list->items[kept - 2], &list->items[kept - 1])) {
			list->items[kept - 2].prefix_length--;
			clear_host_bits(&list->items[kept - 2]);
			kept--;
		}
	}
	list->count = kept;
}

bool cidr_list_contains(const struct cidr_list *list, const struct ip_address *address)
{
	for (size_t i = 0; i < list->count; i++)
		if (cidr_contains(&list->items[i], address))
			return true;
	return false;
}

bool cidr_list_equal(const struct cidr_list *a, const struct cidr_list *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (compare_cidr(&a->items[i], &b->items[i]) != 0)
			return false;
	return true;
}

void cidr_list_free(struct cidr_list *list)
{
	free(list->items);
	*list = (struct cidr_list){ 0 };
}

bool cidr_is_everything(const struct cidr *cidr)
{
	return cidr->prefix_length == 0;
}

char *ip_address_format(const struct ip_address *address, char *buffer)
{
	if (!inet_ntop(address->family, address->bytes, buffer, CIDR_TEXT_MAX))
		strcpy(buffer, "?");
	return buffer;
}

char *cidr_format(const struct cidr *cidr, char *buffer)
{
	unsigned int length = cidr->prefix_length > 128 ? 128 : cidr->prefix_length;
	char *end;

	ip_address_format(&cidr->address, buffer);
	/* By hand: the text of every trusted prefix is formatted on each fix. */
	end = buffer + strlen(buffer);
	*end++ = '/';
	if (length >= 100)
		*end++ = (char)('0' + length / 100);
	if (length >= 10)
		*end++ = (char)('0' + length / 10 % 10);
	*end++ = (char)('0' + length % 10);
	*end = '\0';
	return buffer;
}

static bool in_prefix(const struct ip_address *address, const char *prefix_text)
{
	struct cidr prefix;

	return cidr_parse(prefix_text, &prefix) == 0 && cidr_contains(&prefix, address);
}

enum scope ip_address_scope(const struct ip_address *address)
{
	static const uint8_t zero[16];
	struct ip_address v4 = *address;

	if (memcmp(address->bytes, zero, address->family == AF_INET ? 4 : 16) == 0)
		return SCOPE_ANY;
	/* An IPv4-mapped IPv6 address is classified as the IPv4 address. */
	if (ip_address_is_ipv4_mapped(address)) {
		v4.family = AF_INET;
		memmove(v4.bytes, address->bytes + 12, 4);
		memset(v4.bytes + 4, 0, 12);
	}
	if (in_prefix(&v4, "127.0.0.0/8") || in_prefix(&v4, "::1/128"))
		return SCOPE_LOOPBACK;
	if (in_prefix(&v4, "224.0.0.0/4") || in_prefix(&v4, "ff00::/8"))
		return SCOPE_MULTICAST;
	if (in_prefix(&v4, "169.254.0.0/16") || in_prefix(&v4, "fe80::/10"))
		return SCOPE_LINK_LOCAL;
	if (in_prefix(&v4, "10.0.0.0/8") || in_prefix(&v4, "172.16.0.0/12") ||
	    in_prefix(&v4, "192.168.0.0/16") || in_prefix(&v4, "100.64.0.0/10") ||
	    in_prefix(&v4, "fc00::/7"))
		return SCOPE_PRIVATE;
	return SCOPE_PUBLIC;
}

const char *scope_name(enum scope scope)
{
	static const char *const names[] = {
		[SCOPE_ANY] = "any",
		[SCOPE_PUBLIC] = "public",
		[SCOPE_PRIVATE] = "private",
		[SCOPE_LOOPBACK] = "loopback",
		[SCOPE_LINK_LOCAL] = "link-local",
		[SCOPE_MULTICAST] = "multicast",
	};
	return (unsigned int)scope < sizeof(names) / sizeof(names[0]) ? names[scope] : "?";
}

int cidr_mask_length(const struct ip_address *mask)
{
	size_t size = mask->family == AF_INET ? 4 : 16;
	int length = 0;
	bool ended = false;

	for (size_t i = 0; i < size; i++)
		for (int bit = 7; bit >= 0; bit--) {
			bool set = mask->bytes[i] & (1u << bit);

			if (set && ended)
				return -EINVAL;
			length += set;
			ended |= !set;
		}
	return length;
}
