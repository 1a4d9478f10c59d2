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

/* The same LDAP over samba's privileged LDAP socket (ldapi, a stream;
 * cldap_sites.c), for the sites' subnets: first the root DSE's
 * configurationNamingContext, then the subnet objects below
 * CN=Subnets,CN=Sites of it. A message is at most
 * CLDAP_STREAM_MESSAGE_MAX bytes: a subnet's entry takes about 200. */
#define CLDAP_STREAM_MESSAGE_MAX (64 * 1024)
/* A DN as kept: a longer one is cut, and a cut configuration DN is
 * refused by the encoder. */
#define CLDAP_DN_MAX 512
/* The subnets search's request: the base DN and 100 bytes. */
#define CLDAP_SEARCH_REQUEST_MAX (CLDAP_DN_MAX + 128)

enum cldap_message_type {
	CLDAP_MESSAGE_ENTRY,		/* searchResEntry */
	CLDAP_MESSAGE_REFERENCE,	/* searchResRef: says nothing here */
	CLDAP_MESSAGE_DONE,		/* searchResDone */
};

/* One message of a search's answer, the attributes we ask kept as
 * printable ASCII ('?' for any other byte), "" when not sent. */
struct cldap_message {
	enum cldap_message_type type;
	int result_code;					/* DONE's */
	char configuration_naming_context[CLDAP_DN_MAX];	/* the root DSE's */
	char cn[CLDAP_TEXT_MAX];				/* a subnet's: its prefix */
	char site_object[CLDAP_DN_MAX];				/* a subnet's: its site's DN */
};

/* The root DSE's configurationNamingContext (baseObject "", scope
 * base, (objectClass=*)). Returns its length, -EINVAL for a message ID
 * outside 1 to 2^31-1, or -ENOBUFS. */
int cldap_configuration_request_encode(uint32_t message_id, uint8_t *buffer, size_t size);
/* The subnets: base CN=Subnets,CN=Sites,configuration_dn, one level,
 * (objectClass=subnet), attributes cn and siteObject, at most
 * size_limit entries. Returns its length, -EINVAL (message ID, an empty
 * DN or one whose base would not fit CLDAP_DN_MAX), or -ENOBUFS. */
int cldap_subnets_request_encode(uint32_t message_id, const char *configuration_dn, uint32_t size_limit,
				 uint8_t *buffer, size_t size);

/* The one LDAP message that bytes, what the stream gave so far, begin
 * with, answering message_id. Returns 1 with *ret_used its length; 0
 * when bytes are only its start (read more); -EMSGSIZE for one longer
 * than CLDAP_STREAM_MESSAGE_MAX; -ESRCH for another message ID;
 * -EBADMSG for bytes that are no such message (a multi-byte tag or
 * length, an element past its parent, an operation that is no search
 * result). *ret_message may be partly filled on error. */
int cldap_message_decode(const uint8_t *bytes, size_t length, uint32_t message_id, struct cldap_message *ret_message,
			 size_t *ret_used);

/* The value of a DN's first RDN: "CN=Branch,CN=Sites,..." gives
 * "Branch" (an escaped comma is kept as written); "" for no DN. */
void cldap_rdn_value(const char *dn, char *buffer, size_t size);

#endif
