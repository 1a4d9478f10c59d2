/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The string tables: every word maps to its enum and back, anything else
 * is invalid, and the unit states mean what systemctl means. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "assess/evidence.h"
#include "assess/plan.h"
#include "model/action.h"
#include "systemd/unit_state.h"

static void actions_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < _ACTION_MAX; i++)
		assert_int_equal(action_from_string(action_to_string((enum action)i)), i);
	assert_string_equal(action_to_string(ACTION_RESTRICT), "restrict");
	assert_int_equal(action_from_string("Stop"), _ACTION_INVALID);
	assert_int_equal(action_from_string(NULL), _ACTION_INVALID);
	assert_null(action_to_string(_ACTION_INVALID));
	assert_null(action_to_string(_ACTION_MAX));
	assert_false(action_changes_host(ACTION_NONE));
	assert_true(action_changes_host(ACTION_STOP));
	assert_false(action_changes_host(_ACTION_INVALID));
}

static void modes_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < _MODE_MAX; i++)
		assert_int_equal(mode_from_string(mode_to_string((enum mode)i)), i);
	assert_string_equal(mode_to_string(MODE_AUTO), "auto");
	assert_int_equal(mode_from_string("none"), _MODE_INVALID);
}

static void unit_states_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < _UNIT_ACTIVE_STATE_MAX; i++)
		assert_int_equal(unit_active_state_from_string(unit_active_state_to_string((enum unit_active_state)i)), i);
	for (int i = 0; i < _UNIT_FILE_STATE_MAX; i++)
		assert_int_equal(unit_file_state_from_string(unit_file_state_to_string((enum unit_file_state)i)), i);
	assert_int_equal(unit_file_state_from_string(""), _UNIT_FILE_STATE_INVALID);
}

/* Every word of a table maps back to its value, for each value; another
 * word, a neighbour's word or NULL is -EINVAL. */
#define assert_table_round_trips(name, max, stranger)					\
	do {										\
		for (int i_ = 0; i_ < (max); i_++) {					\
			const char *word_ = name##_to_string(i_);			\
			assert_non_null(word_);						\
			assert_int_equal(name##_from_string(word_), i_);		\
		}									\
		assert_int_equal(name##_from_string(stranger), -EINVAL);		\
		assert_int_equal(name##_from_string(NULL), -EINVAL);			\
		assert_null(name##_to_string(max));					\
		assert_null(name##_to_string(-EINVAL));					\
	} while (0)

static void assess_tables_round_trip(void **state)
{
	(void)state;
	assert_table_round_trips(evidence_source, _EVIDENCE_SOURCE_MAX, "requires");
	assert_table_round_trips(evidence_relation, _EVIDENCE_RELATION_MAX, "is-bound-to");
	assert_table_round_trips(service_how, _SERVICE_HOW_MAX, "unit");
	assert_table_round_trips(plan_reason, _PLAN_REASON_MAX, "nft-drop");
	assert_table_round_trips(plan_step, _PLAN_STEP_MAX, "not-exposed");
	assert_string_equal(evidence_relation_to_string(EVIDENCE_BOUND_TO), "is bound to");
	assert_int_equal(evidence_relation_from_string("is bound to"), EVIDENCE_BOUND_TO);
	assert_string_equal(plan_step_to_string(PLAN_STEP_VERIFY_READ_BACK), "verify-read-back");
}

/* systemctl is-enabled: linked is not enabled, so a linked unit does not
 * start at boot; only the -runtime words live below /run. */
static void linked_is_not_enabled(void **state)
{
	(void)state;
	assert_true(unit_state_enabled("enabled"));
	assert_true(unit_state_enabled("enabled-runtime"));
	assert_false(unit_state_enabled("linked"));
	assert_false(unit_state_enabled("linked-runtime"));
	assert_false(unit_state_enabled("static"));
	assert_false(unit_state_enabled("enabledx"));
	assert_true(unit_state_runtime("linked-runtime"));
	assert_false(unit_state_runtime("linked"));
	assert_true(unit_state_masked("masked-runtime"));
	assert_true(unit_state_running("activating"));
	assert_false(unit_state_running("deactivating"));
	assert_true(unit_state_stopped("failed"));
	assert_true(unit_state_stopped_for_good(&(struct unit_state){ "a.socket", "inactive", "masked" }));
	assert_false(unit_state_stopped_for_good(&(struct unit_state){ "a.socket", "inactive", "masked-runtime" }));
	assert_false(unit_state_stopped_for_good(&(struct unit_state){ "a.socket", "active", "masked" }));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(actions_round_trip),
		cmocka_unit_test(modes_round_trip),
		cmocka_unit_test(unit_states_round_trip),
		cmocka_unit_test(assess_tables_round_trip),
		cmocka_unit_test(linked_is_not_enabled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
