/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Samba file server's clients as /etc/samba/smb.conf names them, for
 * the services whose consumers they are (netbios: nmbd's; wsd: wsdd's):
 * the file read and parsed below the analysed host, the networks the
 * clients come from ([global]'s hosts allow, else the networks of its
 * interfaces) and the wording of a share as evidence. Each service
 * keeps its own consumer kind, evidence source and notes. */
#ifndef PORTGUARD_SMB_CONF_CONSUMER_H
#define PORTGUARD_SMB_CONF_CONSUMER_H

#include <stddef.h>

#include "base/error_record.h"
#include "base/language.h"
#include "base/paths.h"
#include "model/model.h"
#include "services/consumer.h"
#include "services/evidence.h"
#include "services/smb_conf.h"

/* Reads and parses SMB_CONF_PATH below host. Returns 1, 0 when it does
 * not exist, or a negative errno with ret_error naming file and line
 * (-EINVAL: not an smb.conf(5) text). */
int smb_conf_load(const struct host *host, struct smb_conf *ret_conf, struct error_record *ret_error);

/* The networks of a file server's clients into consumer->trusted, from
 * [global]'s hosts allow (networks, addresses, "10.0.0." prefixes,
 * netmasks, names as host resolves them; EXCEPT ends it), else from its
 * interfaces (ADDRESS/PREFIX, or an interface's or address's networks on
 * the live host); facts.object names the setting ("hosts allow = ...").
 * An item no network is derived from makes consumer ambiguous, ALL or
 * 0.0.0.0/0 callers_unknown, each naming file and line. Returns 1; 0
 * when conf names neither (consumer untouched: the caller says so in
 * its words); -ENOMEM (the caller frees consumer->trusted). */
int smb_conf_consumer_networks(const struct host *host, const struct smb_conf *conf, struct consumer *consumer);

/* The public and private networks of the interface called name, or of
 * the address name is, as the live host has them, appended to trusted:
 * what Samba takes for an interfaces item without a mask, and what wsdd
 * serves for -i name. Returns how many were added, or -ENOMEM. */
int smb_conf_interface_networks(const char *name, struct cidr_list *trusted);

/* A share as evidence (struct evidence_source's format): "file:line
 * shares [subject]; smbd runs (pid N); object", in language. */
void smb_conf_share_format(const struct evidence *evidence, enum language language, char *buffer, size_t size);

#endif
