/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/paths.h"
#include "base/safe_file.h"
#include "fix/apply.h"
#include "fix/boot_unit.h"
#include "fix/guard_unit.h"
#include "model/cidr.h"
#include "record/state.h"
#include "systemd/systemd.h"

static int prepare_stop(const struct apply_request *request, struct fix_changes *changes,
			struct error_record *ret_error)
{
	changes->units = calloc(request->unit_count + 1, sizeof(*changes->units));
	if (!changes->units)
		return -ENOMEM;
	for (size_t i = 0; i < request->unit_count; i++) {
		const struct unit_state *known = NULL;
		struct unit_state *state = &changes->units[i];
		int r = 0;

		for (size_t k = 0; k < request->states_before_count; k++)
			if (strcmp(request->states_before[k].name, request->units[i]) == 0)
				known = &request->states_before[k];
		if (known)
			*state = *known;
		else
			r = systemd_unit_state(request->units[i], state);
		if (r < 0) {
			error_record_set(ret_error, NULL, 0, "cannot read the state of %s from systemd: %s",
					 request->units[i], strerror(-r));
			return r;
		}
		changes->unit_count++;
	}
	return 0;
}

/* Where systemd looks for unit files; portguard writes the boot unit
 * to the first, at this one fixed path, when no package installed it. */
static const char *const unit_directories[] = {
	"/etc/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
};
#define BOOT_UNIT_FILE "/etc/systemd/system/" FIX_BOOT_UNIT
#define NFTABLES_DROPIN_FILE "/etc/systemd/system/" FIX_NFTABLES_DROPIN

static bool unit_file_exists(const struct host *host, const char *name)
{
	char relative[PATH_MAX];

	for (size_t i = 0; i < sizeof(unit_directories) / sizeof(unit_directories[0]); i++) {
		snprintf(relative, sizeof(relative), "%s/%s", unit_directories[i], name);
		if (paths_exists(host, relative))
			return true;
	}
	return false;
}

/* The boot unit before the fix, and whether the fix will write its file:
 * journaled with the rest before anything changes, so that a run killed
 * after enabling it is rolled back completely. */
static void prepare_boot_unit(const struct host *host, struct fix_nft *nft)
{
	struct unit_state state;
	bool running = systemd_running() > 0;

	nft->boot_unit_file_written = running && !unit_file_exists(host, FIX_BOOT_UNIT);
	nft->nftables_dropin_written = running && !unit_file_exists(host, FIX_NFTABLES_DROPIN);
	nft->boot_unit_enabled_before = !running ? FIX_UNKNOWN
		: systemd_unit_state(FIX_BOOT_UNIT, &state) == 0 &&
		  unit_file_state_from_string(state.unit_file_state) == UNIT_FILE_ENABLED ? FIX_YES : FIX_NO;
}

/* fix_nft_table of nft, with nft's parts moved into the table instead
 * of copied: for a record read only to give its table. */
static int take_nft_table(struct fix_nft *nft, struct nft_table *ret_table)
{
	struct nft_table table = TAKE_STRUCT(nft->others);
	int r = nft_table_normalize(&table);

	if (r == 0)
		r = nft_table_move_part(&table, &nft->ruleset);
	if (r < 0) {
		nft_table_free(&table);
		return r;
	}
	*ret_table = table;
	return 0;
}

/* The table the newest restrict in the chain of the applied fix the
 * state file records installed (every service's part); *ret_found
 * false when there is none. While a fix is applied, table inet
 * portguard is portguard's own, whatever it holds now (an earlier fix,
 * an older portguard's rules, a drift the agent puts right), never the
 * admin's: that one is kept, if there was one, in the record of the
 * first fix. A damaged state file shows no fix: the table is then kept
 * as it is, which undo can always put back. */
static int load_recorded_table(const struct host *host, struct nft_table *ret_table, bool *ret_found)
{
	struct fix_record record = { 0 };
	/* Only the newest link that changed the table is needed. */
	int r = state_load_to_table(host, &record, NULL);

	*ret_found = false;
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	for (struct fix_record *link = &record; record.status == FIX_APPLIED && link; link = link->earlier)
		if (link->changes.has_nft) {
			r = take_nft_table(&link->changes.nft, ret_table);
			*ret_found = r == 0;
			break;
		}
	fix_record_free(&record);
	return r;
}

static void forget_recorded(struct apply_kept *kept)
{
	nft_table_free(&kept->recorded.table);
	kept->recorded = (struct apply_kept_record){ 0 };
}

void apply_kept_free(struct apply_kept *kept)
{
	forget_recorded(kept);
	nft_table_free(&kept->formatted);
	free(kept->text);
	nft_file_kept_free(&kept->file);
	*kept = (struct apply_kept){ 0 };
}

/* The state file's identity, or false when it cannot be opened (absent,
 * a link): then nothing is kept, and state_load says what it finds. */
static bool state_identity(const struct host *host, struct stat *ret_stat)
{
	_cleanup_close_ int fd = paths_open(host, STATE_FILE, SAFE_FILE_NOFOLLOW);

	return fd >= 0 && fstat(fd, ret_stat) == 0;
}

static bool same_file(const struct apply_kept *all, const struct stat *st)
{
	const struct apply_kept_record *kept = &all->recorded;

	return kept->valid && kept->device == st->st_dev && kept->inode == st->st_ino && kept->size == st->st_size &&
	       kept->modified.tv_sec == st->st_mtim.tv_sec && kept->modified.tv_nsec == st->st_mtim.tv_nsec &&
	       kept->changed.tv_sec == st->st_ctim.tv_sec && kept->changed.tv_nsec == st->st_ctim.tv_nsec;
}

/* recorded_table's answer in *ret_table: the kept one when the state
 * file is the one it was read from, else read (into kept, when given,
 * for the next prepare; else into *storage). */
static int recorded_table(const struct host *host, struct apply_kept *kept, struct nft_table *storage,
			  const struct nft_table **ret_table, bool *ret_found)
{
	struct stat before;
	int r;

	*ret_table = NULL;
	if (!kept || !state_identity(host, &before)) {
		r = load_recorded_table(host, storage, ret_found);
		*ret_table = storage;
		return r;
	}
	if (!same_file(kept, &before)) {
		forget_recorded(kept);
		r = load_recorded_table(host, &kept->recorded.table, &kept->recorded.found);
		if (r < 0) {
			forget_recorded(kept);
			return r;
		}
		/* The identity taken before the read: a file replaced during
		 * it does not match next time and is read again. */
		kept->recorded.valid = true;
		kept->recorded.device = before.st_dev;
		kept->recorded.inode = before.st_ino;
		kept->recorded.size = before.st_size;
		kept->recorded.modified = before.st_mtim;
		kept->recorded.changed = before.st_ctim;
	}
	*ret_table = &kept->recorded.table;
	*ret_found = kept->recorded.found;
	return 0;
}

/* The parts of table other than the one of prefix: copies of those
 * alone, not of the whole table. */
static int other_parts(const struct nft_table *table, const char *prefix, struct nft_table *ret_others)
{
	struct nft_table others = { 0 };

	for (size_t i = 0; i < table->count; i++) {
		int r = strcmp(table->rulesets[i].shape.set_prefix, prefix) == 0 ? 0
			: nft_table_put_part(&others, &table->rulesets[i]);

		if (r < 0) {
			nft_table_free(&others);
			return r;
		}
	}
	*ret_others = others;
	return 0;
}

/* What undo puts back in place of the table fix installs: the admin's
 * own table as nft lists it, or portguard's earlier part of this
 * service (or none: there was no table, or portguard's trusted
 * everybody, and removing it has the same effect), beside the other
 * services' parts, which stay. A table that cannot be kept refuses the
 * fix, before anything changed. */
static int keep_previous(const struct nft_table *read, int read_result, const struct nft_table *recorded,
			 bool portguards, const char *prefix, struct fix_nft *nft, struct error_record *ret_error)
{
	struct error_record cause = { 0 };
	const struct nft_ruleset *part = read_result == 0 ? nft_table_part(read, prefix) : NULL;
	int r;

	nft->has_previous = part && part->port_count && !nft_ruleset_everything(part);
	r = nft->has_previous ? nft_ruleset_copy(part, &nft->previous) : 0;
	if (r == 0 && portguards)
		r = other_parts(recorded, prefix, &nft->others);
	else if (r == 0 && read_result == 0)
		r = other_parts(read, prefix, &nft->others);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return r;
	}
	if (read_result == -ENOENT)
		return 0;
	if (portguards) {
		part = nft_table_part(recorded, prefix);
		if (!nft->has_previous && part) {
			r = nft_ruleset_copy(part, &nft->previous);
			if (r < 0)
				return r;
			nft->previous_from_record = true;
			nft->has_previous = true;
		}
		return 0;
	}
	if (read_result == 0)
		return 0;
	r = nft_table_keep(&nft->previous_table, &nft->previous_table_length, &cause);
	if (r == -ENOENT)	/* deleted since it was read */
		return 0;
	if (r < 0)
		error_record_set(ret_error, NULL, 0, "table %s exists and portguard cannot keep it to put back on "
				 "undo: %s; save it ('nft list table %s') and delete it, or move its rules to a table "
				 "of another name, then run fix again", FIX_NFT_TABLE, cause.message, FIX_NFT_TABLE);
	return r;
}

/* The nft file's text of table: the kept one when an earlier prepare
 * of this run formatted an equal table (*ret_kept true), else
 * formatted here. */
static char *table_text(const struct apply_kept *kept, const struct nft_table *table, bool *ret_kept)
{
	*ret_kept = kept && kept->text && nft_table_equal(&kept->formatted, table);
	return *ret_kept ? strdup(kept->text) : nft_table_format_text(table);
}

/* Keeps table (moved) and the text formatted of it for the next prepare
 * of the run. Without memory nothing is kept: the next prepare formats
 * its own. */
static void keep_formatted(struct apply_kept *kept, struct nft_table *table, const char *text)
{
	char *copy;

	if (!kept)
		return;
	copy = strdup(text);
	nft_table_free(&kept->formatted);
	free(kept->text);
	kept->text = copy;
	kept->formatted = copy ? TAKE_STRUCT(*table) : (struct nft_table){ 0 };
}

static bool file_was_ruleset(const struct fix_nft *nft);

/* Whether table, normalised, is others' parts and ruleset (all
 * normalised, ruleset's prefix not among others'): nft_table_equal
 * with the table fix_nft_table builds of them, without building it. */
static bool table_is_parts(const struct nft_table *table, const struct nft_table *others,
			   const struct nft_ruleset *ruleset)
{
	if (table->count != others->count + 1 || nft_table_part(others, ruleset->shape.set_prefix))
		return false;
	for (size_t i = 0; i < table->count; i++) {
		const struct nft_ruleset *part = &table->rulesets[i];
		const struct nft_ruleset *other = strcmp(part->shape.set_prefix, ruleset->shape.set_prefix) == 0
			? ruleset : nft_table_part(others, part->shape.set_prefix);

		if (!other || !nft_ruleset_equal(part, other))
			return false;
	}
	return true;
}

/* Whether table is source's parts but the one of ruleset's prefix, and
 * ruleset: table_is_parts of the others' parts that other_parts would
 * copy out of source, compared where they are. Equal here is equal
 * there (table, as read, is normalised; so then are the parts equal to
 * it). */
static bool table_is_parts_of(const struct nft_table *table, const struct nft_table *source,
			      const struct nft_ruleset *ruleset)
{
	const char *prefix = ruleset->shape.set_prefix;

	if (table->count != source->count + 1 - (nft_table_part(source, prefix) ? 1 : 0))
		return false;
	for (size_t i = 0; i < table->count; i++) {
		const struct nft_ruleset *part = &table->rulesets[i];
		const struct nft_ruleset *other = strcmp(part->shape.set_prefix, prefix) == 0
			? ruleset : nft_table_part(source, part->shape.set_prefix);

		if (!other || !nft_ruleset_equal(part, other))
			return false;
	}
	return true;
}

/* The parts fix_nft holds of the fix (previous, others, ruleset): copies
 * for the record, as prepare makes them or apply_complete once prepare
 * left them out. */
static int take_parts(const struct apply_request *request, const struct nft_table *previous, int read_result,
		      struct fix_nft *nft, struct error_record *ret_error)
{
	_cleanup_(nft_table_free) struct nft_table recorded_here = { 0 };
	const struct nft_table *recorded = NULL;
	bool portguards = false;
	int r = recorded_table(request->host, request->kept, &recorded_here, &recorded, &portguards);

	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return r;
	}
	r = keep_previous(previous, read_result, recorded, portguards, request->ruleset->shape.set_prefix, nft,
			  ret_error);
	if (r < 0)
		return r;
	r = nft_ruleset_copy(request->ruleset, &nft->ruleset);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/* A fix that will change nothing, told without a copy: the table read
 * (the caller's, which apply_complete sees again) is the one fix
 * installs, judged against the recorded or the read others' parts where
 * they are, and the nft file is known to hold its text. */
static bool in_place_as_read(const struct apply_request *request, const struct nft_table *previous,
			     int read_result, struct error_record *ret_error, int *ret_r)
{
	_cleanup_(nft_table_free) struct nft_table recorded_here = { 0 };
	const struct nft_table *recorded = NULL;
	bool portguards = false;

	*ret_r = 0;
	if (read_result != 0 || previous != request->installed_table || !request->kept)
		return false;
	*ret_r = recorded_table(request->host, request->kept, &recorded_here, &recorded, &portguards);
	if (*ret_r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return false;
	}
	return table_is_parts_of(previous, portguards ? recorded : previous, request->ruleset) &&
	       nft_file_known(request->host, &request->kept->file, previous);
}

/* The nft file as it was and the text fix writes, with wanted the
 * table fix installs: what prepare leaves out when the file is known. */
static int read_file_and_text(const struct apply_request *request, struct fix_nft *nft, struct nft_table *wanted,
			      struct error_record *ret_error)
{
	bool text_kept = false;
	int r = paths_read_own(request->host, FIX_NFT_FILE, &nft->file_previous, &nft->file_previous_length);

	if (r < 0 && r != -ENOENT) {
		error_record_set(ret_error, NULL, 0, "cannot read %s: %s; check the file", FIX_NFT_FILE,
				 safe_file_strerror(r));
		return r;
	}
	if (!(nft->ruleset_text = table_text(request->kept, wanted, &text_kept))) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	nft->ruleset_text_rendered = true;
	/* Found holding the text: the next fix need not compare it again. */
	if (request->record_file && nft->table_in_place && file_was_ruleset(nft))
		nft_file_record(request->host, wanted, nft->ruleset_text);
	if (!text_kept)
		keep_formatted(request->kept, wanted, nft->ruleset_text);
	return 0;
}

/* The parts, whether the table is in place, and the file and its text
 * unless the file is known to hold it. */
static int prepare_table(const struct apply_request *request, const struct nft_table *previous, int read_result,
			 struct fix_nft *nft, struct error_record *ret_error)
{
	_cleanup_(nft_table_free) struct nft_table wanted = { 0 };
	int r;

	/* A fix that will change nothing (the second fix of a run) copies
	 * none of the parts: apply_complete takes them for one that goes on. */
	if (in_place_as_read(request, previous, read_result, ret_error, &r)) {
		nft->table_in_place = true;
		nft->file_known = true;
		nft->parts_left_out = true;
		return 0;
	}
	if (r < 0)
		return r;
	r = take_parts(request, previous, read_result, nft, ret_error);
	if (r < 0)
		return r;
	/* The table fix installs is the others' parts and ruleset
	 * (fix_nft_table): compared part by part, built only when needed. */
	nft->table_in_place = read_result == 0 && table_is_parts(previous, &nft->others, &nft->ruleset);
	/* A fix that will change nothing needs neither the text nor the
	 * file's bytes when the file is known; apply_complete reads them
	 * for one that goes on. */
	nft->file_known = nft->table_in_place && nft_file_known(request->host, request->kept ? &request->kept->file : NULL, previous);
	if (nft->file_known)
		return 0;
	r = fix_nft_table(nft, false, &wanted);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	return read_file_and_text(request, nft, &wanted, ret_error);
}

static int prepare_restrict(const struct apply_request *request, struct fix_changes *changes,
			    struct error_record *ret_error)
{
	struct fix_nft *nft = &changes->nft;
	_cleanup_(nft_table_free) struct nft_table read_here = { 0 };
	const struct nft_table *previous = &read_here;
	struct nft_shape shapes[SERVICES_MAX];
	int read_result, r;

	/* An absent or hand-edited table was read fine; any other failure is
	 * read again here for its message. */
	if (request->installed_table && (request->installed_read == 0 || request->installed_read == -ENOENT ||
					 request->installed_read == -EUCLEAN)) {
		previous = request->installed_table;
		read_result = request->installed_read;
	} else if ((read_result = nft_table_read(shapes, service_nft_shapes(shapes), &read_here, ret_error)) < 0 &&
		   read_result != -ENOENT && read_result != -EUCLEAN) {
		return read_result;
	}
	changes->has_nft = true;
	r = prepare_table(request, previous, read_result, nft, ret_error);
	if (r < 0)
		return r;
	prepare_boot_unit(request->host, nft);
	/* boot_unit_enabled: this fix enabled it (undo disables it again);
	 * boot_persistent: the rules come back at boot, whoever enabled it. */
	nft->boot_unit_enabled = false;
	nft->boot_persistent = FIX_NO;
	return 0;
}

int apply_complete(const struct apply_request *request, struct fix_changes *changes, struct error_record *ret_error)
{
	struct fix_nft *nft = &changes->nft;
	_cleanup_(nft_table_free) struct nft_table wanted = { 0 };
	int r;

	if (!changes->has_nft || !nft->file_known)
		return 0;
	if (nft->parts_left_out) {
		r = take_parts(request, request->installed_table, 0, nft, ret_error);
		if (r < 0)
			return r;
		nft->parts_left_out = false;
	}
	r = fix_nft_table(nft, false, &wanted);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return r;
	}
	r = read_file_and_text(request, nft, &wanted, ret_error);
	if (r == 0)
		nft->file_known = false;
	return r;
}

int apply_prepare(const struct apply_request *request, struct fix_changes *ret_changes, struct error_record *ret_error)
{
	struct fix_changes changes = { .action = request->action };
	int r = request->action == ACTION_STOP ? prepare_stop(request, &changes, ret_error)
					       : prepare_restrict(request, &changes, ret_error);

	if (r < 0) {
		fix_changes_free(&changes);
		return r;
	}
	*ret_changes = changes;
	return 0;
}

static bool stopped_and_masked(const struct fix_changes *changes)
{
	for (size_t i = 0; i < changes->unit_count; i++)
		if (!unit_state_stopped_for_good(&changes->units[i]))
			return false;
	return true;
}

static bool boot_unit_in_place(const struct host *host)
{
	struct unit_state state;

	/* Without systemd there is nothing to enable; fix said so once. */
	if (systemd_running() <= 0)
		return true;
	return systemd_unit_state(FIX_BOOT_UNIT, &state) == 0 &&
	       unit_file_state_from_string(state.unit_file_state) == UNIT_FILE_ENABLED &&
	       unit_file_exists(host, FIX_NFTABLES_DROPIN);
}

/* Whether the file held exactly the text fix writes. */
static bool file_was_ruleset(const struct fix_nft *nft)
{
	return nft->file_previous && nft->ruleset_text &&
	       nft->file_previous_length == strlen(nft->ruleset_text) &&
	       memcmp(nft->file_previous, nft->ruleset_text, nft->file_previous_length) == 0;
}

bool apply_already_done(const struct apply_request *request, const struct fix_changes *changes)
{
	const struct fix_nft *nft = &changes->nft;

	if (request->action == ACTION_STOP)
		return stopped_and_masked(changes);
	return nft->table_in_place && (nft->file_known || file_was_ruleset(nft)) && boot_unit_in_place(request->host);
}

/* The drop-in that loads the table again after nftables.service
 * started, reloaded or stopped: each flushes the whole ruleset. A
 * failure is a warning: the rules hold until such a restart. */
static int write_nftables_dropin(const struct host *host, struct fix_record *record, bool *changed)
{
	struct error_record error = { 0 };
	int r;

	if (!record->changes.nft.nftables_dropin_written)
		return 0;
	r = paths_write_file(host, NFTABLES_DROPIN_FILE, boot_unit_nftables_dropin, strlen(boot_unit_nftables_dropin),
			     0644);
	if (r == 0) {
		*changed = true;
		r = systemd_reload(&error);
	}
	if (r == 0)
		return 0;
	return fix_record_add_warning(record, FIX_WARNING_NFTABLES_DROPIN_UNWRITTEN,
				      error.message[0] ? error.message : strerror(-r));
}

/* Boot persistence: the unit that loads the nft file before the network
 * and before rpcbind.socket, and the nftables.service drop-in. Problems
 * are warnings for the report: the rules hold until the next boot. */
static int enable_boot_unit(const struct host *host, struct fix_record *record, bool *changed)
{
	struct fix_nft *nft = &record->changes.nft;
	struct error_record error = { 0 };
	int r = systemd_running();

	if (r <= 0)
		return fix_record_add_warning(record, FIX_WARNING_NO_SYSTEMD_AT_BOOT, NULL);
	r = write_nftables_dropin(host, record, changed);
	if (r < 0)
		return r;
	if (nft->boot_unit_file_written)
		r = paths_write_file(host, BOOT_UNIT_FILE, boot_unit_text, strlen(boot_unit_text), 0644);
	if (r < 0)
		return fix_record_add_warning(record, FIX_WARNING_BOOT_UNIT_UNWRITTEN, strerror(-r));
	r = systemd_enable_unit(FIX_BOOT_UNIT, &error);
	if (r < 0)
		return fix_record_add_warning(record, FIX_WARNING_BOOT_UNIT_NOT_ENABLED, error.message);
	nft->boot_unit_enabled = r > 0;
	nft->boot_persistent = FIX_YES;
	if (r > 0)
		*changed = true;
	return 0;
}

static int carry_out_restrict(const struct apply_request *request, struct fix_record *record,
			      bool *ret_changed, struct error_record *ret_error)
{
	const struct fix_nft *nft = &record->changes.nft;
	_cleanup_(nft_table_free) struct nft_table wanted = { 0 };
	bool changed = false;
	int r;

	r = fix_nft_table(nft, false, &wanted);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return r;
	}
	r = nft_table_apply_known(&wanted, request->host, &changed, ret_error);
	if (r < 0)
		return r;	/* one batch: nothing was applied */
	if (!file_was_ruleset(nft)) {
		r = paths_write_file(request->host, FIX_NFT_FILE, nft->ruleset_text, strlen(nft->ruleset_text), 0644);
		changed = true;
	}
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "cannot write %s: %s", FIX_NFT_FILE, strerror(-r));
		return r;
	}
	nft_file_record(request->host, &wanted, nft->ruleset_text);
	r = enable_boot_unit(request->host, record, &changed);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return r;
	}
	*ret_changed = changed;
	return 0;
}

static int carry_out_stop(const struct apply_request *request, bool *ret_changed, struct error_record *ret_error)
{
	struct unit_state *prior = calloc(request->unit_count ? request->unit_count : 1, sizeof(*prior));
	int r;

	if (!prior)
		return -ENOMEM;
	/* The states prepare recorded are the ones to restore, not these:
	 * they may predate the activation that our own query caused. */
	r = systemd_stop_units(request->units, request->unit_count, prior, ret_error);
	if (r >= 0) {
		*ret_changed = r > 0;
		r = 0;
	}
	free(prior);
	return r;
}

int apply_carry_out(const struct apply_request *request, struct fix_record *record, bool *ret_changed,
		    struct error_record *ret_error)
{
	bool changed = false;
	int r = request->action == ACTION_STOP
		? carry_out_stop(request, &changed, ret_error)
		: carry_out_restrict(request, record, &changed, ret_error);

	if (r == 0)
		*ret_changed = changed;
	return r;
}

/* The drop-in removed if this fix wrote it, with its directory when
 * nothing else is left in it, and systemd told. */
static int revert_nftables_dropin(const struct host *host, const struct fix_nft *nft, bool *changed,
				  struct error_record *ret_error)
{
	struct error_record unit_error = { 0 };
	char path[PATH_MAX], directory[] = NFTABLES_DROPIN_FILE;
	int r;

	if (!nft->nftables_dropin_written)
		return 0;
	r = paths_name(host, NFTABLES_DROPIN_FILE, path);
	if (r < 0)
		return r;
	r = paths_remove(host, NFTABLES_DROPIN_FILE, false);
	if (r == -ENOENT)
		return 0;
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "removing %s failed: %s", path, strerror(-r));
		return r;
	}
	*changed = true;
	*strrchr(directory, '/') = '\0';
	(void)paths_remove(host, directory, true);	/* kept when the admin has drop-ins of their own there */
	if (systemd_running() > 0 && (r = systemd_reload(&unit_error)) < 0) {
		error_record_set(ret_error, NULL, 0, "%s after removing %s", unit_error.message, NFTABLES_DROPIN_FILE);
		return r;
	}
	return 0;
}

/* The boot unit as it was: disabled again unless it was enabled before
 * (a unit systemd no longer knows is disabled enough), and its file
 * removed if this fix wrote it. */
static int revert_boot_unit(const struct host *host, const struct fix_nft *nft, bool *changed, struct error_record *ret_error)
{
	struct error_record unit_error = { 0 };
	int r;

	if (nft->boot_unit_enabled_before == FIX_NO && systemd_running() > 0) {
		r = systemd_disable_unit(FIX_BOOT_UNIT, &unit_error);
		if (r < 0 && r != -ENOENT) {
			error_record_set(ret_error, NULL, 0, "disabling %s failed: %s", FIX_BOOT_UNIT,
					 unit_error.message);
			return r;
		}
		*changed |= r > 0;
	}
	if (nft->boot_unit_file_written) {
		r = paths_remove(host, BOOT_UNIT_FILE, false);
		if (r == 0)
			*changed = true;
		else if (r != -ENOENT)
			return r;
	}
	return revert_nftables_dropin(host, nft, changed, ret_error);
}

/* A read-only file system refuses unlink (EROFS) even for a file that
 * is not there: the fix's own write of it failed there. */
static bool file_absent(const struct host *host, const char *path)
{
	struct stat status;

	return safe_file_stat(host->root_fd, path, SAFE_FILE_NOFOLLOW | host->how, &status) == -ENOENT;
}

static int revert_nft(const struct host *host, const struct fix_nft *nft, bool *changed, struct error_record *ret_error)
{
	_cleanup_(nft_table_free) struct nft_table previous = { 0 };
	char path[PATH_MAX];
	bool table_changed = false;
	int r;

	if (nft->previous_table) {
		r = nft_table_put_back(nft->previous_table, nft->previous_table_length, &table_changed, ret_error);
	} else if ((r = fix_nft_table(nft, true, &previous)) < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory");
	} else if (previous.count) {
		/* The other services' parts stay. */
		r = nft_table_apply(&previous, &table_changed, ret_error);
	} else {
		r = nft_ruleset_remove(&table_changed, ret_error);
	}
	if (r < 0)
		return r;
	*changed |= table_changed;
	r = paths_name(host, FIX_NFT_FILE, path);	/* for messages */
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "--root is too long for %s", FIX_NFT_FILE);
		return r;
	}
	if (nft->file_previous_rendered && !nft->file_previous) {
		_cleanup_free_ char *text = NULL;

		r = fix_nft_text(nft, true, &text);
		if (r == 0)
			r = paths_write_file(host, FIX_NFT_FILE, text, strlen(text), 0644);
		if (r < 0) {
			error_record_set(ret_error, NULL, 0, "restoring %s failed: %s", path, strerror(-r));
			return r;
		}
		*changed = true;
	} else if (nft->file_previous) {
		r = paths_write_file(host, FIX_NFT_FILE, nft->file_previous, nft->file_previous_length, 0644);
		if (r < 0) {
			error_record_set(ret_error, NULL, 0, "restoring %s failed: %s", path, strerror(-r));
			return r;
		}
		*changed = true;
	} else if ((r = paths_remove(host, FIX_NFT_FILE, false)) == 0) {
		*changed = true;
	} else if (r != -ENOENT && !file_absent(host, FIX_NFT_FILE)) {
		error_record_set(ret_error, NULL, 0, "removing %s failed: %s", path, strerror(-r));
		return r;
	}
	return revert_boot_unit(host, nft, changed, ret_error);
}

int apply_revert(const struct host *host, const struct fix_changes *changes, bool *ret_changed, struct error_record *ret_error)
{
	bool changed = false;
	/* The agent first: it is what would put the fix back. */
	int r = guard_unit_revert(changes, &changed, ret_error);

	if (r < 0)
		return r;
	if (changes->unit_count > 0) {
		r = systemd_restore_units(changes->units, changes->unit_count, ret_error);
		if (r < 0)
			return r;
		changed |= r > 0;
	}
	if (changes->has_nft) {
		r = revert_nft(host, &changes->nft, &changed, ret_error);
		if (r < 0)
			return r;
	}
	*ret_changed = changed;
	return 0;
}
