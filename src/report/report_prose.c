/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_prose.h"

static bool digits(const char *text, size_t count, int *ret_value)
{
	int value = 0;

	for (size_t i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		value = value * 10 + (text[i] - '0');
	}
	*ret_value = value;
	return true;
}

int record_time_parse(const char *text, struct tm *ret_time)
{
	struct tm time = { 0 };
	int year, month;

	if (!text || strlen(text) != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
	    text[13] != ':' || text[16] != ':' || text[19] != 'Z' ||
	    !digits(text, 4, &year) || !digits(text + 5, 2, &month) || !digits(text + 8, 2, &time.tm_mday) ||
	    !digits(text + 11, 2, &time.tm_hour) || !digits(text + 14, 2, &time.tm_min) ||
	    !digits(text + 17, 2, &time.tm_sec))
		return -EINVAL;
	if (month < 1 || month > 12 || time.tm_mday < 1 || time.tm_mday > 31 || time.tm_hour > 23 ||
	    time.tm_min > 59 || time.tm_sec > 60)
		return -EINVAL;
	time.tm_year = year - 1900;
	time.tm_mon = month - 1;
	*ret_time = time;
	return 0;
}

const char *record_time_format(const char *text, enum language language, char *buffer, size_t size)
{
	struct tm time;

	if (!text)
		snprintf(buffer, size, "%s", IN(language, "unbekannt", "unknown"));
	else if (record_time_parse(text, &time) < 0)
		snprintf(buffer, size, "%s", text);
	else if (language == LANGUAGE_GERMAN)
		strftime(buffer, size, "%d.%m.%Y um %H:%M:%S UTC", &time);
	else
		strftime(buffer, size, "%Y-%m-%d %H:%M:%S UTC", &time);
	return buffer;
}
