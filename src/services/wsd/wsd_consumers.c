/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs wsdd, from /etc/default/wsdd and /etc/samba/smb.conf below
 * the analysed host and its processes: wsdd makes a Samba server show
 * up in the Network folder of Windows clients (Windows 10 and later no
 * longer browse by NetBIOS), so its consumers are a file server's
 * clients, where smb.conf shares something and smbd runs. smb.conf is
 * read, and its networks derived, as for netbios (services/
 * smb_conf_consumer.c); WSDD_PARAMS' -i comes first. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/error_record.h"
#include "base/text.h"
#include "kernel/process_find.h"
#include "model/cidr.h"
#include "services/smb_conf_consumer.h"
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

const struct evidence_source wsd_source_share = { .name = "wsd-smb-share", .format = smb_conf_share_format };

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

static int trust_interfaces(const struct host *host, const struct wsd_params *params, struct consumer *consumer)
{
	for (size_t i = 0; i < params->interface_count; i++) {
		int r = host_is_live(host) ? smb_conf_interface_networks(params->interfaces[i], &consumer->trusted) : 0;

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

static int add_clients(const struct host *host, const struct wsd_params *params, const struct smb_conf *conf,
		       pid_t smbd, struct consumer_list *list)
{
	struct consumer consumer = {
		.kind = &wsd_kind_windows_clients,
		.facts = { .source = &wsd_source_share, .line = conf->share_line, .pid = smbd },
	};
	int r;

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", WSD_PATH_SMB_CONF);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", conf->share);
	if (params->interface_count || params->interfaces_cut) {
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "WSDD_PARAMS=\"%s\"", params->value);
		r = trust_interfaces(host, params, &consumer);
	} else if ((r = smb_conf_consumer_networks(host, conf, &consumer)) == 0)
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
	_cleanup_free_ char *defaults = NULL;
	struct wsd_params params = { 0 };
	struct smb_conf conf;
	size_t defaults_length = 0;
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
	r = smb_conf_load(request->host, &conf, ret_error);
	if (r < 0)
		return r;
	if (r == 0) {
		consumer_list_note(list, "%s does not exist, so no Samba share needs wsdd", WSD_PATH_SMB_CONF);
		return 0;
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
