/* apply.c - plan, execute, verify; on a failed step, put back the state
 * read before, with the same planner (bond_changelink is not atomic and a
 * headless host must never be left half-configured). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/apply.h"

/* Test hooks (issue 5): BONDMGR_TEST_FAIL_STEP=N makes step N (1-based)
 * fail as if the kernel refused it; BONDMGR_TEST_KILL_STEP=N kills the
 * process with SIGKILL just before step N. */
static int env_step(const char *name)
{
	const char *v = getenv(name);

	return v ? atoi(v) : 0;
}

/* Run steps in order; stop at the first failure. Returns the number done. */
static int execute(struct bw_nl *nl, const struct bw_plan *plan, bool hooks, struct bw_err *err)
{
	int fail_at = hooks ? env_step("BONDMGR_TEST_FAIL_STEP") : 0;
	int kill_at = hooks ? env_step("BONDMGR_TEST_KILL_STEP") : 0;

	for (int i = 0; i < plan->n; i++) {
		if (kill_at == i + 1)
			raise(SIGKILL);
		if (fail_at == i + 1) {
			bw_err_set(err, -EIO, "test hook: step %d made to fail", i + 1);
			return i;
		}
		if (bw_step_execute(nl, &plan->steps[i], err) < 0)
			return i;
	}
	return plan->n;
}

static bool rollback(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_kstate *snap,
		     const struct bw_apply_opts *o, const char *old_resolv)
{
	struct bw_restore_opts ro = { .resolv_path = o->resolv_path, .old_resolv = old_resolv,
				      .what = "apply", .log = o->log };
	struct bw_err err = { 0 };

	if (bw_restore(nl, cfg, snap, &ro, &err) >= 0)
		return true;
	fprintf(o->log, "bondmgr: %s\n", err.msg);
	return false;
}

/* After executing: read back and plan again; anything left means the
 * kernel did not take what it acknowledged. */
static int verify(struct bw_nl *nl, const struct bw_target *t, const struct bw_apply_opts *o,
		  struct bw_apply_result *res)
{
	struct bw_kstate now = { 0 };
	struct bw_plan plan = { 0 };
	int rc = 0;

	if (bw_nl_read_state(nl, &now, &res->err) < 0)
		return -1;
	if (bw_plan_make(t, &now, &plan) < 0) {
		bw_kstate_free(&now);
		return -1;
	}
	if (plan.n) {
		bw_err_set(&res->err, -EAGAIN, "the kernel did not converge; still different:");
		fprintf(o->log, "bondmgr: read back after apply, still different:\n");
		bw_plan_print(&plan, o->log);
		rc = -1;
	}
	bw_plan_free(&plan);
	bw_kstate_free(&now);
	return rc;
}

int bw_apply(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_apply_opts *o,
	     struct bw_apply_result *res)
{
	struct bw_target t = { .cfg = cfg, .resolv_path = o->resolv_path };
	struct bw_kstate own = { 0 };
	const struct bw_kstate *snap = o->before;
	struct bw_plan plan = { 0 };
	unsigned long writes0 = bw_nl_writes(nl);
	char *old_resolv = NULL;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (!snap) {
		if (bw_nl_read_state(nl, &own, &res->err) < 0)
			return -1;
		snap = &own;
	}
	if (bw_plan_make(&t, snap, &plan) < 0) {
		bw_err_set(&res->err, -ENOMEM, "out of memory while planning");
		goto out;
	}
	if (o->annotate)
		o->annotate(o->annotate_ctx, &plan);
	res->steps_planned = plan.n;
	bw_plan_print(&plan, o->out);
	if (o->dry_run || plan.n == 0) {
		rc = 0;
		goto out;
	}
	old_resolv = bw_read_small_file(o->resolv_path);
	res->steps_done = execute(nl, &plan, true, &res->err);
	if (res->steps_done < plan.n) {
		res->failed = true;
		fprintf(o->log, "bondmgr: error: '%s' failed: %s\n",
			bw_plan_step_text(&plan, res->steps_done), res->err.msg);
		res->rolled_back = rollback(nl, cfg, snap, o, old_resolv);
		fprintf(o->log, res->rolled_back
				? "bondmgr: the state read before apply is restored; nothing else changed\n"
				: "bondmgr: the restore was incomplete: check `bondmgr status`\n");
		goto out;
	}
	rc = verify(nl, &t, o, res);
out:
	res->writes = bw_nl_writes(nl) - writes0;
	free(old_resolv);
	bw_plan_free(&plan);
	bw_kstate_free(&own);
	return rc;
}
