/* Rendering of what check and fix found: a text section for people, a
 * JSON value for machines. Each section lives in its own show_*.c. */
#ifndef PORTGUARD_SHOW_H
#define PORTGUARD_SHOW_H

#include <jansson.h>
#include <stdio.h>

#include "model.h"

void show_listeners_text(FILE *out, const struct listener_list *list);
/* Returns a new JSON array, or NULL when out of memory. */
json_t *show_listeners_json(const struct listener_list *list);

const char *transport_name(enum transport transport);
const char *family_name(int family);

#endif
