/* SPDX-License-Identifier: GPL-2.0-or-later */
/* smb.conf by hand: sections, "key = value" lines, comments (# and ;),
 * continuation lines; every length checked. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"
#include "services/smb_conf.h"

struct parse_state {
	struct smb_conf conf;
	bool global;		/* in [global], or before any section */
	char joined[SMB_CONF_LINE_MAX];
	size_t joined_length;
	unsigned int joined_first;
};

/* The key without blanks and in lower case: "hosts allow" -> "hostsallow". */
static void key_fold(const char *key, size_t length, char *buffer, size_t size)
{
	size_t used = 0;

	for (size_t i = 0; i < length && used + 1 < size; i++)
		if (!isspace((unsigned char)key[i]))
			buffer[used++] = (char)tolower((unsigned char)key[i]);
	buffer[used] = '\0';
}

static void setting_take(struct smb_conf_setting *setting, unsigned int line, const char *value, size_t length)
{
	while (length > 0 && isspace((unsigned char)value[0])) {
		value++;
		length--;
	}
	while (length > 0 && isspace((unsigned char)value[length - 1]))
		length--;
	if (length >= sizeof(setting->value))
		length = sizeof(setting->value) - 1;
	memcpy(setting->value, value, length);
	setting->value[length] = '\0';
	setting->line = line;
}

static void take_setting(struct parse_state *state, unsigned int line, const char *text, size_t length)
{
	const char *equals = memchr(text, '=', length);
	struct smb_conf_setting *setting = NULL;
	char key[64];

	if (!equals)
		return;		/* Samba ignores such a line, and so do we */
	key_fold(text, (size_t)(equals - text), key, sizeof(key));
	if (strcmp(key, "include") == 0) {
		if (!state->conf.include.line)
			setting = &state->conf.include;
	} else if (!state->global) {
		return;
	} else if (strcmp(key, "disablenetbios") == 0) {
		setting = &state->conf.disable_netbios;
	} else if (strcmp(key, "interfaces") == 0) {
		setting = &state->conf.interfaces;
	} else if (strcmp(key, "bindinterfacesonly") == 0) {
		setting = &state->conf.bind_interfaces_only;
	} else if (strcmp(key, "hostsallow") == 0 || strcmp(key, "allowhosts") == 0) {
		setting = &state->conf.hosts_allow;
	} else if (strcmp(key, "serverrole") == 0) {
		setting = &state->conf.server_role;
	} else if (strcmp(key, "realm") == 0) {
		setting = &state->conf.realm;
	} else if (strcmp(key, "privatedir") == 0 || strcmp(key, "privatedirectory") == 0) {
		setting = &state->conf.private_dir;
	}
	if (setting)
		setting_take(setting, line, equals + 1, length - (size_t)(equals + 1 - text));
}

static int take_section(struct parse_state *state, unsigned int line, const char *text, size_t length)
{
	const char *end = memchr(text, ']', length);
	size_t name_length;

	if (!end)
		return -EINVAL;
	text++;
	name_length = (size_t)(end - text);
	while (name_length > 0 && isspace((unsigned char)*text)) {
		text++;
		name_length--;
	}
	while (name_length > 0 && isspace((unsigned char)text[name_length - 1]))
		name_length--;
	state->global = name_length == 6 && strncasecmp(text, "global", 6) == 0;
	if (state->global)
		return 0;
	if (state->conf.share_count++ == 0) {
		state->conf.share_line = line;
		text_format(state->conf.share, sizeof(state->conf.share), "%.*s", (int)name_length, text);
	}
	return 0;
}

static int take_line(struct parse_state *state, unsigned int line, const char *text, size_t length)
{
	while (length > 0 && isspace((unsigned char)*text)) {
		text++;
		length--;
	}
	if (length == 0 || *text == '#' || *text == ';')
		return 0;
	if (*text == '[')
		return take_section(state, line, text, length);
	take_setting(state, line, text, length);
	return 0;
}

int smb_conf_parse(const char *text, size_t length, struct smb_conf *ret_conf, unsigned int *ret_line,
		   const char **ret_reason)
{
	static struct parse_state state;	/* 8 KiB and more: not on the stack */
	struct text_cursor cursor = { .text = text, .length = length };
	const char *line;
	size_t line_length;
	int r;

	memset(&state, 0, sizeof(state));
	state.global = true;
	while ((r = text_next_line(&cursor, SMB_CONF_LINE_MAX, &line, &line_length)) > 0) {
		bool continued = line_length > 0 && line[line_length - 1] == '\\';

		if (continued)
			line_length--;
		if (state.joined_length == 0)
			state.joined_first = cursor.line;
		if (line_length > sizeof(state.joined) - state.joined_length) {
			*ret_line = cursor.line;
			*ret_reason = "continued line longer than 8192 bytes";
			return -EINVAL;
		}
		memcpy(state.joined + state.joined_length, line, line_length);
		state.joined_length += line_length;
		if (continued)
			continue;
		if (take_line(&state, state.joined_first, state.joined, state.joined_length) < 0) {
			*ret_line = state.joined_first;
			*ret_reason = "a section header without its ']'; is this the right file?";
			return -EINVAL;
		}
		state.joined_length = 0;
	}
	if (r < 0) {
		*ret_line = cursor.line;
		*ret_reason = r == -E2BIG ? "line longer than 8192 bytes" : "binary data, not an smb.conf(5) line; is this the right file?";
		return -EINVAL;
	}
	if (state.joined_length > 0 && take_line(&state, state.joined_first, state.joined, state.joined_length) < 0) {
		*ret_line = state.joined_first;
		*ret_reason = "a section header without its ']'; is this the right file?";
		return -EINVAL;
	}
	*ret_conf = state.conf;
	return 0;
}

bool smb_conf_true(const struct smb_conf_setting *setting)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };

	for (const char *const *word = yes; setting->line && *word; word++)
		if (strcasecmp(setting->value, *word) == 0)
			return true;
	return false;
}
