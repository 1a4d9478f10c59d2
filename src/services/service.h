/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the engine knows of a service that abuse mails report: its
 * ports, its daemon, its systemd units and the reports that name it.
 * One table entry per service (services.c), each in a folder of its own
 * (services/portmapper/ is the worked example, doc/HACKING.md explains
 * the interface). The engine scans, plans, stops, restricts, verifies
 * and guards a service only through this struct. */
#ifndef PORTGUARD_SERVICE_H
#define PORTGUARD_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include <jansson.h>

#include "base/prose.h"
#include "model/model.h"
#include "services/answer.h"

/* What the report for the provider says of the service in its own
 * words; the rest of the letter is the engine's, with the daemon and
 * the port filled in. */
struct service_letter {
	struct bilingual subject;	/* "Offener Portmapper-Dienst" / "Open portmapper service" */
	/* what the mail was about: "den offenen Portmapper-Dienst (rpcbind, Port 111/udp und 111/tcp)" */
	struct bilingual notice;
	/* The service's own client, run from outside: the command line
	 * before the address and after it; then what it shows when nothing
	 * answers (nothing was open), when the rules filter it, and when
	 * the daemon is stopped. */
	const char *client_before;
	const char *client_after;
	struct bilingual client_sees_closed;
	struct bilingual client_sees_filtered;
	struct bilingual client_sees_stopped;
};

/* How the service is asked as the scanners ask it, and its answer
 * worded: check, fix, the record and probe HOST use these alone. */
struct service_probe {
	const char *json_key;		/* "rpc": the answer's key in check's JSON and the record */
	size_t request_bytes;		/* one request's size, known before asking */
	/* Why the daemon was not asked when only its socket unit holds the
	 * port (asking would start it), as check and the record say it. */
	const char *not_asked;
	/* This host's own daemon, at the addresses listeners shows bound.
	 * Unreachable is a result (reachable false). Returns 0 or -ENOMEM. */
	int (*ask_local)(const struct listener_list *listeners, struct service_answer *ret_answer);
	/* Every address host resolves to, on port, timeout_ms per wait.
	 * Returns 0; -ENOENT, -EAGAIN or -EINVAL when host does not
	 * resolve; -ENOMEM. */
	int (*ask_each)(const char *host, uint16_t port, unsigned int timeout_ms,
			struct service_address_list *ret_list);
	/* The daemon's answers cannot change while the same process holds
	 * the same sockets (wsdd takes its options only at start and has no
	 * reload): a look may take the answer kept for them instead of
	 * asking again (assess/answer_kept.h). */
	bool answer_lasts_per_process;
	/* A detail that is one flat struct (no pointers in it) gives its
	 * size: the engine copies it with memcpy and frees it with free.
	 * Else detail_copy and detail_free do both. */
	size_t detail_size;
	int (*detail_copy)(const void *detail, void **ret_copy);
	void (*detail_free)(void *detail);
	/* Ports the answer says belong to the service as well (--all-rpc),
	 * up to max into ports; returns how many. */
	size_t (*answer_ports)(const struct service_answer *answer, uint16_t *ports, size_t max);
	/* check's text section of the answer. */
	void (*answer_print)(const struct service_answer *answer, FILE *out);
	/* The object under json_key with reachable (true, false or null)
	 * as given, and back: reading takes what it can from a record that
	 * may be damaged. NULL or -ENOMEM when out of memory. */
	json_t *(*answer_json)(const struct service_answer *answer, json_t *reachable);
	int (*answer_from_json)(const json_t *object, struct service_answer *ret_answer);
	/* probe HOST: whether an outsider gets an answer; when not, why
	 * (a phrase); whether only bytes of another protocol came back. */
	bool (*answer_open)(const struct service_answer *answer);
	const char *(*closed_because)(const struct service_answer *answer);
	bool (*answer_garbled)(const struct service_answer *answer);
	/* "answered over UDP with bytes that are no RPC reply to our call" */
	const char *garbled;
	/* probe's text from the transports to the verdict, and its JSON
	 * keys after address, verdict and reason. */
	void (*probe_print)(const struct service_answer *answer, uint16_t port, bool open, FILE *out);
	json_t *(*probe_json)(const struct service_answer *answer);
	/* The report's findings on the answer, in language: what it
	 * leaks and what one request gets back. local_only: only the
	 * server itself got it; unanswered: the record says the daemon
	 * did not answer. Writes nothing when the record holds neither. */
	void (*report_findings)(const struct service_answer *answer, bool local_only, bool unanswered,
				enum language language, struct prose *prose);
	/* The report's appendix section "letter. heading" with what the
	 * answer leaks in full (before is set when the host was changed
	 * since). Returns false, writing nothing, when it leaks nothing. */
	bool (*report_appendix)(const struct service_answer *answer, char letter, bool before, struct prose *prose);
};

/* One of a service's own columns of an abuse row, as the mail gave it:
 * the name as the header spells it, in lower case, and the value as
 * received, line breaks folded. Both owned by the row that holds it. */
struct service_column {
	char *name;
	char *value;
};

/* How abuse mails name the service: a mail or a CSV is the service's
 * when one of these says so. Every list is NULL-terminated. */
struct service_mail {
	/* Shadowserver's report types, as its file names, subjects and
	 * report headers give them: "scan_portmapper", "scan6_snmp". */
	const char *const *report_types;
	/* What a CERT-Bund subject or text calls it, matched without case:
	 * "Portmapper", "mDNS". */
	const char *const *names;
	/* CSV columns that only its rows carry: CERT-Bund's
	 * "rpc_response", Shadowserver's "programs", "mountd_port". */
	const char *const *columns;
	/* What Shadowserver calls each report type, in report_types' order:
	 * "Open-Portmapper". */
	const char *const *report_titles;
	/* What one of its column's values should be ("a port number") when
	 * value does not read as that; NULL when it does. NULL: any text. */
	const char *(*column_invalid)(const char *column, const char *value);
	/* The record's keys for a row's own columns, set on row: the
	 * serialiser's half, defined in the service's *_mail_json.c. NULL:
	 * an object "columns" with each value under its name. Returns 0 or
	 * -ENOMEM. */
	int (*columns_to_json)(const struct service_column *columns, size_t count, json_t *row);
	/* And back: the columns a record's row keeps, leniently (a damaged
	 * or older record lacks values, and what does not read is left out),
	 * at most max into columns, each name and value allocated. Returns
	 * the count or -ENOMEM (the columns filled so far are the caller's
	 * to free). NULL: read from "columns". */
	int (*columns_from_json)(const json_t *row, struct service_column *columns, size_t max);
	/* Whether a row's columns show more of the service reachable than
	 * its port (the portmapper's RPC services): fix then covers their
	 * ports too, as with --all-rpc. NULL: never. */
	bool (*row_names_more)(const struct service_column *columns, size_t count);
	/* The report's words on a row with these columns, in language,
	 * after its address: here says the address is this host's; answer
	 * is what fix found (its detail the service's own, or none);
	 * restricted_ports counts the ports a restriction covers, 0 when
	 * the daemon was stopped. NULL: nothing more is said. */
	void (*report_row)(const struct service_column *columns, size_t count, bool here,
			   const struct service_answer *answer, size_t restricted_ports, enum language language,
			   struct prose *prose);
};

/* What a restriction drops from sources that are not trusted when not
 * the whole port: datagrams whose first payload byte, masked, is value.
 * NTP's modes 6 and 7 are mask 0x06, value 0x06 (the mode is the low
 * three bits, and only 6 and 7 end in 11x), so that time service
 * (modes 3 and 4) goes on for everyone. */
struct service_filter {
	uint8_t mask;
	uint8_t value;
	/* what it drops, for the plan and the report: "NTP control and
	 * monitoring queries (modes 6 and 7)" */
	struct bilingual dropped;
};

struct consumer_kind;
struct consumer_list;
struct evidence;
struct consumer_request;
struct error_record;
struct evidence_source;
struct host;

struct service {
	const char *name;			/* "portmapper": --service, the JSON, the record */
	const char *daemon;			/* "rpcbind": how sentences name what runs */
	/* Process and unit names that are this service, as prefixes
	 * ("rpcbind" also names rpcbind.socket); NULL-terminated. */
	const char *const *processes;
	/* Where scanners reach it; the first is the port sentences name. */
	const struct transport_port *ports;
	size_t port_count;
	/* Stopped, disabled and masked together; socket_unit is NULL for a
	 * service without one, which then cannot start itself again. */
	const char *socket_unit;
	const char *service_unit;
	const struct service_probe *probe;
	const struct service_letter *letter;
	const struct service_mail *mail;
	/* NULL: restrict closes the service's ports to sources that are not
	 * trusted. Else only what the filter matches is dropped, and the
	 * plan never stops the daemon (it serves the world on purpose). */
	const struct service_filter *restrict_filter;
	/* NULL: a daemon bound beyond loopback answers every host. Else
	 * whether it answers any host but this one, from its answer (asked
	 * locally) and its configuration below host: ntpsec answers queries
	 * only from networks a restrict line lets query. false makes check
	 * and fix call its listeners not exposed. */
	bool (*answers_outsiders)(const struct host *host, const struct service_answer *answer);
	/* NULL: an exposed service is stopped or restricted. Else a
	 * consumer of this kind (a DNS server's authoritative zone) is one
	 * no firewall rule may cut off, because the world must reach it:
	 * the plan is then "explain" (nothing changes), and explain words,
	 * from that consumer's facts, the one line of the daemon's own
	 * configuration to change instead (file:line and the change). */
	const struct consumer_kind *explain_kind;
	void (*explain)(const struct evidence *facts, enum language language, char *buffer, size_t size);
	/* false: check looks at it, and fix picks it when it is exposed.
	 * true: what a mail reports is no daemon of this host (IPMI's
	 * 623/udp is the board's BMC): check and the agent leave it out
	 * unless --service names it, so a host without it shows nothing
	 * of it; a mail's row makes fix pick it whatever the address, and
	 * its plan is "explain" whether or not anything listens here
	 * (explain_kind is then a consumer find_consumers always adds). */
	bool mail_only;

	/* Its consumers (services/consumer.h): who on the host still needs
	 * it. find_consumers appends to list what it finds, consumers with
	 * evidence and notes; it returns 0, -EINVAL with *ret_error naming
	 * the file and line that cannot be trusted, or -ENOMEM. The kinds
	 * and evidence sources it uses are declared here (NULL-terminated),
	 * so that a record names them and is read back by name. NULL all
	 * three for a service that nothing on the host depends on. The
	 * engine adds the systemd units that depend on the daemon. */
	int (*find_consumers)(const struct consumer_request *request, struct consumer_list *list,
			      struct error_record *ret_error);
	const struct consumer_kind *const *consumer_kinds;
	const struct evidence_source *const *evidence_sources;
};

/* Copies from, its detail too; *ret_copy is empty on -ENOMEM. */
int service_answer_copy(const struct service_answer *from, struct service_answer *ret_copy);
void service_answer_free(struct service_answer *answer);
/* Sets the keys every answer's JSON has on object (taken: freed on
 * failure): request_bytes, reply_bytes and amplification, and, when
 * reachable is given (taken as well), reachable and address. Returns
 * object, or NULL when out of memory. */
json_t *service_answer_json_sizes(json_t *object, const struct service_answer *answer, json_t *reachable);
/* probe --json's object of a UDP service: {"udp": detail (taken) with
 * the sizes and "open"}. NULL when out of memory. */
json_t *service_probe_json_udp(json_t *detail, const struct service_answer *answer, bool open);
void service_address_list_free(struct service_address_list *list);
/* Whether an outsider got an answer at the address (probe HOST). */
bool service_address_open(const struct service_probe *probe, const struct service_address_answer *item);

struct nft_shape;
/* The shape of the service's part of table inet portguard: its sets'
 * names (the portmapper keeps those of 0.1: trusted4, trusted6, ports;
 * the others carry their name: snmp_ports), the transports of its
 * ports, its restrict_filter. */
void service_nft_shape(const struct service *service, struct nft_shape *ret_shape);
/* Every service's shape, in the table's order of services, into
 * ret_shapes (room for SERVICES_MAX); returns how many: what a read of
 * the whole table may find there. */
size_t service_nft_shapes(struct nft_shape *ret_shapes);
/* The service whose part of the table has sets of prefix; NULL for none. */
const struct service *service_of_set_prefix(const char *set_prefix);

/* Whether one of the service's ports is on transport. */
bool service_uses(const struct service *service, enum transport transport);

/* The port the abuse mails and sentences name: the first. */
uint16_t service_port(const struct service *service);

/* true when name (a process or a unit) starts with one of the
 * service's names. */
bool service_names(const struct service *service, const char *name);

/* true when unit is the service's socket or service unit. */
bool service_owns_unit(const struct service *service, const char *unit);

/* The service's consumer kind or evidence source called name
 * ("nfs-server", "export"); NULL when it declares none such. */
const struct consumer_kind *service_consumer_kind(const struct service *service, const char *name);
const struct evidence_source *service_evidence_source(const struct service *service, const char *name);

/* The table: service_at(0) up to service_count() - 1, in the order
 * check shows them. At most SERVICES_MAX. */
#define SERVICES_MAX 32
size_t service_count(void);
const struct service *service_at(size_t index);

/* The service called name ("portmapper"); NULL when there is none. */
const struct service *service_find(const char *name);

/* The service 0.1 and 0.2 knew alone: a record without a service is
 * the portmapper's. */
const struct service *service_default(void);

#endif
