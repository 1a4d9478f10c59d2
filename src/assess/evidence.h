/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Why something needs rpcbind, and how rpcbind runs, as facts: where it
 * was seen (file and line, unit, program), what it names (export path,
 * clients, NFS versions, mount), worded in either language only when
 * shown. assess finds them; check and the JSON show them in English,
 * the report in German and English. */
#ifndef PORTGUARD_EVIDENCE_H
#define PORTGUARD_EVIDENCE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/language.h"
#include "model/model.h"
#include "services/service.h"

#define EVIDENCE_TEXT_MAX 256
/* Stands for an export client spec that is empty (every host) inside
 * evidence.object; a tab cannot be part of a spec. */
#define EVIDENCE_EVERYONE '\t'

enum evidence_source {
	EVIDENCE_EXPORT,	/* file:line exports subject to object; versions on (versions_source) */
	EVIDENCE_MOUNT,		/* NFSv<version> mount of subject on object (file:line), locking through statd */
	EVIDENCE_FSTAB,		/* the same from file:line of fstab, not mounted now */
	EVIDENCE_NIS_SERVER,	/* subject (ypserv) running as pid, or enabled by object */
	EVIDENCE_NIS_CLIENT,	/* subject (ypbind) the same */
	EVIDENCE_RPC_PROGRAM,	/* program number, name subject, versions and ports object */
	EVIDENCE_UNIT,		/* unit subject (states) relation object */
	_EVIDENCE_SOURCE_MAX,
	_EVIDENCE_SOURCE_INVALID = -EINVAL,
};

enum evidence_relation {
	EVIDENCE_REQUIRES,
	EVIDENCE_WANTS,
	EVIDENCE_BOUND_TO,
	_EVIDENCE_RELATION_MAX,
	_EVIDENCE_RELATION_INVALID = -EINVAL,
};

struct evidence {
	enum evidence_source source;
	char file[EVIDENCE_TEXT_MAX];
	unsigned int line;
	char subject[EVIDENCE_TEXT_MAX];
	char object[EVIDENCE_TEXT_MAX];
	unsigned int version;			/* mount: NFS version, 0 when fstab names none */
	bool nfs_v2, nfs_v3;			/* export: what nfsd serves */
	char versions_source[EVIDENCE_TEXT_MAX];
	pid_t pid;				/* NIS daemon: running as, 0 when only enabled */
	bool clients_listed;			/* NIS server: securenets lists its clients */
	uint32_t program;			/* RPC program */
	char active_state[UNIT_STATE_MAX];	/* unit */
	char unit_file_state[UNIT_STATE_MAX];
	enum evidence_relation relation;
	bool for_consumer_above;		/* an RPC program or unit of a consumer found before */
};

/* The evidence as one sentence part, e.g. "/etc/exports:3 exports /srv
 * to 10.0.0.0/24; NFSv3 is on (/proc/fs/nfsd/versions)". */
void evidence_format(const struct evidence *evidence, enum language language, char *buffer, size_t size);

const char *evidence_source_to_string(enum evidence_source source);
enum evidence_source evidence_source_from_string(const char *text);
const char *evidence_relation_to_string(enum evidence_relation relation);
enum evidence_relation evidence_relation_from_string(const char *text);

/* How rpcbind runs, as the plan's reason may name it. */
enum service_how {
	SERVICE_HELD_FOR_UNIT,		/* port held by process[pid] for unit (PID 1: a socket unit) */
	SERVICE_HELD_BY,		/* port held by process[pid], which runs in unit or outside systemd */
	SERVICE_SYSTEMD_REPORTS,	/* systemd reports the socket's and the service's states */
	SERVICE_NO_UNIT,		/* no systemd unit for the port */
	SERVICE_RUNS_IN,		/* below --root: rpcbind (pid) runs in unit */
	SERVICE_SOCKET_ENABLED,		/* below --root: rpcbind.socket is enabled */
	SERVICE_RUNS_OUTSIDE,		/* below --root: rpcbind (pid) runs outside systemd */
	SERVICE_NONE_BELOW_ROOT,	/* below --root: neither process nor unit */
	_SERVICE_HOW_MAX,
	_SERVICE_HOW_INVALID = -EINVAL,
};

struct service_evidence {
	enum service_how how;
	char process[PROCESS_NAME_MAX];
	pid_t pid;
	char unit[UNIT_NAME_MAX];		/* "" outside systemd */
	char socket_state[UNIT_STATE_MAX];	/* SYSTEMD_REPORTS */
	char service_state[UNIT_STATE_MAX];
};

/* How the service's daemon runs, in a sentence part. */
void service_evidence_format(const struct service_evidence *evidence, const struct service *service,
			     enum language language, char *buffer, size_t size);
const char *service_how_to_string(enum service_how how);
enum service_how service_how_from_string(const char *text);

#endif
