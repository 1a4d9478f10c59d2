/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs snmpd: the monitoring stations snmpd.conf names in its
 * community lines (rocommunity, rwcommunity, their IPv6 forms, com2sec),
 * each with the network it polls from; and whether agentaddress binds
 * loopback only. snmp_consumers.c finds them, snmp_consumers_text.c
 * declares their kind and evidence source in German and English. */
#ifndef PORTGUARD_SNMP_CONSUMERS_H
#define PORTGUARD_SNMP_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"

#define SNMP_PATH_CONFIG "/etc/snmp/snmpd.conf"
#define SNMP_PATH_CONFIG_DIRECTORY "/etc/snmp/snmpd.conf.d"
/* net-snmp reads lines of up to 4096 bytes (SNMP_MAXBUF) */
#define SNMP_CONFIG_LINE_MAX 4096

extern const struct consumer_kind snmp_kind_station;
extern const struct consumer_kind *const snmp_consumer_kinds[];

/* file:line subject (keyword and community) admits object (source) */
extern const struct evidence_source snmp_source_community;
extern const struct evidence_source *const snmp_evidence_sources[];

int snmp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error);

#endif
