/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NTP queries the scanners send and their replies, by hand so the
 * raw sizes stay visible and every length is checked: mode 6 READVAR
 * (RFC 9327, Shadowserver's scan_ntp) and mode 7 MON_GETLIST_1 (classic
 * ntpd's ntp_request.h, scan_ntpmonitor). Pure, no sockets; the
 * decoders are safe against any bytes. */
#ifndef PORTGUARD_NTP_WIRE_H
#define PORTGUARD_NTP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NTP_PORT 123

/* The mode is the low 3 bits of the first byte of every NTP packet; the
 * nft rule matches them (@th,64,8 & NTP_MODE_MASK) to drop 6 and 7 only:
 * 3 (client) and 4 (server) are the time service itself. */
#define NTP_MODE_MASK 0x07
#define NTP_MODE_CLIENT 3
#define NTP_MODE_SERVER 4
#define NTP_MODE_CONTROL 6
#define NTP_MODE_PRIVATE 7

/* The mode of packet; -EBADMSG when it is empty. */
int ntp_packet_mode(const uint8_t *packet, size_t length);
/* Whether mode is one the scanners query and a fix may drop. */
bool ntp_mode_is_query(int mode);

#define NTP_READVAR_REQUEST_SIZE 12
#define NTP_MONLIST_REQUEST_SIZE 8
#define NTP_CONTROL_HEADER_SIZE 12
#define NTP_PRIVATE_HEADER_SIZE 8
/* The data of one mode 6 fragment: CTL_MAX_DATA_LEN of ntp_control.h
 * (classic ntpd and ntpsec). */
#define NTP_CONTROL_FRAGMENT_DATA_MAX 468
/* ntpd splits a long answer into fragments; a hostile one must not make
 * us keep more than this. */
#define NTP_CONTROL_FRAGMENTS_MAX 32
#define NTP_CONTROL_DATA_MAX 8192
/* classic ntpd's RESP_DATA_SIZE, and the 7-bit sequence of mode 7 */
#define NTP_PRIVATE_DATA_MAX 500
#define NTP_PRIVATE_DATAGRAMS_MAX 128
/* sizeof(struct info_monitor_1) in classic ntpd's ntp_request.h, and in
 * the ntpd before IPv6 (no v6_flag, addr6, daddr6) */
#define NTP_MONITOR_ENTRY_SIZE 72
#define NTP_MONITOR_ENTRY_SIZE_IPV4 32

/* Encode the 12-byte READVAR of the system variables (association 0, no
 * data) as the scanners send it: LI 0, VN 2. Return the length written,
 * or -ENOBUFS when buffer is shorter. */
int ntp_readvar_encode(uint16_t sequence, uint8_t *buffer, size_t size);
/* Encode the 8-byte MON_GETLIST_1 request (implementation 3, request
 * 42), the monlist probe of CVE-2013-5211. Same returns. */
int ntp_monlist_encode(uint8_t *buffer, size_t size);

/* A mode 6 answer, put together from its fragments by offset. */
struct ntp_control_reply {
	uint16_t sequence;		/* the request's, echoed by each fragment */
	uint16_t status;		/* system status word of the first fragment */
	uint8_t data[NTP_CONTROL_DATA_MAX];
	size_t length;			/* the data's, once complete */
	size_t datagrams;
	size_t wire_bytes;		/* all datagrams, headers too */
	struct { uint16_t offset, count; } fragments[NTP_CONTROL_FRAGMENTS_MAX];
	size_t end;			/* offset + count of the last fragment, 0 before it */
	size_t received;		/* data bytes of all fragments */
	bool complete;
};

void ntp_control_reply_init(struct ntp_control_reply *reply, uint16_t sequence);
/* Takes one datagram of the READVAR answer. Returns 1 when the answer is
 * complete, 0 when fragments are missing (a gap: wait for more), -ESRCH
 * for another sequence or opcode, -EPROTO when ntpd answered with an
 * error, -EBADMSG when malformed, truncated, overlapping another
 * fragment or past the last, -E2BIG beyond NTP_CONTROL_FRAGMENTS_MAX or
 * NTP_CONTROL_DATA_MAX. On error reply is unchanged. */
int ntp_control_reply_feed(struct ntp_control_reply *reply, const uint8_t *datagram, size_t length);

/* One `name=value` of a READVAR answer. value is printable ASCII, without
 * the quotes when it had them. */
#define NTP_VARIABLES_MAX 64
#define NTP_VARIABLE_NAME_MAX 32
#define NTP_VARIABLE_VALUE_MAX 256
struct ntp_variable {
	char name[NTP_VARIABLE_NAME_MAX];
	char value[NTP_VARIABLE_VALUE_MAX];
	bool quoted;
};

struct ntp_variable_list {
	struct ntp_variable *items;
	size_t count;
	size_t capacity;
};

/* Parses `name=value, name="quoted",\r\n...` into list (appended).
 * Returns 0, -EBADMSG when not such a list, -E2BIG beyond
 * NTP_VARIABLES_MAX variables or a name or value longer than its
 * buffer, -ENOMEM. On error list is unchanged. */
int ntp_variables_parse(const uint8_t *data, size_t length, struct ntp_variable_list *list);
/* The value of name ("version", "system", ...), NULL when absent. */
const char *ntp_variable_find(const struct ntp_variable_list *list, const char *name);
void ntp_variable_list_free(struct ntp_variable_list *list);

/* What a MON_GETLIST_1 answer gave: its datagrams (numbered by their
 * 7-bit sequence, all but the last with the More bit) and the monitor
 * entries, each the address of a host that talked to the server. */
struct ntp_monlist_reply {
	uint8_t seen[NTP_PRIVATE_DATAGRAMS_MAX / 8];
	size_t datagrams;
	size_t wire_bytes;
	size_t entries;
	int last_sequence;		/* -1 before the datagram without More */
	int error;			/* the err field of an error answer, else 0 */
	bool complete;
};

void ntp_monlist_reply_init(struct ntp_monlist_reply *reply);
/* Takes one datagram. Returns 1 when every datagram up to the last has
 * come, 0 when more are due, -ESRCH for another implementation or
 * request, -EPROTO for an error answer (reply->error says which),
 * -EBADMSG when malformed, truncated, of another item size, repeated or
 * past the last. On error reply is unchanged (but for error). */
int ntp_monlist_reply_feed(struct ntp_monlist_reply *reply, const uint8_t *datagram, size_t length);

#endif
