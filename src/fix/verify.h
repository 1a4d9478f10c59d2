/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proof that a fix worked: scan the service's ports again and read
 * portguard's table back from the kernel. */
#ifndef PORTGUARD_VERIFY_H
#define PORTGUARD_VERIFY_H

#include <stdbool.h>

#include "base/error_record.h"
#include "fix/apply.h"
#include "model/model.h"
#include "nft/nft.h"
#include "record/fix_scan.h"

struct verification {
	struct listener_list listeners;
	bool exposed;		/* reachable beyond loopback after the change */
	char *rules;		/* the table as read back, nft text; NULL if none */
};

/* Checks the host after request was carried out: stop needs no socket
 * left on the service's ports; restrict needs the kernel's table to equal the
 * planned one. Fills *ret always (for the report); returns 0, or
 * -EADDRINUSE / -ESTALE with the one-line cause in ret_error. */
int verify_request(const struct apply_request *request, struct verification *ret,
		   struct error_record *ret_error);
/* The proof as the record keeps it ("after"). Returns 0 or -ENOMEM. */
int verification_scan(const struct verification *verification, struct fix_scan *ret_scan);
void verification_free(struct verification *verification);

#endif
