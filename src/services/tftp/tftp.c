/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP's entry: tftpd-hpa's in.tftpd on 69/udp. Debian 12's tftpd-hpa
 * ships an init script, which systemd runs as tftpd-hpa.service. A
 * dnsmasq that serves TFTP (enable-tftp) holds the port too, but it is
 * no process of this service: it serves DNS and DHCP as well, so it is
 * never stopped for TFTP; its port is restricted like any other holder
 * that is not the daemon. */
#include "config.h"

#include "services/tftp/tftp.h"
#include "services/tftp/tftp_consumers.h"
#include "services/tftp/tftp_mail.h"
#include "services/tftp/tftp_probe.h"

static const char *const processes[] = { "in.tftpd", "tftpd-hpa", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = TFTP_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener TFTP-Dienst", "Open TFTP service" },
	.notice = { "den offenen TFTP-Dienst (tftpd-hpa, Port 69/udp)",
		    "the open TFTP service (tftpd-hpa, port 69/udp)" },
	.client_before = "tftp ",
	.client_after = " -c get portguard-probe-missing",
	.client_sees_closed = {
		"tftp erhält keine Antwort, sondern meldet „Transfer timed out.“.",
		"tftp gets no answer; it reports \"Transfer timed out.\".",
	},
	.client_sees_filtered = {
		"tftp bekommt keine Antwort mehr (auch kein „File not found“) und meldet „Transfer timed out.“.",
		"tftp gets no answer any more (not even \"File not found\") and reports \"Transfer timed out.\".",
	},
	.client_sees_stopped = {
		"tftp erhält keine Antwort mehr, sondern meldet „Transfer timed out.“.",
		"tftp no longer gets an answer; it reports \"Transfer timed out.\".",
	},
};

const struct service tftp_service = {
	.name = "tftp",
	.daemon = "in.tftpd",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "tftpd-hpa.service",
	.probe = &tftp_probe,
	.letter = &letter,
	.mail = &tftp_mail,
	.find_consumers = tftp_find_consumers,
	.consumer_kinds = tftp_consumer_kinds,
	.evidence_sources = tftp_evidence_sources,
};
