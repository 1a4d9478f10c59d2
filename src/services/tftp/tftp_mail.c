/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's scan_tftp ("Open-TFTP") gives the reply the scanner
 * got in the columns opcode, errorcode, error and errormessage, with
 * response_size (which replaced size in 2023, report_schema's
 * completed-changes.md) and amplification. error is too common a word
 * to tell a report by; opcode, errorcode and errormessage are TFTP's. */
#include "config.h"

#include "services/tftp/tftp_mail.h"

static const char *const report_types[] = { "scan_tftp", NULL };
static const char *const report_titles[] = { "Open-TFTP", NULL };
static const char *const names[] = { "TFTP", "tftpd", NULL };
static const char *const columns[] = { "opcode", "errorcode", "errormessage", NULL };

const struct service_mail tftp_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
