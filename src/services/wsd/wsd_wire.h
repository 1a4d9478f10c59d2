/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery (SOAP-over-UDP, port 3702) as the scanners ask it: a
 * Probe envelope for wsdp:Device with a random MessageID, and the
 * ProbeMatches (or ResolveMatches) envelope that answers it. By hand,
 * no XML library: elements are found by their local name inside the
 * bytes of their parent, every offset checked against the datagram's
 * end; only the few elements that say what leaks are read (the
 * endpoint's uuid, its Types, its XAddrs URLs, the message it relates
 * to). Pure, no sockets; the decoder is safe against any bytes. */
#ifndef PORTGUARD_WSD_WIRE_H
#define PORTGUARD_WSD_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WSD_PORT 3702
#define WSD_GROUP4 "239.255.255.250"

/* "urn:uuid:" and a uuid's 36 characters */
#define WSD_UUID_TEXT 36
#define WSD_REQUEST_MAX 1024
/* The Probe's size (wsd_probe_encode) */
#define WSD_PROBE_BYTES 624
/* SOAP-over-UDP's largest envelope (wsdd's WSD_MAX_LEN) */
#define WSD_REPLY_MAX 32767
/* What is kept of a text (the rest is counted, not kept); printable ASCII only. */
#define WSD_TEXT_MAX 255

enum wsd_kind {
	WSD_KIND_NONE,
	WSD_KIND_PROBE_MATCHES,
	WSD_KIND_RESOLVE_MATCHES,
};

struct wsd_text {
	char text[WSD_TEXT_MAX + 1];	/* blanks at either end taken off; other bytes '?' */
	size_t bytes;			/* how long it was (after trimming) */
	bool present;
};

struct wsd_reply {
	enum wsd_kind kind;
	struct wsd_text relates_to;	/* the request's MessageID it answers */
	size_t matches;			/* ProbeMatch or ResolveMatch elements */
	/* of the first match: */
	struct wsd_text endpoint;	/* EndpointReference/Address, "urn:uuid:..." */
	struct wsd_text types;		/* "wsdp:Device pub:Computer" */
	struct wsd_text xaddrs;		/* "http://192.0.2.1:5357/..." (blank-separated URLs) */
	struct wsd_text scopes;
	uint32_t metadata_version;
	bool metadata_version_present;
};

/* A random version 4 uuid from 16 random bytes, as text (37 bytes with
 * its NUL). */
void wsd_uuid_format(const uint8_t random[16], char text[WSD_UUID_TEXT + 1]);

/* Encodes the scanners' Probe for wsdp:Device with MessageID
 * "urn:uuid:<uuid>" (WSD_UUID_TEXT characters) into buffer. Returns
 * its length, -EINVAL for a uuid that is none, -ENOBUFS when buffer is
 * too small. */
int wsd_probe_encode(const char *uuid, uint8_t *buffer, size_t size);

/* Decodes a reply: an Envelope with a Header whose Action ends in
 * /ProbeMatches or /ResolveMatches, and a Body with that element and at
 * least one match whose EndpointReference has an Address. Anything else
 * (a Probe, Hello, Bye, a Fault, bytes that are no XML, a NUL byte, an
 * element not closed) is -EBADMSG; on error *ret_reply is unchanged. */
int wsd_reply_decode(const uint8_t *reply, size_t length, struct wsd_reply *ret_reply);

/* The host of the first URL of xaddrs ("192.0.2.1", "[fd00::1]",
 * "files.example"), into buffer; false when there is none. */
bool wsd_xaddrs_host(const char *xaddrs, char *buffer, size_t size);

/* "ProbeMatches", "ResolveMatches", "?" */
const char *wsd_kind_name(enum wsd_kind kind);

#endif
