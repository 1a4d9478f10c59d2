/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Why something needs a service, as facts: where it was seen (file and
 * line, unit, program), what it names (export path, clients, versions,
 * mount), worded in either language only when shown. Each kind of fact
 * is an evidence source that a service (or the engine, for units)
 * declares with its name in the JSON and its wording; check and the
 * JSON show the facts in English, the report in German and English. */
#ifndef PORTGUARD_SERVICES_EVIDENCE_H
#define PORTGUARD_SERVICES_EVIDENCE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/language.h"
#include "model/model.h"

#define EVIDENCE_TEXT_MAX 256

struct evidence;

struct evidence_source {
	const char *name;	/* "export": the JSON's "source" */
	/* The facts as one sentence part, e.g. "/etc/exports:3 exports
	 * /srv to 10.0.0.0/24; NFSv3 is on (/proc/fs/nfsd/versions)". */
	void (*format)(const struct evidence *evidence, enum language language, char *buffer, size_t size);
};

enum evidence_relation {
	EVIDENCE_REQUIRES,
	EVIDENCE_WANTS,
	EVIDENCE_BOUND_TO,
	_EVIDENCE_RELATION_MAX,
	_EVIDENCE_RELATION_INVALID = -EINVAL,
};

/* Every source uses the fields it needs; the record keeps them all. */
struct evidence {
	const struct evidence_source *source;	/* NULL: a record's source no one declares */
	char file[EVIDENCE_TEXT_MAX];
	unsigned int line;
	char subject[EVIDENCE_TEXT_MAX];
	char object[EVIDENCE_TEXT_MAX];
	unsigned int version;			/* mount: NFS version, 0 when fstab names none */
	bool nfs_v2, nfs_v3;			/* export: what nfsd serves */
	char versions_source[EVIDENCE_TEXT_MAX];
	pid_t pid;				/* daemon: running as, 0 when only enabled */
	bool clients_listed;			/* NIS server: securenets lists its clients */
	uint32_t program;			/* RPC program */
	char active_state[UNIT_STATE_MAX];	/* unit */
	char unit_file_state[UNIT_STATE_MAX];
	enum evidence_relation relation;
	bool for_consumer_above;		/* belongs to a consumer found before */
};

/* The evidence in its source's words; "?" without a source. */
void evidence_format(const struct evidence *evidence, enum language language, char *buffer, size_t size);

const char *evidence_relation_to_string(enum evidence_relation relation);
enum evidence_relation evidence_relation_from_string(const char *text);

#endif
