/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the AD DC's CLDAP service, from /etc/samba/smb.conf below
 * the analysed host, its processes, the DC's own answer and its
 * directory: a DC serves its domain's members, whose networks smb.conf
 * may name ([global]'s hosts allow, else interfaces) and the sites'
 * subnets name (cldap_sites.c). Both are the members': a member finds
 * its DC from any of them, so the networks are their union. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/error_record.h"
#include "base/text.h"
#include "kernel/process_find.h"
#include "model/cidr.h"
#include "services/answer.h"
#include "services/cldap/cldap_consumers.h"
#include "services/cldap/cldap_probe.h"
#include "services/cldap/cldap_sites.h"
#include "services/smb_conf_consumer.h"

const struct consumer_kind cldap_kind_members = {
	.name = "ad-domain-members",
	.description_en = "the AD domain with its members", .description_de = "die AD-Domäne mit ihren Mitgliedern",
	.label_en = "members of the Active Directory domain, which find their DC over CLDAP",
	.label_de = "Mitglieder der Active-Directory-Domäne, die ihren DC über CLDAP finden",
	.units = (const char *const[]){ "samba", NULL },
};

const struct consumer_kind cldap_kind_domain = {
	.name = "ad-domain",
	.description_en = "the AD domain (its members' networks unknown)",
	.description_de = "die AD-Domäne (Netze ihrer Mitglieder unbekannt)",
	.label_en = "Active Directory domain whose members' networks cannot be derived",
	.label_de = "Active-Directory-Domäne, deren Mitglieder-Netze sich nicht ableiten lassen",
	.units = (const char *const[]){ "samba", NULL },
};

const struct consumer_kind *const cldap_consumer_kinds[] = { &cldap_kind_members, &cldap_kind_domain, NULL };

/* The words sites_name() records in the facts' object, in English as
 * every record's facts are, and what the German report says instead. */
static const struct {
	const char *english, *german;
} site_words[] = {
	{ "the directory's sites name subnets ", "die Standorte des Verzeichnisses nennen die Subnetze " },
	{ " (site ", " (Standort " },
	{ " (no site)", " (kein Standort)" },
};

/* object in language: the sites' part, which sites_name() wrote after
 * smb.conf's settings (those are the file's own words), German when
 * asked. */
static void object_words(const char *object, enum language language, char *buffer, size_t size)
{
	const char *sites = strstr(object, site_words[0].english);
	size_t used;

	if (language != LANGUAGE_GERMAN || !sites) {
		text_format(buffer, size, "%s", object);
		return;
	}
	text_format(buffer, size, "%.*s", (int)(sites - object), object);
	used = strlen(buffer);
	for (const char *cursor = sites; *cursor && used + 1 < size;) {
		size_t i, more;
		int end = 0;

		/* the count of what did not fit, at the very end */
		if (sscanf(cursor, " and %zu more%n", &more, &end) == 1 && end > 0 && cursor[end] == '\0') {
			text_format(buffer + used, size - used, " und %zu weitere", more);
			return;
		}

		for (i = 0; i < sizeof(site_words) / sizeof(site_words[0]); i++)
			if (strncmp(cursor, site_words[i].english, strlen(site_words[i].english)) == 0)
				break;
		if (i < sizeof(site_words) / sizeof(site_words[0])) {
			text_format(buffer + used, size - used, "%s", site_words[i].german);
			cursor += strlen(site_words[i].english);
		} else {
			buffer[used] = *cursor++;
			buffer[used + 1] = '\0';
		}
		used = strlen(buffer);
	}
}

static void dc_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char running[64] = "", object[EVIDENCE_TEXT_MAX + 256];

	if (evidence->pid)
		text_format(running, sizeof(running), IN(language, "; samba läuft (PID %d)", "; samba runs (pid %d)"),
			    (int)evidence->pid);
	object_words(evidence->object, language, object, sizeof(object));
	if (evidence->line)
		text_format(buffer, size, IN(language, "%s:%u macht diesen Server zum Domänencontroller von %s%s%s%s",
					     "%s:%u makes this host the domain controller of %s%s%s%s"),
			    evidence->file, evidence->line, evidence->subject[0] ? evidence->subject : "?", running,
			    object[0] ? "; " : "", object);
	else
		text_format(buffer, size, IN(language, "Port 389/udp beantwortet CLDAP als Domänencontroller von %s%s%s%s",
					     "port 389/udp answers CLDAP as the domain controller of %s%s%s%s"),
			    evidence->subject[0] ? evidence->subject : "?", running, object[0] ? "; " : "", object);
}

const struct evidence_source cldap_source_dc = { .name = "smb-ad-dc", .format = dc_format };
const struct evidence_source *const cldap_evidence_sources[] = { &cldap_source_dc, NULL };

bool cldap_role_is_dc(const char *role)
{
	return strcasestr(role, "active directory") || strcasecmp(role, "dc") == 0;
}

static void add_notes(const struct smb_conf *conf, bool is_dc, struct consumer_list *list)
{
	if (conf->include.line)
		consumer_list_note(list, "%s:%u include = %s is not read; networks named there are not counted",
				   CLDAP_PATH_CONFIG, conf->include.line, conf->include.value);
	if (is_dc && conf->interfaces.line && smb_conf_true(&conf->bind_interfaces_only))
		consumer_list_note(list, "%s:%u interfaces = %s with bind interfaces only: samba serves CLDAP on those networks alone",
				   CLDAP_PATH_CONFIG, conf->interfaces.line, conf->interfaces.value);
}

/* Appends "the directory's sites name subnets 10.77.0.0/16,
 * 2001:db8:77::/48 (site Default-First-Site-Name), 10.30.0.0/16 (site
 * Branch-Office)" to object: subnets of one site in a row share its
 * name; what does not fit is counted. */
static void sites_name(const struct cldap_sites *sites, char *object, size_t size)
{
	/* room for " and 1024 more" */
	const size_t reserve = 16;
	size_t used = strlen(object), i;

	text_format(object + used, size - used, "%sthe directory's sites name subnets ", used ? "; " : "");
	used = strlen(object);
	for (i = 0; i < sites->count; i++) {
		const struct cldap_subnet *subnet = &sites->items[i];
		bool last_of_site = i + 1 == sites->count || strcmp(sites->items[i + 1].site, subnet->site) != 0;
		char network[CIDR_TEXT_MAX], piece[CIDR_TEXT_MAX + CLDAP_SITE_MAX + 16];
		size_t length;

		text_format(piece, sizeof(piece), "%s%s", i ? ", " : "", cidr_format(&subnet->network, network));
		length = strlen(piece);
		if (last_of_site)
			text_format(piece + length, sizeof(piece) - length, subnet->site[0] ? " (site %s)" : " (no site)",
				    subnet->site);
		length = strlen(piece);
		if (used + length + reserve >= size)
			break;
		memcpy(object + used, piece, length + 1);
		used += length;
	}
	if (i < sites->count)
		text_format(object + used, size - used, " and %zu more", sites->count - i);
}

/* The subnets the directory's sites name, added to consumer's networks
 * and named in its facts; why they could not be read is a note.
 * Returns how many were added, or -ENOMEM; *ret_read says whether the
 * directory answered. */
static int sites_add(const struct host *host, const struct smb_conf *conf, struct consumer *consumer,
		     struct consumer_list *list, bool *ret_read)
{
	struct cldap_sites sites = { 0 };
	char why[CLDAP_SITES_WHY_MAX] = "";
	int r = cldap_sites_read(host, conf, CLDAP_SITES_TIMEOUT_MS, &sites, why, sizeof(why));

	*ret_read = r == 1;
	if (r == 0)
		consumer_list_note(list, "the sites' subnets in the directory are not read: %s; "
				   "pass --trusted with members' networks that smb.conf does not name", why);
	if (r <= 0) {
		cldap_sites_free(&sites);
		return r;
	}
	if (sites.unusable)
		consumer_list_note(list, "the directory's subnet '%s'%s is no network prefix and is not counted",
				   sites.first_unusable, sites.unusable > 1 ? " and others" : "");
	if (sites.count == 0) {
		consumer_list_note(list, "the directory's sites name no subnet (read on %s)", sites.socket);
		cldap_sites_free(&sites);
		return 0;
	}
	r = 0;
	for (size_t i = 0; r == 0 && i < sites.count; i++) {
		char network[CIDR_TEXT_MAX];

		if (cidr_is_everything(&sites.items[i].network))
			consumer_set_callers_unknown(consumer, "the directory's subnet %s admits everyone, which names no member network",
						     cidr_format(&sites.items[i].network, network));
		else
			r = cidr_list_add(&consumer->trusted, &sites.items[i].network);
	}
	sites_name(&sites, consumer->facts.object, sizeof(consumer->facts.object));
	r = r < 0 ? r : (int)sites.count;
	cldap_sites_free(&sites);
	return r;
}

int cldap_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			 struct error_record *ret_error)
{
	const struct service_answer *answer = request->answer;
	const struct cldap_detail *detail = answer && answer->probe == &cldap_probe ? cldap_detail_of(answer) : NULL;
	struct consumer consumer = { .facts = { .source = &cldap_source_dc } };
	struct smb_conf conf = { 0 };
	char domain[CLDAP_TEXT_MAX] = "";
	bool is_dc, sites_read = false;
	int r = smb_conf_load(request->host, &conf, ret_error), derived = 0;

	if (r < 0)
		return r;
	is_dc = r == 1 && conf.server_role.line && cldap_role_is_dc(conf.server_role.value);
	if (detail && cldap_answered(detail))
		cldap_domain_name(&detail->dse, domain, sizeof(domain));
	if (!is_dc && !domain[0]) {
		consumer_list_note(list, r == 0 ? "%s does not exist, and nothing on 389/udp answered as a domain controller"
					 : "%s does not make this host an AD domain controller (server role), and nothing on 389/udp answered as one",
				   CLDAP_PATH_CONFIG);
		return 0;
	}
	add_notes(&conf, is_dc, list);
	consumer.facts.pid = process_find(request->host, "samba");
	if (is_dc) {
		consumer.facts.line = conf.server_role.line;
		text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", CLDAP_PATH_CONFIG);
		r = smb_conf_consumer_networks(request->host, &conf, &consumer);
		if (r < 0) {
			cidr_list_free(&consumer.trusted);
			return r;
		}
		derived = r;
		r = sites_add(request->host, &conf, &consumer, list, &sites_read);
		if (r < 0) {
			cidr_list_free(&consumer.trusted);
			return r;
		}
		derived += r;
	}
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s",
		    conf.realm.line ? conf.realm.value : domain);
	if (derived && consumer.trusted.count && !consumer.ambiguous && !consumer.callers_unknown) {
		consumer.kind = &cldap_kind_members;
		return consumer_list_add(list, &consumer);
	}
	/* The members are there, but not where: explain, unless --trusted says. */
	consumer.kind = &cldap_kind_domain;
	if (!consumer.ambiguous && !consumer.callers_unknown)
		consumer_set_ambiguous(&consumer, !is_dc ? "%s does not say that this host is the domain controller, so the domain members' networks are not known"
						  : sites_read ? "%s names neither hosts allow nor interfaces and the directory's sites name no subnet, "
								 "so the domain members' networks are not known"
						  : "%s names neither hosts allow nor interfaces and the directory's sites could not be read, "
						    "so the domain members' networks are not known",
				       CLDAP_PATH_CONFIG);
	else
		consumer.ambiguous = true;
	if (!consumer.facts.object[0])
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s", consumer.ambiguity);
	return consumer_list_add(list, &consumer);
}

void cldap_explain(const struct evidence *facts, enum language language, char *buffer, size_t size)
{
	char evidence[EVIDENCE_TEXT_MAX * 2];

	dc_format(facts, language, evidence, sizeof(evidence));
	text_format(buffer, size, IN(language,
		"%s. Die Mitglieder der Domäne brauchen Port 389/udp, um ihren Domänencontroller zu finden, darum sperrt portguard den Port nicht ohne ihre Netze: "
		"Setzen Sie „interfaces = <Netze der Mitglieder>“ und „bind interfaces only = yes“ in [global] der %s, "
		"tragen Sie ihre Subnetze in die Standorte der Domäne ein (samba-tool sites subnet create), öffnen Sie 389/udp in der Firewall nur für diese Netze, "
		"oder geben Sie sie portguard mit --trusted.",
		"%s. The domain's members need port 389/udp to find their domain controller, so portguard does not firewall the port without their networks: "
		"set \"interfaces = <the members' networks>\" and \"bind interfaces only = yes\" in [global] of %s, "
		"name their subnets in the domain's sites (samba-tool sites subnet create), open 389/udp in the firewall to those networks alone, "
		"or give them to portguard with --trusted."),
		evidence, CLDAP_PATH_CONFIG);
	buffer[0] = (char)toupper((unsigned char)buffer[0]);
}
