/* SPDX-License-Identifier: GPL-2.0-or-later */
/* avahi's files on fixture trees: the services it publishes, nss-mdns
 * as a note, the interfaces it serves and whether a public link is one,
 * and a line that cannot be trusted; the probe's answer through the
 * record's JSON and back, also damaged. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/paths.h"
#include "corpus_replay.h"
#include "model/cidr.h"
#include "services/consumer.h"
#include "services/mdns/mdns.h"
#include "services/mdns/mdns_config.h"
#include "services/mdns/mdns_consumers.h"
#include "services/mdns/mdns_probe.h"

static struct host open_root(const char *name)
{
	char root[PATH_MAX];
	struct host tree;

	snprintf(root, sizeof(root), "%s/mdns/%s", FIXTURES, name);
	assert_int_equal(host_open(root, &tree), 0);
	return tree;
}

static int find(const char *name, struct consumer_list *list, struct error_record *error)
{
	struct host tree = open_root(name);
	struct consumer_request request = { .host = &tree };
	int r = mdns_service.find_consumers(&request, list, error);

	host_close(&tree);
	return r;
}

static bool noted(const struct consumer_list *list, const char *part)
{
	for (size_t i = 0; i < list->note_count; i++)
		if (strstr(list->notes[i], part))
			return true;
	return false;
}

static void debian_default_needs_nothing(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-debian", &list, &error), 0);
	assert_int_equal(list.count, 0);
	assert_true(noted(&list, "/etc/avahi/services publishes no service"));
	assert_false(noted(&list, "nss-mdns"));
	consumer_list_free(&list);
}

static void published_services_are_consumers(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(find("root-published", &list, &error), 0);
	assert_int_equal(list.count, 2);
	/* sorted by file name */
	assert_string_equal(list.items[0].kind->name, "mdns-published");
	assert_string_equal(list.items[0].facts.file, "/etc/avahi/services/printer.service");
	assert_string_equal(list.items[0].facts.subject, "_ipp._tcp");
	assert_string_equal(list.items[0].facts.object, "631");
	assert_string_equal(list.items[0].evidence, "/etc/avahi/services/printer.service publishes _ipp._tcp (port 631) over mDNS");
	assert_string_equal(list.items[1].facts.subject, "_ssh._tcp");
	assert_string_equal(list.items[1].facts.object, "22");
	/* nss-mdns is weak: a note with its line, no consumer */
	assert_true(noted(&list, "/etc/nsswitch.conf:3 resolves .local names through avahi (nss-mdns)"));
	assert_true(noted(&list, "/etc/avahi/avahi-daemon.conf:27: avahi serves only some interfaces (allow-interfaces)"));
	consumer_list_free(&list);
}

static void bad_interface_name_is_refused(void **state)
{
	struct consumer_list list = { 0 };
	struct error_record error = { 0 };
	char message[512];

	(void)state;
	assert_int_equal(find("root-bad", &list, &error), -EINVAL);
	error_record_format(&error, message, sizeof(message));
	assert_non_null(strstr(message, "/etc/avahi/avahi-daemon.conf:28: an interface name is longer than 15 bytes"));
	assert_int_equal(list.count, 0);
	assert_int_equal(list.note_count, 0);
}

static int parse_text(const char *text, const char *file, struct mdns_config *config, struct error_record *error)
{
	return mdns_config_parse(text, strlen(text), file, config, error);
}

static void config_text_is_bounded(void **state)
{
	struct mdns_config config = { .allow_count = 7 };
	struct error_record error = { 0 };
	char text[2 * MDNS_CONFIG_LINE_MAX], many[40 * 4 + 32] = "[server]\ndeny-interfaces=";

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(mdns_config_parse(text, strlen(text), "x.conf", &config, &error), -EINVAL);
	assert_int_equal(config.allow_count, 7);	/* untouched */
	assert_int_equal(parse_text("[server]\n\001\n", "x.conf", &config, &error), -EINVAL);
	for (int i = 0; i < 33; i++)
		strcat(many, "e0,");
	assert_int_equal(mdns_config_parse(many, strlen(many), "x.conf", &config, &error), -EINVAL);
	assert_int_equal(config.allow_count, 7);
	/* another section's key is not avahi's server setting */
	assert_int_equal(parse_text("[publish]\nallow-interfaces=eth0\n", "x.conf", &config, &error), 0);
	assert_int_equal(config.allow_count, 0);
}

static struct local_link link_of(const char *name, const char *network)
{
	struct local_link link = { 0 };

	snprintf(link.name, sizeof(link.name), "%s", name);
	assert_int_equal(cidr_parse(network, &link.network), 0);
	link.scope = ip_address_scope(&link.network.address);
	return link;
}

static void served_links_decide(void **state)
{
	struct local_link links[] = {
		link_of("wan0", "203.0.113.0/24"), link_of("lan0", "192.168.7.0/24"), link_of("lan0", "fd00:7::/64"),
		link_of("vpn0", "10.8.0.0/24"),
	};
	struct mdns_config config = { 0 };
	struct error_record error = { 0 };
	struct cidr_list lan = { 0 };
	char text[CIDR_TEXT_MAX];

	(void)state;
	assert_true(mdns_serves_public(&config, links, 4));
	assert_int_equal(mdns_lan_networks(&config, links, 4, &lan), 0);
	assert_int_equal(lan.count, 3);
	cidr_list_free(&lan);
	/* the owner's preferred changes: only the LAN, or not the public link */
	assert_int_equal(parse_text("[server]\nallow-interfaces=lan0\n", "x.conf", &config, &error), 0);
	assert_false(mdns_serves_public(&config, links, 4));
	assert_int_equal(mdns_lan_networks(&config, links, 4, &lan), 0);
	assert_int_equal(lan.count, 2);
	assert_true(cidr_list_contains(&lan, &links[1].network.address));
	assert_true(cidr_list_contains(&lan, &links[2].network.address));
	assert_false(cidr_list_contains(&lan, &links[3].network.address));
	assert_string_equal(cidr_format(&links[1].network, text), "192.168.7.0/24");
	cidr_list_free(&lan);
	assert_int_equal(parse_text("[server]\nallow-interfaces=wan0,lan0\ndeny-interfaces = wan0\n",
					   "x.conf", &config, &error), 0);
	assert_false(mdns_serves_public(&config, links, 4));
	assert_true(mdns_config_serves(&config, "lan0"));
	assert_false(mdns_config_serves(&config, "vpn0"));
}

static void answer_survives_the_record(void **state)
{
	struct mdns_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .probe = &mdns_probe, .detail = detail }, back = { 0 }, copy = { 0 };
	const struct mdns_detail *read;
	json_t *object;

	(void)state;
	assert_non_null(detail);
	detail->queries = 3;
	detail->request_bytes = 120;
	detail->reply_bytes = 401;
	detail->datagrams = 3;
	assert_int_equal(mdns_names_add(&detail->types, &detail->type_count, "_workstation._tcp.local"), 0);
	assert_int_equal(mdns_names_add(&detail->types, &detail->type_count, "_ssh._tcp.local"), 0);
	assert_int_equal(mdns_names_add(&detail->types, &detail->type_count, "_ssh._tcp.local"), 0);
	assert_int_equal(mdns_names_add(&detail->instances, &detail->instance_count, "pgtest [02:00:5e:10:00:20]._workstation._tcp.local"), 0);
	detail->ports[detail->port_count++] = 22;
	snprintf(answer.peer, sizeof(answer.peer), "203.0.113.10");
	mdns_answer_sum(&answer);
	assert_true(answer.reachable);
	assert_int_equal(detail->type_count, 2);	/* a name once */
	object = mdns_answer_json(&answer, json_true());
	assert_non_null(object);
	assert_int_equal(mdns_answer_from_json(object, &back), 0);
	read = mdns_detail_of(&back);
	assert_true(back.reachable);
	assert_string_equal(back.peer, "203.0.113.10");
	assert_int_equal(back.request_bytes, 120);
	assert_int_equal(back.reply_bytes, 401);
	assert_int_equal(read->type_count, 2);
	assert_string_equal(read->instances[0], "pgtest [02:00:5e:10:00:20]._workstation._tcp.local");
	assert_int_equal(read->port_count, 1);
	assert_int_equal(read->ports[0], 22);
	assert_int_equal(service_answer_copy(&back, &copy), 0);
	assert_string_equal(mdns_detail_of(&copy)->types[1], "_ssh._tcp.local");
	service_answer_free(&copy);
	service_answer_free(&back);
	json_decref(object);

	/* a damaged record: wrong types and ports out of range are left out */
	object = json_pack("{s:s, s:[i, s], s:[i, i, i], s:s, s:b}", "status", "nonsense", "service_types", 7, "_x._udp.local",
			   "ports", 0, 70000, 53, "request_bytes", "x", "reachable", 1);
	assert_non_null(object);
	assert_int_equal(mdns_answer_from_json(object, &back), 0);
	read = mdns_detail_of(&back);
	assert_int_equal(read->services, -EIO);
	assert_int_equal(read->type_count, 1);
	assert_int_equal(read->port_count, 1);
	assert_int_equal(read->ports[0], 53);
	assert_int_equal(back.request_bytes, 0);
	assert_true(back.amplification == 0);
	service_answer_free(&back);
	json_decref(object);
	service_answer_free(&answer);
}

static void replays_fuzz_corpus(void **state)
{
	(void)state;
	assert_true(corpus_replay(FIXTURES "/mdns/conf-corpus") >= 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debian_default_needs_nothing),
		cmocka_unit_test(published_services_are_consumers),
		cmocka_unit_test(bad_interface_name_is_refused),
		cmocka_unit_test(config_text_is_bounded),
		cmocka_unit_test(served_links_decide),
		cmocka_unit_test(answer_survives_the_record),
		cmocka_unit_test(replays_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
