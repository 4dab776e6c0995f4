/* restore.c - put back a state read earlier, with the same planner that
 * made the change: a failed apply rolls back through here, and so does a
 * `bondmgr try` that was not confirmed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/apply.h"

const char *bw_plan_step_text(const struct bw_plan *plan, int i)
{
	for (int j = i; j >= 0; j--)
		if (plan->steps[j].text[0])
			return plan->steps[j].text;
	return "(first step)";
}

char *bw_read_small_file(const char *path)
{
	FILE *f = path ? fopen(path, "re") : NULL;
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 65537);
	if (buf) {
		n = fread(buf, 1, 65536, f);
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

/* Every step, no test hooks: a restore must not be made to fail by the
 * hooks that made the apply fail. Returns the number of steps done. */
static int execute_all(struct bw_nl *nl, const struct bw_plan *plan, struct bw_err *err)
{
	for (int i = 0; i < plan->n; i++)
		if (bw_step_execute(nl, &plan->steps[i], err) < 0)
			return i;
	return plan->n;
}

int bw_restore(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_kstate *snap,
	       const struct bw_restore_opts *o, struct bw_err *err)
{
	struct bw_config snap_cfg;
	struct bw_target t;
	struct bw_kstate now = { 0 };
	struct bw_plan plan = { 0 };
	int rc = -1, done;

	if (bw_target_from_snapshot(cfg, snap, &snap_cfg, &t) < 0) {
		bw_err_set(err, -ENOMEM, "out of memory while planning the restore");
		return -ENOMEM;
	}
	t.resolv_path = o->old_resolv ? o->resolv_path : NULL;
	t.resolv_content = o->old_resolv;
	if (bw_nl_read_state(nl, &now, err) < 0)
		goto out;
	if (bw_plan_make(&t, &now, &plan) < 0) {
		bw_err_set(err, -ENOMEM, "out of memory while planning the restore");
		goto out;
	}
	if (o->log) {
		fprintf(o->log, "bondmgr: restoring the state read before %s:\n", o->what);
		bw_plan_print(&plan, o->log);
	}
	done = execute_all(nl, &plan, err);
	if (done < plan.n) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		bw_err_set(err, err->code ? err->code : -EIO, "restore failed at '%s': %s",
			   bw_plan_step_text(&plan, done), msg);
		goto out;
	}
	rc = plan.n;
out:
	bw_plan_free(&plan);
	bw_kstate_free(&now);
	bw_config_free(&snap_cfg);
	return rc;
}
