/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs wsdd, from /etc/default/wsdd and /etc/samba/smb.conf below
 * the analysed host and its processes: wsdd makes a Samba server show
 * up in the Network folder of Windows clients (Windows 10 and later no
 * longer browse by NetBIOS), so its consumers are a file server's
 * clients, where smb.conf shares something and smbd runs. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/cleanup.h"
#include "base/error_record.h"
#include "base/text.h"
#include "kernel/addresses.h"
#include "kernel/process_find.h"
#include "model/cidr.h"
#include "services/wsd/wsd_consumers.h"

#define LINE_MAX_BYTES 4096

const struct consumer_kind wsd_kind_windows_clients = {
	.name = "wsd-windows-clients",
	.description_en = "the Windows clients of the Samba file server",
	.description_de = "die Windows-Clients des Samba-Dateiservers",
	.label_en = "Windows clients that find the Samba file server's shares through WS-Discovery",
	.label_de = "Windows-Clients, die die Freigaben des Samba-Dateiservers über WS-Discovery finden",
	.units = (const char *const[]){ "smbd", NULL },
};

const struct consumer_kind *const wsd_consumer_kinds[] = { &wsd_kind_windows_clients, NULL };

static void share_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char running[64] = "";

	if (evidence->pid)
		text_format(running, sizeof(running), IN(language, "; smbd läuft (PID %d)", "; smbd runs (pid %d)"),
			    (int)evidence->pid);
	text_format(buffer, size, IN(language, "%s:%u gibt [%s] frei%s%s%s", "%s:%u shares [%s]%s%s%s"), evidence->file,
		    evidence->line, evidence->subject, running, evidence->object[0] ? "; " : "", evidence->object);
}

const struct evidence_source wsd_source_share = { .name = "wsd-smb-share", .format = share_format };

const struct evidence_source *const wsd_evidence_sources[] = { &wsd_source_share, NULL };

static char *trim(char *text)
{
	char *end = text + strlen(text);

	while (*text == ' ' || *text == '\t')
		text++;
	while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return text;
}

/* One line into buffer, NUL-terminated; 1, 0 at the end, or -EBADMSG. */
static int line_next(struct text_cursor *cursor, char *buffer, size_t size)
{
	const char *line;
	size_t length;
	int r = text_next_line(cursor, size - 1, &line, &length);

	if (r == -E2BIG)
		return -EBADMSG;
	if (r <= 0)
		return r;
	memcpy(buffer, line, length);
	buffer[length] = '\0';
	return 1;
}

static void interface_add(struct wsd_params *params, const char *name, size_t length)
{
	if (length == 0)
		return;
	if (params->interface_count == WSD_INTERFACES_MAX || length >= sizeof(params->interfaces[0])) {
		params->interfaces_cut = true;
		return;
	}
	memcpy(params->interfaces[params->interface_count], name, length);
	params->interfaces[params->interface_count++][length] = '\0';
}

/* -i NAME, -iNAME, --interface NAME, --interface=NAME */
static void interfaces_read(struct wsd_params *params)
{
	char copy[WSD_VALUE_MAX], *saved = NULL;
	bool next_is_interface = false;

	snprintf(copy, sizeof(copy), "%s", params->value);
	for (char *word = strtok_r(copy, " \t", &saved); word; word = strtok_r(NULL, " \t", &saved)) {
		if (next_is_interface) {
			interface_add(params, word, strlen(word));
			next_is_interface = false;
		} else if (strcmp(word, "-i") == 0 || strcmp(word, "--interface") == 0)
			next_is_interface = true;
		else if (strncmp(word, "--interface=", 12) == 0)
			interface_add(params, word + 12, strlen(word + 12));
		else if (strncmp(word, "-i", 2) == 0)
			interface_add(params, word + 2, strlen(word + 2));
	}
}

int wsd_params_parse(const char *text, size_t length, struct wsd_params *ret_params)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct wsd_params params = { 0 };
	char buffer[LINE_MAX_BYTES];
	int r;

	while ((r = line_next(&cursor, buffer, sizeof(buffer))) > 0) {
		char *line = trim(buffer), *value;
		size_t n;

		if (strncmp(line, "export ", 7) == 0)
			line = trim(line + 7);
		if (strncmp(line, "WSDD_PARAMS=", 12) != 0)
			continue;
		value = line + 12;
		n = strlen(value);
		if (n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0]) {
			value[n - 1] = '\0';
			value++;
		}
		params.line = cursor.line;
		params.interface_count = 0;
		params.interfaces_cut = false;
		snprintf(params.value, sizeof(params.value), "%s", value);
		interfaces_read(&params);
	}
	if (r < 0)
		return r;
	*ret_params = params;
	return 0;
}

/* "hosts  allow" and "allow hosts" alike: lower case, one blank. */
static void key_normalise(const char *key, char *buffer, size_t size)
{
	size_t at = 0;

	for (; *key && at + 1 < size; key++) {
		if (*key == ' ' || *key == '\t') {
			if (at && buffer[at - 1] != ' ')
				buffer[at++] = ' ';
			continue;
		}
		buffer[at++] = (char)tolower((unsigned char)*key);
	}
	while (at && buffer[at - 1] == ' ')
		at--;
	buffer[at] = '\0';
}

int wsd_smb_conf_parse(const char *text, size_t length, struct wsd_smb_conf *ret_conf, unsigned int *ret_line)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct wsd_smb_conf conf = { 0 };
	char buffer[LINE_MAX_BYTES], section[64] = "global";
	int r;

	while ((r = line_next(&cursor, buffer, sizeof(buffer))) > 0) {
		char *line = trim(buffer), *equals, key[64];

		if (!*line || *line == '#' || *line == ';')
			continue;
		if (*line == '[') {
			char *end = strchr(line, ']');

			if (!end || end - line - 1 <= 0 || (size_t)(end - line - 1) >= sizeof(section))
				continue;
			snprintf(section, sizeof(section), "%.*s", (int)(end - line - 1), line + 1);
			if (strcasecmp(section, "global") != 0) {
				if (conf.share_count++ == 0) {
					snprintf(conf.share, sizeof(conf.share), "%s", section);
					conf.share_line = cursor.line;
				}
			}
			continue;
		}
		equals = strchr(line, '=');
		if (!equals || strcasecmp(section, "global") != 0)
			continue;
		*equals = '\0';
		key_normalise(line, key, sizeof(key));
		if (strcmp(key, "hosts allow") == 0 || strcmp(key, "allow hosts") == 0) {
			snprintf(conf.hosts_allow, sizeof(conf.hosts_allow), "%s", trim(equals + 1));
			conf.hosts_allow_line = cursor.line;
		} else if (strcmp(key, "interfaces") == 0) {
			snprintf(conf.interfaces, sizeof(conf.interfaces), "%s", trim(equals + 1));
			conf.interfaces_line = cursor.line;
		}
	}
	if (r < 0) {
		*ret_line = cursor.line;
		return r;
	}
	*ret_conf = conf;
	return 0;
}

/* The public and private networks of the interface named name, or of
 * the address name is, as the live host has them. Returns how many. */
static int interface_networks(const char *name, struct cidr_list *trusted)
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

		if (local->scope != SCOPE_PUBLIC && local->scope != SCOPE_PRIVATE)
			continue;
		if (by_address ? !(local->address.family == named.family &&
				   memcmp(local->address.bytes, named.bytes, named.family == AF_INET ? 4 : 16) == 0)
			       : local->interface_index != index)
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

static int trust_interfaces(const struct host *host, const struct wsd_params *params, struct consumer *consumer)
{
	for (size_t i = 0; i < params->interface_count; i++) {
		int r = host_is_live(host) ? interface_networks(params->interfaces[i], &consumer->trusted) : 0;

		if (r < 0)
			return r;
		if (r == 0)
			consumer_set_ambiguous(consumer, "%s:%u WSDD_PARAMS names -i %s, whose network%s", WSD_PATH_DEFAULTS,
					       params->line, params->interfaces[i],
					       host_is_live(host) ? " this host does not have" : " is not known below --root");
	}
	if (params->interfaces_cut)
		consumer_set_ambiguous(consumer, "%s:%u WSDD_PARAMS names more interfaces than are read", WSD_PATH_DEFAULTS,
				       params->line);
	return 0;
}

/* hosts allow or interfaces of smb.conf: the items that are networks
 * ("10.0.0.0/24", "10.0.0.1/24"); any other item (a name, a prefix
 * like "10.0.0.", an interface) makes the list ambiguous. */
static int trust_items(const char *setting, const char *value, unsigned int line, struct consumer *consumer)
{
	char copy[WSD_VALUE_MAX], *saved = NULL;
	int r = 0;

	snprintf(copy, sizeof(copy), "%s", value);
	for (char *item = strtok_r(copy, " \t,", &saved); item && r == 0; item = strtok_r(NULL, " \t,", &saved)) {
		struct ip_address address;
		struct cidr cidr;

		if (strcasecmp(item, "EXCEPT") == 0)
			break;
		if (strcmp(item, "lo") == 0 || strcasecmp(item, "localhost") == 0 || strncmp(item, "127.", 4) == 0 ||
		    (ip_address_parse(item, &address) == 0 && ip_address_scope(&address) == SCOPE_LOOPBACK))
			continue;
		if (strchr(item, '/') && cidr_parse(item, &cidr) == 0 && !cidr_is_everything(&cidr))
			r = cidr_list_add(&consumer->trusted, &cidr);
		else
			consumer_set_ambiguous(consumer, "%s:%u %s names '%s', from which no network is derived here",
					       WSD_PATH_SMB_CONF, line, setting, item);
	}
	return r;
}

static int add_clients(const struct host *host, const struct wsd_params *params, const struct wsd_smb_conf *conf,
		       pid_t smbd, struct consumer_list *list)
{
	struct consumer consumer = {
		.kind = &wsd_kind_windows_clients,
		.facts = { .source = &wsd_source_share, .line = conf->share_line, .pid = smbd },
	};
	int r = 0;

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", WSD_PATH_SMB_CONF);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", conf->share);
	if (params->interface_count || params->interfaces_cut) {
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "WSDD_PARAMS=\"%s\"", params->value);
		r = trust_interfaces(host, params, &consumer);
	} else if (conf->hosts_allow_line) {
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "hosts allow = %s", conf->hosts_allow);
		r = trust_items("hosts allow", conf->hosts_allow, conf->hosts_allow_line, &consumer);
	} else if (conf->interfaces_line) {
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "interfaces = %s", conf->interfaces);
		r = trust_items("interfaces", conf->interfaces, conf->interfaces_line, &consumer);
	} else
		consumer_set_callers_unknown(&consumer, "neither WSDD_PARAMS' -i nor %s's hosts allow or interfaces names "
					     "the networks of the file server's clients", WSD_PATH_SMB_CONF);
	if (r < 0) {
		cidr_list_free(&consumer.trusted);
		return r;
	}
	return consumer_list_add(list, &consumer);
}

int wsd_find_consumers(const struct consumer_request *request, struct consumer_list *list,
		       struct error_record *ret_error)
{
	_cleanup_free_ char *defaults = NULL, *smb = NULL;
	struct wsd_params params = { 0 };
	struct wsd_smb_conf conf;
	size_t defaults_length = 0, smb_length = 0;
	unsigned int line = 0;
	pid_t smbd;
	int r = paths_read_optional(request->host, WSD_PATH_DEFAULTS, &defaults, &defaults_length, ret_error);

	if (r < 0)
		return r;
	if (defaults && wsd_params_parse(defaults, defaults_length, &params) < 0) {
		error_record_set(ret_error, WSD_PATH_DEFAULTS, 0, "not a shell variable file");
		error_record_below_root(ret_error, request->host);
		return -EINVAL;
	}
	if (params.interface_count)
		consumer_list_note(list, "%s:%u WSDD_PARAMS=\"%s\": wsdd serves the interfaces named by -i alone",
				   WSD_PATH_DEFAULTS, params.line, params.value);
	else
		consumer_list_note(list, "wsdd serves every interface; an owner may prefer WSDD_PARAMS=\"-i <lan interface>\" in %s",
				   WSD_PATH_DEFAULTS);
	r = paths_read_optional(request->host, WSD_PATH_SMB_CONF, &smb, &smb_length, ret_error);
	if (r < 0)
		return r;
	if (!smb) {
		consumer_list_note(list, "%s does not exist, so no Samba share needs wsdd", WSD_PATH_SMB_CONF);
		return 0;
	}
	if (wsd_smb_conf_parse(smb, smb_length, &conf, &line) < 0) {
		error_record_set(ret_error, WSD_PATH_SMB_CONF, line, "binary data or a line longer than %d bytes",
				 LINE_MAX_BYTES - 1);
		error_record_below_root(ret_error, request->host);
		return -EINVAL;
	}
	if (conf.share_count == 0) {
		consumer_list_note(list, "%s defines no share, so no Windows client needs wsdd to find one", WSD_PATH_SMB_CONF);
		return 0;
	}
	smbd = process_find(request->host, "smbd");
	if (!smbd) {
		consumer_list_note(list, "%s:%u shares [%s], but smbd does not run, so no client is served", WSD_PATH_SMB_CONF,
				   conf.share_line, conf.share);
		return 0;
	}
	return add_clients(request->host, &params, &conf, smbd, list);
}
