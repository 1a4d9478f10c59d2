/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "services/memcached/memcached_wire.h"

static uint16_t read_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void write_u16(uint8_t *p, uint16_t value)
{
	p[0] = (uint8_t)(value >> 8);
	p[1] = (uint8_t)value;
}

int memcached_udp_stats_encode(uint16_t request_id, uint8_t *buffer, size_t size)
{
	if (size < MEMCACHED_UDP_STATS_SIZE)
		return -ENOBUFS;
	write_u16(buffer, request_id);
	write_u16(buffer + 2, 0);	/* sequence */
	write_u16(buffer + 4, 1);	/* datagrams in the request */
	write_u16(buffer + 6, 0);	/* reserved */
	memcpy(buffer + MEMCACHED_UDP_HEADER_SIZE, MEMCACHED_STATS_COMMAND, strlen(MEMCACHED_STATS_COMMAND));
	return MEMCACHED_UDP_STATS_SIZE;
}

void memcached_udp_reply_init(struct memcached_udp_reply *reply, uint16_t request_id)
{
	*reply = (struct memcached_udp_reply){ .request_id = request_id };
}

int memcached_udp_reply_feed(struct memcached_udp_reply *reply, const uint8_t *datagram, size_t length)
{
	uint16_t sequence, total;
	size_t payload;
	uint8_t *copy;

	if (length < MEMCACHED_UDP_HEADER_SIZE)
		return -EBADMSG;
	if (read_u16(datagram) != reply->request_id)
		return -ESRCH;
	sequence = read_u16(datagram + 2);
	total = read_u16(datagram + 4);
	if (read_u16(datagram + 6) != 0 || total == 0 || (reply->total && total != reply->total))
		return -EBADMSG;
	if (total > MEMCACHED_UDP_DATAGRAMS_MAX)
		return -E2BIG;
	if (sequence >= total || reply->parts[sequence])
		return -EBADMSG;
	payload = length - MEMCACHED_UDP_HEADER_SIZE;
	if (payload > MEMCACHED_TEXT_MAX - reply->text_bytes)
		return -E2BIG;
	/* one byte more, so that an empty payload is a part too */
	copy = malloc(payload + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, datagram + MEMCACHED_UDP_HEADER_SIZE, payload);
	reply->parts[sequence] = copy;
	reply->part_lengths[sequence] = payload;
	reply->total = total;
	reply->received++;
	reply->wire_bytes += length;
	reply->text_bytes += payload;
	return reply->received == reply->total ? 1 : 0;
}

int memcached_udp_reply_join(const struct memcached_udp_reply *reply, char **ret_text, size_t *ret_length)
{
	size_t length = 0;
	char *text;

	if (reply->total == 0 || reply->received != reply->total)
		return -EBADMSG;
	text = malloc(reply->text_bytes + 1);
	if (!text)
		return -ENOMEM;
	for (size_t i = 0; i < reply->total; i++) {
		memcpy(text + length, reply->parts[i], reply->part_lengths[i]);
		length += reply->part_lengths[i];
	}
	text[length] = '\0';
	*ret_text = text;
	*ret_length = length;
	return 0;
}

void memcached_udp_reply_free(struct memcached_udp_reply *reply)
{
	for (size_t i = 0; i < MEMCACHED_UDP_DATAGRAMS_MAX; i++)
		free(reply->parts[i]);
	memcached_udp_reply_init(reply, reply->request_id);
}

static bool starts_with(const char *line, size_t length, const char *prefix)
{
	size_t prefix_length = strlen(prefix);

	return length >= prefix_length && memcmp(line, prefix, prefix_length) == 0;
}

static bool is_line(const char *line, size_t length, const char *word)
{
	return length == strlen(word) && memcmp(line, word, length) == 0;
}

/* protocol.txt: "ERROR", "CLIENT_ERROR <error>", "SERVER_ERROR <error>". */
static bool is_error_line(const char *line, size_t length)
{
	return is_line(line, length, "ERROR") || starts_with(line, length, "CLIENT_ERROR ") ||
	       starts_with(line, length, "SERVER_ERROR ");
}

bool memcached_reply_complete(const char *text, size_t length)
{
	size_t start;

	if (length < 2 || text[length - 2] != '\r' || text[length - 1] != '\n')
		return false;
	start = length - 2;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	return is_line(text + start, length - 2 - start, "END") || is_error_line(text + start, length - 2 - start);
}

static bool is_name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
}

/* One "STAT name value" line, without its CRLF, of printable bytes. */
static int parse_stat(const char *line, size_t length, struct memcached_stat *ret_stat)
{
	size_t name_length = 0, value_length;
	const char *value;

	if (!starts_with(line, length, "STAT "))
		return -EBADMSG;
	line += 5;
	length -= 5;
	while (name_length < length && is_name_byte(line[name_length]))
		name_length++;
	if (name_length == 0 || name_length == length || line[name_length] != ' ')
		return -EBADMSG;
	value = line + name_length + 1;
	value_length = length - name_length - 1;
	if (value_length == 0)
		return -EBADMSG;
	if (name_length >= sizeof(ret_stat->name) || value_length >= sizeof(ret_stat->value))
		return -E2BIG;
	memcpy(ret_stat->name, line, name_length);
	ret_stat->name[name_length] = '\0';
	memcpy(ret_stat->value, value, value_length);
	ret_stat->value[value_length] = '\0';
	return 0;
}

static int append_stat(struct memcached_stats *stats, const struct memcached_stat *stat)
{
	if (stats->count == MEMCACHED_STATS_MAX)
		return -E2BIG;
	if (stats->count == stats->capacity) {
		size_t capacity = stats->capacity ? stats->capacity * 2 : 128;
		struct memcached_stat *items = reallocarray(stats->items, capacity, sizeof(*items));

		if (!items)
			return -ENOMEM;
		stats->items = items;
		stats->capacity = capacity;
	}
	stats->items[stats->count++] = *stat;
	return 0;
}

/* A non-negative decimal that fits int64_t. */
static int parse_number(const char *text, int64_t *ret_value)
{
	int64_t value = 0;

	if (!*text)
		return -EBADMSG;
	for (; *text; text++) {
		if (*text < '0' || *text > '9' || value > (INT64_MAX - (*text - '0')) / 10)
			return -EBADMSG;
		value = value * 10 + (*text - '0');
	}
	*ret_value = value;
	return 0;
}

static int take_leaks(struct memcached_stats *stats)
{
	const struct {
		const char *name;
		int64_t *field;
	} numbers[] = {
		{ "pid", &stats->pid },
		{ "uptime", &stats->uptime },
		{ "time", &stats->time },
		{ "pointer_size", &stats->pointer_size },
		{ "curr_connections", &stats->curr_connections },
		{ "total_connections", &stats->total_connections },
	};
	const char *version = memcached_stats_find(stats, "version");

	if (version)
		memcpy(stats->version, version, sizeof(stats->version));
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		const char *value = memcached_stats_find(stats, numbers[i].name);

		*numbers[i].field = -1;
		if (value && parse_number(value, numbers[i].field) < 0)
			return -EBADMSG;
	}
	return 0;
}

/* The next line up to its CRLF, of printable ASCII only: a bare CR or
 * LF, a NUL or any other byte makes the text no memcached reply. */
static int next_line(const char *text, size_t length, size_t *offset, const char **ret_line,
		     size_t *ret_length)
{
	size_t start = *offset;

	for (size_t i = start; i < length; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\r') {
			if (i + 1 >= length || text[i + 1] != '\n')
				return -EBADMSG;
			*ret_line = text + start;
			*ret_length = i - start;
			*offset = i + 2;
			return 0;
		}
		if (c < 0x20 || c > 0x7e)
			return -EBADMSG;
	}
	return -EBADMSG;
}

int memcached_stats_parse(const char *text, size_t length, struct memcached_stats *ret_stats)
{
	struct memcached_stats stats = { 0 };
	size_t offset = 0;
	int r;

	for (;;) {
		struct memcached_stat stat;
		const char *line;
		size_t line_length;

		r = next_line(text, length, &offset, &line, &line_length);
		if (r < 0)
			break;
		if (is_line(line, line_length, "END")) {
			r = offset == length ? take_leaks(&stats) : -EBADMSG;
			break;
		}
		if (is_error_line(line, line_length)) {
			r = -EPROTO;
			break;
		}
		r = parse_stat(line, line_length, &stat);
		if (r >= 0)
			r = append_stat(&stats, &stat);
		if (r < 0)
			break;
	}
	if (r < 0) {
		memcached_stats_free(&stats);
		return r;
	}
	*ret_stats = stats;
	return 0;
}

const char *memcached_stats_find(const struct memcached_stats *stats, const char *name)
{
	for (size_t i = 0; i < stats->count; i++)
		if (strcmp(stats->items[i].name, name) == 0)
			return stats->items[i].value;
	return NULL;
}

void memcached_stats_free(struct memcached_stats *stats)
{
	free(stats->items);
	*stats = (struct memcached_stats){ 0 };
}
