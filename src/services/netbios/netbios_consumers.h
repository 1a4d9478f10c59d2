/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs nmbd: a Samba file server (shares in smb.conf and smbd
 * running) whose clients find it by its NetBIOS name, with the networks
 * smb.conf lets reach it ([global]'s hosts allow, else interfaces).
 * Notes say when smb.conf turns NetBIOS off or binds nmbd to named
 * interfaces, and the change an owner may prefer. */
#ifndef PORTGUARD_NETBIOS_CONSUMERS_H
#define PORTGUARD_NETBIOS_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"
#include "services/smb_conf.h"

#define NETBIOS_PATH_CONFIG SMB_CONF_PATH

extern const struct consumer_kind netbios_kind_file_server;
extern const struct consumer_kind *const netbios_consumer_kinds[];

/* file:line defines share subject; smbd runs as pid; object names the
 * setting the networks come from ("hosts allow = 10.0.0.0/24") */
extern const struct evidence_source netbios_source_share;
extern const struct evidence_source *const netbios_evidence_sources[];

int netbios_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			   struct error_record *ret_error);

#endif
