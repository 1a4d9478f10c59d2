/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs rpcbind, from the analysed host's files and the programs
 * registered with it: each consumer with its evidence and the networks
 * that must still reach port 111 for it. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "host/resolve.h"
#include "model/cidr.h"
#include "rpc/rpc.h"
#include "services/portmapper/consumers.h"
#include "services/portmapper/exports.h"
#include "services/portmapper/nfs.h"
#include "services/portmapper/nis.h"
#include "services/portmapper/portmapper_probe.h"

/* A literal address, or a name resolved as the analysed host would. */
static int derive_host(const struct host *host, const char *name, struct consumer *consumer, const char *what)
{
	struct cidr cidr;
	int r;

	if (cidr_parse(name, &cidr) == 0 && !strchr(name, '/'))
		return cidr_list_add(&consumer->trusted, &cidr);
	r = resolve_host(host, name, &consumer->trusted);
	if (r == 0)
		consumer_set_ambiguous(consumer, "%s '%s' does not resolve%s", what, name,
			      host_is_live(host) ? "" : " in the hosts file below --root");
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

static int derive_export(const struct host *host, const struct export_entry *entry, struct consumer *consumer)
{
	for (size_t i = 0; i < entry->client_count; i++) {
		const struct export_client *client = &entry->clients[i];
		int r = 0;

		switch (client->kind) {
		case EXPORT_CLIENT_NETWORK:
			r = cidr_list_add(&consumer->trusted, &client->network);
			break;
		case EXPORT_CLIENT_HOST:
			r = derive_host(host, client->spec, consumer, "the client host name");
			break;
		case EXPORT_CLIENT_WILDCARD:
			consumer_set_ambiguous(consumer, "%s:%u exports %s to the wildcard '%s', which names no network",
				      entry->file, entry->line, entry->path, client->spec);
			break;
		case EXPORT_CLIENT_NETGROUP:
			consumer_set_ambiguous(consumer, "%s:%u exports %s to the netgroup '%s', whose hosts are not known here",
				      entry->file, entry->line, entry->path, client->spec);
			break;
		case EXPORT_CLIENT_ANYONE:
			consumer_set_ambiguous(consumer, "%s:%u exports %s to everyone ('%s'), which names no network",
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

static int find_nfs_server(const struct host *host, struct consumer_list *list, struct error_record *error)
{
	struct nfs_server_versions versions;
	struct export_list exports;
	int r;

	r = nfs_server_versions_read(host, &versions, error);
	if (r < 0)
		return r;
	r = exports_read(host, &exports, error);
	if (r < 0)
		return r;
	if (exports.count > 0 && !versions.v2 && !versions.v3)
		consumer_list_note(list, "The NFS server serves only NFSv4 (%s), which does not need rpcbind.", versions.source);
	if (exports.count == 0 && versions.kernel && versions.threads > 0 && (versions.v2 || versions.v3))
		consumer_list_note(list, "nfsd runs with %s on (%s) but exports nothing, so no NFS client needs rpcbind here.",
			 served_versions(&versions), versions.source);
	for (size_t i = 0; r == 0 && (versions.v2 || versions.v3) && i < exports.count; i++) {
		const struct export_entry *entry = &exports.items[i];
		struct consumer consumer = {
			.kind = &portmapper_kind_nfs_server,
			.facts = { .source = &portmapper_source_export, .line = entry->line, .nfs_v2 = versions.v2, .nfs_v3 = versions.v3 },
		};

		describe_clients(entry, consumer.facts.object, sizeof(consumer.facts.object));
		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", entry->file);
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", entry->path);
		text_format(consumer.facts.versions_source, sizeof(consumer.facts.versions_source), "%s", versions.source);
		r = derive_export(host, entry, &consumer);
		if (r == 0)
			r = consumer_list_add(list, &consumer);
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

static int find_nfs_client(const struct host *host, struct consumer_list *list, struct error_record *error)
{
	struct nfs_mount_list mounts;
	int r;

	r = nfs_mounts_read(host, &mounts, error);
	if (r < 0)
		return r;
	for (size_t i = 0; r == 0 && i < mounts.count; i++) {
		const struct nfs_mount *mount = &mounts.items[i];
		struct consumer consumer = { .kind = &portmapper_kind_nfs_client };
		char description[CONSUMER_TEXT_MAX - 64];

		describe_mount(mount, description, sizeof(description));
		if (!nfs_mount_needs_rpcbind(mount)) {
			if (mount->version == 0)
				consumer_list_note(list, "%s names no NFS version: the kernel tries NFSv4 first, which does not need rpcbind; add vers=3 to its options if its server has no NFSv4.",
					 description);
			else if (mount->version < 4)
				consumer_list_note(list, "%s uses nolock: without statd it does not need rpcbind.", description);
			else
				consumer_list_note(list, "%s: NFSv4 does not need rpcbind.", description);
			continue;
		}
		consumer.facts = (struct evidence){
			.source = mount->from_fstab ? &portmapper_source_fstab : &portmapper_source_mount,
			.line = mount->line,
			.version = mount->version,
		};
		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", mount->file);
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", mount->source);
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s", mount->mount_point);
		if (mount->server[0])
			r = derive_host(host, mount->server, &consumer, "the NFS server");
		else
			consumer_set_ambiguous(&consumer, "the server of %s is not named", mount->source);
		if (r == 0)
			r = consumer_list_add(list, &consumer);
		else
			cidr_list_free(&consumer.trusted);
	}
	nfs_mount_list_free(&mounts);
	return r;
}

static void daemon_facts(const struct evidence_source *source, const char *name, const struct nis_daemon *daemon,
			 struct evidence *ret_facts)
{
	*ret_facts = (struct evidence){ .source = source, .pid = daemon->running ? daemon->pid : 0 };
	text_format(ret_facts->subject, sizeof(ret_facts->subject), "%s", name);
	if (!daemon->running)
		text_format(ret_facts->object, sizeof(ret_facts->object), "%s", daemon->enabled_link);
}

static int find_nis(const struct host *host, struct consumer_list *list, struct error_record *error)
{
	struct nis_state state;
	int r;

	r = nis_read(host, &state, error);
	if (r < 0)
		return r;
	if (state.server.running || state.server.enabled) {
		struct consumer consumer = { .kind = &portmapper_kind_nis };

		daemon_facts(&portmapper_source_nis_server, "ypserv", &state.server, &consumer.facts);
		if (!state.securenets_found)
			consumer_set_ambiguous(&consumer, "ypserv answers every host (there is no %s)", PATH_SECURENETS);
		else if (state.securenets_everyone)
			consumer_set_ambiguous(&consumer, "%s admits every host", PATH_SECURENETS);
		else
			for (size_t i = 0; r == 0 && i < state.securenets.count; i++)
				r = cidr_list_add(&consumer.trusted, &state.securenets.items[i]);
		consumer.facts.clients_listed = state.securenets_found && !state.securenets_everyone;
		r = r < 0 ? r : consumer_list_add(list, &consumer);
	}
	if (r == 0 && (state.client.running || state.client.enabled)) {
		/* ypbind's callers are local programs: loopback is enough. */
		struct consumer consumer = { .kind = &portmapper_kind_nis };

		daemon_facts(&portmapper_source_nis_client, "ypbind", &state.client, &consumer.facts);
		r = consumer_list_add(list, &consumer);
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
		return consumer_list_has(list, &portmapper_kind_nfs_server) || consumer_list_has(list, &portmapper_kind_nfs_client);
	case 100003:	/* nfs */
	case 100005:	/* mountd */
	case 100011:	/* rquotad */
	case 100227:	/* nfs_acl */
		return consumer_list_has(list, &portmapper_kind_nfs_server);
	case 100004:	/* ypserv */
	case 100007:	/* ypbind */
	case 100009:	/* yppasswdd */
	case 100069:	/* ypxfrd */
		return consumer_list_has(list, &portmapper_kind_nis);
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

	*facts = (struct evidence){ .source = &portmapper_source_rpc_program, .program = program };
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

static int find_rpc_programs(const struct rpc_summary *rpc, struct consumer_list *list)
{
	for (size_t i = 0; i < rpc->count; i++) {
		uint32_t program = rpc->programs[i].program;
		struct consumer consumer = { .kind = &portmapper_kind_rpc_program };
		bool first = true;
		int r;

		for (size_t j = 0; j < i && first; j++)
			first = rpc->programs[j].program != program;
		if (!first || program == RPC_PORTMAPPER_PROGRAM)
			continue;
		if (program == 100003 && only_nfs_v4(rpc)) {
			consumer_list_note(list, "nfs (100003) is registered for NFSv4 only, which does not need rpcbind.");
			continue;
		}
		program_facts(rpc, program, &consumer.facts);
		consumer.facts.for_consumer_above = program_explained(list, program);
		if (!consumer.facts.for_consumer_above) {
			char described[CONSUMER_TEXT_MAX];

			evidence_format(&consumer.facts, LANGUAGE_ENGLISH, described, sizeof(described));
			consumer_set_callers_unknown(&consumer, "nothing on this host says who calls %s, registered with rpcbind",
					    described);
		}
		r = consumer_list_add(list, &consumer);
		if (r < 0)
			return r;
	}
	return 0;
}

int portmapper_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			      struct error_record *ret_error)
{
	const struct service_answer *answer = request->answer;
	int r;

	r = find_nfs_server(request->host, list, ret_error);
	if (r == 0)
		r = find_nfs_client(request->host, list, ret_error);
	if (r == 0)
		r = find_nis(request->host, list, ret_error);
	if (r == 0 && answer && answer->reachable)
		r = find_rpc_programs(portmapper_summary(answer), list);
	else if (r == 0 && answer)
		consumer_list_note(list, "The local portmapper did not answer, so its registered programs are not known.");
	return r;
}
