/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rendering of what check and fix found: a text section for people, a
 * JSON value for machines. Each section lives in its own show_*.c. */
#ifndef PORTGUARD_SHOW_H
#define PORTGUARD_SHOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "model/model.h"

void show_listeners_text(FILE *out, const struct listener_list *list);
/* Returns a new JSON array, or NULL when out of memory. */
json_t *show_listeners_json(const struct listener_list *list);

/* The listeners back from that array, as far as the report names them
 * (protocol, address, port, the owner check shows); an entry check
 * would not write is left out. Returns 0 or -ENOMEM. */
int show_listeners_from_json(const json_t *array, struct listener_list *ret_list);

const char *transport_name(enum transport transport);
const char *family_name(int family);

struct rpc_summary;
/* The programs as rpcinfo -p lists them, the reply sizes, the factor. */
void show_rpc_text(FILE *out, const struct rpc_summary *summary);
void show_rpc_programs_text(FILE *out, const struct rpc_summary *summary);
void show_rpc_sizes_text(FILE *out, const struct rpc_summary *summary);
/* The "rpc" object of doc/json.md; NULL when out of memory. */
json_t *show_rpc_json(const struct rpc_summary *summary);
json_t *show_rpc_programs_json(const struct rpc_summary *summary);
/* The programs, the sizes and the factor back from that object (a
 * record read from disk): what cannot be read stays 0 or empty;
 * *ret_reachable_known tells whether "reachable" was there. Returns 0
 * or -ENOMEM. */
int show_rpc_from_json(const json_t *object, struct rpc_summary *ret_summary, bool *ret_reachable_known);
struct rpc_dump_result;
/* [{version, status, reply_bytes, entries}] of DUMP versions 2, 3, 4 */
json_t *show_rpc_versions_json(const struct rpc_dump_result *results);
/* "answered", "no reply", "refused", ... for a rpc_dump_result status */
const char *rpc_status_text(int status);

struct consumer_list;
struct plan;
/* The "Consumers" and "Plan" sections; the JSON values of "consumers",
 * "consumer_notes" and "plan" (doc/json.md). NULL when out of memory. */
void show_consumers_text(FILE *out, const struct consumer_list *list);
void show_plan_text(FILE *out, const struct plan *plan);
json_t *show_consumers_json(const struct consumer_list *list);
json_t *show_consumer_notes_json(const struct consumer_list *list);
json_t *show_plan_json(const struct plan *plan);

#endif
