/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The data that flows between the steps: plain structs, no behaviour. */
#ifndef PORTGUARD_MODEL_H
#define PORTGUARD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum transport { TRANSPORT_TCP, TRANSPORT_UDP };

/* A port on one transport: where a service is reached. */
struct transport_port {
	enum transport transport;
	uint16_t port;
};

enum scope {
	SCOPE_ANY,		/* wildcard: 0.0.0.0 or :: */
	SCOPE_PUBLIC,
	SCOPE_PRIVATE,		/* RFC 1918, RFC 6598, fc00::/7 */
	SCOPE_LOOPBACK,
	SCOPE_LINK_LOCAL,
	SCOPE_MULTICAST,	/* 224.0.0.0/4, ff00::/8: a group, no unicast peer reaches it */
};

/* An IPv4 or IPv6 address; IPv4 lives in bytes[0..3]. */
struct ip_address {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t bytes[16];
};

struct cidr {
	struct ip_address address;	/* host bits cleared once normalised */
	unsigned int prefix_length;
};

struct cidr_list {
	struct cidr *items;
	size_t count;
	size_t capacity;
};

#define PROCESS_NAME_MAX 16	/* TASK_COMM_LEN */
#define UNIT_NAME_MAX 256
#define UNIT_STATE_MAX 32	/* "active", "enabled", "masked"... */
#define LISTENER_OWNERS_MAX 8

/* A process that holds a listening socket, and the systemd unit it runs
 * in; for PID 1 the unit is the socket unit that owns the listener. */
struct owner {
	pid_t pid;
	char process[PROCESS_NAME_MAX];
	char unit[UNIT_NAME_MAX];	/* "" when not known */
};

struct listener {
	enum transport transport;
	struct ip_address address;
	uint16_t port;
	bool v6only;
	enum scope scope;
	bool exposed;		/* bound beyond loopback */
	bool filtered;		/* table inet portguard limits its port */
	uint64_t inode;
	uint64_t cgroup_id;	/* 0 when the kernel did not say */
	uid_t uid;
	size_t owner_count;
	struct owner owners[LISTENER_OWNERS_MAX];
};

struct listener_list {
	struct listener *items;
	size_t count;
	size_t capacity;
	/* Some processes could not be read (not root, or protected), and an
	 * owner may be missing because of it. */
	bool owners_incomplete;
	/* The search stopped once every socket had an owner, before reading
	 * every candidate (a large cgroup, or every process where the
	 * sockets' cgroup was empty): a second holder may be missing. */
	bool owners_partial;
};

#endif
