/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the CLDAP search result: the input as one
 * datagram answering the message ID its fifth byte would carry (a
 * one-byte ID, as ours), and what is taken out of it.
 * tests/unit/test_cldap_wire links it too and replays
 * tests/fixtures/cldap/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/cldap/cldap_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text_is_clean(const char *text)
{
	size_t length = strnlen(text, CLDAP_TEXT_MAX);

	assert(length < CLDAP_TEXT_MAX);
	for (size_t i = 0; i < length; i++)
		assert(text[i] >= 0x20 && text[i] < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cldap_root_dse dse;
	char derived[CLDAP_TEXT_MAX];
	uint32_t id = size > 4 ? data[4] : 1;
	int r;

	memset(&dse, 0, sizeof(dse));
	dse.result_code = -1;
	r = cldap_reply_decode(data, size, id, &dse);
	assert(r == 0 || r == 1 || r == -EBADMSG || r == -ESRCH);
	assert(r != 1 || (dse.done && dse.result_code >= 0 && dse.result_code <= 0xffff));
	assert(dse.naming_context_count <= CLDAP_CONTEXTS_MAX && dse.naming_context_count <= dse.naming_contexts_sent);
	assert(dse.naming_contexts_sent <= size);
	assert(dse.attribute_count <= size);
	text_is_clean(dse.dns_host_name);
	text_is_clean(dse.default_naming_context);
	text_is_clean(dse.server_name);
	text_is_clean(dse.ldap_service_name);
	text_is_clean(dse.vendor_name);
	text_is_clean(dse.supported_ldap_version);
	text_is_clean(dse.dc_functionality);
	for (size_t i = 0; i < dse.naming_context_count; i++)
		text_is_clean(dse.naming_contexts[i]);
	cldap_site_name(&dse, derived, sizeof(derived));
	text_is_clean(derived);
	cldap_domain_name(&dse, derived, sizeof(derived));
	text_is_clean(derived);
	if (r >= 0) {
		memset(&dse, 0, sizeof(dse));
		r = cldap_reply_decode(data, size, id + 1, &dse);
		assert(r == -ESRCH || r == -EBADMSG);
	}
	return 0;
}
