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

#include "model/model.h"

struct consumer_kind;
struct consumer_list;
struct consumer_request;
struct error_record;
struct evidence_source;

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
