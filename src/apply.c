#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "atomic_file.h"
#include "base64.h"
#include "boot_unit.h"
#include "cidr.h"
#include "paths.h"
#include "systemd.h"

json_t *apply_ruleset_json(const struct nft_ruleset *ruleset)
{
	json_t *trusted = json_array(), *ports = json_array();

	for (size_t i = 0; trusted && i < ruleset->trusted.count; i++) {
		char text[CIDR_TEXT_MAX];

		json_array_append_new(trusted, json_string(cidr_format(&ruleset->trusted.items[i], text)));
	}
	for (size_t i = 0; ports && i < ruleset->port_count; i++)
		json_array_append_new(ports, json_integer(ruleset->ports[i]));
	return json_pack("{s:o, s:o}", "trusted", trusted ? trusted : json_null(), "ports", ports ? ports : json_null());
}

int apply_ruleset_from_json(const json_t *value, struct nft_ruleset *ret_ruleset)
{
	struct nft_ruleset ruleset = { 0 };
	const json_t *trusted = json_object_get(value, "trusted"), *ports = json_object_get(value, "ports");
	const json_t *item;
	size_t index;
	int r = 0;

	if (!json_is_array(trusted) || !json_is_array(ports))
		return -EBADMSG;
	json_array_foreach(trusted, index, item) {
		struct cidr cidr;

		if (!json_is_string(item) || cidr_parse(json_string_value(item), &cidr) < 0) {
			r = -EBADMSG;
			goto fail;
		}
		r = cidr_list_add(&ruleset.trusted, &cidr);
		if (r < 0)
			goto fail;
	}
	json_array_foreach(ports, index, item) {
		json_int_t port = json_integer_value(item);

		if (!json_is_integer(item) || port < 1 || port > 65535) {
			r = -EBADMSG;
			goto fail;
		}
		r = nft_ruleset_add_port(&ruleset, (uint16_t)port);
		if (r < 0)
			goto fail;
	}
	nft_ruleset_normalize(&ruleset);
	*ret_ruleset = ruleset;
	return 0;
fail:
	nft_ruleset_free(&ruleset);
	return r;
}

static int prepare_stop(const struct apply_request *request, json_t *changes, char *error, size_t error_size)
{
	json_t *units = json_array();

	if (!units)
		return -ENOMEM;
	json_object_set_new(changes, "systemd", units);
	for (size_t i = 0; i < request->unit_count; i++) {
		const struct unit_state *known = NULL;
		struct unit_state state;
		int r = 0;

		for (size_t k = 0; k < request->states_before_count; k++)
			if (strcmp(request->states_before[k].name, request->units[i]) == 0)
				known = &request->states_before[k];
		if (known)
			state = *known;
		else
			r = systemd_unit_state(request->units[i], &state);

		if (r < 0) {
			snprintf(error, error_size, "cannot read the state of %s from systemd: %s",
				 request->units[i], strerror(-r));
			return r;
		}
		json_array_append_new(units, json_pack("{s:s, s:s, s:s}", "unit", state.name,
						       "active_state", state.active_state,
						       "unit_file_state", state.unit_file_state));
	}
	return 0;
}

/* Where systemd looks for unit files; portguard writes the boot unit
 * to the first, at this one fixed path, when no package installed it. */
static const char *const unit_directories[] = {
	"/etc/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
};
#define BOOT_UNIT_FILE "/etc/systemd/system/" APPLY_BOOT_UNIT

static bool boot_unit_file_exists(const char *root)
{
	char relative[PATH_MAX];

	for (size_t i = 0; i < sizeof(unit_directories) / sizeof(unit_directories[0]); i++) {
		snprintf(relative, sizeof(relative), "%s/%s", unit_directories[i], APPLY_BOOT_UNIT);
		if (paths_exists(root, relative))
			return true;
	}
	return false;
}

/* The boot unit before the fix, and whether the fix will write its file:
 * journaled with the rest before anything changes, so that a run killed
 * after enabling it is rolled back completely. */
static void prepare_boot_unit(const char *root, json_t *nft)
{
	struct unit_state state;
	bool running = systemd_running() > 0;

	json_object_set_new(nft, "boot_unit_file_written", json_boolean(running && !boot_unit_file_exists(root)));
	json_object_set_new(nft, "boot_unit_enabled_before",
			    !running ? json_null()
			    : json_boolean(systemd_unit_state(APPLY_BOOT_UNIT, &state) == 0 &&
					   unit_file_state_from_string(state.unit_file_state) == UNIT_FILE_ENABLED));
}

/* The nft file as it was, for undo: as text when JSON can carry it, else
 * (a NUL byte, bytes that are not UTF-8) in base64, so that undo puts
 * back every byte and the record stays readable. No file: null. */
static int previous_file_json(const char *content, size_t length, json_t **ret_text, json_t **ret_base64)
{
	char *encoded;

	*ret_base64 = NULL;
	if (!content) {
		*ret_text = json_null();
		return 0;
	}
	if (!memchr(content, '\0', length) && (*ret_text = json_stringn(content, length)))
		return 0;
	encoded = base64_encode(content, length);
	*ret_text = json_null();
	*ret_base64 = encoded ? json_string(encoded) : NULL;
	free(encoded);
	return *ret_base64 ? 0 : -ENOMEM;
}

/* Whether the recorded previous file is exactly text. */
static bool previous_file_is(const json_t *nft, const json_t *text)
{
	const json_t *previous = json_object_get(nft, "file_previous");

	return json_is_string(previous) && json_is_string(text) &&
	       json_string_length(previous) == json_string_length(text) &&
	       memcmp(json_string_value(previous), json_string_value(text), json_string_length(text)) == 0;
}

static int prepare_restrict(const struct apply_request *request, json_t *changes, char *error, size_t error_size)
{
	struct nft_ruleset read_here = { 0 };
	const struct nft_ruleset *previous = &read_here;
	char nft_error[NFT_ERROR_MAX] = "", *previous_file = NULL, *text = NULL;
	json_t *nft = NULL, *file_previous = NULL, *file_previous_base64 = NULL;
	size_t length;
	int r;

	/* An absent or hand-edited table was read fine; any other failure is
	 * read again here for its message. */
	if (request->installed && (request->installed_read == 0 || request->installed_read == -ENOENT ||
				   request->installed_read == -EUCLEAN))
		previous = request->installed;
	else if ((r = nft_ruleset_read(&read_here, nft_error, sizeof(nft_error))) < 0 &&
		 r != -ENOENT && r != -EUCLEAN) {
		snprintf(error, error_size, "%s", nft_error);
		return r;
	}
	r = paths_read_file(request->root, APPLY_NFT_FILE, &previous_file, &length);
	if (r < 0 && r != -ENOENT) {
		snprintf(error, error_size, "cannot read %s: %s; check the file", APPLY_NFT_FILE, strerror(-r));
		goto out;
	}
	r = previous_file_json(previous_file, length, &file_previous, &file_previous_base64);
	if (r < 0)
		goto out;
	text = nft_ruleset_text(request->ruleset);
	nft = apply_ruleset_json(request->ruleset);
	if (!text || !nft) {
		r = -ENOMEM;
		goto out;
	}
	/* A table edited by hand (-EUCLEAN), or one that trusts everybody,
	 * restricted nothing and cannot be put back as it was: undo then
	 * removes portguard's table, which has the same effect. */
	json_object_set_new(nft, "table", json_string("inet portguard"));
	json_object_set_new(nft, "previous", previous->port_count && !nft_ruleset_everything(previous)
			    ? apply_ruleset_json(previous) : json_null());
	json_object_set_new(nft, "file", json_string(APPLY_NFT_FILE));
	json_object_set(nft, "file_previous", file_previous);
	if (file_previous_base64)
		json_object_set(nft, "file_previous_base64", file_previous_base64);
	json_object_set_new(nft, "boot_unit", json_string(APPLY_BOOT_UNIT));
	prepare_boot_unit(request->root, nft);
	/* boot_unit_enabled: this fix enabled it (undo disables it again);
	 * boot_persistent: the rules come back at boot, whoever enabled it. */
	json_object_set_new(nft, "boot_unit_enabled", json_false());
	json_object_set_new(nft, "boot_persistent", json_false());
	json_object_set_new(nft, "ruleset", json_string(text));
	json_object_set(changes, "nft", nft);
	r = 0;
out:
	json_decref(nft);
	json_decref(file_previous);
	json_decref(file_previous_base64);
	free(text);
	free(previous_file);
	nft_ruleset_free(&read_here);
	return r;
}

int apply_prepare(const struct apply_request *request, json_t **ret_changes, char *error, size_t error_size)
{
	json_t *changes = json_pack("{s:s}", "action", action_to_string(request->action));
	int r;

	if (!changes)
		return -ENOMEM;
	r = request->action == ACTION_STOP ? prepare_stop(request, changes, error, error_size)
					  : prepare_restrict(request, changes, error, error_size);
	if (r < 0) {
		json_decref(changes);
		return r;
	}
	*ret_changes = changes;
	return 0;
}

static bool stopped_and_masked(const json_t *units)
{
	const json_t *unit;
	size_t index;

	json_array_foreach(units, index, unit) {
		const char *active = json_string_value(json_object_get(unit, "active_state"));
		const char *file = json_string_value(json_object_get(unit, "unit_file_state"));

		if (!unit_state_stopped(active) || unit_file_state_from_string(file) != UNIT_FILE_MASKED)
			return false;
	}
	return true;
}

static bool boot_unit_in_place(void)
{
	struct unit_state state;

	/* Without systemd there is nothing to enable; fix said so once. */
	if (systemd_running() <= 0)
		return true;
	return systemd_unit_state(APPLY_BOOT_UNIT, &state) == 0 &&
	       unit_file_state_from_string(state.unit_file_state) == UNIT_FILE_ENABLED;
}

bool apply_already_done(const struct apply_request *request, const json_t *changes)
{
	const json_t *nft = json_object_get(changes, "nft");
	const json_t *previous = json_object_get(nft, "previous");

	if (request->action == ACTION_STOP)
		return stopped_and_masked(json_object_get(changes, "systemd"));
	/* Both sides are normalised and formatted alike by apply_ruleset_json. */
	return json_is_object(previous) &&
	       json_equal(json_object_get(previous, "trusted"), json_object_get(nft, "trusted")) &&
	       json_equal(json_object_get(previous, "ports"), json_object_get(nft, "ports")) &&
	       previous_file_is(nft, json_object_get(nft, "ruleset")) && boot_unit_in_place();
}

static int nft_file_path(const char *root, char *buffer)
{
	return paths_join(root, APPLY_NFT_FILE, buffer);
}

/* Boot persistence: the unit that loads the nft file before the network
 * and before rpcbind.socket. */
static void enable_boot_unit(const char *root, json_t *nft, json_t *warnings, bool *changed)
{
	char error[APPLY_ERROR_MAX], path[PATH_MAX];
	int r = systemd_running();

	if (r <= 0) {
		json_array_append_new(warnings, json_string(
			"systemd is not running here, so nothing loads " APPLY_NFT_FILE " at boot: "
			"load it from your init system with 'nft -f " APPLY_NFT_FILE "'"));
		return;
	}
	if (json_is_true(json_object_get(nft, "boot_unit_file_written")) &&
	    (r = paths_join(root, BOOT_UNIT_FILE, path)) == 0)
		r = atomic_file_write(path, boot_unit_text, strlen(boot_unit_text), 0644);
	if (r < 0) {
		json_array_append_new(warnings, json_sprintf(
			"the rules do not survive a reboot yet: writing %s failed (%s)", APPLY_BOOT_UNIT, strerror(-r)));
		return;
	}
	r = systemd_enable_unit(APPLY_BOOT_UNIT, error, sizeof(error));
	if (r < 0) {
		json_array_append_new(warnings, json_sprintf(
			"the rules do not survive a reboot yet: enabling %s failed (%s); install contrib/systemd/%s",
			APPLY_BOOT_UNIT, error, APPLY_BOOT_UNIT));
		return;
	}
	json_object_set_new(nft, "boot_unit_enabled", json_boolean(r > 0));
	json_object_set_new(nft, "boot_persistent", json_true());
	if (r > 0)
		*changed = true;
}

static int carry_out_restrict(const struct apply_request *request, json_t *changes, json_t *warnings,
			      bool *ret_changed, char *error, size_t error_size)
{
	json_t *nft = json_object_get(changes, "nft");
	char path[PATH_MAX], nft_error[NFT_ERROR_MAX] = "";
	bool changed = false;
	int r;

	r = nft_ruleset_apply(request->ruleset, &changed, nft_error, sizeof(nft_error));
	if (r < 0) {
		snprintf(error, error_size, "%s", nft_error);
		return r;	/* one batch: nothing was applied */
	}
	r = nft_file_path(request->root, path);
	if (r == 0 && !previous_file_is(nft, json_object_get(nft, "ruleset"))) {
		r = nft_file_write(path, request->ruleset);
		changed = true;
	}
	if (r < 0) {
		snprintf(error, error_size, "cannot write %s: %s", APPLY_NFT_FILE, strerror(-r));
		return r;
	}
	enable_boot_unit(request->root, nft, warnings, &changed);
	*ret_changed = changed;
	return 0;
}

/* Names read back from a file must be what a plan can hold: a socket or
 * service unit, in systemd's unit name characters. */
static bool valid_unit_name(const char *name)
{
	size_t length = strlen(name);

	if (length == 0 || length >= UNIT_NAME_MAX)
		return false;
	for (size_t i = 0; i < length; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr(":-_.@\\", name[i]))
			return false;
	return (length > 7 && strcmp(name + length - 7, ".socket") == 0) ||
	       (length > 8 && strcmp(name + length - 8, ".service") == 0);
}

static int units_from_changes(const json_t *units, struct unit_state **ret_states, size_t *ret_count)
{
	size_t count = json_array_size(units), index;
	struct unit_state *states = calloc(count ? count : 1, sizeof(*states));
	const json_t *item;

	if (!states)
		return -ENOMEM;
	json_array_foreach(units, index, item) {
		const char *unit = json_string_value(json_object_get(item, "unit"));
		const char *active = json_string_value(json_object_get(item, "active_state"));
		const char *file = json_string_value(json_object_get(item, "unit_file_state"));

		if (!unit || !active || !file || !valid_unit_name(unit) ||
		    strlen(active) >= sizeof(states->active_state) || strlen(file) >= sizeof(states->unit_file_state)) {
			free(states);
			return -EBADMSG;
		}
		strcpy(states[index].name, unit);
		strcpy(states[index].active_state, active);
		strcpy(states[index].unit_file_state, file);
	}
	*ret_states = states;
	*ret_count = count;
	return 0;
}

static int carry_out_stop(const struct apply_request *request, json_t *changes, bool *ret_changed,
			  char *error, size_t error_size)
{
	struct unit_state *prior = calloc(request->unit_count ? request->unit_count : 1, sizeof(*prior));
	int r;

	if (!prior)
		return -ENOMEM;
	/* The states prepare recorded are the ones to restore: they may
	 * predate the activation that our own query caused. */
	(void)changes;
	r = systemd_stop_units(request->units, request->unit_count, prior, error, error_size);
	if (r >= 0) {
		*ret_changed = r > 0;
		r = 0;
	}
	free(prior);
	return r;
}

int apply_carry_out(const struct apply_request *request, json_t *changes, json_t *warnings,
		    bool *ret_changed, char *error, size_t error_size)
{
	bool changed = false;
	int r = request->action == ACTION_STOP
		? carry_out_stop(request, changes, &changed, error, error_size)
		: carry_out_restrict(request, changes, warnings, &changed, error, error_size);

	if (r == 0)
		*ret_changed = changed;
	return r;
}

/* The boot unit as it was: disabled again unless it was enabled before
 * (a unit systemd no longer knows is disabled enough), and its file
 * removed if this fix wrote it. */
static int revert_boot_unit(const char *root, const json_t *nft, bool *changed, char *error, size_t error_size)
{
	char path[PATH_MAX], unit_error[APPLY_ERROR_MAX] = "";
	int r;

	if (json_is_false(json_object_get(nft, "boot_unit_enabled_before")) && systemd_running() > 0) {
		r = systemd_disable_unit(APPLY_BOOT_UNIT, unit_error, sizeof(unit_error));
		if (r < 0 && r != -ENOENT) {
			snprintf(error, error_size, "disabling %s failed: %s", APPLY_BOOT_UNIT, unit_error);
			return r;
		}
		*changed |= r > 0;
	}
	if (json_is_true(json_object_get(nft, "boot_unit_file_written"))) {
		r = paths_join(root, BOOT_UNIT_FILE, path);
		if (r < 0)
			return r;
		if (unlink(path) == 0)
			*changed = true;
		else if (errno != ENOENT)
			return -errno;
	}
	return 0;
}

static int revert_nft(const char *root, const json_t *nft, bool *changed, char *error, size_t error_size)
{
	const json_t *previous = json_object_get(nft, "previous");
	const json_t *file_previous = json_object_get(nft, "file_previous");
	const json_t *file_previous_base64 = json_object_get(nft, "file_previous_base64");
	char path[PATH_MAX], nft_error[NFT_ERROR_MAX] = "", *decoded = NULL;
	size_t decoded_length;
	bool table_changed = false;
	int r;

	if (json_is_object(previous)) {
		struct nft_ruleset ruleset;

		r = apply_ruleset_from_json(previous, &ruleset);
		if (r < 0) {
			snprintf(error, error_size, "the recorded previous ruleset is damaged");
			return r;
		}
		r = nft_ruleset_apply(&ruleset, &table_changed, nft_error, sizeof(nft_error));
		nft_ruleset_free(&ruleset);
	} else {
		r = nft_ruleset_remove(&table_changed, nft_error, sizeof(nft_error));
	}
	if (r < 0) {
		snprintf(error, error_size, "%s", nft_error);
		return r;
	}
	*changed |= table_changed;
	r = nft_file_path(root, path);
	if (r < 0) {
		snprintf(error, error_size, "--root is too long for %s", APPLY_NFT_FILE);
		return r;
	}
	if (json_is_string(file_previous_base64)) {
		r = base64_decode(json_string_value(file_previous_base64), json_string_length(file_previous_base64),
				  &decoded, &decoded_length);
		if (r < 0) {
			snprintf(error, error_size, "the recorded previous content of %s is damaged", APPLY_NFT_FILE);
			return r;
		}
		r = atomic_file_write(path, decoded, decoded_length, 0644);
		free(decoded);
		if (r < 0) {
			snprintf(error, error_size, "restoring %s failed: %s", path, strerror(-r));
			return r;
		}
		*changed = true;
	} else if (json_is_string(file_previous)) {
		r = atomic_file_write(path, json_string_value(file_previous), json_string_length(file_previous), 0644);
		if (r < 0) {
			snprintf(error, error_size, "restoring %s failed: %s", path, strerror(-r));
			return r;
		}
		*changed = true;
	} else if (unlink(path) == 0) {
		*changed = true;
	} else if (errno != ENOENT) {
		r = -errno;
		snprintf(error, error_size, "removing %s failed: %s", path, strerror(-r));
		return r;
	}
	return revert_boot_unit(root, nft, changed, error, error_size);
}

int apply_revert(const char *root, const json_t *changes, bool *ret_changed, char *error, size_t error_size)
{
	const json_t *units = json_object_get(changes, "systemd"), *nft = json_object_get(changes, "nft");
	bool changed = false;
	int r = 0;

	if (json_is_array(units) && json_array_size(units) > 0) {
		struct unit_state *states;
		size_t count;

		r = units_from_changes(units, &states, &count);
		if (r < 0) {
			snprintf(error, error_size, "the state file's unit states are damaged");
			return r;
		}
		r = systemd_restore_units(states, count, error, error_size);
		free(states);
		if (r < 0)
			return r;
		changed |= r > 0;
	}
	if (json_is_object(nft)) {
		r = revert_nft(root, nft, &changed, error, error_size);
		if (r < 0)
			return r;
	}
	*ret_changed = changed;
	return 0;
}
