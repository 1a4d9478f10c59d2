/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The text of a mail as people write it: quoting, "Subject:" lines
 * of forwarded messages, CERT-Bund's ticket reference. Pure. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/mail.h"
#include "mail/mail_text.h"

bool mail_text_printable(const char *text, size_t length)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + length;

	while (s < end) {
		unsigned int extra, min, max;

		if (*s < 0x20 || *s == 0x7f) {
			return false;
		} else if (*s < 0x80) {
			s++;
			continue;
		} else if (*s >= 0xc2 && *s <= 0xdf) {
			/* C1 controls (U+0080..U+009F) move terminals as well */
			if (*s == 0xc2 && s[1] < 0xa0)
				return false;
			extra = 1, min = 0x80, max = 0xbf;
		} else if (*s >= 0xe0 && *s <= 0xef) {
			extra = 2, min = *s == 0xe0 ? 0xa0 : 0x80, max = *s == 0xed ? 0x9f : 0xbf;
		} else if (*s >= 0xf0 && *s <= 0xf4) {
			extra = 3, min = *s == 0xf0 ? 0x90 : 0x80, max = *s == 0xf4 ? 0x8f : 0xbf;
		} else {
			return false;
		}
		if ((size_t)(end - s) <= extra || s[1] < min || s[1] > max)
			return false;
		for (unsigned int i = 2; i <= extra; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return false;
		s += extra + 1;
	}
	return true;
}

char *mail_text_unquoted(const char *mail, size_t start, size_t end)
{
	char *text = malloc(end - start + 1);
	size_t used = 0;

	if (!text)
		return NULL;
	for (size_t i = start; i < end; i++) {
		char c = mail[i];

		if (c == '\r')
			continue;
		text[used++] = c;
		if (c == '\n')
			while (i + 1 < end && (mail[i + 1] == '>' || mail[i + 1] == ' ' ||
					       mail[i + 1] == '\t'))
				i++;
	}
	text[used] = '\0';
	for (char *line = text; *line;) {
		size_t length = strcspn(line, "\n");
		bool more = line[length] == '\n';

		line[length] = '\0';
		mail_make_printable(line);
		if (more)
			line[length] = '\n';
		line += length + more;
	}
	return text;
}

void mail_text_last_labelled(const char *text, size_t end, const char *const *labels, char *buffer, size_t size)
{
	size_t position = 0;

	while (position < end) {
		size_t line_end = position, start = position;

		while (line_end < end && text[line_end] != '\n' && text[line_end] != '\r')
			line_end++;
		while (start < line_end && (text[start] == '>' || text[start] == ' ' || text[start] == '\t'))
			start++;
		for (size_t i = 0; labels[i]; i++) {
			size_t label = strlen(labels[i]), value = start + label;

			if (line_end - start <= label || strncasecmp(text + start, labels[i], label) != 0)
				continue;
			while (value < line_end && (text[value] == ' ' || text[value] == '\t'))
				value++;
			mail_header_decode(text + value, line_end - value, buffer, size);
		}
		position = line_end + 1;
	}
}

void mail_text_reference(const char *text, size_t length, char *buffer, size_t size)
{
	const char *found = NULL;

	for (const char *s = text; s && (size_t)(s - text) + 11 <= length; s++) {
		s = memchr(s, '[', length - (size_t)(s - text));
		if (!s)
			break;
		if ((size_t)(s - text) + 11 <= length && strncasecmp(s, "[CB-Report#", 11) == 0)
			found = s + 1;
	}
	if (!found)
		return;
	size_t count = 0;

	while ((size_t)(found - text) + count < length && count + 1 < size &&
	       (isalnum((unsigned char)found[count]) || (found[count] && strchr("#-_.:", found[count]))))
		count++;
	memcpy(buffer, found, count);
	buffer[count] = '\0';
}
