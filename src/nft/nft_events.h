/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nftables' change notifications (the NFNLGRP_NFTABLES netlink group):
 * did anyone but portguard touch table inet portguard? Every batch the
 * kernel commits ends with a NEWGEN message whose nlmsg_pid is the
 * netlink port id of the socket that sent the batch
 * (nf_tables_gen_notify). A port id belongs to one open socket of the
 * network namespace, so the agent's own batches are those of the
 * socket it keeps open (nft_writer). NEWGEN also carries
 * NFTA_GEN_PROC_PID, but that pid is the sender's in the initial pid
 * namespace (another number inside a container) and is reused once the
 * process ends: it is not used. */
#ifndef PORTGUARD_NFT_EVENTS_H
#define PORTGUARD_NFT_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nft_events;

/* What the messages of one batch have shown so far. */
struct nft_events_batch {
	bool touched;		/* a message named table inet portguard */
};

/* The port ids of sockets that count as portguard itself, open while
 * they count: their batches are ignored. */
struct nft_events_own {
	const uint32_t *port_ids;
	size_t count;
};

/* Subscribes in the current network namespace. -EPROTONOSUPPORT
 * without nf_tables, -EPERM without CAP_NET_ADMIN. */
int nft_events_open(struct nft_events **ret_events);
void nft_events_free(struct nft_events *events);
/* Non-blocking; poll it for input. */
int nft_events_fd(const struct nft_events *events);

/* Reads every queued notification. *ret_foreign is true when a batch of
 * another process touched table inet portguard, or when the kernel
 * dropped notifications (the socket overflowed): then nobody knows, and
 * the caller must look. */
int nft_events_read(struct nft_events *events, const struct nft_events_own *own, bool *ret_foreign);

/* The parsing half, for tests: one receive buffer of netlink messages.
 * batch carries a batch over buffer boundaries. */
int nft_events_parse(const void *buffer, size_t length, struct nft_events_batch *batch,
		     const struct nft_events_own *own, bool *ret_foreign);

#endif
