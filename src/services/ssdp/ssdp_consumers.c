/* SPDX-License-Identifier: GPL-2.0-or-later */
/* minissdpd's consumers from the host's files. minissdpd answers an
 * M-SEARCH only from a source on the network of an interface it serves
 * (measured with 1.6.0), so whoever needs it is a peer on such a link:
 * the LAN's private networks are trusted when a UPnP daemon announces
 * through it; a public link's network never is, its hosts are the ones
 * the mail is about. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/cleanup.h"
#include "base/text.h"
#include "model/cidr.h"
#include "services/ssdp/ssdp_consumers.h"

#define LINKS_MAX 64

/* The Debian daemons that hand their services to minissdpd over
 * /run/minissdpd.sock (and answer M-SEARCH themselves without it). */
static const char *const announcers[] = { "miniupnpd", "minidlna", NULL };

const struct consumer_kind ssdp_kind_announcer = {
	.name = "ssdp-announcer",
	.description_en = "a UPnP daemon announcing through minissdpd",
	.description_de = "ein UPnP-Dienst, der über minissdpd angekündigt wird",
	.label_en = "UPnP daemon announced to the LAN over SSDP (miniupnpd, minidlna)",
	.label_de = "per SSDP im LAN angekündigter UPnP-Dienst (miniupnpd, minidlna)",
	.units = announcers,
};

const struct consumer_kind *const ssdp_consumer_kinds[] = { &ssdp_kind_announcer, NULL };

static void enabled_unit_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s ist aktiviert (%s) und kündigt seine Dienste über minissdpd an",
				     "%s is enabled (%s) and announces its services through minissdpd"),
		    evidence->subject, evidence->file);
}

const struct evidence_source ssdp_source_enabled_unit = { .name = "ssdp-unit", .format = enabled_unit_format };
const struct evidence_source *const ssdp_evidence_sources[] = { &ssdp_source_enabled_unit, NULL };

int ssdp_lan_networks(const struct ssdp_config *config, const struct local_link *links, size_t count,
		      struct cidr_list *networks)
{
	for (size_t i = 0; i < count; i++)
		if (links[i].scope == SCOPE_PRIVATE && ssdp_config_serves(config, &links[i]) &&
		    cidr_list_add(networks, &links[i].network) < 0)
			return -ENOMEM;
	cidr_list_normalize(networks);
	return 0;
}

bool ssdp_serves_public(const struct ssdp_config *config, const struct local_link *links, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (links[i].scope == SCOPE_PUBLIC && ssdp_config_serves(config, &links[i]))
			return true;
	return false;
}

static int add_announcer(const char *unit, const char *path, const struct cidr_list *lan, struct consumer_list *list)
{
	struct consumer consumer = { .kind = &ssdp_kind_announcer, .facts = { .source = &ssdp_source_enabled_unit } };
	int r;

	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", unit);
	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", path);
	if (lan->count == 0)
		consumer_set_ambiguous(&consumer,
				       "minissdpd serves no interface with a private network, so its LAN peers cannot be told from the hosts of its public link");
	r = cidr_list_add_all(&consumer.trusted, lan);
	if (r < 0) {
		cidr_list_free(&consumer.trusted);
		return r;
	}
	return consumer_list_add(list, &consumer);
}

static void interfaces_note(const struct ssdp_config *config, const struct local_link *links, size_t count,
			    struct consumer_list *list)
{
	char names[SSDP_CONFIG_LINE_MAX] = "", lan[IF_NAMESIZE] = "";

	for (size_t i = 0; i < config->interface_count; i++)
		text_format(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? " " : "",
			    config->interfaces[i]);
	/* The owner's LAN: an interface with a private IPv4 network and no public address. */
	for (size_t i = 0; i < count && !lan[0]; i++) {
		bool public = false;

		for (size_t j = 0; j < count; j++)
			public |= links[j].scope == SCOPE_PUBLIC && strcmp(links[j].name, links[i].name) == 0;
		if (links[i].scope == SCOPE_PRIVATE && links[i].address.family == AF_INET && !public)
			text_format(lan, sizeof(lan), "%s", links[i].name);
	}
	if (ssdp_serves_public(config, links, count))
		consumer_list_note(list, "%s:%u MiniSSDPd_INTERFACE_ADDRESS=\"%s\" lets minissdpd answer the hosts of a public link; "
				   "an owner may prefer 'minissdpd -i %s' (MiniSSDPd_INTERFACE_ADDRESS=\"%s\")",
				   config->file, config->line, names, lan[0] ? lan : "<lan interface>",
				   lan[0] ? lan : "<lan interface>");
	else if (config->interface_count)
		consumer_list_note(list, "%s:%u: minissdpd serves only %s.", config->file, config->line, names);
}

int ssdp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error)
{
	struct ssdp_config config;
	struct local_link links[LINKS_MAX];
	_cleanup_(cidr_list_free) struct cidr_list lan = { 0 };
	bool any = false;
	int link_count, r = ssdp_config_read(request->host, &config, ret_error);

	if (r < 0)
		return r;
	link_count = addresses_links(links, LINKS_MAX);
	if (link_count < 0)
		link_count = 0;
	r = ssdp_lan_networks(&config, links, (size_t)link_count, &lan);
	for (const char *const *unit = announcers; r == 0 && *unit; unit++) {
		char path[PATH_MAX], name[64];

		text_format(name, sizeof(name), "%s.service", *unit);
		text_format(path, sizeof(path), "%s/%s", PATH_SYSTEMD_WANTS, name);
		if (!paths_exists(request->host, path))
			continue;
		any = true;
		r = add_announcer(name, path, &lan, list);
	}
	if (r < 0)
		return r;
	if (!any)
		consumer_list_note(list, "no UPnP daemon (miniupnpd, minidlna) is enabled, so minissdpd announces nothing of this host's own.");
	interfaces_note(&config, links, (size_t)link_count, list);
	return 0;
}

bool ssdp_answers_outsiders(const struct host *host, const struct service_answer *answer)
{
	struct ssdp_config config;
	struct local_link links[LINKS_MAX];
	struct error_record ignored;
	int count;

	(void)answer;
	/* A config that cannot be read or names no interface, or links that
	 * cannot be listed: the listeners decide, as for any service. */
	if (ssdp_config_read(host, &config, &ignored) < 0 || config.interface_count == 0 ||
	    (count = addresses_links(links, LINKS_MAX)) < 0)
		return true;
	return ssdp_serves_public(&config, links, (size_t)count);
}
