/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host's addresses as addresses_local() sees them, for the
 * integration tests:
 *   local_addresses              one line each: ADDRESS/PREFIX SCOPE
 *   local_addresses --json       the record's "local_addresses"
 *   local_addresses --abuse FILE the record's "abuse_report", checked
 *                                against this namespace's addresses */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "kernel/addresses.h"
#include "mail/abuse.h"
#include "model/cidr.h"

static int print_json(json_t *value)
{
	int r = value ? json_dumpf(value, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;

	putchar('\n');
	json_decref(value);
	return r < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct address_list list = { 0 };
	int r = addresses_local(&list);

	if (r < 0) {
		fprintf(stderr, "local_addresses: %s\n", strerror(-r));
		return 1;
	}
	if (argc == 2 && strcmp(argv[1], "--json") == 0) {
		r = print_json(addresses_json(&list));
	} else if (argc == 3 && strcmp(argv[1], "--abuse") == 0) {
		struct abuse_report report = { 0 };
		struct error_record error;
		char line[ABUSE_MESSAGE_MAX];

		if (abuse_report_read(argv[2], &report, &error) < 0) {
			fprintf(stderr, "portguard: %s\n", error_record_format(&error, line, sizeof(line)));
			r = 1;
		} else {
			r = print_json(abuse_report_json(&report, &list));
			abuse_report_free(&report);
		}
	} else {
		for (size_t i = 0; i < list.count; i++) {
			char text[CIDR_TEXT_MAX];

			printf("%s/%u %s\n", ip_address_format(&list.items[i].address, text),
			       list.items[i].prefix_length, scope_name(list.items[i].scope));
		}
	}
	address_list_free(&list);
	return r;
}
