/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the DNS server, from its configuration below the analysed
 * host: the authoritative zones it serves the world (unbound's
 * auth-zone and local-zone with local-data, BIND's zones of type
 * primary/master or secondary/slave, dnsmasq's auth-zone), and the
 * networks it lets recurse (unbound's access-control, BIND's
 * allow-recursion, dnsmasq's local-service). A zone makes the plan
 * "explain": no firewall rule may cut the world off it, so the line
 * that opens recursion is what to change. The networks are the
 * trusted ones of a recursive-only server. */
#ifndef PORTGUARD_DNS_CONSUMERS_H
#define PORTGUARD_DNS_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"

#define DNS_PATH_UNBOUND "/etc/unbound/unbound.conf"
#define DNS_PATH_NAMED "/etc/bind/named.conf"
#define DNS_PATH_DNSMASQ "/etc/dnsmasq.conf"
#define DNS_FILES_MAX 16
#define DNS_ZONES_MAX 8

enum dns_daemon {
	DNS_DAEMON_UNBOUND,
	DNS_DAEMON_BIND,
	DNS_DAEMON_DNSMASQ,
};

/* A line of a configuration file. */
struct dns_line {
	char file[EVIDENCE_TEXT_MAX];
	unsigned int line;
	char text[EVIDENCE_TEXT_MAX];
};

/* What the configuration files say of recursion and zones. */
struct dns_config {
	bool read[3];			/* by enum dns_daemon: its file was there */
	struct dns_line zones[DNS_ZONES_MAX];
	enum dns_daemon zone_daemons[DNS_ZONES_MAX];
	size_t zone_count;
	/* The line that lets every address recurse (0.0.0.0/0 allow,
	 * allow-recursion { any; }); line 0 when none does. */
	struct dns_line open;
	enum dns_daemon open_daemon;
	/* Networks the configuration lets recurse, neither loopback nor
	 * everything, with the first line naming one. */
	struct cidr_list allowed;
	struct dns_line allowed_line;
	/* BIND: recursion no; dnsmasq: local-service: nobody outside recurses. */
	bool recursion_off;
};

extern const struct consumer_kind dns_kind_zone;
extern const struct consumer_kind dns_kind_clients;
extern const struct consumer_kind *const dns_consumer_kinds[];

/* file:line serves zone subject to the world; object: the line that
 * opens recursion ("file:line: text"), or "" when the default does;
 * version: the enum dns_daemon */
extern const struct evidence_source dns_source_zone;
/* file:line lets network object recurse (subject the line) */
extern const struct evidence_source dns_source_recursion;
extern const struct evidence_source *const dns_evidence_sources[];

/* Reads unbound.conf, named.conf and dnsmasq.conf below host with their
 * includes (bounded: DNS_FILES_MAX files). 0, or -ENOMEM; a file that
 * is not there is no error. */
int dns_config_read(const struct host *host, struct dns_config *ret_config, struct error_record *ret_error);
/* The same from one file's text, as daemon's (for the unit tests and
 * the fuzzer): includes are not followed. */
int dns_config_parse(enum dns_daemon daemon, const char *file, const char *text, struct dns_config *config);
void dns_config_free(struct dns_config *config);

int dns_find_consumers(const struct consumer_request *request, struct consumer_list *list,
		       struct error_record *ret_error);
bool dns_answers_outsiders(const struct host *host, const struct service_answer *answer);
/* The change that makes the server recurse for its own networks alone,
 * for a zone consumer's facts: one sentence naming the file:line. */
void dns_explain(const struct evidence *facts, enum language language, char *buffer, size_t size);

#endif
