/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "base/grow.h"
#include "base/text.h"
#include "host/exports.h"
#include "host/nfs.h"
#include "host/nis.h"
#include "host/resolve.h"
#include "kernel/process_find.h"
#include "model/cidr.h"
#include "rpc/rpc.h"
#include "systemd/units.h"

__attribute__((format(printf, 2, 3)))
static void add_note(struct consumer_list *list, const char *format, ...)
{
	va_list arguments;

	if (list->note_count == ASSESS_NOTES_MAX)
		return;
	va_start(arguments, format);
	vsnprintf(list->notes[list->note_count++], CONSUMER_TEXT_MAX, format, arguments);
	va_end(arguments);
}

/* Appends consumer (moving its trusted list) to list. */
static int add_consumer(struct consumer_list *list, struct consumer *consumer)
{
	struct consumer *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items) {
		cidr_list_free(&consumer->trusted);
		return -ENOMEM;
	}
	list->items = items;
	cidr_list_normalize(&consumer->trusted);
	evidence_format(&consumer->facts, LANGUAGE_ENGLISH, consumer->evidence, sizeof(consumer->evidence));
	list->items[list->count++] = *consumer;
	*consumer = (struct consumer){ 0 };
	return 0;
}

__attribute__((format(printf, 2, 3)))
static void set_ambiguous(struct consumer *consumer, const char *format, ...)
{
	va_list arguments;

	if (consumer->ambiguous)
		return;	/* the first reason is the one to fix first */
	consumer->ambiguous = true;
	va_start(arguments, format);
	vsnprintf(consumer->ambiguity, sizeof(consumer->ambiguity), format, arguments);
	va_end(arguments);
}

__attribute__((format(printf, 2, 3)))
static void set_callers_unknown(struct consumer *consumer, const char *format, ...)
{
	va_list arguments;

	consumer->callers_unknown = true;
	va_start(arguments, format);
	vsnprintf(consumer->ambiguity, sizeof(consumer->ambiguity), format, arguments);
	va_end(arguments);
}

static bool has_kind(const struct consumer_list *list, enum consumer_kind kind)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].kind == kind)
			return true;
	return false;
}

/* A literal address, or a name resolved as the analysed host would. */
static int derive_host(const char *root, const char *host, struct consumer *consumer, const char *what)
{
	struct cidr cidr;
	int r;

	if (cidr_parse(host, &cidr) == 0 && !strchr(host, '/'))
		return cidr_list_add(&consumer->trusted, &cidr);
	r = resolve_host(root, host, &consumer->trusted);
	if (r == 0)
		set_ambiguous(consumer, "%s '%s' does not resolve%s", what, host,
			      root[0] ? " in the hosts file below --root" : "");
	return r < 0 ? r : 0;
}

static void describe_clients(const struct export_entry *entry, char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < entry->client_count && used + 1 < size; i++) {
		const char *spec = entry->clients[i].spec[0] ? entry->clients[i].spec : (const char[]){ EVIDENCE_EVERYONE, 0 };
		int written = snprintf(buffer + used, size - used, "%s%s", i ? ", " : "", spec);

		if (written < 0)
			break;
		used += (size_t)written;
	}
}

static int derive_export(const char *root, const struct export_entry *entry, struct consumer *consumer)
{
	for (size_t i = 0; i < entry->client_count; i++) {
		const struct export_client *client = &entry->clients[i];
		int r = 0;

		switch (client->kind) {
		case EXPORT_CLIENT_NETWORK:
			r = cidr_list_add(&consumer->trusted, &client->network);
			break;
		case EXPORT_CLIENT_HOST:
			r = derive_host(root, client->spec, consumer, "the client host name");
			break;
		case EXPORT_CLIENT_WILDCARD:
			set_ambiguous(consumer, "%s:%u exports %s to the wildcard '%s', which names no network",
				      entry->file, entry->line, entry->path, client->spec);
			break;
		case EXPORT_CLIENT_NETGROUP:
			set_ambiguous(consumer, "%s:%u exports %s to the netgroup '%s', whose hosts are not known here",
				      entry->file, entry->line, entry->path, client->spec);
			break;
		case EXPORT_CLIENT_ANYONE:
			set_ambiguous(consumer, "%s:%u exports %s to everyone ('%s'), which names no network",
				      entry->file, entry->line, entry->path, client->spec[0] ? client->spec : "*");
			break;
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static const char *served_versions(const struct nfs_server_versions *versions)
{
	return versions->v2 && versions->v3 ? "NFSv2 and NFSv3" : versions->v2 ? "NFSv2" : "NFSv3";
}

static int assess_nfs_server(const char *root, struct consumer_list *list, struct error_record *error)
{
	struct nfs_server_versions versions;
	struct export_list exports;
	int r;

	r = nfs_server_versions_read(root, &versions, error);
	if (r < 0)
		return r;
	r = exports_read(root, &exports, error);
	if (r < 0)
		return r;
	if (exports.count > 0 && !versions.v2 && !versions.v3)
		add_note(list, "The NFS server serves only NFSv4 (%s), which does not need rpcbind.", versions.source);
	if (exports.count == 0 && versions.kernel && versions.threads > 0 && (versions.v2 || versions.v3))
		add_note(list, "nfsd runs with %s on (%s) but exports nothing, so no NFS client needs rpcbind here.",
			 served_versions(&versions), versions.source);
	for (size_t i = 0; r == 0 && (versions.v2 || versions.v3) && i < exports.count; i++) {
		const struct export_entry *entry = &exports.items[i];
		struct consumer consumer = {
			.kind = CONSUMER_NFS_SERVER,
			.facts = { .source = EVIDENCE_EXPORT, .line = entry->line, .nfs_v2 = versions.v2, .nfs_v3 = versions.v3 },
		};

		describe_clients(entry, consumer.facts.object, sizeof(consumer.facts.object));
		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", entry->file);
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", entry->path);
		text_format(consumer.facts.versions_source, sizeof(consumer.facts.versions_source), "%s", versions.source);
		r = derive_export(root, entry, &consumer);
		if (r == 0)
			r = add_consumer(list, &consumer);
		else
			cidr_list_free(&consumer.trusted);
	}
	export_list_free(&exports);
	return r;
}

static void describe_mount(const struct nfs_mount *mount, char *buffer, size_t size)
{
	if (mount->from_fstab)
		text_format(buffer, size, "%s:%u: NFSv%u mount of %s on %s (not mounted now)", mount->file, mount->line,
			 mount->version ? mount->version : 4, mount->source, mount->mount_point);
	else
		text_format(buffer, size, "NFSv%u mount of %s on %s (%s:%u)", mount->version, mount->source,
			 mount->mount_point, mount->file, mount->line);
}

static int assess_nfs_client(const char *root, struct consumer_list *list, struct error_record *error)
{
	struct nfs_mount_list mounts;
	int r;

	r = nfs_mounts_read(root, &mounts, error);
	if (r < 0)
		return r;
	for (size_t i = 0; r == 0 && i < mounts.count; i++) {
		const struct nfs_mount *mount = &mounts.items[i];
		struct consumer consumer = { .kind = CONSUMER_NFS_CLIENT };
		char description[CONSUMER_TEXT_MAX - 64];

		describe_mount(mount, description, sizeof(description));
		if (!nfs_mount_needs_rpcbind(mount)) {
			if (mount->version == 0)
				add_note(list, "%s names no NFS version: the kernel tries NFSv4 first, which does not need rpcbind; add vers=3 to its options if its server has no NFSv4.",
					 description);
			else if (mount->version < 4)
				add_note(list, "%s uses nolock: without statd it does not need rpcbind.", description);
			else
				add_note(list, "%s: NFSv4 does not need rpcbind.", description);
			continue;
		}
		consumer.facts = (struct evidence){
			.source = mount->from_fstab ? EVIDENCE_FSTAB : EVIDENCE_MOUNT,
			.line = mount->line,
			.version = mount->version,
		};
		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", mount->file);
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", mount->source);
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s", mount->mount_point);
		if (mount->server[0])
			r = derive_host(root, mount->server, &consumer, "the NFS server");
		else
			set_ambiguous(&consumer, "the server of %s is not named", mount->source);
		if (r == 0)
			r = add_consumer(list, &consumer);
		else
			cidr_list_free(&consumer.trusted);
	}
	nfs_mount_list_free(&mounts);
	return r;
}

static void daemon_facts(enum evidence_source source, const char *name, const struct nis_daemon *daemon,
			 struct evidence *ret_facts)
{
	*ret_facts = (struct evidence){ .source = source, .pid = daemon->running ? daemon->pid : 0 };
	text_format(ret_facts->subject, sizeof(ret_facts->subject), "%s", name);
	if (!daemon->running)
		text_format(ret_facts->object, sizeof(ret_facts->object), "%s", daemon->enabled_link);
}

static int assess_nis(const char *root, struct consumer_list *list, struct error_record *error)
{
	struct nis_state state;
	int r;

	r = nis_read(root, &state, error);
	if (r < 0)
		return r;
	if (state.server.running || state.server.enabled) {
		struct consumer consumer = { .kind = CONSUMER_NIS };

		daemon_facts(EVIDENCE_NIS_SERVER, "ypserv", &state.server, &consumer.facts);
		if (!state.securenets_found)
			set_ambiguous(&consumer, "ypserv answers every host (there is no %s)", PATH_SECURENETS);
		else if (state.securenets_everyone)
			set_ambiguous(&consumer, "%s admits every host", PATH_SECURENETS);
		else
			for (size_t i = 0; r == 0 && i < state.securenets.count; i++)
				r = cidr_list_add(&consumer.trusted, &state.securenets.items[i]);
		consumer.facts.clients_listed = state.securenets_found && !state.securenets_everyone;
		r = r < 0 ? r : add_consumer(list, &consumer);
	}
	if (r == 0 && (state.client.running || state.client.enabled)) {
		/* ypbind's callers are local programs: loopback is enough. */
		struct consumer consumer = { .kind = CONSUMER_NIS };

		daemon_facts(EVIDENCE_NIS_CLIENT, "ypbind", &state.client, &consumer.facts);
		r = add_consumer(list, &consumer);
	}
	nis_state_free(&state);
	return r;
}

/* Programs that belong to a consumer found from the configuration. */
static bool program_explained(const struct consumer_list *list, uint32_t program)
{
	switch (program) {
	case 100021:	/* nlockmgr */
	case 100024:	/* status */
		return has_kind(list, CONSUMER_NFS_SERVER) || has_kind(list, CONSUMER_NFS_CLIENT);
	case 100003:	/* nfs */
	case 100005:	/* mountd */
	case 100011:	/* rquotad */
	case 100227:	/* nfs_acl */
		return has_kind(list, CONSUMER_NFS_SERVER);
	case 100004:	/* ypserv */
	case 100007:	/* ypbind */
	case 100009:	/* yppasswdd */
	case 100069:	/* ypxfrd */
		return has_kind(list, CONSUMER_NIS);
	default:
		return false;
	}
}

static void append(char *buffer, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buffer, size_t size, const char *format, ...)
{
	size_t used = strlen(buffer);
	va_list arguments;

	if (used + 1 >= size)
		return;
	va_start(arguments, format);
	vsnprintf(buffer + used, size - used, format, arguments);
	va_end(arguments);
}

/* "mountd", program 100005, " v1,v3 tcp/20048 udp/20048" from every
 * registration. */
static void program_facts(const struct rpc_summary *rpc, uint32_t program, struct evidence *facts)
{
	const char *name = NULL;
	char *buffer = facts->object;
	size_t size = sizeof(facts->object);

	*facts = (struct evidence){ .source = EVIDENCE_RPC_PROGRAM, .program = program };
	for (size_t i = 0; i < rpc->count && !name; i++)
		if (rpc->programs[i].program == program && rpc->programs[i].name[0])
			name = rpc->programs[i].name;
	if (!name)
		name = rpc_program_name(program);
	if (name && strtoul(name, NULL, 10) != program)
		text_format(facts->subject, sizeof(facts->subject), "%s", name);
	for (size_t pass = 0; pass < 2; pass++) {
		const char *separator = " ";

		for (size_t i = 0; i < rpc->count; i++) {
			const struct rpc_program *item = &rpc->programs[i];
			bool seen = false;

			if (item->program != program)
				continue;
			for (size_t j = 0; j < i && !seen; j++) {
				const struct rpc_program *other = &rpc->programs[j];

				seen = other->program == program &&
				       (pass == 0 ? other->version == item->version :
					other->port == item->port && strcmp(other->protocol, item->protocol) == 0);
			}
			if (seen)
				continue;
			if (pass == 0)
				append(buffer, size, "%sv%u", separator, item->version);
			else if (item->port)
				append(buffer, size, "%s%s/%u", separator, item->protocol, item->port);
			else
				append(buffer, size, "%s%s", separator, item->protocol);
			separator = pass == 0 ? "," : " ";
		}
	}
}

static bool only_nfs_v4(const struct rpc_summary *rpc)
{
	bool any = false;

	for (size_t i = 0; i < rpc->count; i++)
		if (rpc->programs[i].program == 100003) {
			if (rpc->programs[i].version < 4)
				return false;
			any = true;
		}
	return any;
}

static int assess_rpc_programs(const struct rpc_summary *rpc, struct consumer_list *list)
{
	for (size_t i = 0; i < rpc->count; i++) {
		uint32_t program = rpc->programs[i].program;
		struct consumer consumer = { .kind = CONSUMER_RPC_PROGRAM };
		bool first = true;
		int r;

		for (size_t j = 0; j < i && first; j++)
			first = rpc->programs[j].program != program;
		if (!first || program == RPC_PORTMAPPER_PROGRAM)
			continue;
		if (program == 100003 && only_nfs_v4(rpc)) {
			add_note(list, "nfs (100003) is registered for NFSv4 only, which does not need rpcbind.");
			continue;
		}
		program_facts(rpc, program, &consumer.facts);
		consumer.facts.for_consumer_above = program_explained(list, program);
		if (!consumer.facts.for_consumer_above) {
			char described[CONSUMER_TEXT_MAX];

			evidence_format(&consumer.facts, LANGUAGE_ENGLISH, described, sizeof(described));
			set_callers_unknown(&consumer, "nothing on this host says who calls %s, registered with rpcbind",
					    described);
		}
		r = add_consumer(list, &consumer);
		if (r < 0)
			return r;
	}
	return 0;
}

static bool unit_explained(const struct consumer_list *list, const char *name)
{
	static const char *const nfs_prefixes[] = { "nfs", "rpc-statd", "rpc-gssd", "rpc-svcgssd", "rpc_pipefs" };
	static const char *const nis_prefixes[] = { "yp", "nis" };

	for (size_t i = 0; i < sizeof(nfs_prefixes) / sizeof(nfs_prefixes[0]); i++)
		if (strncmp(name, nfs_prefixes[i], strlen(nfs_prefixes[i])) == 0)
			return has_kind(list, CONSUMER_NFS_SERVER) || has_kind(list, CONSUMER_NFS_CLIENT);
	for (size_t i = 0; i < sizeof(nis_prefixes) / sizeof(nis_prefixes[0]); i++)
		if (strncmp(name, nis_prefixes[i], strlen(nis_prefixes[i])) == 0)
			return has_kind(list, CONSUMER_NIS);
	return false;
}

static int assess_units(const struct service_units *units, struct consumer_list *list)
{
	for (size_t i = 0; i < units->count; i++) {
		const struct unit_dependent *unit = &units->dependents[i];
		struct consumer consumer = { .kind = CONSUMER_UNIT };
		bool explained = unit_explained(list, unit->name);
		int r;

		consumer.facts = (struct evidence){
			.source = EVIDENCE_UNIT,
			.relation = unit->relation == UNIT_REQUIRED_BY ? EVIDENCE_REQUIRES
				  : unit->relation == UNIT_WANTED_BY ? EVIDENCE_WANTS : EVIDENCE_BOUND_TO,
		};
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", unit->name);
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s", unit->depends_on);
		text_format(consumer.facts.active_state, sizeof(consumer.facts.active_state), "%s", unit->active_state);
		text_format(consumer.facts.unit_file_state, sizeof(consumer.facts.unit_file_state), "%s",
			    unit->unit_file_state);
		/* A missing wanted unit does not keep a unit from starting. */
		if (unit->relation == UNIT_WANTED_BY && !explained) {
			char described[CONSUMER_TEXT_MAX];

			evidence_format(&consumer.facts, LANGUAGE_ENGLISH, described, sizeof(described));
			add_note(list, "%s, but does not require it: it still starts when rpcbind is stopped.", described);
			continue;
		}
		consumer.facts.for_consumer_above = explained;
		if (!explained)
			set_callers_unknown(&consumer, "nothing on this host says who connects to %s", unit->name);
		r = add_consumer(list, &consumer);
		if (r < 0)
			return r;
	}
	return 0;
}

static void note_units_error(struct consumer_list *list, int error)
{
	if (error == -ENOMEDIUM)
		add_note(list, "systemd is not running here (PID 1 is not systemd), so no unit was asked whether it needs rpcbind.");
	else
		add_note(list, "The system bus could not be asked which units need rpcbind (%s).", strerror(-error));
}

int assess_consumers(const struct assess_input *input, struct consumer_list *ret_list,
		     struct error_record *ret_error)
{
	struct consumer_list list = { 0 };
	int r;

	r = assess_nfs_server(input->root, &list, ret_error);
	if (r == 0)
		r = assess_nfs_client(input->root, &list, ret_error);
	if (r == 0)
		r = assess_nis(input->root, &list, ret_error);
	if (r == 0 && input->answer && input->answer->reachable)
		r = assess_rpc_programs(input->answer->detail, &list);
	else if (r == 0 && input->answer)
		add_note(&list, "The local portmapper did not answer, so its registered programs are not known.");
	if (r == 0 && input->units)
		r = assess_units(input->units, &list);
	else if (r == 0 && input->units_error)
		note_units_error(&list, input->units_error);
	if (r < 0) {
		consumer_list_free(&list);
		return r;
	}
	*ret_list = list;
	return 0;
}

static void supervision_live(const struct assess_input *input, struct supervision *service)
{
	const struct service *own = input->service;
	const char *starter = own->socket_unit ? own->socket_unit : own->service_unit;
	const struct owner *outside = NULL;

	for (size_t i = 0; input->listeners && i < input->listeners->count; i++) {
		const struct listener *listener = &input->listeners->items[i];

		if (!listener->exposed)
			continue;
		for (size_t o = 0; o < listener->owner_count; o++) {
			const struct owner *owner = &listener->owners[o];

			/* PID 1 holds only the sockets of its socket units. */
			if (service_owns_unit(own, owner->unit) || owner->pid == 1) {
				const char *unit = service_owns_unit(own, owner->unit) || !input->units ? owner->unit : starter;

				service->under_systemd = true;
				if (own->socket_unit && strcmp(unit, own->socket_unit) == 0)
					service->socket_activated = true;
				service->facts = (struct service_evidence){ .how = SERVICE_HELD_FOR_UNIT, .pid = owner->pid };
				text_format(service->facts.process, sizeof(service->facts.process), "%s", owner->process);
				text_format(service->facts.unit, sizeof(service->facts.unit), "%s", unit);
			} else if (!outside) {
				outside = owner;
			}
		}
	}
	if (input->units && input->units->socket_activated)
		service->socket_activated = true;
	if (service->under_systemd)
		return;
	if (outside) {
		service->facts = (struct service_evidence){ .how = SERVICE_HELD_BY, .pid = outside->pid };
		text_format(service->facts.process, sizeof(service->facts.process), "%s", outside->process);
		text_format(service->facts.unit, sizeof(service->facts.unit), "%s", outside->unit);
	} else if (input->units && (unit_state_running(input->units->socket.active_state) ||
				    unit_state_running(input->units->service.active_state))) {
		service->under_systemd = true;
		service->facts = (struct service_evidence){ .how = SERVICE_SYSTEMD_REPORTS };
		text_format(service->facts.socket_state, sizeof(service->facts.socket_state), "%s",
			    input->units->socket.active_state);
		text_format(service->facts.service_state, sizeof(service->facts.service_state), "%s",
			    input->units->service.active_state);
	} else {
		service->facts = (struct service_evidence){ .how = SERVICE_NO_UNIT };
	}
}

static void supervision_below_root(const struct service *own, const char *root, struct supervision *service)
{
	pid_t pid = process_find(root, own->daemon);
	char *text = NULL, path[PATH_MAX], unit[UNIT_NAME_MAX] = "";
	size_t length;
	bool systemd = false;

	if (paths_read_file(root, "/proc/1/comm", &text, &length) == 0) {
		systemd = strncmp(text, "systemd\n", 8) == 0 || strcmp(text, "systemd") == 0;
		free(text);
	}
	if (systemd && own->socket_unit) {
		text_format(path, sizeof(path), "/etc/systemd/system/sockets.target.wants/%s", own->socket_unit);
		service->socket_activated = paths_exists(root, path);
	}
	text_format(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	if (pid > 0 && paths_read_file(root, path, &text, &length) == 0) {
		char needle[UNIT_NAME_MAX + 1];

		text_format(needle, sizeof(needle), "/%s", own->service_unit);
		if (strstr(text, needle))
			text_format(unit, sizeof(unit), "%s", own->service_unit);
		free(text);
	}
	service->under_systemd = systemd && (unit[0] || service->socket_activated);
	service->facts = (struct service_evidence){
		.how = pid > 0 && service->under_systemd && unit[0] ? SERVICE_RUNS_IN
		     : service->under_systemd ? SERVICE_SOCKET_ENABLED
		     : pid > 0 ? SERVICE_RUNS_OUTSIDE : SERVICE_NONE_BELOW_ROOT,
		.pid = pid,
	};
	text_format(service->facts.unit, sizeof(service->facts.unit), "%s", unit);
}

void assess_supervision(const struct assess_input *input, struct supervision *ret_service)
{
	struct supervision service = { 0 };

	if (input->root[0])
		supervision_below_root(input->service, input->root, &service);
	else
		supervision_live(input, &service);
	service_evidence_format(&service.facts, input->service, LANGUAGE_ENGLISH, service.evidence, sizeof(service.evidence));
	*ret_service = service;
}

void consumer_list_free(struct consumer_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		cidr_list_free(&list->items[i].trusted);
	free(list->items);
	list->items = NULL;
	list->count = list->capacity = 0;
	list->note_count = 0;
}

int consumer_list_copy(const struct consumer_list *from, struct consumer_list *ret_copy)
{
	int r = 0;

	*ret_copy = (struct consumer_list){ .note_count = from->note_count };
	memcpy(ret_copy->notes, from->notes, sizeof(ret_copy->notes));
	ret_copy->items = calloc(from->count + 1, sizeof(*ret_copy->items));
	if (!ret_copy->items)
		return -ENOMEM;
	ret_copy->capacity = from->count + 1;
	for (size_t i = 0; r == 0 && i < from->count; i++) {
		ret_copy->items[i] = from->items[i];
		ret_copy->items[i].trusted = (struct cidr_list){ 0 };
		ret_copy->count++;
		r = cidr_list_add_all(&ret_copy->items[i].trusted, &from->items[i].trusted);
	}
	return r;
}

const char *consumer_kind_name(enum consumer_kind kind)
{
	static const char *const names[] = {
		[CONSUMER_NFS_SERVER] = "nfs-server", [CONSUMER_NFS_CLIENT] = "nfs-client", [CONSUMER_NIS] = "nis",
		[CONSUMER_RPC_PROGRAM] = "rpc-program", [CONSUMER_UNIT] = "unit",
	};
	return (unsigned int)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

const char *consumer_kind_description(enum consumer_kind kind)
{
	static const char *const names[] = {
		[CONSUMER_NFS_SERVER] = "the NFS server", [CONSUMER_NFS_CLIENT] = "an NFS mount",
		[CONSUMER_NIS] = "NIS", [CONSUMER_RPC_PROGRAM] = "the RPC program",
		[CONSUMER_UNIT] = "the unit",
	};
	return (unsigned int)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

const char *consumer_kind_description_in(enum consumer_kind kind, enum language language)
{
	static const char *const german[] = {
		[CONSUMER_NFS_SERVER] = "der NFS-Server", [CONSUMER_NFS_CLIENT] = "ein NFS-Mount",
		[CONSUMER_NIS] = "NIS", [CONSUMER_RPC_PROGRAM] = "das RPC-Programm",
		[CONSUMER_UNIT] = "die Unit",
	};

	if (language == LANGUAGE_ENGLISH)
		return consumer_kind_description(kind);
	return (unsigned int)kind < sizeof(german) / sizeof(german[0]) ? german[kind] : "?";
}

int consumer_kind_from_name(const char *name)
{
	for (int kind = CONSUMER_NFS_SERVER; name && kind <= CONSUMER_UNIT; kind++)
		if (strcmp(consumer_kind_name((enum consumer_kind)kind), name) == 0)
			return kind;
	return -EINVAL;
}
