/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memcached's `stats` as the scanners ask it (protocol.txt of memcached):
 * over UDP each datagram carries an 8-byte frame header (request id,
 * sequence, total, reserved); over TCP the same text comes bare. Pure, no
 * sockets: the reassembly and the parser are safe against any bytes. */
#ifndef PORTGUARD_MEMCACHED_WIRE_H
#define PORTGUARD_MEMCACHED_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEMCACHED_PORT 11211
#define MEMCACHED_STATS_COMMAND "stats\r\n"
#define MEMCACHED_UDP_HEADER_SIZE 8
/* The frame header and "stats\r\n". */
#define MEMCACHED_UDP_STATS_SIZE 15
/* memcached 1.6 sends at most 1400 bytes a datagram; ~90 stats fill 2.
 * These only bound a lie: datagrams announced, and text in all. */
#define MEMCACHED_UDP_DATAGRAMS_MAX 128
#define MEMCACHED_TEXT_MAX (1024 * 1024)
#define MEMCACHED_STATS_MAX 1024
#define MEMCACHED_STAT_NAME_MAX 64	/* with the NUL */
#define MEMCACHED_STAT_VALUE_MAX 128

/* Encodes the UDP request: request id, sequence 0, one datagram,
 * reserved 0, "stats\r\n". Returns MEMCACHED_UDP_STATS_SIZE or -ENOBUFS. */
int memcached_udp_stats_encode(uint16_t request_id, uint8_t *buffer, size_t size);

/* Collects the datagrams of one UDP reply as they arrive, in any order. */
struct memcached_udp_reply {
	uint16_t request_id;
	uint16_t total;		/* datagrams the first one announced; 0 before */
	uint16_t received;
	size_t wire_bytes;	/* every datagram taken, headers too */
	size_t text_bytes;	/* their payloads */
	uint8_t *parts[MEMCACHED_UDP_DATAGRAMS_MAX];
	size_t part_lengths[MEMCACHED_UDP_DATAGRAMS_MAX];
};

void memcached_udp_reply_init(struct memcached_udp_reply *reply, uint16_t request_id);
/* Takes one datagram. Returns 1 when every announced datagram is in, 0
 * when more are to come; -ESRCH for another request id; -EBADMSG for a
 * short datagram, reserved bits set, a total of 0 or another total than
 * before, a sequence beyond the total or one already taken; -E2BIG for a
 * total over MEMCACHED_UDP_DATAGRAMS_MAX or text over
 * MEMCACHED_TEXT_MAX; -ENOMEM. On error reply is unchanged. */
int memcached_udp_reply_feed(struct memcached_udp_reply *reply, const uint8_t *datagram, size_t length);
/* The payloads in sequence order, NUL-terminated, in *ret_text (free()
 * it). Returns 0; -EBADMSG while a datagram is missing; -ENOMEM. */
int memcached_udp_reply_join(const struct memcached_udp_reply *reply, char **ret_text, size_t *ret_length);
void memcached_udp_reply_free(struct memcached_udp_reply *reply);

/* True when the text (TCP bytes so far, or a joined UDP reply) ends
 * with a whole last line that ends a reply: END, ERROR, CLIENT_ERROR or
 * SERVER_ERROR. */
bool memcached_reply_complete(const char *text, size_t length);

struct memcached_stat {
	char name[MEMCACHED_STAT_NAME_MAX];
	char value[MEMCACHED_STAT_VALUE_MAX];
};

/* The reply to stats. What the scanners report is taken out; -1 or ""
 * where the server did not say. */
struct memcached_stats {
	struct memcached_stat *items;	/* in the server's order */
	size_t count;
	size_t capacity;
	char version[MEMCACHED_STAT_VALUE_MAX];
	int64_t pid;
	int64_t uptime;
	int64_t time;
	int64_t pointer_size;
	int64_t curr_connections;
	int64_t total_connections;
};

/* Parses "STAT <name> <value>\r\n" lines up to a last "END\r\n": names
 * [a-z0-9_:]+, values printable ASCII; the numbers above decimal.
 * Returns 0; -EPROTO when the server answered ERROR, CLIENT_ERROR or
 * SERVER_ERROR; -EBADMSG when the text is malformed or cut; -E2BIG over
 * MEMCACHED_STATS_MAX lines or a name or value longer than its bound;
 * -ENOMEM. On success *ret_stats is filled (memcached_stats_free it); on
 * error it is unchanged. */
int memcached_stats_parse(const char *text, size_t length, struct memcached_stats *ret_stats);
/* The value of the first stat of that name; NULL when there is none. */
const char *memcached_stats_find(const struct memcached_stats *stats, const char *name);
void memcached_stats_free(struct memcached_stats *stats);

#endif
