/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the probes of the next services share (over kernel/net_io.h):
 * every address of a name asked in turn, this host's own daemon asked
 * where it listens, an exchange's outcome in words. A service supplies
 * how one address is asked, so its probe is only its protocol. */
#ifndef PORTGUARD_PROBE_NET_H
#define PORTGUARD_PROBE_NET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/language.h"
#include "kernel/net_io.h"
#include "model/model.h"
#include "services/answer.h"

/* Loopback answers in microseconds; this only bounds a silent holder. */
#define PROBE_LOCAL_TIMEOUT_MS 500
_Static_assert(ANSWER_PEER_MAX == NET_ADDRESS_MAX, "a peer is a numeric address");
/* The largest UDP payload there is, so a reply is never cut short. */
#define PROBE_DATAGRAM_MAX 65536

/* How one address is asked: fills *ret_answer (peer, sizes, detail) and
 * returns 0, or returns a negative errno when no exchange was possible
 * (unreachable; -ENOMEM), leaving *ret_answer empty. */
typedef int (*probe_address_fn)(const struct sockaddr *address, socklen_t length, unsigned int timeout_ms,
				struct service_answer *ret_answer);

/* Every address host resolves to (each once), on port, asked with ask;
 * an address without an exchange is a result with unreachable set.
 * Returns 0; -ENOENT, -EAGAIN or -EINVAL when host does not resolve;
 * -ENOMEM. */
int probe_each(const char *host, uint16_t port, unsigned int timeout_ms, probe_address_fn ask,
	       struct service_address_list *ret_list);

/* This host's own daemon on port: at 127.0.0.1, at ::1 when there are
 * IPv6 listeners, then at each address a listener is bound to, until
 * one answers; the last attempt is kept. Unreachable is a result
 * (reachable false, peer set). Returns 0 or -ENOMEM. */
int probe_local(const struct listener_list *listeners, uint16_t port, probe_address_fn ask,
		struct service_answer *ret_answer);

/* How one exchange ended, in words check, probe and the JSON share:
 * 0 "answered", -ETIMEDOUT "no reply", -ECONNREFUSED "refused",
 * -EBADMSG "malformed reply", -ENOTCONN "not asked", ...; and back
 * (-EIO, "failed", for what is none of them). */
const char *probe_status_text(int status);
int probe_status_from_text(const char *text);

/* Why a closed port is closed, as scanners count it: a refusal (ICMP
 * port unreachable) or a firewall's ICMP for the host; NULL for
 * another status (silence is each service's to word). */
const char *probe_refusal(int status);

/* The report's sentence on what one request got back, with request
 * naming it ("DUMP-Anfrage", "DUMP request"): "Eine DUMP-Anfrage von 40
 * Byte über UDP wurde mit 684 Byte beantwortet; das entspricht einem
 * Verstärkungsfaktor von 17,1." (local_only: measured on the server
 * itself); "" when the answer holds no reply. */
void probe_amplification_sentence(const struct service_answer *answer, bool local_only, const struct bilingual *request,
				  enum language language, char *buffer, size_t size);

/* The reply's size against the request's, rounded to two places. */
double probe_amplification(size_t reply_bytes, size_t request_bytes);

#endif
