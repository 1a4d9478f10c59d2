#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fix_record.h"
#include "string_table.h"

static const char *const status_table[_FIX_STATUS_MAX] = {
	[FIX_APPLYING] = "applying",
	[FIX_APPLIED] = "applied",
	[FIX_UNDONE] = "undone",
};

const char *fix_status_to_string(enum fix_status status)
{
	return string_table_get(status_table, _FIX_STATUS_MAX, status);
}

enum fix_status fix_status_from_string(const char *text)
{
	return (enum fix_status)string_table_lookup(status_table, _FIX_STATUS_MAX, text);
}

static void nft_free(struct fix_nft *nft)
{
	nft_ruleset_free(&nft->ruleset);
	nft_ruleset_free(&nft->previous);
	free(nft->ruleset_text);
	free(nft->file_previous);
	*nft = (struct fix_nft){ 0 };
}

void fix_changes_free(struct fix_changes *changes)
{
	free(changes->units);
	nft_free(&changes->nft);
	*changes = (struct fix_changes){ 0 };
}

void fix_record_free(struct fix_record *record)
{
	if (!record)
		return;
	free(record->version);
	free(record->host);
	free(record->time);
	json_decref(record->before);
	json_decref(record->after);
	json_decref(record->local_addresses);
	json_decref(record->abuse_report);
	fix_changes_free(&record->changes);
	for (size_t i = 0; i < record->warning_count; i++)
		free(record->warnings[i]);
	free(record->warnings);
	free(record->report);
	free(record->undo.time);
	free(record->undo.report);
	fix_record_freep(&record->earlier);
	*record = (struct fix_record){ 0 };
}

void fix_record_freep(struct fix_record **record)
{
	if (!*record)
		return;
	fix_record_free(*record);
	free(*record);
	*record = NULL;
}

int fix_record_add_warning(struct fix_record *record, const char *text)
{
	char **warnings = realloc(record->warnings, (record->warning_count + 1) * sizeof(*warnings));
	char *copy = strdup(text);

	if (warnings)
		record->warnings = warnings;
	if (!warnings || !copy) {
		free(copy);
		return -ENOMEM;
	}
	record->warnings[record->warning_count++] = copy;
	return 0;
}

void fix_record_set_earlier(struct fix_record *record, struct fix_record *earlier, unsigned int max)
{
	struct fix_record *link = earlier;

	/* Bounded: the chain of a host fixed again and again stays small. */
	for (unsigned int depth = 2; link && link->earlier; link = link->earlier, depth++)
		if (depth >= max) {
			fix_record_freep(&link->earlier);
			break;
		}
	fix_record_freep(&record->earlier);
	record->earlier = earlier;
}

bool fix_record_undoable(const struct fix_record *record)
{
	return record && (record->status == FIX_APPLIED || record->status == FIX_UNDONE) &&
	       action_changes_host(record->action);
}
