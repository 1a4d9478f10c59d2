/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the state file as portguard reads it: the JSON,
 * its shared values (base/json_share.h), the record strictly and
 * leniently, the texts it left out, and the record written again.
 * tests/unit/test_json_share links it too and replays
 * tests/fixtures/state/corpus through it. */
#include "config.h"

#include <stdlib.h>

#include "base/json_share.h"
#include "record/fix_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_as(const json_t *json, enum fix_record_reading reading)
{
	struct fix_record record = { 0 };
	struct error_record error = { 0 };
	json_t *again;

	if (fix_record_from_json(json, reading, &record, &error) < 0)
		return;
	again = fix_record_to_state_json(&record);
	json_decref(again);
	(void)fix_record_texts(&record);
	again = fix_record_to_json(&record);
	json_decref(again);
	fix_record_free(&record);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *json = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
	char error[512];

	if (!json)
		return 0;
	if (json_share_resolve(json, error, sizeof(error)) == 0) {
		read_as(json, FIX_RECORD_STRICT);
		read_as(json, FIX_RECORD_LENIENT);
	}
	json_decref(json);
	return 0;
}
