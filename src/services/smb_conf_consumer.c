/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A file server's clients from smb.conf: the networks they come from are
 * the ones smb.conf lets in, hosts allow in [global], else the networks
 * of interfaces. hosts allow is smbd's alone: nmbd 4.17 answers a node
 * status request from a host it does not allow (measured, tests/
 * integration/netbios/check-probe.sh), so it says who the clients are,
 * not who is kept out. netbios and wsd derive them alike here. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/cleanup.h"
#include "base/text.h"
#include "host/resolve.h"
#include "kernel/addresses.h"
#include "model/cidr.h"
#include "services/smb_conf_consumer.h"

#define ITEM_MAX 256

int smb_conf_load(const struct host *host, struct smb_conf *ret_conf, struct error_record *ret_error)
{
	_cleanup_free_ char *text = NULL;
	const char *reason = NULL;
	unsigned int line = 0;
	size_t length;
	int r = paths_read_optional(host, SMB_CONF_PATH, &text, &length, ret_error);

	if (r < 0)
		return r;
	if (!text)
		return 0;
	if (smb_conf_parse(text, length, ret_conf, &line, &reason) < 0) {
		error_record_set(ret_error, SMB_CONF_PATH, line, "%s", reason);
		error_record_below_root(ret_error, host);
		return -EINVAL;
	}
	return 1;
}

void smb_conf_share_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char running[64] = "";

	if (evidence->pid)
		text_format(running, sizeof(running), IN(language, "; smbd läuft (PID %d)", "; smbd runs (pid %d)"),
			    (int)evidence->pid);
	text_format(buffer, size, IN(language, "%s:%u gibt [%s] frei%s%s%s", "%s:%u shares [%s]%s%s%s"), evidence->file,
		    evidence->line, evidence->subject, running, evidence->object[0] ? "; " : "", evidence->object);
}

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
					     SMB_CONF_PATH, context->line);
		return 0;
	}
	if (cidr_parse(item, &cidr) == 0 || parse_dotted_prefix(item, &cidr) == 0 || parse_netmask_item(item, &cidr) == 0) {
		if (cidr_is_everything(&cidr)) {
			consumer_set_callers_unknown(context->consumer, "%s:%u hosts allow admits everyone (%s), which names no client network",
						     SMB_CONF_PATH, context->line, item);
			return 0;
		}
		return cidr_list_add(&context->consumer->trusted, &cidr);
	}
	if (item[0] == '@' || strpbrk(item, "*?/:")) {
		consumer_set_ambiguous(context->consumer, "%s:%u hosts allow names '%s', from which no network can be derived",
				       SMB_CONF_PATH, context->line, item);
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

int smb_conf_interface_networks(const char *name, struct cidr_list *trusted)
{
	struct address_list addresses = { 0 };
	struct ip_address named;
	unsigned int index = if_nametoindex(name);
	bool by_address = ip_address_parse(name, &named) == 0;
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
		r = smb_conf_interface_networks(text, &context->consumer->trusted);
		if (r != 0)
			return r < 0 ? r : 0;
	}
	consumer_set_ambiguous(context->consumer, "%s:%u interfaces names '%s' without a network%s; write it as ADDRESS/PREFIX",
			       SMB_CONF_PATH, context->line, text,
			       host_is_live(context->host) ? " this host has" : " (below --root the interfaces are not known)");
	return 0;
}

/* Items are separated by blanks and commas; hosts allow's EXCEPT ends
 * what it admits. */
static int derive_each(struct derive_context *context, const struct smb_conf_setting *setting,
		       int (*derive)(struct derive_context *, const char *))
{
	char copy[SMB_CONF_VALUE_MAX], *saved = NULL;
	int r = 0;

	context->line = setting->line;
	text_format(context->consumer->facts.object, sizeof(context->consumer->facts.object), "%s = %s", context->setting,
		    setting->value);
	snprintf(copy, sizeof(copy), "%s", setting->value);
	for (char *item = strtok_r(copy, " \t,", &saved); item && r == 0; item = strtok_r(NULL, " \t,", &saved)) {
		if (strcasecmp(item, "EXCEPT") == 0)
			break;
		if (strlen(item) >= ITEM_MAX) {
			consumer_set_ambiguous(context->consumer, "%s:%u %s names an item longer than %d bytes",
					       SMB_CONF_PATH, context->line, context->setting, ITEM_MAX - 1);
			continue;
		}
		r = derive(context, item);
	}
	return r < 0 ? r : 1;
}

int smb_conf_consumer_networks(const struct host *host, const struct smb_conf *conf, struct consumer *consumer)
{
	struct derive_context context = { .host = host, .consumer = consumer };

	if (conf->hosts_allow.line) {
		context.setting = "hosts allow";
		return derive_each(&context, &conf->hosts_allow, derive_allowed);
	}
	if (conf->interfaces.line) {
		context.setting = "interfaces";
		return derive_each(&context, &conf->interfaces, derive_interface);
	}
	return 0;
}
