/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A mail as a mail client saves it (or a bare text or CSV file): the
 * text parts it carries — the body, attachments, messages forwarded as
 * attachments — each decoded from base64 or quoted-printable and
 * converted to UTF-8 from the charset the part names. Pure; the bytes
 * come from outside, so every size is bounded and nothing that does not
 * read as MIME is an error: it is read as plain text instead. */
#ifndef PORTGUARD_MAIL_H
#define PORTGUARD_MAIL_H

#include <stddef.h>

#define MAIL_PARTS_MAX 32		/* text parts kept */
#define MAIL_ENTITIES_MAX 256		/* parts looked at, nested ones included */
#define MAIL_DEPTH_MAX 8		/* multipart and message/rfc822 nesting */
#define MAIL_NAME_MAX 128
#define MAIL_SUBJECT_MAX 256
#define MAIL_DATE_MAX 64
#define MAIL_NOTE_MAX 160

struct mail_part {
	char *text;			/* UTF-8 as far as the part's charset allows, NUL-terminated */
	size_t length;
	/* The file's line where text starts, when the part's lines are the
	 * file's lines; 0 when it was decoded from base64 or
	 * quoted-printable (lines then count from 1 within the part). */
	size_t first_line;
	char name[MAIL_NAME_MAX];	/* attachment file name, printable; "" when none */
	unsigned int number;		/* 1-based, in the order the parts appear */
	char subject[MAIL_SUBJECT_MAX];	/* of the message holding the part, decoded; "" when none */
	char date[MAIL_DATE_MAX];	/* its Date: header as written; "" when none */
};

struct mail {
	struct mail_part *parts;
	size_t count;
	/* The first attachment left unread (not text, or a charset
	 * portguard does not convert), for the message when no rows are
	 * found: "attachment report.zip (application/zip)". */
	char skipped[MAIL_NOTE_MAX];
};

/* Splits text into its text parts. Returns 0, or -ENOMEM. Parts beyond
 * MAIL_PARTS_MAX, nesting beyond MAIL_DEPTH_MAX and entities beyond
 * MAIL_ENTITIES_MAX are left unread, and *ret_mail->skipped says so. */
int mail_parse(const char *text, size_t length, struct mail *ret_mail);
void mail_free(struct mail *mail);

/* RFC 2047 encoded words ("=?utf-8?Q?F=C3=BCr?=") in a header value,
 * decoded to UTF-8 into buffer (always terminated); control characters
 * become spaces. */
void mail_header_decode(const char *value, size_t length, char *buffer, size_t size);

/* For header values, names and quoted rows, which end up in JSON and
 * reports: invalid UTF-8 (an 8-bit header, a character cut by a bound)
 * becomes '?', control characters a space. */
void mail_make_printable(char *text);

#endif
