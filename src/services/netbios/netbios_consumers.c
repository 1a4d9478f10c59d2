/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs nmbd, from /etc/samba/smb.conf below the analysed host and
 * its processes: a file server's clients browse and resolve it by its
 * NetBIOS name. The networks they come from are the ones smb.conf lets
 * in: hosts allow in [global], else the networks of interfaces. hosts
 * allow is smbd's alone: nmbd 4.17 answers a node status request from a
 * host it does not allow (measured, tests/integration/netbios/
 * check-probe.sh), so it says who the clients are, not who is kept out. A file server whose clients nothing names
 * keeps nmbd (restrict, not stop), and the plan warns that they are cut
 * off. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/cleanup.h"
#include "base/error_record.h"
#include "base/text.h"
#include "host/resolve.h"
#include "kernel/addresses.h"
#include "kernel/process_find.h"
#include "model/cidr.h"
#include "services/netbios/netbios_config.h"
#include "services/netbios/netbios_consumers.h"

#define ITEM_MAX 256

const struct consumer_kind netbios_kind_file_server = {
	.name = "samba-file-server",
	.description_en = "the Samba file server", .description_de = "der Samba-Dateiserver",
	.label_en = "Samba file server whose clients resolve its NetBIOS name",
	.label_de = "Samba-Dateiserver, dessen Clients seinen NetBIOS-Namen auflösen",
	.units = (const char *const[]){ "smbd", NULL },
};

const struct consumer_kind *const netbios_consumer_kinds[] = { &netbios_kind_file_server, NULL };

static void share_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char running[64] = "";

	if (evidence->pid)
		text_format(running, sizeof(running), IN(language, "; smbd läuft (PID %d)", "; smbd runs (pid %d)"),
			    (int)evidence->pid);
	if (evidence->object[0])
		text_format(buffer, size, IN(language, "%s:%u gibt [%s] frei%s; %s", "%s:%u shares [%s]%s; %s"),
			    evidence->file, evidence->line, evidence->subject, running, evidence->object);
	else
		text_format(buffer, size, IN(language, "%s:%u gibt [%s] frei%s", "%s:%u shares [%s]%s"),
			    evidence->file, evidence->line, evidence->subject, running);
}

const struct evidence_source netbios_source_share = { .name = "smb-share", .format = share_format };

const struct evidence_source *const netbios_evidence_sources[] = { &netbios_source_share, NULL };

static bool is_loopback_item(const char *item)
{
	struct ip_address address;

	if (strcasecmp(item, "localhost") == 0 || strcasecmp(item, "lo") == 0 || strncmp(item, "127.", 4) == 0)
		return true;
	return ip_address_parse(item, &address) == 0 && ip_address_scope(&address) == SCOPE_LOOPBACK;
}

/* "10.0.0." as hosts allow writes a network: 10.0.0.0/24. */
static int parse_dotted_prefix(const char *item, struct cidr *ret_cidr)
{
	size_t dots = 0, length = strlen(item);
	char text[ITEM_MAX + 16];

	if (length == 0 || item[length - 1] != '.' || strspn(item, "0123456789.") != length)
		return -EINVAL;
	for (size_t i = 0; i < length; i++)
		dots += item[i] == '.';
	if (dots > 3)
		return -EINVAL;
	snprintf(text, sizeof(text), "%s%s/%zu", item, dots == 1 ? "0.0.0" : dots == 2 ? "0.0" : "0", dots * 8);
	return cidr_parse(text, ret_cidr);
}

/* "10.0.0.0/255.255.255.0" */
static int parse_netmask_item(const char *item, struct cidr *ret_cidr)
{
	char network[ITEM_MAX], text[ITEM_MAX + 8];
	const char *slash = strchr(item, '/');
	struct ip_address mask;
	int length;

	if (!slash || (size_t)(slash - item) >= sizeof(network) || ip_address_parse(slash + 1, &mask) < 0 ||
	    mask.family != AF_INET || (length = cidr_mask_length(&mask)) < 0)
		return -EINVAL;
	snprintf(network, sizeof(network), "%.*s", (int)(slash - item), item);
	text_format(text, sizeof(text), "%s/%d", network, length);
	return cidr_parse(text, ret_cidr);
}

struct derive_context {
	const struct host *host;
	struct consumer *consumer;
	const char *setting;	/* "hosts allow", "interfaces" */
	unsigned int line;
};

/* One hosts allow item: a network, an address, a dotted prefix, a name
 * as the analysed host resolves it; ALL admits everyone; a netgroup or
 * a wildcard cannot be derived. */
static int derive_allowed(struct derive_context *context, const char *item)
{
	struct cidr cidr;
	int r;

	if (is_loopback_item(item))
		return 0;
	if (strcasecmp(item, "ALL") == 0) {
		consumer_set_callers_unknown(context->consumer, "%s:%u hosts allow admits everyone (ALL), which names no client network",
					     NETBIOS_PATH_CONFIG, context->line);
		return 0;
	}
	if (cidr_parse(item, &cidr) == 0 || parse_dotted_prefix(item, &cidr) == 0 || parse_netmask_item(item, &cidr) == 0) {
		if (cidr_is_everything(&cidr)) {
			consumer_set_callers_unknown(context->consumer, "%s:%u hosts allow admits everyone (%s), which names no client network",
						     NETBIOS_PATH_CONFIG, context->line, item);
			return 0;
		}
		return cidr_list_add(&context->consumer->trusted, &cidr);
	}
	if (item[0] == '@' || strpbrk(item, "*?/:")) {
		consumer_set_ambiguous(context->consumer, "%s:%u hosts allow names '%s', from which no network can be derived",
				       NETBIOS_PATH_CONFIG, context->line, item);
		return 0;
	}
	r = resolve_host(context->host, item, &context->consumer->trusted);
	if (r == 0)
		consumer_set_ambiguous(context->consumer, "the client's host name '%s' in hosts allow does not resolve%s", item,
				       host_is_live(context->host) ? "" : " in the hosts file below --root");
	return r < 0 ? r : 0;
}

static bool same_address(const struct ip_address *a, const struct ip_address *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16) == 0;
}

/* The networks Samba takes for an interfaces item that names no mask,
 * on the live host: the public and private addresses of the interface
 * called item, or the address item is, each with its prefix. Returns
 * how many were added, or -ENOMEM. */
static int live_networks(const char *item, struct cidr_list *trusted)
{
	struct address_list addresses = { 0 };
	struct ip_address named;
	unsigned int index = if_nametoindex(item);
	bool by_address = ip_address_parse(item, &named) == 0;
	int added = 0, r = 0;

	if ((!index && !by_address) || addresses_local(&addresses) < 0)
		return 0;
	for (size_t i = 0; r == 0 && i < addresses.count; i++) {
		const struct local_address *local = &addresses.items[i];
		char address[CIDR_TEXT_MAX], text[CIDR_TEXT_MAX + 8];
		struct cidr network;

		if ((local->scope != SCOPE_PUBLIC && local->scope != SCOPE_PRIVATE) ||
		    (by_address ? !same_address(&local->address, &named) : local->interface_index != index))
			continue;
		text_format(text, sizeof(text), "%s/%u", ip_address_format(&local->address, address), local->prefix_length);
		if (cidr_parse(text, &network) < 0)
			continue;
		r = cidr_list_add(trusted, &network);
		added += r == 0;
	}
	address_list_free(&addresses);
	return r < 0 ? r : added;
}

/* One interfaces item: "10.0.0.1/24" and "10.0.0.1/255.255.255.0" give
 * their network (cidr_parse clears the host bits); an interface's name
 * or an address without its mask, the interface's networks as the live
 * host has them. Below --root, or for a pattern ("eth*"), nothing tells
 * the network. */
static int derive_interface(struct derive_context *context, const char *item)
{
	char text[ITEM_MAX];
	struct cidr cidr;
	int r;

	snprintf(text, sizeof(text), "%.*s", (int)strcspn(item, ";"), item);	/* ";speed=..." */
	if (is_loopback_item(text))
		return 0;
	if (strchr(text, '/') && (cidr_parse(text, &cidr) == 0 || parse_netmask_item(text, &cidr) == 0))
		return cidr_list_add(&context->consumer->trusted, &cidr);
	if (host_is_live(context->host) && !strpbrk(text, "*?[/")) {
		r = live_networks(text, &context->consumer->trusted);
		if (r != 0)
			return r < 0 ? r : 0;
	}
	consumer_set_ambiguous(context->consumer, "%s:%u interfaces names '%s' without a network%s; write it as ADDRESS/PREFIX",
			       NETBIOS_PATH_CONFIG, context->line, text,
			       host_is_live(context->host) ? " this host has" : " (below --root the interfaces are not known)");
	return 0;
}

/* Items are separated by blanks and commas; hosts allow's EXCEPT ends
 * what it admits. */
static int derive_each(struct derive_context *context, const char *value,
		       int (*derive)(struct derive_context *, const char *))
{
	char copy[SMB_CONF_VALUE_MAX], *saved = NULL;
	int r = 0;

	snprintf(copy, sizeof(copy), "%s", value);
	for (char *item = strtok_r(copy, " \t,", &saved); item && r == 0; item = strtok_r(NULL, " \t,", &saved)) {
		if (strcasecmp(item, "EXCEPT") == 0)
			break;
		if (strlen(item) >= ITEM_MAX) {
			consumer_set_ambiguous(context->consumer, "%s:%u %s names an item longer than %d bytes",
					       NETBIOS_PATH_CONFIG, context->line, context->setting, ITEM_MAX - 1);
			continue;
		}
		r = derive(context, item);
	}
	return r;
}

static int add_file_server(const struct host *host, const struct smb_conf *conf, pid_t smbd, struct consumer_list *list)
{
	struct consumer consumer = {
		.kind = &netbios_kind_file_server,
		.facts = { .source = &netbios_source_share, .line = conf->share_line, .pid = smbd },
	};
	struct derive_context context = { .host = host, .consumer = &consumer };
	int r = 0;

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", NETBIOS_PATH_CONFIG);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", conf->share);
	if (conf->hosts_allow.line) {
		context.setting = "hosts allow";
		context.line = conf->hosts_allow.line;
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "hosts allow = %s", conf->hosts_allow.value);
		r = derive_each(&context, conf->hosts_allow.value, derive_allowed);
	} else if (conf->interfaces.line) {
		context.setting = "interfaces";
		context.line = conf->interfaces.line;
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "interfaces = %s", conf->interfaces.value);
		r = derive_each(&context, conf->interfaces.value, derive_interface);
	} else {
		consumer_set_callers_unknown(&consumer, "%s names neither hosts allow nor interfaces, so the file server's clients are not known",
					     NETBIOS_PATH_CONFIG);
	}
	if (r < 0) {
		cidr_list_free(&consumer.trusted);
		return r;
	}
	return consumer_list_add(list, &consumer);
}

static void add_notes(const struct smb_conf *conf, struct consumer_list *list)
{
	if (conf->include.line)
		consumer_list_note(list, "%s:%u include = %s is not read; shares and networks named there are not counted",
				   NETBIOS_PATH_CONFIG, conf->include.line, conf->include.value);
	if (smb_conf_true(&conf->disable_netbios)) {
		consumer_list_note(list, "%s:%u disable netbios = %s: nmbd does not serve NetBIOS names",
				   NETBIOS_PATH_CONFIG, conf->disable_netbios.line, conf->disable_netbios.value);
		return;
	}
	if (conf->interfaces.line && smb_conf_true(&conf->bind_interfaces_only))
		consumer_list_note(list, "%s:%u interfaces = %s with bind interfaces only: nmbd serves those networks alone",
				   NETBIOS_PATH_CONFIG, conf->interfaces.line, conf->interfaces.value);
	else
		consumer_list_note(list, "nmbd answers on every interface; an owner may prefer 'disable netbios = yes' in [global] of %s, "
				   "or 'interfaces = <lan>' with 'bind interfaces only = yes'", NETBIOS_PATH_CONFIG);
}

int netbios_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			   struct error_record *ret_error)
{
	_cleanup_free_ char *text = NULL;
	struct smb_conf conf;
	const char *reason = NULL;
	unsigned int line = 0;
	size_t length;
	pid_t smbd;
	int r = paths_read_optional(request->host, NETBIOS_PATH_CONFIG, &text, &length, ret_error);

	if (r < 0)
		return r;
	if (!text) {
		consumer_list_note(list, "%s does not exist, so no Samba share needs nmbd", NETBIOS_PATH_CONFIG);
		return 0;
	}
	if (smb_conf_parse(text, length, &conf, &line, &reason) < 0) {
		error_record_set(ret_error, NETBIOS_PATH_CONFIG, line, "%s", reason);
		error_record_below_root(ret_error, request->host);
		return -EINVAL;
	}
	add_notes(&conf, list);
	if (conf.share_count == 0) {
		consumer_list_note(list, "%s defines no share, so no file server's clients need nmbd", NETBIOS_PATH_CONFIG);
		return 0;
	}
	smbd = process_find(request->host, "smbd");
	if (!smbd) {
		consumer_list_note(list, "%s:%u shares [%s], but smbd does not run, so no client is served", NETBIOS_PATH_CONFIG,
				   conf.share_line, conf.share);
		return 0;
	}
	return add_file_server(request->host, &conf, smbd, list);
}
