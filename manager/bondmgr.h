/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bondmgr.h - the CLI's commands and what they share: options, the
 * environment, reading the kernel, the apply lock, loading the file and
 * the runtime overrides. */
#ifndef BONDMGR_H
#define BONDMGR_H

#include <stdbool.h>
#include <stdio.h>
#include "bondwatch/overrides.h"
#include "env.h"

/* BW_VERSION: from debian/changelog, by the Makefile (one place). */
#ifndef BW_VERSION
#define BW_VERSION "unknown"
#endif
#define BONDMGR_VERSION BW_VERSION
#define BONDMGR_DEFAULT_CONFIG "/etc/bondwatch/bond.yaml"

struct bondmgr_opts {
	const char *config;      /* -c FILE */
	bool quiet;              /* -q: errors only */
	const struct bondmgr_env *env;
};

/* One command: main.c's table, its usage text and its dispatch. */
struct bondmgr_cmd {
	const char *name;
	int (*run)(struct bondmgr_opts *o, int argc, char **argv);
	const char *args;        /* after the name, in the usage text */
	const char *what;        /* one line */
};

int cmd_check(struct bondmgr_opts *o, int argc, char **argv);
int cmd_apply(struct bondmgr_opts *o, int argc, char **argv);
int cmd_status(struct bondmgr_opts *o, int argc, char **argv);
int cmd_diff(struct bondmgr_opts *o, int argc, char **argv);
int cmd_try(struct bondmgr_opts *o, int argc, char **argv);
int cmd_confirm(struct bondmgr_opts *o, int argc, char **argv);
int cmd_watch(struct bondmgr_opts *o, int argc, char **argv);
int cmd_import(struct bondmgr_opts *o, int argc, char **argv);

/* kernel.c: open rtnetlink and read links, addresses and default routes,
 * the same way for every command. On failure: says "cannot read the
 * kernel's interfaces: WHY" (as an error), fills why (may be NULL) and
 * returns -1, nl closed. */
struct bw_nl;
struct bw_kstate;
struct bw_err;
int bondmgr_read_kernel(struct bw_nl **nl, struct bw_kstate *ks, struct bw_err *why);
/* The apply lock (one apply, try or watch round at a time), waiting up to
 * timeout_s. Returns the fd to close, -EWOULDBLOCK when another holds it
 * (said, unless quiet_busy), another negative errno (said). */
int bondmgr_lock(const struct bondmgr_opts *o, int timeout_s, bool quiet_busy);

struct bw_config;
/* Load and validate the file, including the checks against the running
 * system (ks may be NULL to skip those); print every diagnostic. Returns 0
 * when there is no error. */
int bondmgr_load(const struct bondmgr_opts *o, const struct bw_kstate *ks, struct bw_config *cfg);

struct bw_client_env;
/* Say which clients bondmgr started run for a bond or member the file no
 * longer names (orphans.c): notes, nothing changed. */
void bondmgr_note_orphans(const struct bondmgr_opts *o, const struct bw_config *cfg,
			  const struct bw_client_env *ce);

/* The runtime overrides (overrides_cli.c). */
struct bw_plan;
struct bondmgr_ov {
	struct bw_overrides ov;
	const char *path;        /* $BONDWATCH_OVERRIDES or /var/lib/bondwatch/overrides.yaml */
	const char *config;      /* the admin's file, for messages */
	int lock;                /* bw_overrides_lock held (lock: true), or -1 */
};
/* Load the overrides and merge them over cfg (ignore: load nothing, as
 * --reset-overrides plans); warn about the ignored ones. lock: first take
 * the overrides lock, and keep it (bondmgr_overrides_done) until the
 * kernel's primary is written, so a SET through bondagentx cannot land in
 * between and be undone. */
int bondmgr_overrides(const struct bondmgr_opts *o, struct bw_config *cfg, bool ignore,
		      bool lock, struct bondmgr_ov *bo);
void bondmgr_overrides_done(struct bondmgr_ov *bo);
/* bw_apply_opts.annotate, ctx a struct bondmgr_ov. */
void bondmgr_annotate(void *ctx, struct bw_plan *plan);
/* Drop the overrides of cfg's bonds from the file. */
int bondmgr_reset_overrides(const struct bondmgr_ov *bo, const struct bw_config *cfg);

#endif
