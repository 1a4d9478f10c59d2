/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs in.tftpd, from files below the analysed host: the served
 * directory (its boot trees, or nothing at all), and the DHCP server
 * that sends clients to it. dnsmasq: dhcp-boot or pxe-service, with the
 * networks of its dhcp-range lines (start address and netmask); a range
 * without a netmask names no network (dnsmasq takes the interface's),
 * so the consumer is ambiguous. isc-dhcp-server: filename or
 * next-server inside "subnet A netmask M { ... }" of dhcpd.conf, that
 * subnet. A served directory with files that no DHCP configuration
 * names keeps the server (restrict) with a warning that its clients are
 * not known. The parsers read line by line, bounded; what they do not
 * understand is left out, never guessed. */
#include "config.h"

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
#include "services/tftp/tftp_consumers.h"

#define LINE_MAX_BYTES 1024
#define SERVED_NAMES_MAX 6

const struct consumer_kind tftp_kind_network_boot = {
	.name = "network-boot",
	.description_en = "network boot (PXE)", .description_de = "der Netzwerkstart (PXE)",
	.label_en = "network boot (PXE) clients that load their boot files over TFTP",
	.label_de = "Netzwerkstart-Clients (PXE), die ihre Startdateien per TFTP laden",
	.units = (const char *const[]){ "dnsmasq", "isc-dhcp-server", NULL },
};

const struct consumer_kind *const tftp_consumer_kinds[] = { &tftp_kind_network_boot, NULL };

static void dhcp_boot_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	if (evidence->object[0])
		text_format(buffer, size, IN(language, "%s:%u: %s für das Netz %s", "%s:%u: %s for network %s"),
			    evidence->file, evidence->line, evidence->subject, evidence->object);
	else
		text_format(buffer, size, "%s:%u: %s", evidence->file, evidence->line, evidence->subject);
}

static void served_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s stellt %s bereit", "%s serves %s"), evidence->file, evidence->subject);
}

const struct evidence_source tftp_source_dhcp_boot = { .name = "dhcp-boot", .format = dhcp_boot_format };
const struct evidence_source tftp_source_served = { .name = "tftp-directory", .format = served_format };

const struct evidence_source *const tftp_evidence_sources[] = { &tftp_source_dhcp_boot, &tftp_source_served, NULL };

/* The next line of text at *at into line (cut at LINE_MAX_BYTES - 1),
 * blanks and comments (#) stripped; false at the end. */
static bool next_line(const char **at, const char *end, char *line, unsigned int *number)
{
	const char *start = *at, *stop, *newline;
	size_t length;

	if (start >= end)
		return false;
	newline = memchr(start, '\n', (size_t)(end - start));
	stop = newline ? newline : end;
	*at = newline ? newline + 1 : end;
	(*number)++;
	length = (size_t)(stop - start);
	if (length >= LINE_MAX_BYTES)
		length = LINE_MAX_BYTES - 1;
	memcpy(line, start, length);
	line[length] = '\0';
	line[strcspn(line, "#\r")] = '\0';
	length = strlen(line);
	while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t'))
		line[--length] = '\0';
	return true;
}

bool tftp_defaults_value(const char *text, const char *key, char *buffer, size_t size)
{
	const char *at = text, *end = text + strlen(text);
	char line[LINE_MAX_BYTES];
	unsigned int number = 0;
	size_t key_length = strlen(key);
	bool found = false;

	while (next_line(&at, end, line, &number)) {
		char *value = line + strspn(line, " \t");
		size_t length;

		if (strncmp(value, key, key_length) != 0 || value[key_length] != '=')
			continue;
		value += key_length + 1;
		length = strlen(value);
		if (length >= 2 && (value[0] == '"' || value[0] == '\'') && value[length - 1] == value[0]) {
			value++;
			length -= 2;
		}
		/* the last assignment wins, as in the shell */
		snprintf(buffer, size, "%.*s", (int)length, value);
		found = true;
	}
	return found;
}

/* What the served directory holds: up to SERVED_NAMES_MAX names, boot
 * trees first in the note. Returns how many entries it has, -ENOENT
 * when it is not there. */
static int served_entries(const struct host *host, const char *directory, char *names, size_t size)
{
	_cleanup_close_ int fd = paths_open_directory(host, directory, false);
	DIR *handle;
	struct dirent *entry;
	int count = 0;
	size_t used = 0;

	if (fd < 0)
		return fd;
	handle = fdopendir(fd);
	if (!handle)
		return -errno;
	fd = -EBADF;	/* the DIR owns it now */
	*names = '\0';
	while ((entry = readdir(handle))) {
		int n;

		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		if (count < SERVED_NAMES_MAX && used + 1 < size) {
			n = snprintf(names + used, size - used, "%s%s%s", count ? ", " : "", entry->d_name,
				     entry->d_type == DT_DIR ? "/" : "");
			used = n < 0 ? used : (size_t)n >= size - used ? size - 1 : used + (size_t)n;
		}
		count++;
	}
	closedir(handle);
	return count;
}

struct found_boot {
	struct consumer_list *list;
	bool any;	/* a DHCP server points clients here */
};

static int add_boot(struct found_boot *found, const char *file, unsigned int line, const char *subject,
		    const struct cidr *network, const char *ambiguity)
{
	struct consumer consumer = {
		.kind = &tftp_kind_network_boot,
		.facts = { .source = &tftp_source_dhcp_boot, .line = line },
	};
	int r;

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", file);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", subject);
	if (network) {
		cidr_format(network, consumer.facts.object);
		r = cidr_list_add(&consumer.trusted, network);
		if (r < 0)
			return r;
	} else {
		consumer_set_ambiguous(&consumer, "%s", ambiguity);
	}
	found->any = true;
	return consumer_list_add(found->list, &consumer);
}

/* "dhcp-range=[tag:x,][set:x,]START,END[,MASK][,LEASE]": START and MASK
 * as a network; -EINVAL when the line names no netmask. */
static int dnsmasq_range_network(const char *value, struct cidr *ret_network)
{
	char copy[LINE_MAX_BYTES], *saved = NULL, *fields[8];
	size_t count = 0, first = 0;
	struct ip_address mask;
	char text[CIDR_TEXT_MAX + 8];
	int length;

	snprintf(copy, sizeof(copy), "%s", value);
	for (char *field = strtok_r(copy, ",", &saved); field && count < 8; field = strtok_r(NULL, ",", &saved))
		fields[count++] = field;
	/* tag:, set:, interface names before the start address */
	while (first < count && (ip_address_parse(fields[first], &mask) < 0 || mask.family != AF_INET))
		first++;
	if (count < first + 3 || ip_address_parse(fields[first + 2], &mask) < 0 || mask.family != AF_INET ||
	    (length = cidr_mask_length(&mask)) < 0)
		return -EINVAL;
	text_format(text, sizeof(text), "%s/%d", fields[first], length);
	return cidr_parse(text, ret_network);
}

static int dnsmasq_read(const struct host *host, const char *path, struct found_boot *found, struct error_record *ret_error)
{
	_cleanup_free_ char *text = NULL;
	struct { unsigned int line; char subject[96]; } boot = { 0 };
	const char *at, *end;
	char line[LINE_MAX_BYTES];
	unsigned int number = 0, ranges = 0;
	size_t length;
	int r = paths_read_optional(host, path, &text, &length, ret_error);

	if (r < 0 || !text)
		return r;
	at = text;
	end = text + length;
	while (next_line(&at, end, line, &number)) {
		/* dnsmasq serves TFTP itself: DNS and DHCP too, so it is
		 * never stopped for TFTP (it is no process of the service) */
		if (strcmp(line, "enable-tftp") == 0)
			consumer_list_note(found->list, "%s:%u enable-tftp: dnsmasq serves TFTP on every interface it serves DHCP on, "
					   "and DNS and DHCP too, so fix restricts port 69 and never stops it; an owner may prefer "
					   "enable-tftp=<lan interface>", path, number);
		if (!boot.line && (strncmp(line, "dhcp-boot=", 10) == 0 || strncmp(line, "pxe-service=", 12) == 0)) {
			boot.line = number;
			text_format(boot.subject, sizeof(boot.subject), "%s", line);
		}
	}
	if (!boot.line)
		return 0;
	/* each dhcp-range is a network whose clients boot */
	at = text;
	number = 0;
	while (next_line(&at, end, line, &number)) {
		struct cidr network;

		if (strncmp(line, "dhcp-range=", 11) != 0)
			continue;
		ranges++;
		if (dnsmasq_range_network(line + 11, &network) == 0)
			r = add_boot(found, path, boot.line, boot.subject, &network, NULL);
		else {
			char why[CONSUMER_TEXT_MAX];

			text_format(why, sizeof(why), "%s:%u %s names no netmask, so its network is dnsmasq's interface's",
				    path, number, line);
			r = add_boot(found, path, boot.line, boot.subject, NULL, why);
		}
		if (r < 0)
			return r;
	}
	if (ranges == 0) {
		char why[CONSUMER_TEXT_MAX];

		text_format(why, sizeof(why), "%s has %s but no dhcp-range, so its clients' network is not named", path,
			    boot.subject);
		return add_boot(found, path, boot.line, boot.subject, NULL, why);
	}
	return 0;
}

/* The files of /etc/dnsmasq.d that dnsmasq reads (conf-dir's default
 * skips names ending in ~ and starting with a dot). */
static int dnsmasq_directory_read(const struct host *host, struct found_boot *found, struct error_record *ret_error)
{
	_cleanup_close_ int fd = paths_open_directory(host, TFTP_PATH_DNSMASQ_DIRECTORY, false);
	char names[16][256];
	size_t count = 0;
	DIR *handle;
	struct dirent *entry;
	int r = 0;

	if (fd < 0)
		return 0;
	handle = fdopendir(fd);
	if (!handle)
		return -errno;
	fd = -EBADF;
	while ((entry = readdir(handle)) && count < 16) {
		size_t length = strlen(entry->d_name);

		if (entry->d_name[0] == '.' || length == 0 || entry->d_name[length - 1] == '~' || length >= 200)
			continue;
		snprintf(names[count++], sizeof(names[0]), "%s/%s", TFTP_PATH_DNSMASQ_DIRECTORY, entry->d_name);
	}
	closedir(handle);
	for (size_t i = 0; i < count && r == 0; i++)
		r = dnsmasq_read(host, names[i], found, ret_error);
	return r;
}

/* dhcpd.conf: "subnet A netmask M {" opens a subnet; filename or
 * next-server inside it names that subnet's clients as network boot
 * clients (once per subnet). Outside any subnet, the clients are not
 * known. */
static int dhcpd_read(const struct host *host, struct found_boot *found, struct error_record *ret_error)
{
	_cleanup_free_ char *text = NULL;
	const char *at, *end;
	char line[LINE_MAX_BYTES];
	unsigned int number = 0, depth = 0, subnet_depth = 0;
	struct cidr subnet;
	bool in_subnet = false, subnet_counted = false;
	size_t length;
	int r = paths_read_optional(host, TFTP_PATH_DHCPD, &text, &length, ret_error);

	if (r < 0 || !text)
		return r;
	at = text;
	end = text + length;
	while (next_line(&at, end, line, &number)) {
		const char *item = line + strspn(line, " \t");
		char network[64], mask[64];

		if (sscanf(item, "subnet %63s netmask %63[0-9.]", network, mask) == 2) {
			struct ip_address netmask;
			char cidr_text[CIDR_TEXT_MAX + 8];
			int prefix;

			in_subnet = ip_address_parse(mask, &netmask) == 0 && (prefix = cidr_mask_length(&netmask)) >= 0 &&
				    (text_format(cidr_text, sizeof(cidr_text), "%s/%d", network, prefix),
				     cidr_parse(cidr_text, &subnet) == 0);
			subnet_depth = depth + 1;
			subnet_counted = false;
		}
		if ((strncmp(item, "filename ", 9) == 0 || strncmp(item, "next-server ", 12) == 0) && !subnet_counted) {
			char subject[96], why[CONSUMER_TEXT_MAX];

			text_format(subject, sizeof(subject), "%s", item);
			if (in_subnet && depth >= subnet_depth) {
				r = add_boot(found, TFTP_PATH_DHCPD, number, subject, &subnet, NULL);
				subnet_counted = true;
			} else {
				text_format(why, sizeof(why), "%s:%u %s is outside a subnet declaration, so its clients' network is not named",
					    TFTP_PATH_DHCPD, number, item);
				r = add_boot(found, TFTP_PATH_DHCPD, number, subject, NULL, why);
			}
			if (r < 0)
				return r;
		}
		for (const char *c = item; *c; c++) {
			if (*c == '{')
				depth++;
			else if (*c == '}' && depth > 0 && --depth < subnet_depth)
				in_subnet = false;
		}
	}
	return 0;
}

int tftp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error)
{
	_cleanup_free_ char *defaults = NULL;
	char directory[EVIDENCE_TEXT_MAX] = TFTP_DIRECTORY_DEFAULT, address[128] = "", served[EVIDENCE_TEXT_MAX];
	struct found_boot found = { .list = list };
	size_t length;
	int entries, r = paths_read_optional(request->host, TFTP_PATH_DEFAULTS, &defaults, &length, ret_error);

	if (r < 0)
		return r;
	if (defaults) {
		tftp_defaults_value(defaults, "TFTP_DIRECTORY", directory, sizeof(directory));
		tftp_defaults_value(defaults, "TFTP_ADDRESS", address, sizeof(address));
	}
	r = dnsmasq_read(request->host, TFTP_PATH_DNSMASQ, &found, ret_error);
	if (r == 0)
		r = dnsmasq_directory_read(request->host, &found, ret_error);
	if (r == 0)
		r = dhcpd_read(request->host, &found, ret_error);
	if (r < 0)
		return r;
	/* several directories ("/srv/a /srv/b" without --secure): the first */
	directory[strcspn(directory, " \t")] = '\0';
	entries = directory[0] == '/' ? served_entries(request->host, directory, served, sizeof(served)) : -EINVAL;
	if (entries == 0 && !found.any) {
		consumer_list_note(list, "%s is empty, so in.tftpd serves no file and no client needs it", directory);
	} else if (entries < 0 && !found.any) {
		consumer_list_note(list, "%s (TFTP_DIRECTORY) %s, so in.tftpd serves no file", directory,
				   entries == -ENOENT ? "does not exist" : "cannot be read");
	} else if (entries > 0 && !found.any) {
		struct consumer consumer = {
			.kind = &tftp_kind_network_boot,
			.facts = { .source = &tftp_source_served },
		};

		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", directory);
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s%s", served,
			    entries > SERVED_NAMES_MAX ? ", ..." : "");
		consumer_set_callers_unknown(&consumer, "%s serves files, but no DHCP configuration (%s, %s) names the clients that boot from it",
					     directory, TFTP_PATH_DNSMASQ, TFTP_PATH_DHCPD);
		r = consumer_list_add(list, &consumer);
		if (r < 0)
			return r;
	} else if (entries == 0) {
		consumer_list_note(list, "%s is empty, though a DHCP configuration names a boot file", directory);
	}
	if (address[0] && strncmp(address, ":", 1) != 0 && strncmp(address, "0.0.0.0", 7) != 0)
		consumer_list_note(list, "%s: TFTP_ADDRESS=\"%s\"", TFTP_PATH_DEFAULTS, address);
	else
		consumer_list_note(list, "in.tftpd listens on every address; an owner may prefer TFTP_ADDRESS=\"<lan address>:69\" in %s",
				   TFTP_PATH_DEFAULTS);
	return 0;
}
