/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A long value written once: every repeat becomes a reference to its
 * first place and comes back equal; a reference that does not resolve
 * is refused with its place, and the document stays as it was. The
 * corpus of the state file's fuzz harness is replayed here too. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json_share.h"
#include "corpus_replay.h"

static json_t *long_list(int first)
{
	json_t *list = json_array();

	for (int i = 0; i < JSON_SHARE_MIN_ITEMS; i++) {
		char network[32];

		snprintf(network, sizeof(network), "10.%d.%d.0/24", first, i);
		json_array_append_new(list, json_string(network));
	}
	return list;
}

static json_t *long_text(char fill)
{
	char text[JSON_SHARE_MIN_STRING + 1];

	memset(text, fill, JSON_SHARE_MIN_STRING);
	text[JSON_SHARE_MIN_STRING] = '\0';
	return json_string(text);
}

/* A chain as the state file has it: the same list and text again and
 * again, under keys that need escaping, in objects and in arrays. */
static json_t *document(void)
{
	return json_pack("{s:o, s:o, s:{s:o, s:o, s:[o, o, i], s:o}, s:o, s:[i, i]}",
			 "trusted", long_list(1), "ruleset", long_text('a'),
			 "earlier",
			 "trusted", long_list(1), "a/b~c", long_text('a'),
			 "parts", long_list(1), long_text('b'), 7,
			 "other", long_list(2),
			 "again", long_text('b'), "short", 1, 2);
}

static size_t references_in(const json_t *node)
{
	const char *key;
	json_t *value;
	size_t count = 0, index;

	if (json_is_object(node) && json_object_size(node) == 1 && json_is_string(json_object_get(node, JSON_SHARE_KEY)))
		return 1;
	if (json_is_object(node))
		json_object_foreach((json_t *)node, key, value)
			count += references_in(value);
	if (json_is_array(node))
		json_array_foreach(node, index, value)
			count += references_in(value);
	return count;
}

static void repeats_come_back_equal(void **state)
{
	json_t *original = document(), *shared = json_deep_copy(original), *read;
	char *text, *whole, error[256] = "";

	(void)state;
	assert_int_equal(json_share_repeats(shared), 0);
	/* earlier's trusted, a/b~c, parts[0] and again; the first of each and
	 * "other" (once) stay whole. */
	assert_int_equal(references_in(shared), 4);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(shared, "earlier"), "a/b~c"),
							      JSON_SHARE_KEY)), "/ruleset");
	assert_string_equal(json_string_value(json_object_get(json_object_get(shared, "again"), JSON_SHARE_KEY)),
			    "/earlier/parts/1");
	assert_true(json_is_array(json_object_get(json_object_get(shared, "earlier"), "other")));

	/* Through the text, as the file holds it. */
	text = json_dumps(shared, JSON_PRESERVE_ORDER);
	whole = json_dumps(original, JSON_PRESERVE_ORDER);
	assert_true(strlen(text) < strlen(whole));
	read = json_loads(text, 0, NULL);
	free(whole);
	free(text);
	assert_int_equal(json_share_resolve(read, error, sizeof(error)), 0);
	assert_int_equal(references_in(read), 0);
	assert_true(json_equal(read, original));
	json_decref(read);
	json_decref(shared);
	json_decref(original);
}

static void escaped_keys_resolve(void **state)
{
	json_t *json = json_pack("{s:{s:o}, s:{s:s}}", "x", "~/", long_text('c'), "y", JSON_SHARE_KEY, "/x/~0~1");
	char error[256] = "";

	(void)state;
	assert_int_equal(json_share_resolve(json, error, sizeof(error)), 0);
	assert_ptr_equal(json_object_get(json, "y"), json_object_get(json_object_get(json, "x"), "~/"));
	json_decref(json);
}

/* Each bad reference: refused, naming its place and the cause; the
 * document is not changed, not even its good references. */
static void bad_references_are_refused(void **state)
{
	static const struct {
		const char *pointer;
		const char *cause;
	} cases[] = {
		{ "/nowhere", "points to nothing" },
		{ "/good", "points to another reference" },
		{ "/short", "points to a value that is not shared" },
		{ "/whole/0", "points to nothing" },
		{ "/list/00", "points to nothing" },
		{ "/list/16", "points to nothing" },
		{ "/list/-1", "points to nothing" },
		{ "/list/0", "points to a value that is not shared" },
		{ "/text/~2", "is no JSON pointer portguard writes" },
		{ "text", "is no JSON pointer" },
		{ "", "is no JSON pointer" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *json = json_pack("{s:o, s:o, s:{s:s}, s:s, s:{s:o}, s:{s:s}}", "text", long_text('d'), "list",
					 long_list(3), "good", JSON_SHARE_KEY, "/text", "short", "x", "whole", "a",
					 long_text('e'), "bad", JSON_SHARE_KEY, cases[i].pointer);
		json_t *before = json_deep_copy(json);
		char error[256] = "", expected[256];

		assert_int_equal(json_share_resolve(json, error, sizeof(error)), -EBADMSG);
		snprintf(expected, sizeof(expected), "/bad: %s %s", JSON_SHARE_KEY, cases[i].cause);
		assert_string_equal(error, expected);
		assert_true(json_equal(json, before));
		json_decref(before);
		json_decref(json);
	}
}

static void a_reference_that_is_no_string_is_refused(void **state)
{
	json_t *json = json_pack("{s:{s:i}}", "bad", JSON_SHARE_KEY, 3);
	char error[256] = "";

	(void)state;
	assert_int_equal(json_share_resolve(json, error, sizeof(error)), -EBADMSG);
	assert_string_equal(error, "/bad: same_as is not a string");
	json_decref(json);
}

/* Short values, lists of objects and objects of one other key are
 * never shared or taken for references. */
static void what_is_not_shared_stays(void **state)
{
	json_t *objects = json_array(), *json, *copy;
	char error[256] = "";

	(void)state;
	for (int i = 0; i < JSON_SHARE_MIN_ITEMS; i++)
		json_array_append_new(objects, json_pack("{s:i}", "n", 1));
	json = json_pack("{s:O, s:O, s:s, s:s, s:{s:s, s:i}}", "a", objects, "b", objects, "c", "short", "d", "short",
			 "e", JSON_SHARE_KEY, "/a", "other", 1);
	copy = json_deep_copy(json);
	assert_int_equal(json_share_repeats(json), 0);
	assert_true(json_equal(json, copy));
	assert_int_equal(json_share_resolve(json, error, sizeof(error)), 0);
	assert_true(json_equal(json, copy));
	json_decref(copy);
	json_decref(json);
	json_decref(objects);
}

static void the_state_corpus_replays(void **state)
{
	(void)state;
	assert_true(corpus_replay(FIXTURES "/state/corpus") >= 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repeats_come_back_equal),
		cmocka_unit_test(escaped_keys_resolve),
		cmocka_unit_test(bad_references_are_refused),
		cmocka_unit_test(a_reference_that_is_no_string_is_refused),
		cmocka_unit_test(what_is_not_shared_stays),
		cmocka_unit_test(the_state_corpus_replays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
