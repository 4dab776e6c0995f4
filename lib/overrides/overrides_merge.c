// SPDX-License-Identifier: GPL-2.0-or-later
/* overrides_merge.c - the overrides over the admin's file, and the words in
 * the plan that say so. */
#include <string.h>
#include "bondwatch/config.h"
#include "bondwatch/overrides.h"
#include "bondwatch/plan.h"

static bool has_member(const struct bw_bond_cfg *b, const char *name)
{
	for (int i = 0; i < b->n_members; i++)
		if (!strcmp(b->members[i], name))
			return true;
	return false;
}

void bw_overrides_merge(struct bw_overrides *ov, struct bw_config *cfg)
{
	for (int i = 0; i < ov->n; i++) {
		struct bw_override *o = &ov->primary[i];
		struct bw_bond_cfg *b = NULL;

		for (int j = 0; j < cfg->n_bonds; j++)
			if (!strcmp(cfg->bonds[j].name, o->bond))
				b = &cfg->bonds[j];
		if (!b) {
			o->use = BW_OV_NO_BOND;
			continue;
		}
		snprintf(o->file_primary, sizeof(o->file_primary), "%s", b->params.primary);
		if (!bw_mode_has_primary(b->params.mode))
			o->use = BW_OV_NO_PRIMARY;
		else if (!has_member(b, o->primary))
			o->use = BW_OV_NOT_MEMBER;
		else if (!strcmp(b->params.primary, o->primary))
			o->use = BW_OV_SAME;
		else {
			o->use = BW_OV_APPLIED;
			snprintf(b->params.primary, sizeof(b->params.primary), "%s", o->primary);
		}
	}
}

static const struct bw_override *applied(const struct bw_overrides *ov, const char *bond)
{
	for (int i = 0; i < ov->n; i++)
		if (ov->primary[i].use == BW_OV_APPLIED && !strcmp(ov->primary[i].bond, bond))
			return &ov->primary[i];
	return NULL;
}

void bw_overrides_annotate(const struct bw_overrides *ov, const char *path, struct bw_plan *plan)
{
	for (int i = 0; i < plan->n; i++) {
		struct bw_step *s = &plan->steps[i];
		size_t len = strlen(s->text);

		/* The primary has a step of its own, after the enslaves. */
		if (s->op != BW_STEP_BOND_CHANGE || s->mask != BW_OPT_BIT(BW_OPT_PRIMARY) ||
		    !applied(ov, s->link) || !len)
			continue;
		snprintf(s->text + len, sizeof(s->text) - len, " (runtime override from %s)", path);
	}
}
