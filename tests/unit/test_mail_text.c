/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A mail's text as people write it (mail/mail_text.h): quoting at any
 * depth, forwarded headers, CERT-Bund's ticket reference, and what may
 * be quoted onto a terminal. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mail/mail_text.h"

static void assert_unquoted(const char *mail, size_t start, const char *expected)
{
	char *text = mail_text_unquoted(mail, start, strlen(mail));

	assert_non_null(text);
	assert_string_equal(text, expected);
	free(text);
}

/* The caller starts after the first line's quoting (abuse.c starts at a
 * row or header it found); every following line loses its own, at any
 * depth, with or without spaces, and "\r". */
static void quoting_at_every_depth(void **state)
{
	(void)state;
	assert_unquoted("ip,port\n>ip,port\n> ip,port\n> > ip,port\n>>> ip,port\n>\t> ip,port\n",
			0, "ip,port\nip,port\nip,port\nip,port\nip,port\nip,port\n");
	assert_unquoted("> > 192.0.2.1,111\r\n> > 192.0.2.2,111\r\n", 4, "192.0.2.1,111\n192.0.2.2,111\n");
	/* an empty quoted line stays a line */
	assert_unquoted("a\n>\n> b", 0, "a\n\nb");
	/* only quoting at a line's start goes: "a > b" is text */
	assert_unquoted("x\n> a > b, c>d", 0, "x\na > b, c>d");
	/* the end bound is kept: nothing past it is read or written */
	{
		const char mail[] = "a\n> b\n> c";
		char *text = mail_text_unquoted(mail, 0, 5);

		assert_non_null(text);
		assert_string_equal(text, "a\nb");
		free(text);
	}
	assert_unquoted("", 0, "");
}

/* What is quoted into a report: invalid UTF-8 becomes '?', control
 * characters a space; valid UTF-8 stays. */
static void unquoted_text_is_printable(void **state)
{
	(void)state;
	assert_unquoted("x\n> F\xc3\xbcr\x1b[2J", 0, "x\nF\xc3\xbcr [2J");
	assert_unquoted("x\n> \xff\xfe ok\n> \xc3", 0, "x\n?? ok\n?");
}

static const char *const subject_labels[] = { "Subject:", "Betreff:", NULL };

static void last_labelled(const char *text, const char *expected)
{
	char buffer[128] = "untouched";

	mail_text_last_labelled(text, strlen(text), subject_labels, buffer, sizeof(buffer));
	assert_string_equal(buffer, expected);
}

/* A mail forwarded twice: the headers of each forwarded message sit
 * deeper in quoting; the last one before the report names it. */
static void forwarded_headers(void **state)
{
	(void)state;
	last_labelled("Subject: Fwd: Fwd: open portmapper\n"
		      "\n"
		      "> -------- Forwarded Message --------\n"
		      "> Subject: Fwd: open portmapper\n"
		      "> > Betreff: [CB-Report#20261124-10012345] Offener Portmapper\n"
		      "> > \n"
		      "> > ip,port\n",
		      "[CB-Report#20261124-10012345] Offener Portmapper");
	/* labels in any case, after tabs and quoting */
	last_labelled(">\t>SUBJECT:\tsmall\n", "small");
	/* RFC 2047 encoded words are decoded */
	last_labelled("> Betreff: =?utf-8?Q?F=C3=BCr_Sie?=\n", "F\xc3\xbcr Sie");
	/* "\r\n" ends a line as "\n" does */
	last_labelled("Subject: one\r\nSubject: two\r\n", "two");
	/* no value, no label, or the label inside a line: buffer untouched */
	last_labelled("Subject:\n", "untouched");
	last_labelled("Re: Subject: inside\n", "untouched");
	last_labelled("", "untouched");
}

/* The end bound counts: a label after it is not read. */
static void labelled_within_bound(void **state)
{
	const char text[] = "Subject: first\nSubject: second\n";
	char buffer[64] = "";

	(void)state;
	mail_text_last_labelled(text, 15, subject_labels, buffer, sizeof(buffer));
	assert_string_equal(buffer, "first");
	/* and a small buffer is filled and terminated, not overrun */
	{
		char small[6];

		memset(small, 'x', sizeof(small));
		mail_text_last_labelled(text, strlen(text), subject_labels, small, sizeof(small));
		assert_non_null(memchr(small, '\0', sizeof(small)));
		assert_int_equal(strncmp(small, "second", strlen(small)), 0);
	}
}

static void reference(const char *text, size_t size, const char *expected)
{
	char buffer[64] = "untouched";

	assert_true(size <= sizeof(buffer));
	mail_text_reference(text, strlen(text), buffer, size);
	assert_string_equal(buffer, expected);
}

static void cert_bund_reference(void **state)
{
	(void)state;
	reference("Betreff: [CB-Report#20261124-10012345] Offener Portmapper", 64, "CB-Report#20261124-10012345");
	/* the last one wins (a forward quotes the older ticket first) */
	reference("> [CB-Report#1-1]\n[cb-report#2-2] now", 64, "cb-report#2-2");
	/* the reference ends at the first character that is not its own */
	reference("[CB-Report#20261124-1 x]", 64, "CB-Report#20261124-1");
	/* bounded by the buffer */
	reference("[CB-Report#20261124-10012345]", 12, "CB-Report#2");
	/* none, or cut before its prefix ends: untouched */
	reference("no ticket [CB-Repor", 64, "untouched");
	reference("", 64, "untouched");
	{
		char buffer[64] = "untouched";
		const char text[] = "[CB-Report#5-5]";

		/* the length bound counts, not the NUL */
		mail_text_reference(text, 10, buffer, sizeof(buffer));
		assert_string_equal(buffer, "untouched");
	}
}

static void printable_utf8(void **state)
{
	static const struct {
		const char *text;
		bool printable;
	} cases[] = {
		{ "plain ascii, 111/udp", true },
		{ "F\xc3\xbcr Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x93\xae", true },
		{ "tab\there", false },
		{ "escape \x1b[2J", false },
		{ "del \x7f", false },
		{ "C1 \xc2\x9b", false },	/* CSI as UTF-8 */
		{ "nbsp \xc2\xa0", true },
		{ "overlong \xc0\xaf", false },
		{ "overlong \xe0\x80\xaf", false },
		{ "surrogate \xed\xa0\x80", false },
		{ "beyond U+10FFFF \xf4\x90\x80\x80", false },
		{ "cut \xe2\x82", false },
		{ "cut \xc3", false },
		{ "stray \x80", false },
		{ "latin-1 \xfc", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("%zu\n", i);
		assert_int_equal(mail_text_printable(cases[i].text, strlen(cases[i].text)), cases[i].printable);
	}
	/* the length bound counts: a NUL inside is a control character */
	assert_false(mail_text_printable("a\0b", 3));
	assert_true(mail_text_printable("a\0b", 1));
	/* a sequence cut by the length is not read past it */
	assert_false(mail_text_printable("\xc3\xbc", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quoting_at_every_depth),
		cmocka_unit_test(unquoted_text_is_printable),
		cmocka_unit_test(forwarded_headers),
		cmocka_unit_test(labelled_within_bound),
		cmocka_unit_test(cert_bund_reference),
		cmocka_unit_test(printable_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
