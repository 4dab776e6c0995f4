// SPDX-License-Identifier: GPL-2.0-or-later
/* overrides_cli.c - the runtime overrides as apply, try and diff see them:
 * merged over the file, with a word on stderr for each one in effect or
 * ignored (the plan line itself says "runtime override from ..."). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bondwatch/config.h"
#include "bondwatch/log.h"
#include "bondwatch/overrides.h"
#include "bondwatch/plan.h"
#include "bondmgr.h"

static void report(const struct bondmgr_ov *bo, bool quiet)
{
	if (bo->ov.n_skipped)
		bw_log(BW_LOG_WARNING, "%s: %d entr%s ignored (%s); the others are in effect",
		       bo->path, bo->ov.n_skipped, bo->ov.n_skipped == 1 ? "y" : "ies",
		       bo->ov.skipped_why);
	for (int i = 0; i < bo->ov.n; i++) {
		const struct bw_override *o = &bo->ov.primary[i];

		if (o->use == BW_OV_NOT_MEMBER)
			bw_log(BW_LOG_WARNING, "%s: override primary %s of %s ignored: not a member "
			       "of %s in %s", bo->path, o->primary, o->bond, o->bond, bo->config);
		else if (o->use == BW_OV_NO_PRIMARY)
			bw_log(BW_LOG_WARNING, "%s: override primary %s of %s ignored: the bond's "
			       "mode has no primary", bo->path, o->primary, o->bond);
		else if (o->use == BW_OV_APPLIED && !quiet)
			bw_log(BW_LOG_NOTICE, "%s primary is %s, a runtime override from %s (the file "
			       "says %s; --reset-overrides drops it)", o->bond, o->primary, bo->path,
			       o->file_primary[0] ? o->file_primary : "none");
	}
}

int bondmgr_overrides(const struct bondmgr_opts *o, struct bw_config *cfg, bool ignore,
		      bool lock, struct bondmgr_ov *bo)
{
	struct bw_err err = { 0 };

	memset(bo, 0, sizeof(*bo));
	bo->path = o->env->overrides;
	bo->config = o->config;
	bo->lock = -1;
	/* No folder: no override exists, and bondagentx cannot record one
	 * (it cannot create the folder) until bondmgr is done. A lock that
	 * cannot be had in time is reported, and the apply goes on: the
	 * agent must not be able to stop the admin's apply. */
	if (lock && (bo->lock = bw_overrides_lock(bo->path, false, BW_OVERRIDES_LOCK_MS, &err)) < 0 &&
	    bo->lock != -ENOENT)
		bw_log(BW_LOG_WARNING, "runtime overrides not locked: %s", err.msg);
	if (ignore)
		return 0;
	/* A runtime file must not stop the admin from applying their file:
	 * an unreadable one is reported and left out. */
	if (bw_overrides_load(bo->path, &bo->ov, &err) < 0) {
		bw_log(BW_LOG_WARNING, "runtime overrides ignored: %s", err.msg);
		return -1;
	}
	bw_overrides_merge(&bo->ov, cfg);
	report(bo, o->quiet);
	return 0;
}

void bondmgr_overrides_done(struct bondmgr_ov *bo)
{
	if (bo->lock >= 0)
		close(bo->lock);
	bo->lock = -1;
}

void bondmgr_annotate(void *ctx, struct bw_plan *plan)
{
	const struct bondmgr_ov *bo = ctx;

	bw_overrides_annotate(&bo->ov, bo->path, plan);
}

int bondmgr_reset_overrides(const struct bondmgr_ov *bo, const struct bw_config *cfg)
{
	char (*names)[BW_IFNAMSIZ] = calloc((size_t)cfg->n_bonds + 1, BW_IFNAMSIZ);
	struct bw_err err = { 0 };
	int rc;

	if (!names)
		return -1;
	for (int i = 0; i < cfg->n_bonds; i++)
		snprintf(names[i], BW_IFNAMSIZ, "%s", cfg->bonds[i].name);
	rc = bw_overrides_drop(bo->path, bo->lock, (const char (*)[BW_IFNAMSIZ])names,
			       cfg->n_bonds, &err);
	free(names);
	if (rc < 0)
		bw_log(BW_LOG_ERR, "cannot drop the runtime overrides: %s", err.msg);
	return rc;
}
