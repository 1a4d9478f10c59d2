/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the AD DC's CLDAP service: the domain's members, which find
 * their domain controller with a CLDAP ping (the DC locator), so the DC
 * is never stopped. Their networks come from /etc/samba/smb.conf's
 * [global] (hosts allow, else interfaces, through
 * services/smb_conf_consumer.c) and from the subnets the directory's
 * sites name (cldap_sites.h), both together: the plan restricts
 * 389/udp to them. When neither names any that can be derived, the
 * domain is the consumer that makes the plan "explain" (explain_kind):
 * the change to smb.conf, the sites or the firewall, never a guess;
 * --trusted with the members' networks then restricts instead. */
#ifndef PORTGUARD_CLDAP_CONSUMERS_H
#define PORTGUARD_CLDAP_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"
#include "services/smb_conf.h"

#define CLDAP_PATH_CONFIG SMB_CONF_PATH

/* members whose networks smb.conf names: restrict to them */
extern const struct consumer_kind cldap_kind_members;
/* a domain whose members' networks are not known: explain */
extern const struct consumer_kind cldap_kind_domain;
extern const struct consumer_kind *const cldap_consumer_kinds[];

/* file:line says server role subject (object: where the members'
 * networks come from, smb.conf's setting and the sites' subnets, or why
 * they are not known); samba runs as pid */
extern const struct evidence_source cldap_source_dc;
extern const struct evidence_source *const cldap_evidence_sources[];

/* Whether smb.conf's server role value is the AD DC's. */
bool cldap_role_is_dc(const char *role);

int cldap_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			 struct error_record *ret_error);
/* The change that keeps the world off 389/udp while the members still
 * reach it, for a domain consumer's facts: one sentence. */
void cldap_explain(const struct evidence *facts, enum language language, char *buffer, size_t size);

#endif
