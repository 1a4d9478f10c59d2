/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "services/memcached/memcached.h"
#include "services/memcached/memcached_mail.h"
#include "services/memcached/memcached_consumers.h"
#include "services/memcached/memcached_probe.h"

static const char *const processes[] = { "memcached", NULL };

/* UDP first: the amplifier the mails are about. */
static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = MEMCACHED_PORT },
	{ .transport = TRANSPORT_TCP, .port = MEMCACHED_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener memcached-Dienst", "Open memcached service" },
	.notice = { "den offenen memcached-Dienst (memcached, Port 11211/udp und 11211/tcp)",
		    "the open memcached service (memcached, port 11211/udp and 11211/tcp)" },
	.client_before = "printf 'stats\\r\\nquit\\r\\n' | nc -w 2 ",
	.client_after = " 11211",
	.client_sees_closed = {
		"nc erhält keine Statistik („STAT …“), sondern bricht ohne Ausgabe oder mit „Connection refused“ ab.",
		"nc gets no statistics (\"STAT ...\"); it ends without output or with \"Connection refused\".",
	},
	.client_sees_filtered = {
		"nc bekommt keine Antwort mehr und bricht nach einer Zeitüberschreitung ohne Ausgabe ab.",
		"nc gets no answer any more and ends after a timeout without output.",
	},
	.client_sees_stopped = {
		"nc erhält keine Statistik („STAT …“) mehr, sondern meldet „Connection refused“.",
		"nc no longer gets statistics (\"STAT ...\"); it reports \"Connection refused\".",
	},
};

const struct service memcached_service = {
	.name = "memcached",
	.daemon = "memcached",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "memcached.service",
	.probe = &memcached_probe,
	.letter = &letter,
	.mail = &memcached_mail,
	.find_consumers = memcached_find_consumers,
	.consumer_kinds = memcached_consumer_kinds,
	.evidence_sources = memcached_evidence_sources,
};
