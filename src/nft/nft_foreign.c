/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A table inet portguard that portguard did not write, kept as nft's
 * text and put back by nft (see nft.h for why the text). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <libnftnl/table.h>
#include <linux/netfilter/nf_tables.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "nft/nft.h"
#include "nft/nft_objects.h"
#include "nft/nft_program.h"
#include "nft/nft_session.h"

#define TABLE_HEADER "table inet portguard"
/* Loading the text after these replaces the table in one transaction:
 * the first line makes the delete work when there is no table. */
#define REPLACE_PREFIX TABLE_HEADER "\ndelete " TABLE_HEADER "\n"

static const char *const list_arguments[] = { "list", "table", "inet", NFT_TABLE, NULL };
static const char *const check_arguments[] = { "--check", "-f", "-", NULL };
static const char *const load_arguments[] = { "-f", "-", NULL };

struct table_flags {
	uint32_t flags;
	uint32_t owner;
	int error;
};

static int on_table(const struct nlmsghdr *message, void *data)
{
	struct table_flags *found = data;
	struct nftnl_table *table = nftnl_table_alloc();

	if (!table || nftnl_table_nlmsg_parse(message, table) < 0) {
		found->error = -ENOMEM;
		if (table)
			nftnl_table_free(table);
		return MNL_CB_ERROR;
	}
	found->flags = nftnl_table_get_u32(table, NFTNL_TABLE_FLAGS);
	found->owner = nftnl_table_get_u32(table, NFTNL_TABLE_OWNER);
	nftnl_table_free(table);
	return MNL_CB_OK;
}

/* The table's flags from the kernel: -ENOENT when there is none. */
static int read_flags(struct table_flags *ret_found, struct error_record *ret_error)
{
	char buffer[REQUEST_BUFFER_SIZE];
	struct nft_session session;
	struct nlmsghdr *request;
	int r = nft_session_open(&session);

	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "%s", nft_session_unavailable_reason(r));
		return r;
	}
	*ret_found = (struct table_flags){ 0 };
	request = nft_session_request_header(&session, buffer, NFT_MSG_GETTABLE, NFT_FAMILY, 0);
	mnl_attr_put_strz(request, NFTA_TABLE_NAME, NFT_TABLE);
	r = nft_session_talk(&session, request, on_table, ret_found);
	nft_session_close(&session);
	if (r == 0 && ret_found->error < 0)
		r = ret_found->error;
	if (r < 0 && r != -ENOENT)
		error_record_set(ret_error, NULL, 0, "cannot read table inet portguard: %s", strerror(-r));
	return r;
}

/* REPLACE_PREFIX and text, for nft -f. */
static char *replacing(const char *text, size_t length, size_t *ret_length)
{
	size_t prefix = strlen(REPLACE_PREFIX);
	char *script = malloc(prefix + length + 1);

	if (!script)
		return NULL;
	memcpy(script, REPLACE_PREFIX, prefix);
	memcpy(script + prefix, text, length);
	script[prefix + length] = '\0';
	*ret_length = prefix + length;
	return script;
}

int nft_table_keep(char **ret_text, size_t *ret_length, struct error_record *ret_error)
{
	struct table_flags found;
	_cleanup_free_ char *text = NULL, *script = NULL;
	size_t length = 0, script_length;
	int r = read_flags(&found, ret_error);

	if (r < 0)
		return r;
	/* Owned by another process's socket: portguard could neither replace
	 * it nor make one that outlives its own nft. */
	if (found.flags & NFT_TABLE_F_OWNER) {
		error_record_set(ret_error, NULL, 0, "it belongs to the process with netlink port %u (flags owner), "
				 "which alone may change it", found.owner);
		return -EPERM;
	}
	r = nft_program_run(list_arguments, NULL, 0, NFT_TABLE_TEXT_MAX, &text, &length, ret_error);
	if (r == -EFBIG)
		error_record_set(ret_error, NULL, 0, "its listing is larger than the %u KiB portguard keeps",
				 NFT_TABLE_TEXT_MAX >> 10);
	if (r < 0)
		return r;
	if (!nft_table_text_valid(text, length)) {
		error_record_set(ret_error, NULL, 0, "nft lists it in a form portguard does not know");
		return -EBADMSG;
	}
	script = replacing(text, length, &script_length);
	if (!script) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	r = nft_program_run(check_arguments, script, script_length, 0, NULL, NULL, ret_error);
	if (r < 0)
		return r;
	*ret_text = TAKE_PTR(text);
	*ret_length = length;
	return r;
}

int nft_table_put_back(const char *text, size_t length, bool *ret_changed, struct error_record *ret_error)
{
	char *now = NULL, *script;
	size_t now_length = 0, script_length;
	int r;

	if (!nft_table_text_valid(text, length)) {
		error_record_set(ret_error, NULL, 0, "the kept table inet portguard is damaged");
		return -EBADMSG;
	}
	/* Safe to repeat: a table that already lists as kept stays. */
	if (nft_program_run(list_arguments, NULL, 0, NFT_TABLE_TEXT_MAX, &now, &now_length, ret_error) == 0 &&
	    now_length == length && memcmp(now, text, length) == 0) {
		free(now);
		*ret_changed = false;
		return 0;
	}
	free(now);
	script = replacing(text, length, &script_length);
	if (!script) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	r = nft_program_run(load_arguments, script, script_length, 0, NULL, NULL, ret_error);
	free(script);
	if (r < 0)
		return r;
	error_record_clear(ret_error);
	*ret_changed = true;
	return 0;
}

/* A word that nft's listing never prints outside a string, but that
 * would make loading the text read files or stand for other text. */
static bool forbidden_word(const char *text, size_t at, size_t length)
{
	static const char *const words[] = { "include", "define", "redefine", "undefine" };

	if (at > 0 && (isalnum((unsigned char)text[at - 1]) || text[at - 1] == '_'))
		return false;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);

		if (length - at >= n && memcmp(text + at, words[i], n) == 0 &&
		    (length - at == n || !(isalnum((unsigned char)text[at + n]) || text[at + n] == '_')))
			return true;
	}
	return false;
}

bool nft_table_text_valid(const char *text, size_t length)
{
	size_t header = strlen(TABLE_HEADER " {"), depth = 0, at;
	bool closed = false;

	if (!text || length < header || memcmp(text, TABLE_HEADER " {", header) != 0 ||
	    memchr(text, '\0', length))
		return false;
	/* nft's strings have no escapes: a quote always ends one. */
	for (at = header - 1; at < length; at++) {
		char c = text[at];

		if (closed) {
			if (!isspace((unsigned char)c))
				return false;
		} else if (c == '"') {
			const char *end = memchr(text + at + 1, '"', length - at - 1);

			if (!end)
				return false;
			at = (size_t)(end - text);
		} else if (c == '#') {
			const char *end = memchr(text + at, '\n', length - at);

			at = end ? (size_t)(end - text) : length;
		} else if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (depth == 0)
				return false;
			closed = --depth == 0;
		} else if (forbidden_word(text, at, length) || c == '$') {
			return false;
		}
	}
	return closed;
}
