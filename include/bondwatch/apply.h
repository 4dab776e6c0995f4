/* apply.h - execute a plan, verify, and undo on failure. */
#ifndef BW_APPLY_H
#define BW_APPLY_H

#include <stdio.h>
#include "bondwatch/config.h"
#include "bondwatch/nl.h"
#include "bondwatch/plan.h"

struct bw_apply_opts {
	bool dry_run;
	const char *resolv_path;   /* NULL: DNS not managed */
	FILE *out;                 /* plan lines */
	FILE *log;                 /* failures, rollback */
	/* Called on the plan before it is printed and executed, to add to the
	 * steps' text (the runtime overrides say so in the plan). NULL: none. */
	void (*annotate)(void *ctx, struct bw_plan *plan);
	void *annotate_ctx;
	/* The kernel's state as the caller read it under the lock (it needed
	 * it to check the file): planned from, and put back on a failure.
	 * NULL: bw_apply reads it itself. */
	const struct bw_kstate *before;
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
	FILE *log;                 /* the restore plan; NULL: silent */
};
/* Returns the number of steps it took (0: nothing differed), or a
 * negative errno with err ("restore failed at '...': ..."). */
int bw_restore(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_kstate *snap,
	       const struct bw_restore_opts *o, struct bw_err *err);
/* The text of step i, or of the nearest step before it that has one (the
 * down/up around an enslave have none of their own). */
const char *bw_plan_step_text(const struct bw_plan *plan, int i);
/* A small text file (up to 64 KiB) in a malloc'd string; NULL when it
 * cannot be read. */
char *bw_read_small_file(const char *path);

/* One step (exposed for tests). */
int bw_step_execute(struct bw_nl *nl, const struct bw_step *s, struct bw_err *err);

/* Replace path's content atomically (temp file in the same folder, fsync,
 * rename). */
int bw_write_file_atomic(const char *path, const char *content, struct bw_err *err);

/* One apply at a time: an exclusive flock on path, waiting up to
 * timeout_s. Returns the fd to close to unlock, or -1 with err. */
int bw_lock_take(const char *path, int timeout_s, struct bw_err *err);

#endif
