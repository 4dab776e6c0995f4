/* apply.h - execute a plan, verify, and undo on failure. */
#ifndef BW_APPLY_H
#define BW_APPLY_H

#include <stdio.h>
#include "config.h"
#include "nl.h"
#include "plan.h"

struct bw_apply_opts {
	bool dry_run;
	const char *resolv_path;   /* NULL: DNS not managed */
	FILE *out;                 /* plan lines */
	FILE *log;                 /* failures, rollback */
};

/* Result of one apply, for the CLI and tests. */
struct bw_apply_result {
	int steps_planned;
	int steps_done;
	bool failed;
	bool rolled_back;          /* failure, and the earlier state is back */
	unsigned long writes;      /* netlink writes made (0 for an unchanged file) */
	struct bw_err err;         /* the failure, when failed */
};

/* Plan cfg against the kernel, print it, execute it (unless dry_run), read
 * back and verify. On a failed step: restore the state read before and say
 * so. Returns 0 when the kernel ends converged to cfg. */
int bw_apply(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_apply_opts *o,
	     struct bw_apply_result *res);

/* One step (exposed for tests). */
int bw_step_execute(struct bw_nl *nl, const struct bw_step *s, struct bw_err *err);

/* Replace path's content atomically (temp file in the same folder, fsync,
 * rename). */
int bw_write_file_atomic(const char *path, const char *content, struct bw_err *err);

/* One apply at a time: an exclusive flock on path, waiting up to
 * timeout_s. Returns the fd to close to unlock, or -1 with err. */
int bw_lock_take(const char *path, int timeout_s, struct bw_err *err);

#endif
