/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a parser of a file it was given gave up, and why, kept apart
 * until the command prints them as one line (as nftables' struct
 * error_record): "FILE:LINE: message" in a configuration file,
 * "FILE, attachment NAME, line N: message" in a mail, or the message
 * alone when it names its input itself. */
#ifndef PORTGUARD_ERROR_RECORD_H
#define PORTGUARD_ERROR_RECORD_H

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>

/* Room for the longest one-line error a command says: a cause with the
 * failed rollback's cause inside it. */
#define ERROR_MESSAGE_MAX 4096
#define ERROR_ATTACHMENT_MAX 65		/* a mail part's name, cut to 64 bytes */

enum error_location {
	ERROR_LOCATION_NONE,		/* the message names its input itself */
	ERROR_LOCATION_FILE,		/* "FILE:LINE: ", or "FILE: " for the file as a whole */
	ERROR_LOCATION_MAIL,		/* "FILE line N: " or within a decoded part "FILE, attachment NAME, line N: " */
};

struct error_record {
	enum error_location location;
	char file[PATH_MAX];
	unsigned int line;		/* 0: the file as a whole */
	/* A mail part decoded from base64 or quoted-printable, whose lines
	 * count from 1: its attachment name, else its number. Neither when
	 * the part's lines are the mail file's own. */
	char attachment[ERROR_ATTACHMENT_MAX];
	unsigned int part;
	char message[ERROR_MESSAGE_MAX];
};

/* A buffer that holds any record as error_record_format() writes it. */
#define ERROR_LINE_MAX (PATH_MAX + ERROR_ATTACHMENT_MAX + ERROR_MESSAGE_MAX + 64)

/* At line of file (the file as a whole when line is 0); no location
 * when file is NULL. A NULL record is a caller that wants no message. */
__attribute__((format(printf, 4, 5)))
void error_record_set(struct error_record *record, const char *file, unsigned int line, const char *format, ...);
__attribute__((format(printf, 4, 0)))
void error_record_setv(struct error_record *record, const char *file, unsigned int line, const char *format,
		       va_list arguments);

/* Adds to the end of the message, as a remedy or the rollback's outcome. */
__attribute__((format(printf, 2, 3)))
void error_record_append(struct error_record *record, const char *format, ...);
/* No location and no message: nothing to say. */
void error_record_clear(struct error_record *record);

/* Moves a record set at a line of a mail into one of its parts: the
 * attachment called name, else (name "" or NULL) the part numbered
 * part; both NULL and 0 for lines that are the file's own. */
void error_record_in_mail(struct error_record *record, const char *name, unsigned int part);

/* The one line the user sees, into buffer (cut to size). */
char *error_record_format(const struct error_record *record, char *buffer, size_t size);

#endif
