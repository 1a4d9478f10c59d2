/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NTP's entry: ntpsec's ntpd on 123/udp. It serves time on purpose, so
 * the plan never stops it and a restriction drops only modes 6 and 7. */
#include "config.h"

#include "services/ntp/ntp.h"
#include "services/ntp/ntp_mail.h"
#include "services/ntp/ntp_consumers.h"
#include "services/ntp/ntp_probe.h"

/* ntp.service and ntpd.service are aliases of ntpsec.service. */
static const char *const processes[] = { "ntpd", "ntpsec", "ntp.service", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = NTP_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener NTP-Dienst", "Open NTP service" },
	.notice = { "den offenen NTP-Dienst (ntpd, Port 123/udp: Abfragen mit Mode 6 und Mode 7)",
		    "the open NTP service (ntpd, port 123/udp: mode 6 and mode 7 queries)" },
	.client_before = "ntpq -c rv ",
	.client_after = "",
	.client_sees_closed = {
		"ntpq erhält keine Systemvariablen, sondern meldet eine Zeitüberschreitung („timed out, nothing received“).",
		"ntpq gets no system variables; it reports a timeout (\"timed out, nothing received\").",
	},
	.client_sees_filtered = {
		"ntpq bekommt keine Antwort mehr und meldet eine Zeitüberschreitung; die Zeit (Mode 3) liefert der Server weiterhin.",
		"ntpq gets no answer any more and reports a timeout; the server still serves time (mode 3).",
	},
	.client_sees_stopped = {
		"ntpq erhält keine Systemvariablen mehr, sondern meldet eine Zeitüberschreitung.",
		"ntpq no longer gets system variables; it reports a timeout.",
	},
};

/* Modes 6 and 7 only (the mode bits & 0x06 are 0x06 for those two
 * alone): modes 3 and 4 are the time service and the replies to the
 * host's own queries. */
static const struct service_filter query_modes = {
	.mask = 0x06,
	.value = 0x06,
	.dropped = { "NTP-Steuer- und Monitorabfragen (Modus 6 und 7)",
		     "NTP control and monitoring queries (modes 6 and 7)" },
};
_Static_assert((NTP_MODE_CONTROL & 0x06) == 0x06 && (NTP_MODE_PRIVATE & 0x06) == 0x06 &&
	       (NTP_MODE_CLIENT & 0x06) != 0x06 && (NTP_MODE_SERVER & 0x06) != 0x06,
	       "the filter takes modes 6 and 7 and no other");

const struct service ntp_service = {
	.name = "ntp",
	.daemon = "ntpd",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.socket_unit = NULL,
	.service_unit = "ntpsec.service",
	.probe = &ntp_probe,
	.letter = &letter,
	.mail = &ntp_mail,
	.restrict_filter = &query_modes,
	.answers_outsiders = ntp_answers_outsiders,
	.find_consumers = ntp_find_consumers,
	.consumer_kinds = ntp_consumer_kinds,
	.evidence_sources = ntp_evidence_sources,
};
