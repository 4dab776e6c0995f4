// SPDX-License-Identifier: GPL-2.0-or-later
/* import_fit.c - what a source says, fitted to what `bondmgr check`
 * takes: an option check's rules refuse (config_rules.c: one in a mode
 * that has no use for it, one that needs another) is named on the notes,
 * with check's reason, instead of written. A source may say it anyway:
 * ifenslave writes what the file says and the kernel keeps lacp_rate
 * across a mode change. */
#include <stdio.h>
#include <string.h>
#include "import.h"

#define BIT(o) BW_OPT_BIT(o)

/* Why option o cannot be written for b, or NULL when it can: a value the
 * file has no word for, an MTU the loader refuses, or check's own rules
 * between a bond's options (config_rules.c). */
static const char *why_not(const struct bw_bond_cfg *b, enum bw_opt o, char *buf, size_t len)
{
	char v[BW_NS_TARGETS_STRLEN + 8];

	if (!bw_import_value(&b->params, o, v, sizeof(v)))
		return "bondmgr has no word for its value";
	if (o == BW_OPT_MTU && (b->params.mtu < 68 || b->params.mtu > 65535))
		return "not an MTU a bond takes";
	return bw_config_opt_refused(b, o, buf, len);
}

void bw_import_fit(struct bw_bond_cfg *b, const char *where, FILE *notes)
{
	for (int o = 0; o < BW_OPT__COUNT; o++) {
		char buf[512], val[BW_NS_TARGETS_STRLEN + 8];
		const char *why;

		if (!(b->set_mask & BIT(o)) || !(why = why_not(b, (enum bw_opt)o, buf, sizeof(buf))))
			continue;
		b->set_mask &= ~BIT(o);
		if (!bw_import_value(&b->params, (enum bw_opt)o, val, sizeof(val)))
			val[0] = '\0';
		bw_import_note(notes, where, "%s%s%s is not carried over: %s",
			       bw_opt_key((enum bw_opt)o), val[0] ? " " : "", val, why);
	}
}
