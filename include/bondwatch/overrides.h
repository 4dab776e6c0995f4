/* SPDX-License-Identifier: GPL-2.0-or-later */
/* overrides.h - runtime overrides of the admin's file, kept apart from it.
 *
 * When bondagentx applies an snmpset of a bond's primary, the choice must
 * survive the next `bondmgr apply` and the next boot, yet the admin's YAML
 * is never written by a program. So it is recorded here, in
 * /var/lib/bondwatch/overrides.yaml (the programs take $BONDWATCH_OVERRIDES
 * instead, for tests):
 *
 *   # written by bondwatch ...
 *   primary:
 *     bond0: wlan0
 *
 * (flow style `primary: {bond0: wlan0}` is read as well). `bondmgr apply`
 * merges it over the file and says so in its plan; `bondmgr apply
 * --reset-overrides` drops it. Writes are atomic and durable: a crash leaves
 * the old file or the new one, never a torn one.
 */
#ifndef BW_OVERRIDES_H
#define BW_OVERRIDES_H

#include "bondwatch/types.h"

#define BW_OVERRIDES_PATH "/var/lib/bondwatch/overrides.yaml"
#define BW_MAX_OVERRIDES  256         /* one a bond: as many as a file may name (BW_CFG_MAX_BONDS) */

/* What became of one override when merged over a config. */
enum bw_override_use {
	BW_OV_UNUSED,        /* not merged (yet) */
	BW_OV_APPLIED,       /* the bond's primary is now the override's */
	BW_OV_SAME,          /* the file says the same: nothing to override */
	BW_OV_NO_BOND,       /* the file names no such bond */
	BW_OV_NOT_MEMBER,    /* the primary is not a member of the bond: ignored */
	BW_OV_NO_PRIMARY,    /* the bond's mode has no primary: ignored */
};

struct bw_override {
	char bond[BW_IFNAMSIZ];
	char primary[BW_IFNAMSIZ];
	char file_primary[BW_IFNAMSIZ];   /* what the file said, once merged */
	enum bw_override_use use;
};

struct bw_overrides {
	int n;
	struct bw_override primary[BW_MAX_OVERRIDES];
};

/* Read path. A missing file is no override (0, ov->n == 0). Returns 0, or a
 * negative errno with err for a file that cannot be read or parsed. */
int bw_overrides_load(const char *path, struct bw_overrides *ov, struct bw_err *err);
int bw_overrides_parse(const char *buf, size_t len, struct bw_overrides *ov, struct bw_err *err);
/* The file's text for ov (buf of len bytes; returns -ENOSPC if too small). */
int bw_overrides_render(const struct bw_overrides *ov, char *buf, size_t len);

/* Record "bond's primary is primary" (primary NULL or "": drop the bond's
 * override). Read-modify-write under an exclusive lock on the folder, so
 * the subagent and bondmgr never lose each other's updates; the folder is
 * created (0755) when missing; an empty result removes the file. The new
 * content is written to a temporary file, fsync'd, renamed over path, and
 * the folder fsync'd: a crash at any point leaves the old or the new file.
 * Returns 0 or a negative errno with err. This is what bondagentx calls
 * after a successful SET of a bond's primary. */
int bw_overrides_set_primary(const char *path, const char *bond, const char *primary,
			     struct bw_err *err);
/* Drop the overrides of the bonds named (all when n_bonds < 0). */
int bw_overrides_drop(const char *path, const char (*bonds)[BW_IFNAMSIZ], int n_bonds,
		      struct bw_err *err);

struct bw_config;
struct bw_plan;
/* Replace each bond's primary in cfg by its override where that makes
 * sense; set each override's use (the caller reports the ignored ones). */
void bw_overrides_merge(struct bw_overrides *ov, struct bw_config *cfg);
/* Append " (runtime override from PATH)" to the plan's primary steps of the
 * bonds whose override was applied. */
void bw_overrides_annotate(const struct bw_overrides *ov, const char *path, struct bw_plan *plan);

#endif
