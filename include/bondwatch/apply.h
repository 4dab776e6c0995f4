/* SPDX-License-Identifier: GPL-2.0-or-later */
/* apply.h - execute a plan, verify, and undo on failure. What happens is
 * said through bw_log (log.h); the plans themselves are printed to the
 * streams given. */
#ifndef BW_APPLY_H
#define BW_APPLY_H

#include <stdio.h>
#include "bondwatch/config.h"
#include "bondwatch/nl.h"
#include "bondwatch/plan.h"

struct bw_apply_opts {
	bool dry_run;
	const char *resolv_path;   /* NULL: DNS not managed */
	FILE *out;                 /* the plan, one line per change */
	FILE *diag;                /* plans that explain a failure: the rollback,
				    * what still differs after the apply */
	/* Called on the plan before it is printed and executed, to add to the
	 * steps' text (the runtime overrides say so in the plan). NULL: none. */
	void (*annotate)(void *ctx, struct bw_plan *plan);
	void *annotate_ctx;
	/* The kernel's state as the caller read it under the lock (it needed
	 * it to check the file): planned from, and put back on a failure.
	 * NULL: bw_apply reads it itself. */
	const struct bw_kstate *before;
	/* Test hooks (bondmgr's BONDMGR_TEST_FAIL_STEP / _KILL_STEP): step N
	 * (1-based) fails as if the kernel refused it, or the process is
	 * killed with SIGKILL just before it. 0: none. */
	int fail_step, kill_step;
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

/* Put back the state in snap for everything cfg can change (its bonds,
 * their members, the members' addresses and default routes, resolv.conf
 * when old_resolv is given), planning from the kernel's state now. */
struct bw_restore_opts {
	const char *resolv_path;   /* the file old_resolv goes back to */
	const char *old_resolv;    /* its content before; NULL: not restored */
	const char *what;          /* "apply", "try": for the log line */
	FILE *plan_out;            /* the restore plan (and a line saying so);
				    * NULL: silent */
};
/* Returns the number of steps it took (0: nothing differed), or a
 * negative errno with err ("restore failed at '...': ..."). */
int bw_restore(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_kstate *snap,
	       const struct bw_restore_opts *o, struct bw_err *err);
/* resolv.conf's content now, for planning and for putting it back: NULL
 * when it is missing, unreadable or larger than 64 KiB (then it is not
 * restored either). Free it. */
char *bw_resolv_read(const char *path);

/* One step (exposed for tests, and for bondmgr watch, which logs each). */
int bw_step_execute(struct bw_nl *nl, const struct bw_step *s, struct bw_err *err);
/* Every step in order, stopping at the first failure (err says why).
 * Returns the number done. fail_step, kill_step: the test hooks of
 * bw_apply_opts (0: none). */
int bw_plan_execute(struct bw_nl *nl, const struct bw_plan *plan, int fail_step, int kill_step,
		    struct bw_err *err);

#endif
