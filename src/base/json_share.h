/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A long value written once in a JSON document. A chain of fix records
 * repeats the same trusted list and the same table text many times (four
 * services restricted to 10,000 networks wrote 12.9 MB, most of it
 * copies), and every run that reads the state pays for each copy. So the
 * state file writes a long string, or a long array of strings and
 * numbers, at its first place only; each later place holds
 *
 *     { "same_as": "/changes/nft/ruleset" }
 *
 * an RFC 6901 JSON pointer to the first. Reading puts the value back at
 * each such place (shared, not copied), so the rest of the reader never
 * sees a reference. */
#ifndef PORTGUARD_JSON_SHARE_H
#define PORTGUARD_JSON_SHARE_H

#include <jansson.h>
#include <stddef.h>

#define JSON_SHARE_KEY "same_as"
/* Shorter strings and arrays stay where they are: a reference would
 * save little and cost the reader of the file a lookup. */
#define JSON_SHARE_MIN_STRING 512
#define JSON_SHARE_MIN_ITEMS 16

/* Replaces, in document order, every repeat of a long value by a
 * reference to its first place. Returns 0 or -ENOMEM (root then holds
 * some references and some copies, all valid). */
int json_share_repeats(json_t *root);

/* Puts the referred value in place of every reference in root. A
 * reference that does not resolve (a pointer to nowhere, through or to
 * another reference, or to something json_share_repeats would not have
 * shared) is refused: -EBADMSG with its place and the cause in
 * error[size]. -ENOMEM. */
int json_share_resolve(json_t *root, char *error, size_t size);

#endif
