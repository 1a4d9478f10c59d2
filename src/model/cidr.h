/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Addresses and prefixes: parsing, classification, normalisation. Pure. */
#ifndef PORTGUARD_CIDR_H
#define PORTGUARD_CIDR_H

#include <stdbool.h>
#include <stddef.h>
#include "model/model.h"

/* Longest text cidr_format writes, with the terminating NUL. */
#define CIDR_TEXT_MAX 50	/* INET6_ADDRSTRLEN + "/128" */

/* "10.0.0.0/24", "2001:db8::/32", or a bare address (a host prefix).
 * Host bits that are set are cleared, and an IPv4-mapped network is
 * returned as the IPv4 network (cidr_unmap_ipv4). Returns 0 or -EINVAL. */
int cidr_parse(const char *text, struct cidr *ret_cidr);

/* Parses a list separated by commas and/or white space, appending each
 * item; on error *ret_bad_item points into text at the offending item. */
int cidr_list_parse(const char *text, struct cidr_list *list, const char **ret_bad_item);

/* ::ffff:10.0.0.0/120 becomes 10.0.0.0/24. IPv4 packets never match an
 * IPv6 prefix, so every network that enters portguard (parsed text,
 * resolved names) goes through here, or a trusted IPv4 client named
 * that way is locked out. Prefixes shorter than /96 stay IPv6. */
void cidr_unmap_ipv4(struct cidr *cidr);
bool ip_address_is_ipv4_mapped(const struct ip_address *address);

int cidr_list_add(struct cidr_list *list, const struct cidr *cidr);
/* Appends every prefix of from, as they are. Returns 0 or -ENOMEM. */
int cidr_list_add_all(struct cidr_list *list, const struct cidr_list *from);
/* Appends the fewest prefixes that cover exactly first..last: both of
 * one family, first <= last. Returns 0, -EINVAL or -ENOMEM. */
int cidr_list_add_range(struct cidr_list *list, const struct ip_address *first,
			const struct ip_address *last);
/* Sorts, drops prefixes covered by others, merges adjacent siblings. */
void cidr_list_normalize(struct cidr_list *list);
bool cidr_list_contains(const struct cidr_list *list, const struct ip_address *address);
bool cidr_list_equal(const struct cidr_list *a, const struct cidr_list *b);
void cidr_list_free(struct cidr_list *list);

bool cidr_contains(const struct cidr *cidr, const struct ip_address *address);
/* 0.0.0.0/0 or ::/0: trusting it restricts nothing. */
bool cidr_is_everything(const struct cidr *cidr);

/* buffer must hold CIDR_TEXT_MAX bytes; returns buffer. */
char *cidr_format(const struct cidr *cidr, char *buffer);
/* buffer must hold CIDR_TEXT_MAX bytes; returns buffer. */
char *ip_address_format(const struct ip_address *address, char *buffer);
int ip_address_parse(const char *text, struct ip_address *ret_address);
/* A netmask written as an address (255.255.255.0) as its prefix length;
 * -EINVAL unless its bits are contiguous. */
int cidr_mask_length(const struct ip_address *mask);
enum scope ip_address_scope(const struct ip_address *address);
const char *scope_name(enum scope scope);

#endif
