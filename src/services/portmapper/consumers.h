/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the portmapper: NFSv2/v3 servers and clients (locking goes
 * through statd), NIS, and the other programs registered with rpcbind.
 * consumers.c finds them, consumers_text.c declares their kinds and
 * evidence sources with their German and English words. */
#ifndef PORTGUARD_PORTMAPPER_CONSUMERS_H
#define PORTGUARD_PORTMAPPER_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"

/* Stands for an export client spec that is empty (every host) inside
 * evidence.object; a tab cannot be part of a spec. */
#define EVIDENCE_EVERYONE '\t'

extern const struct consumer_kind portmapper_kind_nfs_server;	/* serves NFSv2/v3 */
extern const struct consumer_kind portmapper_kind_nfs_client;	/* v2/v3 mount or fstab entry with locking */
extern const struct consumer_kind portmapper_kind_nis;
extern const struct consumer_kind portmapper_kind_rpc_program;	/* another program registered with rpcbind */
extern const struct consumer_kind *const portmapper_consumer_kinds[];

/* file:line exports subject to object; versions on (versions_source) */
extern const struct evidence_source portmapper_source_export;
/* NFSv<version> mount of subject on object (file:line), locking through statd */
extern const struct evidence_source portmapper_source_mount;
/* the same from file:line of fstab, not mounted now */
extern const struct evidence_source portmapper_source_fstab;
/* subject (ypserv) running as pid, or enabled by object */
extern const struct evidence_source portmapper_source_nis_server;
/* subject (ypbind) the same */
extern const struct evidence_source portmapper_source_nis_client;
/* program number, name subject, versions and ports object */
extern const struct evidence_source portmapper_source_rpc_program;
extern const struct evidence_source *const portmapper_evidence_sources[];

/* The portmapper's find_consumers (service.h): exports, mounts and
 * fstab, NIS below request->host, and the registrations in request->answer. */
int portmapper_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			      struct error_record *ret_error);

#endif
