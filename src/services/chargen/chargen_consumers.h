/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the internal services: nobody (they are test services of
 * the 1980s). What needs xinetd is every other service it enables: a
 * tftp or rsync entry in /etc/xinetd.conf or a file of its includedir,
 * or a line of /etc/inetd.conf that is not "internal". Those are the
 * consumers that make the plan restrict the ports instead of stopping
 * xinetd; the internal services found enabled are noted with the line
 * to change. */
#ifndef PORTGUARD_CHARGEN_CONSUMERS_H
#define PORTGUARD_CHARGEN_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"

#define CHARGEN_PATH_XINETD_CONF "/etc/xinetd.conf"
#define CHARGEN_PATH_INETD_CONF "/etc/inetd.conf"
#define CHARGEN_CONFIG_LINE_MAX 4096
/* services read from all files together; more are refused */
#define CHARGEN_XINETD_SERVICES_MAX 256

extern const struct consumer_kind chargen_kind_xinetd_service;
extern const struct consumer_kind *const chargen_consumer_kinds[];

/* file:line enables service subject, object its protocol and server */
extern const struct evidence_source chargen_source_xinetd;
extern const struct evidence_source *const chargen_evidence_sources[];

/* One service of xinetd's configuration, as read. */
struct xinetd_entry {
	char name[64];
	char id[64];
	char protocol[16];
	char server[EVIDENCE_TEXT_MAX];
	char file[EVIDENCE_TEXT_MAX];
	unsigned int line;
	bool internal;			/* type = INTERNAL */
	bool disabled;			/* disable = yes, or defaults' disabled/enabled say so */
	bool inetd;			/* a line of /etc/inetd.conf */
};

struct xinetd_config {
	struct xinetd_entry items[CHARGEN_XINETD_SERVICES_MAX];
	size_t count;
	char disabled[CHARGEN_CONFIG_LINE_MAX];	/* defaults' disabled = ..., space-separated */
	char enabled[CHARGEN_CONFIG_LINE_MAX];	/* defaults' enabled = ...; "" when none */
	bool enabled_given;
};

/* Parses one file of xinetd's configuration (named path for errors)
 * into config; includedir and include names go to include (called with
 * the directory or file and whether it is a directory). Returns 0,
 * -EINVAL with *error set (binary data, an overlong line, an unclosed
 * block, too many services). */
int chargen_xinetd_parse(const char *path, const char *text, size_t length, struct xinetd_config *config,
			 int (*include)(void *context, const char *name, bool directory), void *context,
			 struct error_record *error);
/* /etc/inetd.conf's lines into config; same returns. */
int chargen_inetd_parse(const char *path, const char *text, size_t length, struct xinetd_config *config,
			struct error_record *error);
/* Whether an entry is one of this service's: chargen, qotd, echo or
 * daytime (by name, id or internal type). */
bool chargen_entry_is_ours(const struct xinetd_entry *entry);
/* Applies defaults' enabled/disabled lists to every entry. */
void chargen_xinetd_settle(struct xinetd_config *config);

int chargen_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			   struct error_record *ret_error);

#endif
