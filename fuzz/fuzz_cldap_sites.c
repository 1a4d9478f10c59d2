/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the LDAP messages of samba's ldapi stream (the
 * sites' subnets search): the input as what the stream gave, decoded a
 * message at a time as cldap_sites.c does, answering the message ID its
 * fifth byte would carry; and the input as a configuration DN for the
 * subnets request. tests/unit/test_cldap_sites links it too and
 * replays tests/fixtures/cldap/sites-corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/cldap/cldap_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text_is_clean(const char *text, size_t size)
{
	size_t length = strnlen(text, size);

	assert(length < size);
	for (size_t i = 0; i < length; i++)
		assert(text[i] >= 0x20 && text[i] < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cldap_message message;
	static uint8_t request[CLDAP_SEARCH_REQUEST_MAX];
	char dn[CLDAP_DN_MAX + 8], site[64];
	uint32_t id = size > 4 ? data[4] : 1;
	size_t at = 0;
	int r;

	do {
		size_t used = 0;

		r = cldap_message_decode(data + at, size - at, id, &message, &used);
		assert(r == 0 || r == 1 || r == -EBADMSG || r == -ESRCH || r == -EMSGSIZE);
		if (r != 1)
			break;
		assert(used >= 2 && used <= size - at && used <= CLDAP_STREAM_MESSAGE_MAX);
		at += used;
		assert(message.type == CLDAP_MESSAGE_ENTRY || message.type == CLDAP_MESSAGE_REFERENCE ||
		       message.type == CLDAP_MESSAGE_DONE);
		assert(message.type != CLDAP_MESSAGE_DONE || (message.result_code >= 0 && message.result_code <= 0xffff));
		text_is_clean(message.configuration_naming_context, sizeof(message.configuration_naming_context));
		text_is_clean(message.cn, sizeof(message.cn));
		text_is_clean(message.site_object, sizeof(message.site_object));
		cldap_rdn_value(message.site_object, site, sizeof(site));
		text_is_clean(site, sizeof(site));
	} while (at < size);

	memcpy(dn, data, size < sizeof(dn) - 1 ? size : sizeof(dn) - 1);
	dn[size < sizeof(dn) - 1 ? size : sizeof(dn) - 1] = '\0';
	r = cldap_subnets_request_encode(id ? id : 1, dn, 1024, request, sizeof(request));
	assert(r == -EINVAL || (r > 0 && (size_t)r <= sizeof(request)));
	return 0;
}
