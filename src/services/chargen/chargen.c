/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The inetd internal services' entry: chargen, qotd, echo and daytime
 * of xinetd (or openbsd-inetd), one service named for the worst of
 * them. The service is the internal services, not xinetd: the plan
 * stops xinetd only when it serves nothing else. */
#include "config.h"

#include "services/chargen/chargen.h"
#include "services/chargen/chargen_consumers.h"
#include "services/chargen/chargen_mail.h"
#include "services/chargen/chargen_probe.h"

/* "inetd" is openbsd-inetd's process and unit (inetd.service). */
static const char *const processes[] = { "xinetd", "inetd", NULL };

/* UDP first: the amplifiers the mails are about; chargen's port is the
 * one sentences name. The TCP twins are closed alike. */
static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = CHARGEN_PORT },
	{ .transport = TRANSPORT_UDP, .port = QOTD_PORT },
	{ .transport = TRANSPORT_UDP, .port = ECHO_PORT },
	{ .transport = TRANSPORT_UDP, .port = DAYTIME_PORT },
	{ .transport = TRANSPORT_TCP, .port = CHARGEN_PORT },
	{ .transport = TRANSPORT_TCP, .port = QOTD_PORT },
	{ .transport = TRANSPORT_TCP, .port = ECHO_PORT },
	{ .transport = TRANSPORT_TCP, .port = DAYTIME_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener Chargen-Dienst", "Open Chargen service" },
	.notice = { "die offenen Dienste chargen, qotd, echo und daytime, die internen Dienste von xinetd/inetd "
		    "(Port 19/udp, 17/udp, 7/udp und 13/udp)",
		    "the open services chargen, qotd, echo and daytime, the internal services of xinetd/inetd "
		    "(port 19/udp, 17/udp, 7/udp and 13/udp)" },
	.client_before = "printf '\\n' | nc -u -w 2 ",
	.client_after = " 19",
	.client_sees_closed = {
		"nc erhält keine Zeichenfolge („!\"#$%&…“), sondern endet nach zwei Sekunden ohne Ausgabe.",
		"nc gets no characters (\"!\"#$%&...\"); it ends after two seconds without output.",
	},
	.client_sees_filtered = {
		"nc bekommt keine Antwort mehr und endet nach zwei Sekunden ohne Ausgabe.",
		"nc gets no answer any more and ends after two seconds without output.",
	},
	.client_sees_stopped = {
		"nc erhält keine Zeichenfolge mehr, sondern endet ohne Ausgabe.",
		"nc no longer gets characters; it ends without output.",
	},
};

const struct service chargen_service = {
	.name = "chargen",
	.daemon = "xinetd",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.socket_unit = NULL,
	.service_unit = "xinetd.service",
	.probe = &chargen_probe,
	.letter = &letter,
	.mail = &chargen_mail,
	.find_consumers = chargen_find_consumers,
	.consumer_kinds = chargen_consumer_kinds,
	.evidence_sources = chargen_evidence_sources,
};
