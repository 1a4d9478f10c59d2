/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers of the report, not an interface of their own: the record's
 * times in words, and base/prose.h for the text itself. */
#ifndef PORTGUARD_REPORT_PROSE_H
#define PORTGUARD_REPORT_PROSE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "base/language.h"
#include "base/prose.h"

/* "2026-11-26T20:00:00Z" (seconds and 'Z' required). Returns 0 or -EINVAL. */
int record_time_parse(const char *text, struct tm *ret_time);
/* "26.11.2026 um 20:00:00 UTC" or "2026-11-26 20:00:00 UTC"; the text
 * itself when it does not parse; "unbekannt"/"unknown" when NULL. */
const char *record_time_format(const char *text, enum language language, char *buffer, size_t size);

#endif
