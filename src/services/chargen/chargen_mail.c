/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives the
 * columns: scan_chargen has only response_size and amplification
 * besides the common ones (older files also chargen_size), scan_qotd
 * adds the quote. */
#include "config.h"

#include "services/chargen/chargen_mail.h"

static const char *const report_types[] = { "scan_chargen", "scan_qotd", NULL };
static const char *const report_titles[] = { "Open-Chargen", "Open-QOTD", NULL };
static const char *const names[] = { "Chargen", "QOTD", NULL };
static const char *const columns[] = { "chargen_size", "quote", NULL };

const struct service_mail chargen_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
