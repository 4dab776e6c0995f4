/* bondmgr.h - the CLI's commands and shared options. */
#ifndef BONDMGR_H
#define BONDMGR_H

#include <stdbool.h>
#include <stdio.h>

#define BONDMGR_VERSION "0.1.0"
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

struct bw_config;
struct bw_kstate;
struct bw_diags;
/* Load and validate the file, including the checks against the running
 * system (ks may be NULL to skip those); print every diagnostic. Returns 0
 * when there is no error. */
int bondmgr_load(const struct bondmgr_opts *o, const struct bw_kstate *ks, struct bw_config *cfg);

#endif
