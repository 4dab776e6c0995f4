/* bondmgr.h - the CLI's commands and shared options. */
#ifndef BONDMGR_H
#define BONDMGR_H

#include <stdbool.h>
#include <stdio.h>
#include "../lib/overrides.h"

/* BW_VERSION: from debian/changelog, by the Makefile (one place). */
#ifndef BW_VERSION
#define BW_VERSION "unknown"
#endif
#define BONDMGR_VERSION BW_VERSION
#define BONDMGR_DEFAULT_CONFIG "/etc/bondwatch/bond.yaml"

struct bondmgr_opts {
	const char *config;      /* -c FILE */
	bool quiet;              /* -q: errors only */
	const char *sysfs;       /* $BONDMGR_SYSFS or /sys (tests) */
	const char *lock;        /* $BONDMGR_LOCK or /run/bondmgr.lock */
};

int cmd_check(struct bondmgr_opts *o, int argc, char **argv);
int cmd_apply(struct bondmgr_opts *o, int argc, char **argv);
int cmd_status(struct bondmgr_opts *o, int argc, char **argv);
int cmd_diff(struct bondmgr_opts *o, int argc, char **argv);
int cmd_try(struct bondmgr_opts *o, int argc, char **argv);
int cmd_confirm(struct bondmgr_opts *o, int argc, char **argv);
int cmd_watch(struct bondmgr_opts *o, int argc, char **argv);

struct bw_config;
struct bw_kstate;
struct bw_diags;
/* Load and validate the file, including the checks against the running
 * system (ks may be NULL to skip those); print every diagnostic. Returns 0
 * when there is no error. */
int bondmgr_load(const struct bondmgr_opts *o, const struct bw_kstate *ks, struct bw_config *cfg);

/* The runtime overrides (overrides_cli.c). */
struct bw_plan;
struct bondmgr_ov {
	struct bw_overrides ov;
	const char *path;        /* $BONDWATCH_OVERRIDES or /var/lib/bondwatch/overrides.yaml */
	const char *config;      /* the admin's file, for messages */
};
/* Load the overrides and merge them over cfg (ignore: load nothing, as
 * --reset-overrides plans); warn on stderr about the ignored ones. */
int bondmgr_overrides(const struct bondmgr_opts *o, struct bw_config *cfg, bool ignore,
		      struct bondmgr_ov *bo);
/* bw_apply_opts.annotate, ctx a struct bondmgr_ov. */
void bondmgr_annotate(void *ctx, struct bw_plan *plan);
/* Drop the overrides of cfg's bonds from the file. */
int bondmgr_reset_overrides(const struct bondmgr_ov *bo, const struct bw_config *cfg);

#endif
