/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads table inet portguard through netlink dumps and checks that it
 * holds exactly what portguard installs for the parts it holds: their
 * sets, the two base chains at their priorities, the same rules in each.
 * Which parts it holds, of the shapes the caller names, its sets say;
 * the rules must then be those of exactly these parts. A table of an
 * earlier portguard (loopback accepted whatever its source, input first
 * rather than last) is not this one: check calls the host exposed and
 * fix replaces it. Set elements are parsed with libmnl directly:
 * a table with 100,000 prefixes holds 200,000 of them, and one libnftnl
 * object each would cost more than the rest of the read. */
#include "config.h"

#include <errno.h>
#include <libnftnl/common.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/cleanup.h"
#include "base/grow.h"
#include "model/cidr.h"
#include "nft/nft_objects.h"
#include "nft/nft_read.h"

#define SIGNATURE_MAX 1024

struct element_list {
	struct nft_element *items;
	size_t count;
	size_t capacity;
	uint32_t key_length;
	int error;
};

struct read_context {
	const struct nft_shape *const *shapes;	/* what the table may hold */
	size_t shape_count;
	const struct nft_shape *present[NFT_RULESETS_MAX];	/* what it holds, in order */
	size_t present_count;
	bool foreign;		/* holds something portguard does not install */
	bool table_found;
	bool set_seen[NFT_RULESETS_MAX][NFT_SET_ROLES];
	bool chain_seen[NFT_CHAIN_COUNT];
	size_t rule_count[NFT_CHAIN_COUNT];
	size_t expected_count;	/* rules per chain */
	char (*expected_rules)[NFT_CHAIN_COUNT][SIGNATURE_MAX];
	int error;
};

static int on_table(const struct nlmsghdr *message, void *data)
{
	struct read_context *context = data;
	struct nftnl_table *table = nftnl_table_alloc();

	if (!table || nftnl_table_nlmsg_parse(message, table) < 0) {
		context->error = -ENOMEM;
		if (table)
			nftnl_table_free(table);
		return MNL_CB_ERROR;
	}
	context->table_found = true;
	/* A dormant table filters nothing. */
	if (nftnl_table_get_u32(table, NFTNL_TABLE_FLAGS) & NFT_TABLE_F_DORMANT)
		context->foreign = true;
	nftnl_table_free(table);
	return MNL_CB_OK;
}

static int on_set(const struct nlmsghdr *message, void *data)
{
	struct read_context *context = data;
	struct nftnl_set *set = nftnl_set_alloc();
	const char *name;
	int index = -1, shape = -1;

	if (!set || nftnl_set_nlmsg_parse(message, set) < 0) {
		context->error = -ENOMEM;
		if (set)
			nftnl_set_free(set);
		return MNL_CB_ERROR;
	}
	name = nftnl_set_get_str(set, NFTNL_SET_NAME);
	for (size_t i = 0; i < context->shape_count && name; i++)
		for (int role = 0; role < NFT_SET_ROLES; role++) {
			char wanted[NFT_SET_NAME_MAX];

			nft_set_name(context->shapes[i], (enum nft_set_role)role, wanted);
			if (strcmp(name, wanted) == 0)
				shape = (int)i, index = role;
		}
	if (index < 0 || context->set_seen[shape][index] ||
	    nftnl_set_get_u32(set, NFTNL_SET_FLAGS) != nft_set_roles[index].flags ||
	    nftnl_set_get_u32(set, NFTNL_SET_KEY_TYPE) != nft_set_roles[index].key_type ||
	    nftnl_set_get_u32(set, NFTNL_SET_KEY_LEN) != nft_set_roles[index].key_length ||
	    nftnl_set_is_set(set, NFTNL_SET_DATA_TYPE))
		context->foreign = true;
	else
		context->set_seen[shape][index] = true;
	nftnl_set_free(set);
	return MNL_CB_OK;
}

/* The chain's index in nft_chain_shapes, or -1. */
static int chain_index(const char *name)
{
	for (int i = 0; i < NFT_CHAIN_COUNT && name; i++)
		if (strcmp(name, nft_chain_shapes[i].name) == 0)
			return i;
	return -1;
}

static int on_chain(const struct nlmsghdr *message, void *data)
{
	struct read_context *context = data;
	struct nftnl_chain *chain = nftnl_chain_alloc();
	const char *table, *type;
	int index;

	if (!chain || nftnl_chain_nlmsg_parse(message, chain) < 0) {
		context->error = -ENOMEM;
		if (chain)
			nftnl_chain_free(chain);
		return MNL_CB_ERROR;
	}
	table = nftnl_chain_get_str(chain, NFTNL_CHAIN_TABLE);
	if (table && strcmp(table, NFT_TABLE) == 0) {
		index = chain_index(nftnl_chain_get_str(chain, NFTNL_CHAIN_NAME));
		type = nftnl_chain_get_str(chain, NFTNL_CHAIN_TYPE);
		if (index < 0 || context->chain_seen[index] || !type || strcmp(type, "filter") != 0 ||
		    !nftnl_chain_is_set(chain, NFTNL_CHAIN_HOOKNUM) ||
		    nftnl_chain_get_u32(chain, NFTNL_CHAIN_HOOKNUM) != nft_chain_shapes[index].hook ||
		    nftnl_chain_get_s32(chain, NFTNL_CHAIN_PRIO) != nft_chain_shapes[index].priority ||
		    nftnl_chain_get_u32(chain, NFTNL_CHAIN_POLICY) != NF_ACCEPT ||
		    nftnl_chain_is_set(chain, NFTNL_CHAIN_DEV))
			context->foreign = true;
		else
			context->chain_seen[index] = true;
	}
	nftnl_chain_free(chain);
	return MNL_CB_OK;
}

static int on_rule(const struct nlmsghdr *message, void *data)
{
	struct read_context *context = data;
	struct nftnl_rule *rule = nftnl_rule_alloc();
	char signature[SIGNATURE_MAX];
	size_t *count;
	int index;

	if (!rule || nftnl_rule_nlmsg_parse(message, rule) < 0) {
		context->error = -ENOMEM;
		if (rule)
			nftnl_rule_free(rule);
		return MNL_CB_ERROR;
	}
	index = chain_index(nftnl_rule_get_str(rule, NFTNL_RULE_CHAIN));
	/* Rules come in their order in the chain. */
	if (index < 0 || *(count = &context->rule_count[index]) >= context->expected_count ||
	    nft_objects_rule_signature(rule, signature, sizeof(signature)) < 0 ||
	    strcmp(signature, context->expected_rules[*count][index]) != 0)
		context->foreign = true;
	else
		(*count)++;
	nftnl_rule_free(rule);
	return MNL_CB_OK;
}

static int element_list_append(struct element_list *list, const struct nft_element *element)
{
	struct nft_element *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = *element;
	return 0;
}

/* One element: its key (of the set's length) and its flags. */
static int parse_element(const struct nlattr *nest, struct element_list *list)
{
	struct nft_element element = { .key_length = list->key_length };
	const struct nlattr *attribute, *inner;
	bool has_key = false;

	mnl_attr_for_each_nested(attribute, nest) {
		switch (mnl_attr_get_type(attribute)) {
		case NFTA_SET_ELEM_KEY:
			mnl_attr_for_each_nested(inner, attribute) {
				if (mnl_attr_get_type(inner) != NFTA_DATA_VALUE ||
				    mnl_attr_get_payload_len(inner) != list->key_length)
					return -EBADMSG;
				memcpy(element.key, mnl_attr_get_payload(inner), list->key_length);
				has_key = true;
			}
			break;
		case NFTA_SET_ELEM_FLAGS:
			if (mnl_attr_validate(attribute, MNL_TYPE_U32) < 0)
				return -EBADMSG;
			element.interval_end = ntohl(mnl_attr_get_u32(attribute)) & NFT_SET_ELEM_INTERVAL_END;
			break;
		default:
			break;
		}
	}
	if (!has_key)
		return -EBADMSG;
	return element_list_append(list, &element);
}

static int on_elements(const struct nlmsghdr *message, void *data)
{
	struct element_list *list = data;
	const struct nlattr *attribute, *element;

	mnl_attr_for_each(attribute, message, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(attribute) != NFTA_SET_ELEM_LIST_ELEMENTS)
			continue;
		mnl_attr_for_each_nested(element, attribute) {
			list->error = parse_element(element, list);
			if (list->error < 0)
				return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;
}

static int compare_elements(const void *left, const void *right)
{
	const struct nft_element *a = left, *b = right;
	int order = memcmp(a->key, b->key, a->key_length);

	if (order)
		return order;
	/* An interval's end sorts before the next one's start at the same key. */
	return (int)b->interval_end - (int)a->interval_end;
}

/* Ranges from the elements: a start runs to the next end element, or to
 * the last address. An end with no start before it (nft's leading
 * element at 0) only says that the set does not start there. */
static int elements_to_prefixes(struct element_list *list, int family, struct cidr_list *prefixes)
{
	struct ip_address first = { .family = family }, last = { .family = family };
	bool open = false;
	int r;

	for (size_t i = 0; i < list->count; i++) {
		const struct nft_element *element = &list->items[i];

		if (!element->interval_end) {
			if (open)
				return -EUCLEAN;	/* two starts in a row: not nft's layout */
			memcpy(first.bytes, element->key, list->key_length);
			open = true;
			continue;
		}
		if (!open)
			continue;
		memcpy(last.bytes, element->key, list->key_length);
		/* The end element is the address after the range. */
		for (unsigned int b = list->key_length; b-- > 0;)
			if (last.bytes[b]-- != 0)
				break;
		r = cidr_list_add_range(prefixes, &first, &last);
		if (r < 0)
			return r == -EINVAL ? -EUCLEAN : r;
		open = false;
	}
	if (open) {
		memset(last.bytes, 0xff, list->key_length);
		r = cidr_list_add_range(prefixes, &first, &last);
		if (r < 0)
			return r == -EINVAL ? -EUCLEAN : r;
	}
	return 0;
}

/* Dumps a set's elements in ascending order. The kernel walks its tree
 * from the highest key down: reversing is enough unless it stops doing so. */
static int dump_elements(struct nft_session *session, const struct nft_shape *shape, enum nft_set_role index,
			 struct element_list *list)
{
	char buffer[REQUEST_BUFFER_SIZE], name[NFT_SET_NAME_MAX];
	struct nlmsghdr *request = nft_session_request_header(session, buffer, NFT_MSG_GETSETELEM,
							      NFT_FAMILY, NLM_F_DUMP);
	bool descending = true;
	int r;

	*list = (struct element_list){ .key_length = nft_set_roles[index].key_length };
	nft_set_name(shape, index, name);
	mnl_attr_put_strz(request, NFTA_SET_ELEM_LIST_TABLE, NFT_TABLE);
	mnl_attr_put_strz(request, NFTA_SET_ELEM_LIST_SET, name);
	r = nft_session_talk(session, request, on_elements, list);
	if (r < 0 && list->error < 0)
		r = list->error == -EBADMSG ? -EUCLEAN : list->error;
	if (r < 0)
		return r;
	for (size_t i = 1; i < list->count && descending; i++)
		descending = compare_elements(&list->items[i - 1], &list->items[i]) > 0;
	if (descending) {
		for (size_t i = 0, j = list->count; i + 1 < j--; i++) {
			struct nft_element swap = list->items[i];

			list->items[i] = list->items[j];
			list->items[j] = swap;
		}
	} else {
		qsort(list->items, list->count, sizeof(*list->items), compare_elements);
	}
	return 0;
}

static void element_list_done(struct element_list *list)
{
	free(list->items);
}

static int read_elements(struct nft_session *session, enum nft_set_role index, struct nft_ruleset *ruleset)
{
	_cleanup_(element_list_done) struct element_list list = { 0 };
	int r = dump_elements(session, &ruleset->shape, index, &list);

	if (r < 0)
		return r;
	if (index != NFT_SET_PORTS)
		return elements_to_prefixes(&list, nft_set_roles[index].family, &ruleset->trusted);
	for (size_t i = 0; i < list.count && r == 0; i++) {
		uint16_t port;

		memcpy(&port, list.items[i].key, sizeof(port));
		r = list.items[i].interval_end ? -EUCLEAN : nft_ruleset_add_port(ruleset, ntohs(port));
	}
	return r;
}

/* Whether a set holds exactly the elements that nft (and apply) would
 * send for the wanted ruleset: cheaper than turning them into prefixes. */
static int elements_match(struct nft_session *session, enum nft_set_role index,
			  const struct nft_ruleset *wanted, bool *ret_equal)
{
	const struct cidr *prefixes = wanted->trusted.items;
	struct nft_element_walk walk;
	struct nft_element element;
	_cleanup_(element_list_done) struct element_list list = { 0 };
	size_t count = 0, matched = 0;
	int r = dump_elements(session, &wanted->shape, index, &list);

	if (r < 0)
		return r;
	if (index == NFT_SET_PORTS) {
		*ret_equal = list.count == wanted->port_count;
		for (size_t i = 0; i < list.count && *ret_equal; i++) {
			uint16_t port = htons(wanted->ports[i]);

			*ret_equal = !list.items[i].interval_end && memcmp(list.items[i].key, &port, sizeof(port)) == 0;
		}
		return 0;
	}
	/* Normalised lists hold IPv4 first, then IPv6. */
	for (size_t i = 0; i < wanted->trusted.count; i++) {
		if (wanted->trusted.items[i].address.family != nft_set_roles[index].family)
			continue;
		if (count++ == 0)
			prefixes = &wanted->trusted.items[i];
	}
	nft_element_walk_init(&walk, prefixes, count);
	*ret_equal = true;
	while (*ret_equal && nft_element_walk_next(&walk, &element)) {
		const struct nft_element *found = matched < list.count ? &list.items[matched++] : NULL;

		*ret_equal = found && found->interval_end == element.interval_end &&
			     memcmp(found->key, element.key, element.key_length) == 0;
	}
	*ret_equal = *ret_equal && matched == list.count;
	return 0;
}

static int compare_shapes(const void *left, const void *right)
{
	return strcmp((*(const struct nft_shape *const *)left)->set_prefix,
		      (*(const struct nft_shape *const *)right)->set_prefix);
}

/* The parts whose sets are there, in the table's order; a part with
 * only some of its sets is not one portguard wrote, nor is a table of
 * none. */
static void find_parts(struct read_context *context)
{
	for (size_t i = 0; i < context->shape_count; i++) {
		size_t seen = 0;

		for (int role = 0; role < NFT_SET_ROLES; role++)
			seen += context->set_seen[i][role];
		if (seen == NFT_SET_ROLES)
			context->present[context->present_count++] = context->shapes[i];
		else if (seen > 0)
			context->foreign = true;
	}
	if (context->present_count == 0)
		context->foreign = true;
	qsort(context->present, context->present_count, sizeof(*context->present), compare_shapes);
}

static int expect_rules(struct read_context *context);

static int read_objects(struct nft_session *session, struct read_context *context)
{
	char buffer[REQUEST_BUFFER_SIZE];
	struct nlmsghdr *request;
	int r;

	request = nft_session_request_header(session, buffer, NFT_MSG_GETTABLE, NFT_FAMILY, 0);
	mnl_attr_put_strz(request, NFTA_TABLE_NAME, NFT_TABLE);
	r = nft_session_talk(session, request, on_table, context);
	if (r < 0 || context->foreign)
		return r;

	request = nft_session_request_header(session, buffer, NFT_MSG_GETSET, NFT_FAMILY, NLM_F_DUMP);
	mnl_attr_put_strz(request, NFTA_SET_TABLE, NFT_TABLE);
	r = nft_session_talk(session, request, on_set, context);
	if (r < 0 || context->foreign)
		return r;
	find_parts(context);
	if (context->foreign)
		return 0;
	r = expect_rules(context);
	if (r < 0)
		return r;

	/* Chains are dumped per family and sorted out here. */
	request = nft_session_request_header(session, buffer, NFT_MSG_GETCHAIN, NFT_FAMILY, NLM_F_DUMP);
	r = nft_session_talk(session, request, on_chain, context);
	if (r < 0 || context->foreign)
		return r;

	request = nft_session_request_header(session, buffer, NFT_MSG_GETRULE, NFT_FAMILY, NLM_F_DUMP);
	mnl_attr_put_strz(request, NFTA_RULE_TABLE, NFT_TABLE);
	return nft_session_talk(session, request, on_rule, context);
}

static int expect_rules(struct read_context *context)
{
	struct nft_rule_shape *rules = calloc(NFT_CHAIN_RULES_MAX, sizeof(*rules));
	int r = 0;

	if (!rules)
		return -ENOMEM;
	context->expected_count = nft_chain_rules(context->present, context->present_count, rules);
	context->expected_rules = calloc(context->expected_count ? context->expected_count : 1,
					 sizeof(*context->expected_rules));
	if (context->expected_count == 0 || !context->expected_rules)
		r = -ENOMEM;
	for (int c = 0; c < NFT_CHAIN_COUNT && r == 0; c++) {
		for (size_t i = 0; i < context->expected_count && r == 0; i++) {
			struct nftnl_rule *rule = nft_objects_rule((enum nft_chain_index)c, &rules[i]);

			if (!rule) {
				r = -ENOMEM;
				break;
			}
			r = nft_objects_rule_signature(rule, context->expected_rules[i][c], SIGNATURE_MAX);
			nftnl_rule_free(rule);
		}
	}
	free(rules);
	return r;
}

bool nft_shapes_valid(const struct nft_shape *shapes, size_t count)
{
	if (count == 0 || count > NFT_RULESETS_MAX)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (!nft_set_prefix_valid(shapes[i].set_prefix))
			return false;
		for (size_t k = 0; k < i; k++)
			if (strcmp(shapes[i].set_prefix, shapes[k].set_prefix) == 0)
				return false;
	}
	return true;
}

/* Reads and checks everything but the elements: 0, -ENOENT, -EUCLEAN;
 * the parts there into present (NFT_RULESETS_MAX), in order. */
static int read_shape(struct nft_session *session, const struct nft_shape *const *shapes, size_t count,
		      const struct nft_shape **present, size_t *ret_present_count)
{
	struct read_context *context = calloc(1, sizeof(*context));
	int r = 0;

	if (!context)
		return -ENOMEM;
	context->shapes = shapes;
	context->shape_count = count;
	if (count == 0 || count > NFT_RULESETS_MAX)
		r = -EINVAL;
	if (r == 0)
		r = read_objects(session, context);
	if (r < 0 && context->error < 0)
		r = context->error;
	if (r == 0 && context->foreign)
		r = -EUCLEAN;
	/* A missing prerouting chain leaves the path through destination NAT open. */
	for (int i = 0; i < NFT_CHAIN_COUNT && r == 0; i++)
		if (!context->chain_seen[i] || context->rule_count[i] != context->expected_count)
			r = -EUCLEAN;
	if (r == 0) {
		memcpy(present, context->present, context->present_count * sizeof(*present));
		*ret_present_count = context->present_count;
	}
	free(context->expected_rules);
	free(context);
	return r;
}

int nft_read_table(struct nft_session *session, const struct nft_shape *shapes, size_t shape_count,
		   struct nft_table *ret_table)
{
	const struct nft_shape *candidates[NFT_RULESETS_MAX], *present[NFT_RULESETS_MAX];
	_cleanup_(nft_table_free) struct nft_table table = { 0 };
	size_t present_count = 0;
	int r;

	if (!nft_shapes_valid(shapes, shape_count))
		return -EINVAL;
	for (size_t i = 0; i < shape_count; i++)
		candidates[i] = &shapes[i];
	r = read_shape(session, candidates, shape_count, present, &present_count);
	if (r < 0)
		return r;
	table.rulesets = calloc(present_count, sizeof(*table.rulesets));
	if (!table.rulesets)
		return -ENOMEM;
	for (; table.count < present_count; table.count++) {
		struct nft_ruleset *part = &table.rulesets[table.count];

		part->shape = *present[table.count];
		for (int i = 0; i < NFT_SET_ROLES && r == 0; i++)
			r = read_elements(session, (enum nft_set_role)i, part);
		if (r < 0)
			return r;
	}
	r = nft_table_normalize(&table);
	if (r < 0)
		return r;
	*ret_table = TAKE_STRUCT(table);
	return 0;
}

int nft_read_matches(struct nft_session *session, const struct nft_table *wanted, bool *ret_equal)
{
	const struct nft_shape *shapes[NFT_RULESETS_MAX], *present[NFT_RULESETS_MAX];
	size_t count = nft_table_shapes(wanted, shapes), present_count = 0;
	bool equal = true;
	int r = read_shape(session, shapes, count, present, &present_count);

	/* Every part wanted must be there; wanted is in the table's order. */
	if (r == 0 && present_count != count)
		equal = false;
	for (size_t p = 0; p < count && r == 0 && equal; p++)
		for (int i = 0; i < NFT_SET_ROLES && r == 0 && equal; i++)
			r = elements_match(session, (enum nft_set_role)i, &wanted->rulesets[p], &equal);
	/* Anything portguard would not install is just not equal. */
	if (r == -EUCLEAN) {
		equal = false;
		r = 0;
	}
	if (r == 0)
		*ret_equal = equal;
	return r;
}
