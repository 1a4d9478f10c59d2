/* SPDX-License-Identifier: GPL-2.0-or-later */
/* table inet portguard through one atomic nf_tables batch: the objects
 * come from nft_objects, the socket from nft_session, the read-back from
 * nft_read. */
#include "config.h"

#include <errno.h>
#include <libnftnl/common.h>
#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/cleanup.h"
#include "model/cidr.h"
#include "nft/nft.h"
#include "nft/nft_objects.h"
#include "nft/nft_read.h"
#include "nft/nft_session.h"
#include "nft/nft_verified.h"

/* Fits a 64 KiB message even for IPv6 keys with flags and user data. */
#define ELEMENTS_PER_MESSAGE 1024
/* How often a read-then-write is retried when another process changed
 * the ruleset in between (the kernel refuses the batch with -ERESTART). */
#define GENERATION_RETRIES 3

const char *nft_unavailable_reason(int error)
{
	return nft_session_unavailable_reason(error);
}

/* nfnetlink answers for a subsystem it does not have with EINVAL or
 * EOPNOTSUPP; without nfnetlink the socket cannot be opened at all. */
static int unavailable(int error)
{
	if (error == -EINVAL || error == -EOPNOTSUPP || error == -ENOENT)
		return -EPROTONOSUPPORT;
	return error;
}

static int open_session(struct nft_session *session, uint32_t *ret_generation, struct error_record *ret_error)
{
	int r = nft_session_open(session);

	if (r == 0) {
		r = nft_session_generation(session, ret_generation);
		if (r < 0)
			nft_session_close(session);
	}
	if (r < 0) {
		r = unavailable(r);
		error_record_set(ret_error, NULL, 0, "%s", nft_unavailable_reason(r));
	}
	return r;
}

int nft_available(struct error_record *ret_error)
{
	struct nft_session session;
	uint32_t generation;
	int r = open_session(&session, &generation, ret_error);

	if (r == 0)
		nft_session_close(&session);
	return r;
}

int nft_generation(uint32_t *ret_generation)
{
	struct nft_session session;
	int r = open_session(&session, ret_generation, NULL);

	if (r == 0)
		nft_session_close(&session);
	return r;
}

struct batch_builder {
	struct nft_batch batch;
	int error;
};

/* Puts one object's message into the batch; what names it for errors. */
static void add_message(struct batch_builder *builder, uint16_t type, uint16_t flags,
			void (*build_payload)(struct nlmsghdr *, void *), void *object,
			const char *what)
{
	struct nlmsghdr *message;
	uint32_t sequence;

	if (builder->error < 0)
		return;
	message = nft_batch_reserve(&builder->batch, &sequence);
	if (!message) {
		builder->error = -ENOMEM;
		return;
	}
	message = nftnl_nlmsg_build_hdr((char *)message, type, NFT_FAMILY, flags | NLM_F_ACK, sequence);
	if (build_payload)
		build_payload(message, object);
	builder->error = nft_batch_commit(&builder->batch, message, what);
}

static void table_payload(struct nlmsghdr *message, void *table)
{
	nftnl_table_nlmsg_build_payload(message, table);
}

static void set_payload(struct nlmsghdr *message, void *set)
{
	nftnl_set_nlmsg_build_payload(message, set);
}

static void chain_payload(struct nlmsghdr *message, void *chain)
{
	nftnl_chain_nlmsg_build_payload(message, chain);
}

static void rule_payload(struct nlmsghdr *message, void *rule)
{
	nftnl_rule_nlmsg_build_payload(message, rule);
}

/* The elements of one set in messages of at most ELEMENTS_PER_MESSAGE,
 * encoded through one reused libnftnl element. */
struct element_source {
	struct nftnl_set *set;
	struct nft_element_walk walk;	/* trusted sets */
	const uint16_t *ports;		/* or the ports set */
	size_t port_count, next_port;
	struct nftnl_set_elem *element;
	struct nftnl_udata_buf *open_flag;
	size_t in_message;
};

static bool next_element(struct element_source *source, struct nft_element *ret_element)
{
	if (source->ports) {
		uint16_t port;

		if (source->next_port >= source->port_count)
			return false;
		port = htons(source->ports[source->next_port++]);
		*ret_element = (struct nft_element){ .key_length = sizeof(port) };
		memcpy(ret_element->key, &port, sizeof(port));
		return true;
	}
	return nft_element_walk_next(&source->walk, ret_element);
}

static void elements_payload(struct nlmsghdr *message, void *data)
{
	struct element_source *source = data;
	struct nftnl_set_elem *encoder = source->element;
	struct nft_element element;
	struct nlattr *list;
	int index = 0;

	nftnl_set_elems_nlmsg_build_payload(message, source->set);	/* table, set, set id */
	list = mnl_attr_nest_start(message, NFTA_SET_ELEM_LIST_ELEMENTS);
	while (source->in_message < ELEMENTS_PER_MESSAGE && next_element(source, &element)) {
		struct nlattr *nest = mnl_attr_nest_start(message, (uint16_t)++index);

		nftnl_set_elem_set(encoder, NFTNL_SET_ELEM_KEY, element.key, element.key_length);
		if (element.interval_end)
			nftnl_set_elem_set_u32(encoder, NFTNL_SET_ELEM_FLAGS, NFT_SET_ELEM_INTERVAL_END);
		else
			nftnl_set_elem_unset(encoder, NFTNL_SET_ELEM_FLAGS);
		/* nft marks a range that runs to the last address this way. */
		if (element.open)
			nftnl_set_elem_set(encoder, NFTNL_SET_ELEM_USERDATA, nftnl_udata_buf_data(source->open_flag),
					   nftnl_udata_buf_len(source->open_flag));
		else
			nftnl_set_elem_unset(encoder, NFTNL_SET_ELEM_USERDATA);
		nftnl_set_elem_nlmsg_build_payload(message, encoder);
		mnl_attr_nest_end(message, nest);
		source->in_message++;
	}
	mnl_attr_nest_end(message, list);
}

static void add_elements(struct batch_builder *builder, struct nftnl_set *set, enum nft_set_role role,
			 const struct nft_ruleset *ruleset, size_t first_prefix, size_t prefix_count)
{
	_cleanup_(nftnl_set_elem_freep) struct nftnl_set_elem *element = nftnl_set_elem_alloc();
	_cleanup_(nftnl_udata_buf_freep) struct nftnl_udata_buf *open_flag = nftnl_udata_buf_alloc(16);
	struct element_source source = {
		.set = set,
		.ports = role == NFT_SET_PORTS ? ruleset->ports : NULL,
		.port_count = ruleset->port_count,
		.element = element,
		.open_flag = open_flag,
	};
	struct nft_element peek;
	char name[NFT_SET_NAME_MAX];
	size_t total = 0;

	if (!element || !open_flag ||
	    !nftnl_udata_put_u32(open_flag, NFTNL_UDATA_SET_ELEM_FLAGS, NFTNL_SET_ELEM_F_INTERVAL_OPEN)) {
		builder->error = -ENOMEM;
		return;
	}
	nft_set_name(&ruleset->shape, role, name);
	nft_element_walk_init(&source.walk, ruleset->trusted.items + first_prefix, prefix_count);
	for (;;) {
		struct element_source probe = source;
		char what[96];

		/* Stop before a message that would hold no element. */
		if (!next_element(&probe, &peek))
			break;
		snprintf(what, sizeof(what), "add elements %zu and on to set %s", total + 1, name);
		source.in_message = 0;
		add_message(builder, NFT_MSG_NEWSETELEM, NLM_F_CREATE, elements_payload, &source, what);
		total += source.in_message;
		if (builder->error < 0)
			break;
	}
}

static void add_set(struct batch_builder *builder, const struct nft_ruleset *ruleset, enum nft_set_role role,
		    uint32_t set_id)
{
	struct nftnl_set *set = nft_objects_set(&ruleset->shape, role, set_id);
	char name[NFT_SET_NAME_MAX], what[64];
	size_t first = 0, count = 0;

	if (!set) {
		builder->error = -ENOMEM;
		return;
	}
	nft_set_name(&ruleset->shape, role, name);
	snprintf(what, sizeof(what), "add set %s", name);
	add_message(builder, NFT_MSG_NEWSET, NLM_F_CREATE, set_payload, set, what);
	/* Normalised lists hold IPv4 first, then IPv6. */
	for (size_t i = 0; i < ruleset->trusted.count; i++) {
		if (ruleset->trusted.items[i].address.family != nft_set_roles[role].family)
			continue;
		if (count++ == 0)
			first = i;
	}
	add_elements(builder, set, role, ruleset, first, count);
	nftnl_set_free(set);
}

static void add_chain(struct batch_builder *builder, enum nft_chain_index index)
{
	struct nftnl_chain *chain = nft_objects_chain(index);
	char what[64];

	if (!chain) {
		builder->error = -ENOMEM;
		return;
	}
	snprintf(what, sizeof(what), "add chain %s", nft_chain_shapes[index].name);
	add_message(builder, NFT_MSG_NEWCHAIN, NLM_F_CREATE, chain_payload, chain, what);
	nftnl_chain_free(chain);
}

static void add_rules(struct batch_builder *builder, enum nft_chain_index index, const struct nft_rule_shape *rules,
		      size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct nftnl_rule *rule = nft_objects_rule(index, &rules[i]);
		char text[256], what[300];

		if (!rule) {
			builder->error = -ENOMEM;
			return;
		}
		if (nft_rule_text(index, &rules[i], text, sizeof(text)) < 0)
			snprintf(text, sizeof(text), "rule %zu", i + 1);
		snprintf(what, sizeof(what), "add rule '%s'", text);
		add_message(builder, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, rule_payload, rule, what);
		nftnl_rule_free(rule);
	}
}

static int send_table(struct nft_session *session, uint32_t generation, bool replace,
		      const struct nft_table *wanted, struct error_record *ret_error)
{
	const struct nft_shape *shapes[NFT_RULESETS_MAX];
	size_t shape_count = nft_table_shapes(wanted, shapes);
	struct nft_rule_shape *rules = calloc(NFT_CHAIN_RULES_MAX, sizeof(*rules));
	struct batch_builder builder = { 0 };
	struct nftnl_table *table = nft_objects_table();
	size_t rule_count = rules ? nft_chain_rules(shapes, shape_count, rules) : 0;
	int r;

	if (!table || rule_count == 0) {
		if (table)
			nftnl_table_free(table);
		free(rules);
		return -ENOMEM;
	}
	builder.error = nft_batch_begin(&builder.batch, session, generation);
	/* Deleting and recreating in one transaction: the old rules hold until
	 * the new ones take over, with no moment in between. */
	if (replace)
		add_message(&builder, NFT_MSG_DELTABLE, 0, table_payload, table, "delete the old table inet portguard");
	add_message(&builder, NFT_MSG_NEWTABLE, NLM_F_CREATE, table_payload, table, "add table inet portguard");
	nftnl_table_free(table);
	/* The set ids nft_chain_rules gives the rules: part p's sets are
	 * 3p+1 to 3p+3. */
	for (size_t p = 0; p < shape_count; p++)
		for (int i = 0; i < NFT_SET_ROLES; i++)
			add_set(&builder, &wanted->rulesets[p], (enum nft_set_role)i,
				(uint32_t)(p * NFT_SET_ROLES) + (uint32_t)i + 1);
	/* Chains first, then rules, in the order `nft -f` of the file
	 * sends them: the two give the same handles. */
	for (int i = 0; i < NFT_CHAIN_COUNT; i++)
		add_chain(&builder, (enum nft_chain_index)i);
	for (int i = 0; i < NFT_CHAIN_COUNT; i++)
		add_rules(&builder, (enum nft_chain_index)i, rules, rule_count);
	free(rules);
	r = builder.error;
	if (r == 0)
		r = nft_batch_send(&builder.batch, session, ret_error);
	else
		error_record_set(ret_error, NULL, 0, "cannot build the nftables batch: %s", strerror(-r));
	nft_batch_free(&builder.batch);
	return r;
}

int nft_ruleset_check(const struct nft_ruleset *ruleset, const char *daemon, struct error_record *ret_error)
{
	const struct cidr *everything = nft_ruleset_everything(ruleset);
	char text[CIDR_TEXT_MAX];

	if (ruleset->port_count == 0) {
		error_record_set(ret_error, NULL, 0, "no port to restrict; give at least one");
		return -EINVAL;
	}
	if (everything) {
		error_record_set(ret_error, NULL, 0, "trusting %s lets every %s address in, that is no restriction; "
				 "name the networks that need %s", cidr_format(everything, text),
				 everything->address.family == AF_INET ? "IPv4" : "IPv6", daemon);
		return -EINVAL;
	}
	return 0;
}

int nft_table_check(const struct nft_table *table, const char *const *daemons, struct error_record *ret_error)
{
	int r = 0;

	if (table->count == 0) {
		error_record_set(ret_error, NULL, 0, "no service to restrict; remove the table instead");
		return -EINVAL;
	}
	for (size_t i = 0; i < table->count && r == 0; i++)
		r = nft_ruleset_check(&table->rulesets[i], daemons && daemons[i] ? daemons[i] : "the service",
				      ret_error);
	return r;
}

/* What the record below known_host says the table holds, when that is still true: the
 * same boot, network namespace and ruleset generation. */
/* The record NFT_READ_KEEP keeps: valid as the file is, while the key
 * (boot, namespace, generation) is the one of now. */
static struct {
	bool valid;
	struct nft_verified_key key;
	struct nft_table table;
} kept_known;

void nft_table_known_forget(void)
{
	nft_table_free(&kept_known.table);
	kept_known.valid = false;
}

/* The record's table in *ret_table. With ret_lent (and NFT_READ_KEEP)
 * the kept record itself is lent, not copied: *ret_table then views its
 * parts and *ret_lent is true (see nft_table_read_known_lent). */
static bool known_at(const struct host *known_host, unsigned int way, struct nft_session *session,
		     uint32_t generation, struct nft_table *ret_table, bool *ret_lent)
{
	struct nft_verified_key now, then;
	bool keep = way & NFT_READ_KEEP;

	if (!known_host || nft_verified_key(mnl_socket_get_fd(session->socket), generation, &now) < 0)
		return false;
	if (keep && kept_known.valid && nft_verified_key_equal(&now, &kept_known.key)) {
		if (ret_lent) {
			*ret_table = kept_known.table;
			*ret_lent = true;
			return true;
		}
		return nft_table_copy(&kept_known.table, ret_table) == 0;
	}
	if (nft_verified_load(known_host, &then, ret_table) < 0)
		return false;
	if (!nft_verified_key_equal(&now, &then)) {
		nft_table_free(ret_table);
		return false;
	}
	if (keep && ret_lent) {
		/* Decoded once: kept, and lent to this reader. */
		nft_table_known_forget();
		kept_known.table = TAKE_STRUCT(*ret_table);
		kept_known.valid = true;
		kept_known.key = now;
		*ret_table = kept_known.table;
		*ret_lent = true;
	} else if (keep) {
		nft_table_known_forget();
		kept_known.valid = nft_table_copy(ret_table, &kept_known.table) == 0;
		kept_known.key = now;
	}
	return true;
}

/* Records that a dump at generation found table, if the generation
 * still reads so: nothing changed while it was read. Best effort: without
 * the record the next run dumps again. */
static void remember(const struct host *known_host, struct nft_session *session, uint32_t generation,
		     const struct nft_table *table)
{
	struct nft_verified_key key;
	uint32_t after;

	if (known_host && nft_session_generation(session, &after) == 0 && after == generation &&
	    nft_verified_key(mnl_socket_get_fd(session->socket), generation, &key) == 0)
		nft_verified_save(known_host, &key, table);
}

/* Whether the table is exactly wanted: from the record when the ruleset
 * has not changed since, else by comparing the dump (recorded when it
 * matches). 0, or -ENOENT when there is no table. */
static int table_matches(const struct host *known_host, struct nft_session *session, uint32_t generation,
			 const struct nft_table *wanted, bool *ret_equal)
{
	struct nft_table known;
	int r;

	if (known_at(known_host, NFT_READ_USE_KNOWN, session, generation, &known, NULL)) {
		*ret_equal = nft_table_equal(&known, wanted);
		nft_table_free(&known);
		return 0;
	}
	r = nft_read_matches(session, wanted, ret_equal);
	if (r == 0 && *ret_equal)
		remember(known_host, session, generation, wanted);
	return r;
}


/* Replaces the table on session unless it already holds wanted;
 * generation is the one just read. */
static int apply_on(struct nft_session *session, uint32_t generation, const struct nft_table *wanted,
		    const struct host *known_host, bool *ret_changed, struct error_record *ret_error)
{
	bool equal;
	int r = 0;

	for (int attempt = 0; r == 0 && attempt < GENERATION_RETRIES; attempt++) {
		if (attempt > 0)
			r = nft_session_generation(session, &generation);
		if (r == 0)
			r = table_matches(known_host, session, generation, wanted, &equal);
		if (r == 0 && equal) {
			*ret_changed = false;
			return 0;
		}
		if (r < 0 && r != -ENOENT) {
			error_record_set(ret_error, NULL, 0, "cannot read table inet portguard: %s", strerror(-r));
			return r;
		}
		r = send_table(session, generation, r == 0, wanted, ret_error);
		if (r == 0) {
			*ret_changed = true;
			return 0;
		}
		if (r != -ERESTART)
			return r;
		r = 0;
	}
	if (r == 0) {
		r = -EAGAIN;
		error_record_set(ret_error, NULL, 0, "the nftables ruleset kept changing while portguard wrote it; "
				 "run it again");
	}
	return r;
}

/* On the caller's session, or on one opened for this call. */
static int apply_table(struct nft_session *kept, const struct nft_table *table, const struct host *known_host,
		       bool *ret_changed, struct error_record *ret_error)
{
	struct nft_table wanted;
	struct nft_session session = { 0 };
	uint32_t generation;
	int r;

	r = nft_table_copy(table, &wanted);
	if (r == -ENOMEM)
		error_record_set(ret_error, NULL, 0, "out of memory");
	else if (r < 0)
		error_record_set(ret_error, NULL, 0, "the table's parts are not one per service, each with set names "
				 "nft takes (%zu parts, at most %d); give each service's part once", table->count,
				 NFT_RULESETS_MAX);
	if (r < 0)
		return r;
	r = nft_table_check(&wanted, NULL, ret_error);
	if (r == 0 && kept) {
		r = nft_session_generation(kept, &generation);
		if (r < 0) {
			r = unavailable(r);
			error_record_set(ret_error, NULL, 0, "%s", nft_unavailable_reason(r));
		}
	} else if (r == 0) {
		r = open_session(&session, &generation, ret_error);
	}
	if (r == 0)
		r = apply_on(kept ? kept : &session, generation, &wanted, known_host, ret_changed, ret_error);
	nft_table_free(&wanted);
	nft_session_close(&session);
	return r;
}

int nft_table_apply_known(const struct nft_table *table, const struct host *known_host, bool *ret_changed,
			  struct error_record *ret_error)
{
	return apply_table(NULL, table, known_host, ret_changed, ret_error);
}

int nft_table_apply(const struct nft_table *table, bool *ret_changed, struct error_record *ret_error)
{
	return nft_table_apply_known(table, NULL, ret_changed, ret_error);
}

int nft_ruleset_apply_known(const struct nft_ruleset *ruleset, const struct host *known_host, bool *ret_changed,
			    struct error_record *ret_error)
{
	struct nft_table table = nft_table_of_one(ruleset);

	return nft_table_apply_known(&table, known_host, ret_changed, ret_error);
}

int nft_ruleset_apply(const struct nft_ruleset *ruleset, bool *ret_changed, struct error_record *ret_error)
{
	return nft_ruleset_apply_known(ruleset, NULL, ret_changed, ret_error);
}

struct nft_writer {
	struct nft_session session;
};

int nft_writer_open(struct nft_writer **ret_writer)
{
	struct nft_writer *writer = calloc(1, sizeof(*writer));
	int r;

	if (!writer)
		return -ENOMEM;
	r = nft_session_open(&writer->session);
	if (r < 0) {
		free(writer);
		return unavailable(r);
	}
	*ret_writer = writer;
	return 0;
}

void nft_writer_free(struct nft_writer *writer)
{
	if (!writer)
		return;
	nft_session_close(&writer->session);
	free(writer);
}

uint32_t nft_writer_port_id(const struct nft_writer *writer)
{
	return writer->session.socket ? writer->session.port_id : 0;
}

int nft_writer_apply_table(struct nft_writer *writer, const struct nft_table *table, bool *ret_changed,
			   struct error_record *ret_error)
{
	int r;

	if (!writer->session.socket) {
		r = nft_session_open(&writer->session);
		if (r < 0) {
			error_record_set(ret_error, NULL, 0, "%s", nft_unavailable_reason(unavailable(r)));
			return unavailable(r);
		}
	}
	r = apply_table(&writer->session, table, NULL, ret_changed, ret_error);
	/* A failed exchange may leave answers queued: the next one starts
	 * on a fresh socket (and port id). */
	if (r < 0)
		nft_session_close(&writer->session);
	return r;
}

int nft_writer_apply(struct nft_writer *writer, const struct nft_ruleset *ruleset, bool *ret_changed,
		     struct error_record *ret_error)
{
	struct nft_table table = nft_table_of_one(ruleset);

	return nft_writer_apply_table(writer, &table, ret_changed, ret_error);
}

/* Whether every part of a recorded table is of one of shapes: a record
 * of a part of another shape says nothing of this one, the dump does. */
static bool fits_shapes(const struct nft_table *table, const struct nft_shape *shapes, size_t shape_count)
{
	for (size_t i = 0; i < table->count; i++) {
		bool found = false;

		for (size_t k = 0; k < shape_count && !found; k++)
			found = nft_shape_equal(&table->rulesets[i].shape, &shapes[k]);
		if (!found)
			return false;
	}
	return table->count > 0;
}

/* nft_table_read_known, lending the kept record when ret_lent is given. */
static int read_known(const struct host *known_host, unsigned int way, const struct nft_shape *shapes,
		      size_t shape_count, struct nft_table *ret_table, bool *ret_lent, struct error_record *ret_error)
{
	struct nft_session session;
	uint32_t before, after;
	int r;

	if (!nft_shapes_valid(shapes, shape_count)) {
		error_record_set(ret_error, NULL, 0, "cannot read table inet portguard: %zu shapes, not one per "
				 "service; give each service's shape once", shape_count);
		return -EINVAL;
	}
	if (ret_lent)
		*ret_lent = false;
	r = open_session(&session, &before, ret_error);
	if (r == 0 && (way & NFT_READ_USE_KNOWN) && known_at(known_host, way, &session, before, ret_table, ret_lent)) {
		if (fits_shapes(ret_table, shapes, shape_count)) {
			nft_session_close(&session);
			return 0;
		}
		if (ret_lent && *ret_lent)
			*ret_table = (struct nft_table){ 0 };
		else
			nft_table_free(ret_table);
		if (ret_lent)
			*ret_lent = false;
	}
	/* Several dumps are not one snapshot: read again if the ruleset
	 * changed in between. */
	for (int attempt = 0; r == 0 && attempt < GENERATION_RETRIES; attempt++) {
		struct nft_table table = { 0 };

		r = nft_read_table(&session, shapes, shape_count, &table);
		if (r == 0 || r == -ENOENT || r == -EUCLEAN) {
			int g = nft_session_generation(&session, &after);

			if (g == 0 && after != before) {
				nft_table_free(&table);
				before = after;
				r = 0;
				continue;
			}
		}
		if (r == 0 && (way & NFT_READ_RECORD))
			remember(known_host, &session, before, &table);
		if (r == 0)
			*ret_table = table;
		else if (r == -ENOENT)
			error_record_set(ret_error, NULL, 0, "there is no table inet portguard");
		else if (r == -EUCLEAN)
			error_record_set(ret_error, NULL, 0, "table inet portguard holds rules portguard did not "
					 "write; run 'portguard fix' to replace it");
		else
			error_record_set(ret_error, NULL, 0, "cannot read table inet portguard: %s", strerror(-r));
		nft_session_close(&session);
		return r;
	}
	if (r == 0) {
		r = -EAGAIN;
		error_record_set(ret_error, NULL, 0, "the nftables ruleset kept changing while portguard read it; run "
				 "it again");
	}
	nft_session_close(&session);
	return r;
}

int nft_table_read_known(const struct host *known_host, unsigned int way, const struct nft_shape *shapes,
			 size_t shape_count, struct nft_table *ret_table, struct error_record *ret_error)
{
	return read_known(known_host, way, shapes, shape_count, ret_table, NULL, ret_error);
}

int nft_table_read_known_lent(const struct host *known_host, unsigned int way, const struct nft_shape *shapes,
			      size_t shape_count, struct nft_table *ret_table, bool *ret_lent,
			      struct error_record *ret_error)
{
	*ret_lent = false;
	return read_known(known_host, way, shapes, shape_count, ret_table, (way & NFT_READ_KEEP) ? ret_lent : NULL,
			  ret_error);
}

int nft_table_read(const struct nft_shape *shapes, size_t shape_count, struct nft_table *ret_table,
		   struct error_record *ret_error)
{
	return nft_table_read_known(NULL, NFT_READ_DUMP, shapes, shape_count, ret_table, ret_error);
}

int nft_ruleset_read_known(const struct host *known_host, unsigned int way, const struct nft_shape *shape,
			   struct nft_ruleset *ret_ruleset, struct error_record *ret_error)
{
	struct nft_table table;
	int r = nft_table_read_known(known_host, way, shape, 1, &table, ret_error);

	if (r < 0)
		return r;
	/* A table read holds a part: with one shape, that shape's. */
	*ret_ruleset = TAKE_STRUCT(table.rulesets[0]);
	nft_table_free(&table);
	return 0;
}

int nft_ruleset_read(const struct nft_shape *shape, struct nft_ruleset *ret_ruleset, struct error_record *ret_error)
{
	return nft_ruleset_read_known(NULL, NFT_READ_DUMP, shape, ret_ruleset, ret_error);
}

int nft_ruleset_remove(bool *ret_removed, struct error_record *ret_error)
{
	struct batch_builder builder = { 0 };
	struct nft_session session;
	struct nftnl_table *table;
	uint32_t generation;
	int r = open_session(&session, &generation, ret_error);

	if (r < 0)
		return r;
	table = nft_objects_table();
	if (!table) {
		nft_session_close(&session);
		return -ENOMEM;
	}
	/* Generation 0: no check, deleting is right whatever changed. */
	builder.error = nft_batch_begin(&builder.batch, &session, 0);
	add_message(&builder, NFT_MSG_DELTABLE, 0, table_payload, table, "delete table inet portguard");
	nftnl_table_free(table);
	r = builder.error;
	if (r == 0)
		r = nft_batch_send(&builder.batch, &session, ret_error);
	nft_batch_free(&builder.batch);
	nft_session_close(&session);
	if (r == -ENOENT) {
		error_record_clear(ret_error);
		*ret_removed = false;
		return 0;
	}
	if (r == 0)
		*ret_removed = true;
	return r;
}

int nft_table_bytes(const struct nft_table *table, uint8_t **ret_bytes, size_t *ret_length)
{
	/* No key: the same table gives the same bytes in any namespace. */
	const struct nft_verified_key none = { 0 };

	return nft_verified_encode(&none, table, ret_bytes, ret_length);
}

bool nft_table_bytes_equal(const struct nft_table *table, const uint8_t *bytes, size_t length)
{
	const struct nft_verified_key none = { 0 };

	return nft_verified_equal(&none, table, bytes, length);
}
