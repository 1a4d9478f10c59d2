/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the DNS server, from its configuration files below the
 * analysed host. The parsers read line by line, bounded; what they do
 * not understand is left out, never guessed. unbound: "key: value"
 * lines (access-control, auth-zone with its name, local-zone and
 * local-data, include and include-toplevel with a "*.conf" pattern).
 * BIND: the statements of named.conf and its includes, as tokens
 * (zone "name" { type primary; }, allow-recursion { ...; };, recursion
 * no;). dnsmasq: auth-zone= and local-service. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/error_record.h"
#include "base/text.h"
#include "model/cidr.h"
#include "services/answer.h"
#include "services/dns/dns_consumers.h"
#include "services/dns/dns_probe.h"

#define LINE_MAX_BYTES 1024

const struct consumer_kind dns_kind_zone = {
	.name = "dns-zone",
	.description_en = "an authoritative DNS zone", .description_de = "eine autoritative DNS-Zone",
	.label_en = "authoritative DNS zones that the world must reach on port 53",
	.label_de = "autoritative DNS-Zonen, die die Welt auf Port 53 erreichen muss",
};

const struct consumer_kind dns_kind_clients = {
	.name = "dns-clients",
	.description_en = "the resolver's own clients", .description_de = "die eigenen Clients des Resolvers",
	.label_en = "clients the resolver's configuration lets recurse",
	.label_de = "Clients, die die Konfiguration des Resolvers rekursiv auflösen lässt",
};

const struct consumer_kind *const dns_consumer_kinds[] = { &dns_kind_zone, &dns_kind_clients, NULL };

static void zone_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s:%u: %s (für alle)", "%s:%u: %s (for everyone)"), evidence->file,
		    evidence->line, evidence->subject);
}

static void recursion_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s:%u: %s lässt %s rekursiv auflösen", "%s:%u: %s lets %s recurse"),
		    evidence->file, evidence->line, evidence->subject, evidence->object);
}

const struct evidence_source dns_source_zone = { .name = "dns-zone", .format = zone_format };
const struct evidence_source dns_source_recursion = { .name = "dns-recursion", .format = recursion_format };
const struct evidence_source *const dns_evidence_sources[] = { &dns_source_zone, &dns_source_recursion, NULL };

static void line_set(struct dns_line *line, const char *file, unsigned int number, const char *text)
{
	text_format(line->file, sizeof(line->file), "%s", file);
	line->line = number;
	text_format(line->text, sizeof(line->text), "%s", text);
}

static void zone_add(struct dns_config *config, enum dns_daemon daemon, const char *file, unsigned int number,
		     const char *text)
{
	if (config->zone_count >= DNS_ZONES_MAX)
		return;
	config->zone_daemons[config->zone_count] = daemon;
	line_set(&config->zones[config->zone_count++], file, number, text);
}

/* A network the configuration lets recurse: everything opens the
 * server, loopback is always trusted, any other is a client network. */
static int network_allowed(struct dns_config *config, enum dns_daemon daemon, const char *file, unsigned int number,
			   const char *line, const char *text)
{
	struct cidr network;
	char copy[CIDR_TEXT_MAX + 8];

	text_format(copy, sizeof(copy), "%s", text);
	if (strcasecmp(copy, "any") == 0)
		text_format(copy, sizeof(copy), "0.0.0.0/0");
	if (cidr_parse(copy, &network) < 0)
		return 0;
	if (cidr_is_everything(&network)) {
		if (!config->open.line) {
			line_set(&config->open, file, number, line);
			config->open_daemon = daemon;
		}
		return 0;
	}
	if ((network.address.family == AF_INET && network.address.bytes[0] == 127) ||
	    (network.address.family == AF_INET6 && network.prefix_length == 128 &&
	     memcmp(network.address.bytes, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0))
		return 0;
	if (!config->allowed_line.line)
		line_set(&config->allowed_line, file, number, line);
	return cidr_list_add(&config->allowed, &network);
}

/* The next line of text at *at into line, comments (# and, for BIND,
 * // and ;) and blanks stripped; false at the end. */
static bool next_line(const char **at, const char *end, char *line, unsigned int *number, bool bind)
{
	const char *start = *at, *newline;
	size_t length;
	char *cut;

	if (start >= end)
		return false;
	newline = memchr(start, '\n', (size_t)(end - start));
	*at = newline ? newline + 1 : end;
	(*number)++;
	length = (size_t)((newline ? newline : end) - start);
	if (length >= LINE_MAX_BYTES)
		length = LINE_MAX_BYTES - 1;
	memcpy(line, start, length);
	line[length] = '\0';
	line[strcspn(line, "#\r")] = '\0';
	if (bind && (cut = strstr(line, "//")))
		*cut = '\0';
	length = strlen(line);
	while (length > 0 && isspace((unsigned char)line[length - 1]))
		line[--length] = '\0';
	return true;
}

static char *trimmed(char *text)
{
	size_t length;

	text += strspn(text, " \t");
	length = strlen(text);
	if (length >= 2 && text[0] == '"' && text[length - 1] == '"') {
		text[length - 1] = '\0';
		text++;
	}
	return text;
}

struct reader {
	const struct host *host;
	struct dns_config *config;
	char files[DNS_FILES_MAX][EVIDENCE_TEXT_MAX];
	size_t file_count;
	struct error_record *error;
};

static int read_file(struct reader *reader, enum dns_daemon daemon, const char *path);

/* A directory and a pattern ("dir/" then "*.conf") or a file: each file it names, read as daemon's. */
static int read_pattern(struct reader *reader, enum dns_daemon daemon, const char *pattern)
{
	const char *star = strchr(pattern, '*');
	char directory[EVIDENCE_TEXT_MAX], suffix[64], names[DNS_FILES_MAX][EVIDENCE_TEXT_MAX];
	size_t count = 0;
	_cleanup_close_ int fd = -EBADF;
	struct dirent *entry;
	DIR *handle;
	int r = 0;

	if (!star)
		return read_file(reader, daemon, pattern);
	if (star == pattern || star[-1] != '/' || strchr(star + 1, '/') || strchr(star + 1, '*') ||
	    (size_t)(star - pattern) >= sizeof(directory))
		return 0;
	text_format(directory, sizeof(directory), "%.*s", (int)(star - pattern - 1), pattern);
	text_format(suffix, sizeof(suffix), "%s", star + 1);
	fd = paths_open_directory(reader->host, directory, false);
	if (fd < 0)
		return 0;
	handle = fdopendir(fd);
	if (!handle)
		return -errno;
	fd = -EBADF;
	while ((entry = readdir(handle)) && count < DNS_FILES_MAX) {
		size_t length = strlen(entry->d_name), suffix_length = strlen(suffix);

		if (entry->d_name[0] == '.' || length < suffix_length || length >= 200 ||
		    strcmp(entry->d_name + length - suffix_length, suffix) != 0)
			continue;
		text_format(names[count++], sizeof(names[0]), "%s/%s", directory, entry->d_name);
	}
	closedir(handle);
	qsort(names, count, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	for (size_t i = 0; i < count && r == 0; i++)
		r = read_file(reader, daemon, names[i]);
	return r;
}

static int unbound_parse(struct reader *reader, const char *file, const char *text)
{
	struct dns_config *config = reader->config;
	const char *at = text, *end = text + strlen(text);
	char line[LINE_MAX_BYTES], includes[4][EVIDENCE_TEXT_MAX];
	unsigned int number = 0, auth_line = 0, local_zone_line = 0;
	char local_zone[EVIDENCE_TEXT_MAX] = "";
	size_t include_count = 0;
	int r = 0;

	while (r == 0 && next_line(&at, end, line, &number, false)) {
		char *key = line + strspn(line, " \t"), *value = strchr(key, ':');

		if (!value)
			continue;
		*value++ = '\0';
		value = trimmed(value);
		if (strcmp(key, "access-control") == 0) {
			char network[64], action[32], whole[LINE_MAX_BYTES];

			if (sscanf(value, "%63s %31s", network, action) != 2)
				continue;
			text_format(whole, sizeof(whole), "access-control: %s %s", network, action);
			/* allow, allow_setrd, allow_snoop, allow_cookie recurse;
			 * deny, refuse and the *_non_local do not */
			if (strncmp(action, "allow", 5) == 0)
				r = network_allowed(config, DNS_DAEMON_UNBOUND, file, number, whole, network);
		} else if (strcmp(key, "auth-zone") == 0) {
			auth_line = number;
		} else if (strcmp(key, "name") == 0 && auth_line) {
			char subject[EVIDENCE_TEXT_MAX];

			text_format(subject, sizeof(subject), "auth-zone: %s", value);
			zone_add(config, DNS_DAEMON_UNBOUND, file, auth_line, subject);
			auth_line = 0;
		} else if (strcmp(key, "local-zone") == 0) {
			local_zone_line = number;
			text_format(local_zone, sizeof(local_zone), "local-zone: %s", value);
		} else if (strcmp(key, "local-data") == 0 && local_zone_line) {
			/* A local zone with data answers everyone its records. */
			zone_add(config, DNS_DAEMON_UNBOUND, file, local_zone_line, local_zone);
			local_zone_line = 0;
		} else if ((strcmp(key, "include") == 0 || strcmp(key, "include-toplevel") == 0) && include_count < 4) {
			text_format(includes[include_count++], sizeof(includes[0]), "%s", value);
		} else if (strcmp(key, "server") == 0 || strcmp(key, "stub-zone") == 0 || strcmp(key, "forward-zone") == 0 ||
			   strcmp(key, "remote-control") == 0) {
			auth_line = 0;
		}
	}
	for (size_t i = 0; i < include_count && r == 0; i++)
		r = read_pattern(reader, DNS_DAEMON_UNBOUND, includes[i]);
	return r;
}

/* BIND's statements as tokens: words, quoted strings, braces, ';'. */
struct tokens {
	const char *at, *end;
	unsigned int line;
};

static bool next_token(struct tokens *tokens, char *token, size_t size)
{
	for (;;) {
		while (tokens->at < tokens->end && isspace((unsigned char)*tokens->at))
			tokens->line += *tokens->at++ == '\n';
		if (tokens->at >= tokens->end)
			return false;
		if (*tokens->at == '#' || (*tokens->at == '/' && tokens->at + 1 < tokens->end && tokens->at[1] == '/')) {
			while (tokens->at < tokens->end && *tokens->at != '\n')
				tokens->at++;
			continue;
		}
		if (*tokens->at == '/' && tokens->at + 1 < tokens->end && tokens->at[1] == '*') {
			tokens->at += 2;
			while (tokens->at + 1 < tokens->end && !(tokens->at[0] == '*' && tokens->at[1] == '/'))
				tokens->line += *tokens->at++ == '\n';
			tokens->at = tokens->at + 2 <= tokens->end ? tokens->at + 2 : tokens->end;
			continue;
		}
		break;
	}
	size_t length = 0;

	if (strchr("{};", *tokens->at)) {
		token[length++] = *tokens->at++;
	} else if (*tokens->at == '"') {
		tokens->at++;
		while (tokens->at < tokens->end && *tokens->at != '"' && *tokens->at != '\n') {
			if (length + 1 < size)
				token[length++] = *tokens->at;
			tokens->at++;
		}
		if (tokens->at < tokens->end && *tokens->at == '"')
			tokens->at++;
	} else {
		while (tokens->at < tokens->end && !isspace((unsigned char)*tokens->at) && !strchr("{};\"", *tokens->at)) {
			if (length + 1 < size)
				token[length++] = *tokens->at;
			tokens->at++;
		}
	}
	token[length] = '\0';
	return true;
}

static int bind_parse(struct reader *reader, const char *file, const char *text)
{
	struct dns_config *config = reader->config;
	struct tokens tokens = { .at = text, .end = text + strlen(text), .line = 1 };
	char token[256], previous[256] = "", zone[200] = "", includes[4][EVIDENCE_TEXT_MAX];
	unsigned int depth = 0, zone_depth = 0, zone_line = 0, list_line = 0;
	size_t include_count = 0;
	bool in_recursion_list = false, want_include = false, want_zone = false, want_type = false, want_recursion = false;
	int r = 0;

	while (r == 0 && next_token(&tokens, token, sizeof(token))) {
		if (want_include) {
			if (include_count < 4)
				text_format(includes[include_count++], sizeof(includes[0]), "%s", token);
			want_include = false;
		} else if (want_zone) {
			text_format(zone, sizeof(zone), "%s", token);
			want_zone = false;
		} else if (want_type) {
			if (zone_depth && (strcmp(token, "primary") == 0 || strcmp(token, "master") == 0 ||
					   strcmp(token, "secondary") == 0 || strcmp(token, "slave") == 0)) {
				char subject[EVIDENCE_TEXT_MAX];

				text_format(subject, sizeof(subject), "zone \"%s\" { type %s; }", zone, token);
				zone_add(config, DNS_DAEMON_BIND, file, zone_line, subject);
			}
			want_type = false;
		} else if (want_recursion) {
			config->recursion_off |= strcmp(token, "no") == 0 || strcmp(token, "false") == 0;
			want_recursion = false;
		} else if (in_recursion_list && strcmp(token, "}") != 0 && strcmp(token, ";") != 0 && strcmp(token, "{") != 0) {
			char whole[LINE_MAX_BYTES];

			text_format(whole, sizeof(whole), "allow-recursion { %s; }", token);
			r = network_allowed(config, DNS_DAEMON_BIND, file, tokens.line, whole, token);
		}
		if (strcmp(token, "{") == 0) {
			depth++;
			if (strcmp(previous, "allow-recursion") == 0) {
				in_recursion_list = true;
				list_line = tokens.line;
			}
		} else if (strcmp(token, "}") == 0) {
			if (depth)
				depth--;
			if (in_recursion_list)
				in_recursion_list = false;
			if (zone_depth && depth < zone_depth)
				zone_depth = 0;
		} else if (depth == 0 && strcmp(token, "include") == 0) {
			want_include = true;
		} else if (depth == 0 && strcmp(token, "zone") == 0) {
			want_zone = true;
			zone_line = tokens.line;
			zone_depth = 1;
		} else if (zone_depth && strcmp(token, "type") == 0) {
			want_type = true;
		} else if (strcmp(token, "recursion") == 0) {
			want_recursion = true;
		}
		text_format(previous, sizeof(previous), "%s", token);
	}
	(void)list_line;
	for (size_t i = 0; i < include_count && r == 0; i++)
		r = read_file(reader, DNS_DAEMON_BIND, includes[i]);
	return r;
}

static int dnsmasq_parse(struct reader *reader, const char *file, const char *text)
{
	struct dns_config *config = reader->config;
	const char *at = text, *end = text + strlen(text);
	char line[LINE_MAX_BYTES];
	unsigned int number = 0;

	while (next_line(&at, end, line, &number, false)) {
		char *item = line + strspn(line, " \t");

		if (strncmp(item, "auth-zone=", 10) == 0)
			zone_add(config, DNS_DAEMON_DNSMASQ, file, number, item);
		else if (strcmp(item, "local-service") == 0)
			config->recursion_off = true;
	}
	return 0;
}

static int parse(struct reader *reader, enum dns_daemon daemon, const char *file, const char *text)
{
	switch (daemon) {
	case DNS_DAEMON_UNBOUND:
		return unbound_parse(reader, file, text);
	case DNS_DAEMON_BIND:
		return bind_parse(reader, file, text);
	case DNS_DAEMON_DNSMASQ:
		return dnsmasq_parse(reader, file, text);
	}
	return 0;
}

static int read_file(struct reader *reader, enum dns_daemon daemon, const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t length;
	int r;

	/* each file once, and a bounded number of them: include loops end here */
	for (size_t i = 0; i < reader->file_count; i++)
		if (strcmp(reader->files[i], path) == 0)
			return 0;
	if (reader->file_count >= DNS_FILES_MAX || path[0] != '/')
		return 0;
	text_format(reader->files[reader->file_count++], EVIDENCE_TEXT_MAX, "%s", path);
	r = paths_read_optional(reader->host, path, &text, &length, reader->error);
	if (r < 0 || !text)
		return r == -ENOMEM ? r : 0;
	reader->config->read[daemon] = true;
	return parse(reader, daemon, path, text);
}

int dns_config_parse(enum dns_daemon daemon, const char *file, const char *text, struct dns_config *config)
{
	/* no host: includes name no file that can be read */
	struct reader reader = { .config = config, .file_count = DNS_FILES_MAX };

	config->read[daemon] = true;
	return parse(&reader, daemon, file, text);
}

int dns_config_read(const struct host *host, struct dns_config *ret_config, struct error_record *ret_error)
{
	struct reader *reader = calloc(1, sizeof(*reader));
	int r;

	if (!reader)
		return -ENOMEM;
	*ret_config = (struct dns_config){ 0 };
	reader->host = host;
	reader->config = ret_config;
	reader->error = ret_error;
	r = read_file(reader, DNS_DAEMON_UNBOUND, DNS_PATH_UNBOUND);
	if (r == 0)
		r = read_file(reader, DNS_DAEMON_BIND, DNS_PATH_NAMED);
	if (r == 0)
		r = read_file(reader, DNS_DAEMON_DNSMASQ, DNS_PATH_DNSMASQ);
	free(reader);
	if (r < 0)
		dns_config_free(ret_config);
	return r;
}

void dns_config_free(struct dns_config *config)
{
	cidr_list_free(&config->allowed);
}

int dns_find_consumers(const struct consumer_request *request, struct consumer_list *list,
		       struct error_record *ret_error)
{
	struct dns_config config;
	int r = dns_config_read(request->host, &config, ret_error);

	if (r < 0)
		return r;
	for (size_t i = 0; r == 0 && i < config.zone_count; i++) {
		struct consumer consumer = {
			.kind = &dns_kind_zone,
			.facts = { .source = &dns_source_zone, .line = config.zones[i].line,
				   .version = (unsigned int)config.zone_daemons[i] },
		};

		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", config.zones[i].file);
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", config.zones[i].text);
		if (config.open.line)
			text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s:%u: %s", config.open.file,
				    config.open.line, config.open.text);
		r = consumer_list_add(list, &consumer);
	}
	if (r == 0 && config.allowed.count) {
		struct consumer consumer = {
			.kind = &dns_kind_clients,
			.facts = { .source = &dns_source_recursion, .line = config.allowed_line.line },
		};
		char networks[EVIDENCE_TEXT_MAX] = "";

		for (size_t i = 0, used = 0; i < config.allowed.count && used + CIDR_TEXT_MAX + 3 < sizeof(networks); i++) {
			char text[CIDR_TEXT_MAX];

			cidr_format(&config.allowed.items[i], text);
			used += (size_t)snprintf(networks + used, sizeof(networks) - used, "%s%s", i ? ", " : "", text);
		}
		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", config.allowed_line.file);
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", config.allowed_line.text);
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s", networks);
		r = cidr_list_add_all(&consumer.trusted, &config.allowed);
		if (r == 0)
			r = consumer_list_add(list, &consumer);
		else
			cidr_list_free(&consumer.trusted);
	}
	if (r == 0 && config.open.line)
		consumer_list_note(list, "%s:%u: %s lets every address recurse: an open resolver", config.open.file,
				   config.open.line, config.open.text);
	dns_config_free(&config);
	return r;
}

bool dns_answers_outsiders(const struct host *host, const struct service_answer *answer)
{
	struct dns_config config;
	bool outsiders;

	/* A server that does not recurse even for this host is no resolver. */
	if (answer && answer->probe == &dns_probe && dns_answered(dns_detail_of(answer)) &&
	    !dns_recurses(dns_detail_of(answer)))
		return false;
	if (dns_config_read(host, &config, NULL) < 0)
		return true;
	/* unbound refuses all but localhost by default; BIND recurses for
	 * localnets, dnsmasq everywhere unless local-service */
	if (config.read[DNS_DAEMON_UNBOUND] && !config.read[DNS_DAEMON_BIND] && !config.read[DNS_DAEMON_DNSMASQ])
		outsiders = config.open.line || config.allowed.count;
	else
		outsiders = !config.recursion_off || config.open.line;
	dns_config_free(&config);
	return outsiders;
}

void dns_explain(const struct evidence *facts, enum language language, char *buffer, size_t size)
{
	char where[EVIDENCE_TEXT_MAX + 32];

	if (facts->object[0])
		text_format(where, sizeof(where), IN(language, "ändern Sie %s", "change %s"), facts->object);
	else
		text_format(where, sizeof(where), "%s", IN(language, "ändern Sie die Konfiguration",
							     "change the configuration"));
	switch ((enum dns_daemon)facts->version) {
	case DNS_DAEMON_BIND:
		text_format(buffer, size, IN(language,
			"%s:%u dient %s der ganzen Welt, darum sperrt portguard Port 53 nicht: %s zu „allow-recursion { localhost; <Ihre Netze>; };“ in den options von named.conf.",
			"%s:%u serves %s to the world, so portguard does not firewall port 53: %s to \"allow-recursion { localhost; <your networks>; };\" in named.conf's options."),
			facts->file, facts->line, facts->subject, where);
		break;
	case DNS_DAEMON_DNSMASQ:
		text_format(buffer, size, IN(language,
			"%s:%u dient %s der ganzen Welt, darum sperrt portguard Port 53 nicht: %s und setzen Sie „local-service“ in dnsmasq.conf.",
			"%s:%u serves %s to the world, so portguard does not firewall port 53: %s and set \"local-service\" in dnsmasq.conf."),
			facts->file, facts->line, facts->subject, where);
		break;
	default:
		text_format(buffer, size, IN(language,
			"%s:%u dient %s der ganzen Welt, darum sperrt portguard Port 53 nicht: %s zu „access-control: 0.0.0.0/0 refuse“ und „access-control: <Ihr Netz> allow“ in unbound.conf.",
			"%s:%u serves %s to the world, so portguard does not firewall port 53: %s to \"access-control: 0.0.0.0/0 refuse\" plus \"access-control: <your network> allow\" in unbound.conf."),
			facts->file, facts->line, facts->subject, where);
	}
}
