/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rules/portguard.nft.in, compiled in (nft_template.c is generated at
 * build time): the binary writes the file it was built with, wherever
 * it is installed, and the template stays the one place to edit. */
#ifndef PORTGUARD_NFT_TEMPLATE_H
#define PORTGUARD_NFT_TEMPLATE_H

extern const char nft_template[];

#endif
