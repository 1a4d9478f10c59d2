/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SNMP v1/v2c as the scanners ask it (RFC 1157, RFC 3416): a GetRequest
 * for sysDescr.0 and its GetResponse in BER, by hand so every length is
 * checked: pure, no sockets. The decoder is safe against any bytes. */
#ifndef PORTGUARD_SNMP_WIRE_H
#define PORTGUARD_SNMP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define SNMP_PORT 161
/* The scanners' community, and Debian's rocommunity. */
#define SNMP_COMMUNITY_PUBLIC "public"
/* A community is an OCTET STRING; agents limit it far below this. */
#define SNMP_COMMUNITY_MAX 64
/* RFC 3418 gives sysDescr SIZE (0..255); this only bounds a lie. */
#define SNMP_SYSDESCR_MAX 1024
/* The largest request: the 40 bytes of "public" with a 1-byte id, less
 * "public", plus the longest community and 3 more bytes of id. Every
 * length in it stays in BER's short form. */
#define SNMP_REQUEST_MAX (40 - 6 + SNMP_COMMUNITY_MAX + 3)

enum snmp_version {
	SNMP_VERSION_1 = 0,	/* the number on the wire */
	SNMP_VERSION_2C = 1,
};

/* What the agent said about sysDescr.0. */
enum snmp_value {
	SNMP_VALUE_NONE,		/* error_status is set: no value */
	SNMP_VALUE_TEXT,		/* sysdescr holds it */
	SNMP_VALUE_NO_SUCH_OBJECT,	/* v2c exceptions: the agent answered, */
	SNMP_VALUE_NO_SUCH_INSTANCE,	/* but its view hides sysDescr */
	SNMP_VALUE_END_OF_MIB_VIEW,
};

/* RFC 3416 error-status: noError(0) .. inconsistentName(18); v1 agents
 * answer a hidden object with noSuchName(2). */
#define SNMP_ERROR_NO_SUCH_NAME 2
#define SNMP_ERROR_STATUS_MAX 18

struct snmp_sysdescr {
	enum snmp_value value;
	uint32_t error_status;
	uint32_t error_index;
	/* printable ASCII only: every other byte is shown as '?', so the
	 * text is safe for a terminal and valid UTF-8 for JSON */
	char text[SNMP_SYSDESCR_MAX + 1];
	size_t text_bytes;	/* the octets the agent sent, = strlen(text) */
	size_t reply_bytes;	/* the datagram, for the amplification */
};

/* Encodes a GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0) with a NULL
 * value. Returns the length written; -EINVAL for another version or an
 * empty or longer than SNMP_COMMUNITY_MAX community, -ENOBUFS when
 * buffer is too small (SNMP_REQUEST_MAX always suffices). */
int snmp_get_sysdescr_encode(enum snmp_version version, const char *community, int32_t request_id,
			     uint8_t *buffer, size_t size);

/* Decodes the GetResponse to that request: one definite-length BER
 * message filling the datagram, version and community as sent, PDU
 * GetResponse, exactly one varbind naming sysDescr.0. An error status or
 * a v2c exception is a result (the agent answered), not an error.
 * Returns 0; -ESRCH when request_id does not match; -EBADMSG when the
 * bytes are malformed or truncated or answer another question (version,
 * community, PDU, OID); -E2BIG when sysDescr is longer than
 * SNMP_SYSDESCR_MAX. On error *ret_result is unchanged. */
int snmp_get_sysdescr_decode(const uint8_t *reply, size_t length, enum snmp_version version,
			     const char *community, int32_t request_id, struct snmp_sysdescr *ret_result);

#endif
