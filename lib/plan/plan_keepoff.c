// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_keepoff.c - other managers' files and the members' radios in the
 * plan (keepoff.h): a file that differs from what it should hold is
 * written or removed, a radio whose soft block differs is flipped. First
 * of all the steps: NetworkManager must have let go of a member, and its
 * radio must be on, before the member is taken down and enslaved. Pure:
 * the contents and the switches' states come in with the target. */
#include <stdlib.h>
#include <string.h>
#include "bondwatch/keepoff.h"
#include "plan_priv.h"

static const char *const manager_name[BW_KEEPOFF__COUNT] = {
	[BW_KEEPOFF_NM] = "NetworkManager",
	[BW_KEEPOFF_DHCPCD] = "dhcpcd",
};

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void plan_file(struct bw_plan *plan, const struct bw_keepoff *ko,
		      const struct bw_keepoff_file *f)
{
	struct bw_step *s;

	if (!f->managed || same(f->have, f->want))
		return;
	if (!(s = plan_add(plan, BW_STEP_KEEPOFF_FILE, "")))
		return;
	s->path = f->path;
	s->keepoff = ko->env;
	s->keepoff_kind = (int)f->kind;
	if (f->want && !(s->data = strdup(f->want))) {
		plan->cap = -1;
		return;
	}
	if (f->kind == BW_KEEPOFF_DHCPCD)
		snprintf(s->text, sizeof(s->text), "~ %s: bondwatch's denyinterfaces block %s",
			 f->path, !f->want || !strstr(f->want, "# BEGIN bondwatch") ? "removed"
				  : f->have && strstr(f->have, "# BEGIN bondwatch") ? "changed"
										: "added");
	else
		snprintf(s->text, sizeof(s->text), "%c %s (%s leaves the bonds and members alone)",
			 !f->want ? '-' : f->have ? '~' : '+', f->path, manager_name[f->kind]);
}

void plan_keepoff(struct bw_plan *plan, const struct bw_target *t)
{
	const struct bw_keepoff *ko = t->keepoff;

	if (!ko)
		return;
	for (int i = 0; i < BW_KEEPOFF__COUNT; i++)
		plan_file(plan, ko, &ko->files[i]);
	for (int i = 0; i < ko->n_radios; i++) {
		const struct bw_radio *r = &ko->radios[i];
		struct bw_step *s;

		if (r->idx < 0 || r->soft == r->want_soft)
			continue;
		if (!(s = plan_add(plan, BW_STEP_RFKILL, r->ifname)))
			return;
		s->keepoff = ko->env;
		s->rfkill_idx = r->idx;
		s->rfkill_block = r->want_soft;
		snprintf(s->text, sizeof(s->text), "%c %s radio %s (rfkill%d, %s)",
			 r->want_soft ? '-' : '+', r->ifname,
			 r->want_soft ? "soft-blocked again" : "soft-unblocked", r->idx, r->name);
	}
}
