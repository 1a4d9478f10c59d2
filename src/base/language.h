/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The two languages of the report: the provider wrote in German and
 * English. check, the JSON and error messages are English. */
#ifndef PORTGUARD_LANGUAGE_H
#define PORTGUARD_LANGUAGE_H

enum language { LANGUAGE_GERMAN, LANGUAGE_ENGLISH };

/* Picks the text of the language. */
#define IN(language, german, english) ((language) == LANGUAGE_GERMAN ? (german) : (english))

/* A text in both, where a table holds it. */
struct bilingual {
	const char *german;
	const char *english;
};

#define BILINGUAL_IN(language, text) IN(language, (text).german, (text).english)

#endif
