/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "base/string_table.h"
#include "base/text.h"
#include "services/evidence.h"

static const char *const evidence_relation_table[_EVIDENCE_RELATION_MAX] = {
	[EVIDENCE_REQUIRES] = "requires",
	[EVIDENCE_WANTS] = "wants",
	[EVIDENCE_BOUND_TO] = "is bound to",
};

DEFINE_STRING_TABLE_LOOKUP(evidence_relation, enum evidence_relation)

void evidence_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	if (evidence->source)
		evidence->source->format(evidence, language, buffer, size);
	else
		text_format(buffer, size, "?");
}
