/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check's human output: what check and fix found, one text section per
 * show_*.c. Their JSON is the record's typed scan (fix_scan_json.c). */
#ifndef PORTGUARD_SHOW_H
#define PORTGUARD_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "model/model.h"
#include "services/service.h"

void show_listeners_text(FILE *out, const struct service *service, const struct listener_list *list);

const char *transport_name(enum transport transport);
const char *family_name(int family);

struct consumer_list;
struct plan;
/* The "Consumers" and "Plan" sections. */
void show_consumers_text(FILE *out, const struct service *service, const struct consumer_list *list);
void show_plan_text(FILE *out, const struct plan *plan);

#endif
