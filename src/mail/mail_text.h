/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The text of a mail as people write it: quoting ("> "), the quoted
 * header lines of forwarded messages, CERT-Bund's ticket reference.
 * Pure; text is a mail part (mail.h), NUL-terminated. */
#ifndef PORTGUARD_MAIL_TEXT_H
#define PORTGUARD_MAIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Printable UTF-8, no control characters: what may be quoted into a
 * mail and onto terminals. */
bool mail_text_printable(const char *text, size_t length);
/* A new copy of mail[start, end) with each line's quoting ("> ", white
 * space) and "\r" removed, made printable; NULL when out of memory. */
char *mail_text_unquoted(const char *mail, size_t start, size_t end);
/* The decoded value of the last line in text[0, end) that starts (after
 * quoting) with one of labels ("Subject:", "Betreff:"), into buffer;
 * buffer is left alone when there is none. */
void mail_text_last_labelled(const char *text, size_t end, const char *const *labels, char *buffer, size_t size);
/* "CB-Report#20261124-10012345" from the last "[CB-Report#...]" in
 * text[0, length), into buffer; left alone when there is none. */
void mail_text_reference(const char *text, size_t length, char *buffer, size_t size);

#endif
