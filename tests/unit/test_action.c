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

#include "assess/assess.h"
#include "assess/evidence.h"
#include "assess/plan.h"
#include "model/action.h"
#include "services/portmapper/consumers.h"
#include "services/portmapper/portmapper.h"
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
	assert_table_round_trips(evidence_relation, _EVIDENCE_RELATION_MAX, "is-bound-to");
	assert_table_round_trips(service_how, _SERVICE_HOW_MAX, "unit");
	assert_table_round_trips(plan_reason, _PLAN_REASON_MAX, "nft-drop");
	assert_table_round_trips(plan_step, _PLAN_STEP_MAX, "not-exposed");
	assert_string_equal(evidence_relation_to_string(EVIDENCE_BOUND_TO), "is bound to");
	assert_int_equal(evidence_relation_from_string("is bound to"), EVIDENCE_BOUND_TO);
	assert_string_equal(plan_step_to_string(PLAN_STEP_VERIFY_READ_BACK), "verify-read-back");
}

/* A record names consumer kinds and evidence sources by their names: the
 * service finds its own, the engine adds "unit", anything else is
 * refused (and left out of the record read back). */
static void consumer_names_found_through_the_service(void **state)
{
	const struct service *portmapper = &portmapper_service;
	const struct service bare = { .name = "bare", .daemon = "bare" };
	size_t kinds = 0, sources = 0;

	(void)state;
	for (const struct consumer_kind *const *kind = portmapper->consumer_kinds; *kind; kind++, kinds++) {
		assert_ptr_equal(service_consumer_kind(portmapper, (*kind)->name), *kind);
		assert_ptr_equal(assess_consumer_kind(portmapper, (*kind)->name), *kind);
	}
	for (const struct evidence_source *const *source = portmapper->evidence_sources; *source; source++, sources++) {
		assert_ptr_equal(service_evidence_source(portmapper, (*source)->name), *source);
		assert_ptr_equal(assess_evidence_source(portmapper, (*source)->name), *source);
	}
	assert_int_equal(kinds, 4);
	assert_int_equal(sources, 6);
	assert_ptr_equal(service_consumer_kind(portmapper, "nfs-server"), &portmapper_kind_nfs_server);
	assert_ptr_equal(service_evidence_source(portmapper, "fstab"), &portmapper_source_fstab);
	/* "rpc-program" is a kind and a source, two different entries. */
	assert_ptr_equal(service_consumer_kind(portmapper, "rpc-program"), &portmapper_kind_rpc_program);
	assert_ptr_equal(service_evidence_source(portmapper, "rpc-program"), &portmapper_source_rpc_program);
	/* The units are the engine's, not the service's. */
	assert_null(service_consumer_kind(portmapper, "unit"));
	assert_null(service_evidence_source(portmapper, "unit"));
	assert_ptr_equal(assess_consumer_kind(portmapper, "unit"), &assess_kind_unit);
	assert_ptr_equal(assess_evidence_source(portmapper, "unit"), &assess_source_unit);
	/* Unknown names, a kind's name as a source and back, other spellings. */
	static const char *const strangers[] = { "requires", "NFS-Server", "nfs_server", "nfs-server ", "", "export" };
	for (size_t i = 0; i < sizeof(strangers) / sizeof(strangers[0]); i++) {
		assert_null(service_consumer_kind(portmapper, strangers[i]));
		assert_null(assess_consumer_kind(portmapper, strangers[i]));
	}
	assert_null(service_evidence_source(portmapper, "nfs-server"));
	assert_null(assess_evidence_source(portmapper, "requires"));
	assert_null(assess_consumer_kind(portmapper, NULL));
	assert_null(assess_evidence_source(portmapper, NULL));
	/* A service that declares no consumers knows none of them. */
	assert_null(service_consumer_kind(&bare, "nfs-server"));
	assert_null(service_evidence_source(&bare, "export"));
	assert_ptr_equal(assess_consumer_kind(&bare, "unit"), &assess_kind_unit);
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
		cmocka_unit_test(consumer_names_found_through_the_service),
		cmocka_unit_test(linked_is_not_enabled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
