/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs the TFTP server: network boot (PXE) clients. Evidence is
 * the served directory's content (/etc/default/tftpd-hpa's
 * TFTP_DIRECTORY: an empty directory serves nobody), and the DHCP
 * server that points clients at it: dnsmasq's dhcp-boot/pxe-service
 * with its dhcp-range networks, isc-dhcp-server's filename/next-server
 * in a subnet of /etc/dhcp/dhcpd.conf. Those networks are the trusted
 * ones. Notes say what was found not to need it and the change of
 * TFTP_ADDRESS an owner may prefer. */
#ifndef PORTGUARD_TFTP_CONSUMERS_H
#define PORTGUARD_TFTP_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"

#define TFTP_PATH_DEFAULTS "/etc/default/tftpd-hpa"
#define TFTP_DIRECTORY_DEFAULT "/srv/tftp"
#define TFTP_PATH_DNSMASQ "/etc/dnsmasq.conf"
#define TFTP_PATH_DNSMASQ_DIRECTORY "/etc/dnsmasq.d"
#define TFTP_PATH_DHCPD "/etc/dhcp/dhcpd.conf"

extern const struct consumer_kind tftp_kind_network_boot;
extern const struct consumer_kind *const tftp_consumer_kinds[];

/* file:line points clients at a boot file (subject: "dhcp-boot=pxelinux.0",
 * "filename \"pxelinux.0\""), object the network it serves */
extern const struct evidence_source tftp_source_dhcp_boot;
/* file is the served directory, subject what it holds ("pxelinux.0, pxelinux.cfg/") */
extern const struct evidence_source tftp_source_served;
extern const struct evidence_source *const tftp_evidence_sources[];

/* /etc/default/tftpd-hpa's value of key (TFTP_DIRECTORY, TFTP_ADDRESS),
 * its quotes taken off, into buffer; false when text does not set it. */
bool tftp_defaults_value(const char *text, const char *key, char *buffer, size_t size);

int tftp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error);

#endif
