/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Values the record's serialisers share (internal to record/): a list
 * of networks as strings, and the consumers. */
#ifndef PORTGUARD_JSON_VALUE_H
#define PORTGUARD_JSON_VALUE_H

#include <jansson.h>
#include <stddef.h>

#include "base/json_read.h"
#include "model/model.h"

/* ["10.0.0.0/24", ...]; NULL when out of memory. */
json_t *networks_to_json(const struct cidr_list *list);
/* Appends what reads as a network; the rest is left out. 0 or -ENOMEM. */
int networks_from_json(const json_t *array, struct cidr_list *list);

struct consumer;
struct consumer_list;
struct service;
/* The consumers of check's "consumers" or of the plan's facts: kind
 * (the engine's or one service declares), evidence, trusted networks,
 * ambiguity; facts, when given, reads the rest of each. An unknown kind
 * is left out. 0 or -ENOMEM. */
int consumers_from_json(const json_t *array, const struct service *service, struct consumer_list *list,
			void (*facts)(const json_t *item, const struct service *service, struct consumer *consumer));

#endif
