// SPDX-License-Identifier: GPL-2.0-or-later
/* restore.c - put back a state read earlier, with the same planner that
 * made the change: a failed apply rolls back through here, and so does a
 * `bondmgr try` that was not confirmed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/apply.h"
#include "bondwatch/file.h"
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/log.h"

char *bw_resolv_read(const char *path)
{
	char *text;

	return bw_file_read(path, 65536, 0, &text, NULL, NULL) == 0 ? text : NULL;
}

int bw_restore(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_kstate *snap,
	       const struct bw_restore_opts *o, struct bw_err *err)
{
	struct bw_config snap_cfg;
	struct bw_target t;
	struct bw_kstate now = { 0 };
	struct bw_plan plan = { 0 };
	struct bw_clients now_clients = { 0 };
	struct bw_keepoff ko = { 0 };
	char *have_resolv = NULL;
	int rc = -1, done;

	if (bw_target_from_snapshot(cfg, snap, &snap_cfg, &t) < 0) {
		bw_err_set(err, -ENOMEM, "out of memory while planning the restore");
		return -ENOMEM;
	}
	/* The clients as they ran before are wanted again, with the
	 * configuration they had; what runs now is read again. */
	if (o->client_env) {
		if (bw_clients_read(cfg, o->client_env, false, &now_clients, err) < 0)
			goto out;
		bw_clients_target(&now_clients, o->client_env, &t);
		t.clients_want = o->clients_before;
		t.n_clients = o->n_clients < now_clients.n ? o->n_clients : now_clients.n;
	}
	/* Other managers' files and the radios: as they were. */
	if (o->keepoff_before) {
		if (bw_keepoff_again(o->keepoff_before, true, &ko, err) < 0)
			goto out;
		t.keepoff = &ko;
	}
	t.resolv_path = o->old_resolv ? o->resolv_path : NULL;
	t.resolv_content = o->old_resolv;
	t.resolv_have = have_resolv = t.resolv_path ? bw_resolv_read(t.resolv_path) : NULL;
	if (bw_nl_read_state(nl, &now, err) < 0)
		goto out;
	if (bw_plan_make(&t, &now, &plan) < 0) {
		bw_err_set(err, -ENOMEM, "out of memory while planning the restore");
		goto out;
	}
	if (o->plan_out) {
		bw_log(BW_LOG_NOTICE, "restoring the state read before %s:", o->what);
		bw_plan_print(&plan, o->plan_out);
	}
	/* No test hooks: a restore must not be made to fail by the hooks
	 * that made the apply fail. */
	done = bw_plan_execute(nl, &plan, 0, 0, err);
	if (done < plan.n) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		bw_err_set(err, err->code ? err->code : -EIO, "restore failed at '%s': %s",
			   bw_plan_step_text(&plan, done), msg);
		goto out;
	}
	rc = plan.n;
out:
	bw_keepoff_free(&ko);
	free(have_resolv);
	bw_clients_free(&now_clients);
	bw_plan_free(&plan);
	bw_kstate_free(&now);
	bw_config_free(&snap_cfg);
	return rc;
}
