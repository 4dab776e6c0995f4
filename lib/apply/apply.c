// SPDX-License-Identifier: GPL-2.0-or-later
/* apply.c - plan, execute, verify; on a failed step, put back the state
 * read before, with the same planner (bond_changelink is not atomic and a
 * headless host must never be left half-configured). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/apply.h"
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/log.h"

static bool rollback(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_kstate *snap,
		     const struct bw_apply_opts *o, const char *old_resolv,
		     const struct bw_clients *clients, const struct bw_keepoff *ko)
{
	struct bw_restore_opts ro = { .resolv_path = o->resolv_path, .old_resolv = old_resolv,
				      .what = "apply", .plan_out = o->diag,
				      .client_env = o->clients, .n_clients = clients->n,
				      .clients_before = clients->have,
				      .keepoff_before = o->keepoff ? ko : NULL };
	struct bw_err err = { 0 };

	if (bw_restore(nl, cfg, snap, &ro, &err) >= 0)
		return true;
	bw_log(BW_LOG_ERR, "%s", err.msg);
	return false;
}

/* After executing: read back and plan again; anything left means the
 * kernel did not take what it acknowledged. */
static int verify(struct bw_nl *nl, const struct bw_target *t, const struct bw_apply_opts *o,
		  struct bw_apply_result *res)
{
	struct bw_target again = *t;
	struct bw_kstate now = { 0 };
	struct bw_plan plan = { 0 };
	struct bw_clients clients = { 0 };
	struct bw_keepoff ko = { 0 };
	char *resolv = NULL;
	int rc = -1;

	/* The whole state again: the kernel's, resolv.conf's, the clients',
	 * the other managers' files and the radios. */
	if (t->keepoff) {
		if (bw_keepoff_again(t->keepoff, false, &ko, &res->err) < 0)
			goto out;
		again.keepoff = &ko;
	}
	if (t->resolv_path)
		again.resolv_have = resolv = bw_resolv_read(t->resolv_path);
	if (o->clients) {
		if (bw_clients_read(t->cfg, o->clients, false, &clients, &res->err) < 0)
			goto out;
		/* The kernel puts a regulatory domain in force when it has
		 * read its database, asynchronously: its step waited a
		 * little and said so if it was not there yet; not a
		 * failure of the apply. */
		for (int i = 0; i < clients.n; i++)
			if (clients.have[i].kind == BW_CLIENT_REGDOM)
				memcpy(clients.have[i].conf, clients.want[i].conf,
				       sizeof(clients.have[i].conf));
		again.clients_have = clients.have;
	}
	if (bw_nl_read_state(nl, &now, &res->err) < 0)
		goto out;
	if (bw_plan_make(&again, &now, &plan) < 0)
		goto out;
	rc = 0;
	if (plan.n) {
		bw_err_set(&res->err, -EAGAIN, "the kernel did not converge; still different:");
		bw_log(BW_LOG_ERR, "read back after apply, still different:");
		bw_plan_print(&plan, o->diag);
		rc = -1;
	}
out:
	bw_keepoff_free(&ko);
	free(resolv);
	bw_clients_free(&clients);
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
	struct bw_clients clients = { 0 };
	struct bw_keepoff ko = { 0 };
	unsigned long writes0 = bw_nl_writes(nl);
	char *old_resolv;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (!snap) {
		if (bw_nl_read_state(nl, &own, &res->err) < 0)
			return -1;
		snap = &own;
	}
	/* What resolv.conf holds now: planned from, and put back on a
	 * failure. */
	old_resolv = o->resolv_path ? bw_resolv_read(o->resolv_path) : NULL;
	t.resolv_have = old_resolv;
	/* The DHCP clients the file wants and those that run: planned from,
	 * and put back on a failure. */
	if (o->clients) {
		if (bw_clients_read(cfg, o->clients, !o->dry_run, &clients, &res->err) < 0)
			goto out;
		bw_clients_target(&clients, o->clients, &t);
	}
	/* Other managers' files and the members' radios: planned from,
	 * and put back on a failure. */
	if (o->keepoff) {
		if (bw_keepoff_read(cfg, o->keepoff, &ko, &res->err) < 0)
			goto out;
		bw_keepoff_warn(&ko);
		t.keepoff = &ko;
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
	res->steps_done = bw_plan_execute(nl, &plan, o->fail_step, o->kill_step, &res->err);
	if (res->steps_done < plan.n) {
		res->failed = true;
		bw_log(BW_LOG_ERR, "'%s' failed: %s", bw_plan_step_text(&plan, res->steps_done),
		       res->err.msg);
		res->rolled_back = rollback(nl, cfg, snap, o, old_resolv, &clients, &ko);
		if (res->rolled_back)
			bw_log(BW_LOG_NOTICE, "the state read before apply is restored; "
			       "nothing else changed");
		else
			bw_log(BW_LOG_ERR, "the restore was incomplete: check `bondmgr status`");
		goto out;
	}
	rc = verify(nl, &t, o, res);
out:
	res->writes = bw_nl_writes(nl) - writes0;
	bw_clients_free(&clients);
	bw_keepoff_free(&ko);
	free(old_resolv);
	bw_plan_free(&plan);
	bw_kstate_free(&own);
	return rc;
}
