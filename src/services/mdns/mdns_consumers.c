/* SPDX-License-Identifier: GPL-2.0-or-later */
/* avahi's consumers from its files. avahi answers a question only from
 * a source on the link it came in on (RFC 6762 5.5, CVE-2017-6519), so
 * whoever needs it is a peer on a link it serves: the LAN's private
 * networks are trusted when the host publishes something; a public
 * link's network never is, its hosts are the ones the mail is about. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/text.h"
#include "model/cidr.h"
#include "services/mdns/mdns_consumers.h"

#define LINKS_MAX 64
#define SERVICE_FILES_MAX 64

static const char *const browsing_units[] = { "cups-browsed", NULL };

const struct consumer_kind mdns_kind_published = {
	.name = "mdns-published",
	.description_en = "a service published over mDNS", .description_de = "ein per mDNS angekündigter Dienst",
	.label_en = "service published to the LAN over mDNS (/etc/avahi/services)",
	.label_de = "per mDNS im LAN angekündigter Dienst (/etc/avahi/services)",
	.units = browsing_units,
};

const struct consumer_kind *const mdns_consumer_kinds[] = { &mdns_kind_published, NULL };

static void service_file_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s kündigt %s (Port %s) per mDNS an", "%s publishes %s (port %s) over mDNS"),
		    evidence->file, evidence->subject, evidence->object);
}

const struct evidence_source mdns_source_service_file = { .name = "avahi-service", .format = service_file_format };
const struct evidence_source *const mdns_evidence_sources[] = { &mdns_source_service_file, NULL };

int mdns_lan_networks(const struct mdns_config *config, const struct local_link *links, size_t count,
		      struct cidr_list *networks)
{
	for (size_t i = 0; i < count; i++)
		if (links[i].scope == SCOPE_PRIVATE && mdns_config_serves(config, links[i].name) &&
		    cidr_list_add(networks, &links[i].network) < 0)
			return -ENOMEM;
	cidr_list_normalize(networks);
	return 0;
}

bool mdns_serves_public(const struct mdns_config *config, const struct local_link *links, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (links[i].scope == SCOPE_PUBLIC && mdns_config_serves(config, links[i].name))
			return true;
	return false;
}

/* The text between <tag> and </tag>, cut to size. */
static void element(const char *text, const char *tag, char *buffer, size_t size)
{
	char open[32], close[32];
	const char *start, *end;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	start = strstr(text, open);
	end = start ? strstr(start, close) : NULL;
	if (!start || !end) {
		snprintf(buffer, size, "?");
		return;
	}
	start += strlen(open);
	text_format(buffer, size, "%.*s", (int)(end - start), start);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.service files, sorted; at most SERVICE_FILES_MAX. */
static size_t service_files(const struct host *host, char *names[SERVICE_FILES_MAX])
{
	_cleanup_(closedirp) DIR *directory = NULL;
	int fd = paths_open_directory(host, PATH_AVAHI_SERVICES, false);
	const struct dirent *item;
	size_t count = 0;

	if (fd < 0)
		return 0;
	directory = fdopendir(fd);
	if (!directory) {
		close(fd);
		return 0;
	}
	while ((item = readdir(directory)) && count < SERVICE_FILES_MAX) {
		size_t length = strlen(item->d_name);

		if (item->d_name[0] == '.' || length <= 8 || strcmp(item->d_name + length - 8, ".service") != 0)
			continue;
		names[count] = strdup(item->d_name);
		if (names[count])
			count++;
	}
	qsort(names, count, sizeof(*names), compare_names);
	return count;
}

static int add_published(const struct host *host, const char *name, const struct cidr_list *lan,
			 struct consumer_list *list, struct error_record *ret_error)
{
	struct consumer consumer = { .kind = &mdns_kind_published, .facts = { .source = &mdns_source_service_file } };
	char path[PATH_MAX], *text = NULL;
	size_t length;
	int r;

	text_format(path, sizeof(path), "%s/%s", PATH_AVAHI_SERVICES, name);
	r = paths_read_optional(host, path, &text, &length, ret_error);
	if (r < 0) {
		error_record_below_root(ret_error, host);
		return r == -ENOMEM ? r : -EINVAL;
	}
	if (!text)
		return 0;
	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", path);
	element(text, "type", consumer.facts.subject, sizeof(consumer.facts.subject));
	element(text, "port", consumer.facts.object, sizeof(consumer.facts.object));
	free(text);
	if (lan->count == 0)
		consumer_set_ambiguous(&consumer,
				       "avahi serves no interface with a private network, so its LAN peers cannot be told from the hosts of its public link");
	r = cidr_list_add_all(&consumer.trusted, lan);
	if (r < 0) {
		cidr_list_free(&consumer.trusted);
		return r;
	}
	return consumer_list_add(list, &consumer);
}

/* nss-mdns: resolving .local names asks avahi, and avahi asks the LAN;
 * libnss-mdns puts it into every install's hosts line, so it says
 * nothing of a need on its own. */
static void nsswitch_note(const struct host *host, struct consumer_list *list)
{
	struct text_cursor cursor = { 0 };
	struct error_record ignored;
	char *text = NULL;
	const char *line;
	size_t length;

	if (paths_read_optional(host, PATH_NSSWITCH, &text, &length, &ignored) < 0 || !text)
		return;
	cursor = (struct text_cursor){ .text = text, .length = length };
	while (text_next_line(&cursor, 4096, &line, &length) > 0)
		if (length > 6 && strncmp(line, "hosts:", 6) == 0 && memmem(line, length, "mdns", 4)) {
			consumer_list_note(list, "%s:%u resolves .local names through avahi (nss-mdns), as libnss-mdns sets up on every install: "
					   "not counted as a need; with avahi stopped or restricted .local names of the LAN may not resolve.",
					   PATH_NSSWITCH, cursor.line);
			break;
		}
	free(text);
}

int mdns_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error)
{
	struct mdns_config config;
	struct local_link links[LINKS_MAX];
	_cleanup_(cidr_list_free) struct cidr_list lan = { 0 };
	char *names[SERVICE_FILES_MAX];
	size_t count;
	int link_count, r = mdns_config_read(request->host, &config, ret_error);

	if (r < 0)
		return r;
	link_count = addresses_links(links, LINKS_MAX);
	if (link_count < 0)
		link_count = 0;
	r = mdns_lan_networks(&config, links, (size_t)link_count, &lan);
	if (r < 0)
		return r;
	count = service_files(request->host, names);
	for (size_t i = 0; i < count; i++) {
		if (r == 0)
			r = add_published(request->host, names[i], &lan, list, ret_error);
		free(names[i]);
	}
	if (r < 0)
		return r;
	if (count == 0)
		consumer_list_note(list, "%s publishes no service: avahi announces only the host itself.", PATH_AVAHI_SERVICES);
	if (config.allow_count || config.deny_count)
		consumer_list_note(list, "%s:%u: avahi serves only some interfaces (%s).", config.file,
				   config.allow_count ? config.allow_line : config.deny_line,
				   config.allow_count ? "allow-interfaces" : "deny-interfaces");
	nsswitch_note(request->host, list);
	return 0;
}

bool mdns_answers_outsiders(const struct host *host, const struct service_answer *answer)
{
	struct mdns_config config;
	struct local_link links[LINKS_MAX];
	struct error_record ignored;
	int count;

	(void)answer;
	/* A config that cannot be read, or links that cannot be listed: the
	 * listeners decide, as for any service. */
	if (mdns_config_read(host, &config, &ignored) < 0 || (count = addresses_links(links, LINKS_MAX)) < 0)
		return true;
	return mdns_serves_public(&config, links, (size_t)count);
}
