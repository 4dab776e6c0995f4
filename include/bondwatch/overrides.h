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

#include <stdbool.h>
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
	int n_skipped;                    /* entries left out: bad names, twice */
	char skipped_why[256];            /* why the first was */
};

/* A name that is not printable ASCII is written "hex:" and its bytes (no
 * interface name holds ':'). */
#define BW_OVERRIDES_HEX "hex:"

/* Read path. A missing file is no override (0, ov->n == 0). Returns 0, or a
 * negative errno with err for a file that cannot be read or parsed; a
 * link, a FIFO, a device or a file of more than 16 KiB is not read. A bad
 * entry is left out and counted (n_skipped), the others kept. */
int bw_overrides_load(const char *path, struct bw_overrides *ov, struct bw_err *err);
int bw_overrides_parse(const char *buf, size_t len, struct bw_overrides *ov, struct bw_err *err);
/* The file's text for ov (buf of len bytes; returns -ENOSPC if too small). */
int bw_overrides_render(const struct bw_overrides *ov, char *buf, size_t len);

/* bondmgr (apply, try, watch) and bondagentx (a SET of a primary) take
 * this lock around reading the overrides and changing the kernel's
 * primary, so a SET never lands between an apply's reading of the file and
 * its writing of the primary (which would undo the SET while SNMP said it
 * succeeded): an exclusive flock on the file's folder, which both can
 * open, waited for up to timeout_ms. create: make the folder (0755) when
 * it is missing. Returns the fd to close to unlock, or a negative errno
 * with err: -ENOENT (no folder, !create), -EWOULDBLOCK (held past the
 * deadline). */
#define BW_OVERRIDES_LOCK_MS 5000
int bw_overrides_lock(const char *path, bool create, int timeout_ms, struct bw_err *err);

/* Record "bond's primary is primary" (primary NULL or "": drop the bond's
 * override): read, modify and write under the lock (lock_fd: the caller's
 * bw_overrides_lock, or -1 to take it here); an empty result removes the
 * file. The new content is written to a temporary file, fsync'd, renamed
 * over path, and the folder fsync'd: a crash at any point leaves the old
 * or the new file. Returns 0 or a negative errno with err. */
int bw_overrides_set_primary(const char *path, int lock_fd, const char *bond,
			     const char *primary, struct bw_err *err);
/* Drop the overrides of the bonds named (all when n_bonds < 0). */
int bw_overrides_drop(const char *path, int lock_fd, const char (*bonds)[BW_IFNAMSIZ],
		      int n_bonds, struct bw_err *err);

struct bw_config;
struct bw_plan;
/* Replace each bond's primary in cfg by its override where that makes
 * sense; set each override's use (the caller reports the ignored ones). */
void bw_overrides_merge(struct bw_overrides *ov, struct bw_config *cfg);
/* Append " (runtime override from PATH)" to the plan's primary steps of the
 * bonds whose override was applied. */
void bw_overrides_annotate(const struct bw_overrides *ov, const char *path, struct bw_plan *plan);

#endif
