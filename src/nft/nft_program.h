/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The nft program, for the one thing only its text does well: a table
 * portguard did not write, with whatever an admin put in it, listed and
 * loaded back as it was. Internal to nft. */
#ifndef PORTGUARD_NFT_PROGRAM_H
#define PORTGUARD_NFT_PROGRAM_H

#include <stddef.h>

#include "base/error_record.h"

/* How long nft may take before it is killed: a table of the largest
 * size kept lists and loads in about a second. */
#define NFT_PROGRAM_TIMEOUT_SECONDS 60

/* Runs nft with arguments (NULL-terminated, without argv[0]) and input
 * as its standard input (length bytes; none when input is NULL), in this
 * network namespace. Its standard output goes to *ret_output (a new
 * NUL-terminated string, *ret_length bytes; may be NULL when not
 * wanted). Returns 0 when nft exited 0; -ENOENT when no nft program is
 * installed; -EFBIG when it printed more than output_max bytes;
 * -ETIMEDOUT; -EPROTO when it failed, with its first error line in
 * ret_error; another negative errno. */
int nft_program_run(const char *const *arguments, const char *input, size_t length, size_t output_max,
		    char **ret_output, size_t *ret_length, struct error_record *ret_error);

#endif
