/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CLDAP (LDAP over UDP, RFC 1798; what Active Directory's DC locator
 * and Samba's AD DC answer on 389/udp) as the scanners ask it: one
 * searchRequest for the root DSE (baseObject "", scope base, filter
 * (objectClass=*), every attribute), and the searchResEntry and
 * searchResDone that come back in one datagram. BER by hand so every
 * length is checked: definite lengths of at most four bytes, each
 * element within its parent and the datagram, one-byte tags only, every
 * message answering our message ID. Pure, no sockets; the decoder is
 * safe against any bytes. */
#ifndef PORTGUARD_CLDAP_WIRE_H
#define PORTGUARD_CLDAP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLDAP_PORT 389
/* The root DSE request: 39 bytes with a one-byte message ID. */
#define CLDAP_REQUEST_MAX 64
/* A value as kept: longer ones are cut (their bytes still count). */
#define CLDAP_TEXT_MAX 192
#define CLDAP_CONTEXTS_MAX 8

/* What the root DSE tells anyone who asks, as Shadowserver's
 * scan_ldap_udp columns report it. Values are kept printable ASCII
 * ('?' for any other byte); "" when the attribute was not sent. */
struct cldap_root_dse {
	bool entry;			/* a searchResEntry came */
	bool done;			/* the searchResDone came */
	int result_code;		/* the searchResDone's; -1 before it */
	size_t attribute_count;		/* of the entry, each counted */
	char dns_host_name[CLDAP_TEXT_MAX];		/* dnsHostName */
	char default_naming_context[CLDAP_TEXT_MAX];	/* defaultNamingContext */
	char server_name[CLDAP_TEXT_MAX];		/* serverName: the DC's object, its site */
	char ldap_service_name[CLDAP_TEXT_MAX];		/* ldapServiceName: "realm:host$@REALM" */
	char vendor_name[CLDAP_TEXT_MAX];		/* vendorName: "Samba Team (...)" */
	char supported_ldap_version[CLDAP_TEXT_MAX];	/* the values joined: "3, 2" */
	char dc_functionality[CLDAP_TEXT_MAX];		/* domainControllerFunctionality */
	char naming_contexts[CLDAP_CONTEXTS_MAX][CLDAP_TEXT_MAX];
	size_t naming_context_count;			/* kept; more are counted in naming_contexts_sent */
	size_t naming_contexts_sent;
};

/* The root DSE searchRequest with message_id (1 to 2^31-1) into
 * buffer. Returns its length, or -ENOBUFS. */
int cldap_request_encode(uint32_t message_id, uint8_t *buffer, size_t size);

/* One datagram of the answer to message_id, added to *dse (which the
 * caller zeroes, result_code -1, before the first). Returns 1 when the
 * searchResDone came (the answer is whole), 0 when more is due;
 * -EBADMSG for bytes that are no LDAP message within the datagram, or
 * a message that is no search result; -ESRCH for another message ID.
 * *dse may be partly filled on error. */
int cldap_reply_decode(const uint8_t *datagram, size_t length, uint32_t message_id, struct cldap_root_dse *dse);

/* The site's name from serverName ("CN=DC1,CN=Servers,CN=Default-First-
 * Site-Name,CN=Sites,..."): the RDN after CN=Servers; "" when it has
 * none. */
void cldap_site_name(const struct cldap_root_dse *dse, char *buffer, size_t size);
/* The DNS domain from defaultNamingContext ("DC=pg,DC=test" gives
 * "pg.test"); "" when it names none. */
void cldap_domain_name(const struct cldap_root_dse *dse, char *buffer, size_t size);

#endif
