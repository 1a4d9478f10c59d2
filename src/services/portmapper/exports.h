/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NFS exports: /etc/exports and /etc/exports.d/NAME.exports, as exports(5)
 * writes them. Parsing is pure and safe against any bytes; name
 * resolution is left to the caller (resolve.h). */
#ifndef PORTGUARD_EXPORTS_H
#define PORTGUARD_EXPORTS_H

#include <stddef.h>

#include "base/paths.h"
#include "model/model.h"

#define EXPORTS_LINE_MAX 16384
#define EXPORT_PATH_MAX 1024
#define EXPORT_SPEC_MAX 256
#define EXPORT_FILE_MAX 320

enum export_client_kind {
	EXPORT_CLIENT_NETWORK,	/* 10.0.0.0/24, 10.0.0.0/255.255.255.0, 192.0.2.7, 2001:db8::/64 */
	EXPORT_CLIENT_HOST,	/* a host name: resolve it */
	EXPORT_CLIENT_WILDCARD,	/* *.example.com, host?, gss/krb5 */
	EXPORT_CLIENT_NETGROUP,	/* @group */
	EXPORT_CLIENT_ANYONE,	/* "*", or no client given */
};

struct export_client {
	enum export_client_kind kind;
	char spec[EXPORT_SPEC_MAX];	/* as written, without the options */
	struct cidr network;		/* EXPORT_CLIENT_NETWORK */
};

struct export_entry {
	char file[EXPORT_FILE_MAX];	/* "/etc/exports" as on the host */
	unsigned int line;		/* the entry's first line */
	char path[EXPORT_PATH_MAX];
	struct export_client *clients;
	size_t client_count;
};

struct export_list {
	struct export_entry *items;
	size_t count;
	size_t capacity;
};

/* Appends the entries of text (the content of file_name) to list.
 * Returns 0; -EINVAL with *ret_error (file, line, what is wrong) on a
 * malformed entry, leaving list as it was; -ENOMEM. */
int exports_parse(const char *text, size_t length, const char *file_name, struct export_list *list,
		  struct error_record *ret_error);

/* /etc/exports, then /etc/exports.d/NAME.exports in name order, below
 * root; missing files are no exports. Errors as exports_parse, with the
 * file named as it was read (below root). */
int exports_read(const struct host *host, struct export_list *ret_list, struct error_record *ret_error);

void export_list_free(struct export_list *list);
const char *export_client_kind_name(enum export_client_kind kind);

#endif
