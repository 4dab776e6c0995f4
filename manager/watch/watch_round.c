// SPDX-License-Identifier: GPL-2.0-or-later
/* watch_round.c - one round of `bondmgr watch`: under the apply lock,
 * read the kernel, plan towards the file (what of it exists now, with the
 * runtime overrides), and execute only when the plan is not empty. */
#include <net/if.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bondwatch/apply.h"
#include "bondwatch/file.h"
#include "bondwatch/log.h"
#include "bondwatch/overrides.h"
#include "bondwatch/plan.h"
#include "watch.h"

int bw_watch_load(struct bw_watch *w, struct bw_err *err)
{
	struct bw_diags *d = calloc(1, sizeof(*d));
	struct bw_config cfg;
	struct stat st;

	if (!d) {
		bw_err_set(err, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	memset(&st, 0, sizeof(st));
	stat(w->o->config_path, &st);
	if (bw_config_load(w->o->config_path, &cfg, d) < 0) {
		bw_err_set(err, -EINVAL, "%s is not valid (run `bondmgr check -c %s`)",
			   w->o->config_path, w->o->config_path);
		bw_config_free(&cfg);
		free(d);
		return -EINVAL;
	}
	free(d);
	bw_config_free(&w->cfg);
	w->cfg = cfg;
	w->cfg_st = st;
	w->cfg_changed_noted = false;
	return 0;
}

/* A problem that stops the rounds is logged once, not at every retry. */
static void problem(struct bw_watch *w, const char *msg)
{
	if (!strcmp(w->last_problem, msg))
		return;
	snprintf(w->last_problem, sizeof(w->last_problem), "%s", msg);
	bw_log(BW_LOG_ERR, "cannot converge: %s", msg);
}

/* The target for cfg now: existing members only, overrides merged, and
 * the checks against the system (a member enslaved elsewhere by hand, a
 * wireless member) passed. Returns 0, or -1 after problem(). */
static int target_for(struct bw_watch *w, const struct bw_config *cfg, const struct bw_kstate *ks,
		      struct bw_config *eff)
{
	struct bw_diags *d = calloc(1, sizeof(*d));
	struct bw_overrides ov = { 0 };
	int rc = -1;

	if (!d || bw_watch_effective(cfg, ks, eff) < 0) {
		problem(w, "out of memory");
		goto out;
	}
	if (w->o->overrides_path && bw_overrides_load(w->o->overrides_path, &ov, NULL) == 0)
		bw_overrides_merge(&ov, eff);
	if (bw_config_check_system(eff, ks, w->o->sysfs, d) < 0) {
		for (int i = 0; i < d->n; i++)
			if (d->items[i].sev == BW_SEV_ERROR) {
				problem(w, d->items[i].msg);
				break;
			}
		goto out;
	}
	rc = 0;
out:
	free(d);
	return rc;
}

static int plan_for(struct bw_watch *w, const struct bw_config *cfg, const struct bw_kstate *ks,
		    struct bw_plan *plan)
{
	struct bw_config eff = { 0 };
	struct bw_target t = { .cfg = &eff };
	struct bw_clients clients = { 0 };
	struct bw_err err = { 0 };
	int rc = target_for(w, cfg, ks, &eff);

	if (rc == 0 && w->o->clients) {
		if ((rc = bw_clients_read(&eff, w->o->clients, true, &clients, &err)) < 0)
			problem(w, err.msg);
		else
			bw_clients_target(&clients, w->o->clients, &t);
	}
	if (rc == 0 && (rc = bw_plan_make(&t, ks, plan)) < 0)
		problem(w, "out of memory while planning");
	bw_clients_free(&clients);
	bw_config_free(&eff);
	return rc;
}

static bool file_changed(const struct bw_watch *w)
{
	struct stat st;

	if (stat(w->o->config_path, &st) < 0)
		return false;
	return st.st_ino != w->cfg_st.st_ino || st.st_dev != w->cfg_st.st_dev ||
	       st.st_size != w->cfg_st.st_size ||
	       st.st_mtim.tv_sec != w->cfg_st.st_mtim.tv_sec ||
	       st.st_mtim.tv_nsec != w->cfg_st.st_mtim.tv_nsec;
}

/* The file changed on disk and the kernel differs from what was loaded:
 * if the kernel already matches the new content, someone applied it (an
 * apply, a confirmed try): adopt it rather than undo their work. A try
 * that was reverted leaves the kernel matching the old content, which is
 * then kept. Returns true when adopted. */
static bool adopt_if_applied(struct bw_watch *w, const struct bw_kstate *ks)
{
	struct bw_watch saved = *w;
	struct bw_plan plan = { 0 };
	struct bw_err err = { 0 };
	bool adopted = false;

	memset(&w->cfg, 0, sizeof(w->cfg));
	if (bw_watch_load(w, &err) == 0 && plan_for(w, &w->cfg, ks, &plan) == 0 && plan.n == 0) {
		bw_config_free(&saved.cfg);
		bw_log(BW_LOG_NOTICE, "%s changed and the kernel already matches it: following it now",
		       w->o->config_path);
		adopted = true;
	} else {
		bw_config_free(&w->cfg);
		*w = saved;
		if (!w->cfg_changed_noted)
			bw_log(BW_LOG_WARNING, "%s changed on disk; keeping the kernel to the "
			       "version loaded before (SIGHUP reloads it)", w->o->config_path);
		w->cfg_changed_noted = true;
	}
	bw_plan_free(&plan);
	return adopted;
}

/* Execute, logging each change once the kernel took it (an enslave's
 * line comes after the down/up steps around it). */
static enum bw_round execute(struct bw_watch *w, const struct bw_plan *plan)
{
	struct bw_err err = { 0 };
	int shown = -1;   /* the last step whose line was logged */

	for (int i = 0; i < plan->n; i++) {
		if (bw_step_execute(w->nl, &plan->steps[i], &err) < 0) {
			bw_log(BW_LOG_ERR, "failed: '%s': %s", bw_plan_step_text(plan, i), err.msg);
			return BW_ROUND_FAILED;
		}
		/* A step with a text of its own closes the previous one's group. */
		if (i + 1 == plan->n || plan->steps[i + 1].text[0]) {
			for (int j = shown + 1; j <= i; j++)
				if (plan->steps[j].text[0])
					bw_log(BW_LOG_NOTICE, "%s", plan->steps[j].text);
			shown = i;
		}
	}
	w->last_problem[0] = '\0';
	return BW_ROUND_ACTED;
}

enum bw_round bw_watch_round(struct bw_watch *w)
{
	struct bw_kstate ks = { 0 };
	struct bw_plan plan = { 0 };
	struct bw_err err = { 0 };
	enum bw_round r = BW_ROUND_FAILED;
	int lock = bw_lock(w->o->lock_path, 0, &err), ov_lock = -1;

	if (lock < 0) {
		if (lock == -EWOULDBLOCK)
			return BW_ROUND_BUSY;   /* an apply or a try: after it */
		problem(w, err.msg);
		return BW_ROUND_FAILED;
	}
	/* A SET of a primary through bondagentx changes the kernel and then
	 * records the override, under this lock: wait for both, or the
	 * round would put the file's primary back. No folder: no override. */
	if (w->o->overrides_path &&
	    (ov_lock = bw_overrides_lock(w->o->overrides_path, false, 0, &err)) < 0 &&
	    ov_lock != -ENOENT) {
		close(lock);
		if (ov_lock == -EWOULDBLOCK)
			return BW_ROUND_BUSY;
		problem(w, err.msg);
		return BW_ROUND_FAILED;
	}
	if (bw_nl_read_state(w->nl, &ks, &err) < 0) {
		problem(w, err.msg);
		goto out;
	}
	if (plan_for(w, &w->cfg, &ks, &plan) < 0)
		goto out;
	if (plan.n && file_changed(w) && adopt_if_applied(w, &ks)) {
		bw_plan_free(&plan);
		r = BW_ROUND_IDLE;
		goto out;
	}
	r = plan.n ? execute(w, &plan) : BW_ROUND_IDLE;
	if (r == BW_ROUND_IDLE)
		w->last_problem[0] = '\0';
out:
	bw_plan_free(&plan);
	bw_kstate_free(&ks);
	if (ov_lock >= 0)
		close(ov_lock);
	close(lock);
	return r;
}

void bw_watch_client_logs(const struct bw_watch *w)
{
	for (int i = 0; w->o->clients && i < w->cfg.n_bonds; i++)
		if (bw_dhcp_wanted(&w->cfg.bonds[i].dhcp))
			bw_client_trim_log(w->o->clients, w->cfg.bonds[i].name);
	for (int i = 0; w->o->clients && i < w->cfg.n_wifis; i++)
		bw_wpa_trim_log(w->o->clients, w->cfg.wifis[i].id);
}

int bw_watch_client_period(const struct bw_watch *w)
{
	if (!w->o->clients || w->o->clients->systemd)
		return -1;
	for (int i = 0; i < w->cfg.n_bonds; i++)
		if (bw_dhcp_wanted(&w->cfg.bonds[i].dhcp))
			return 1000;
	return w->cfg.n_wifis ? 1000 : -1;
}

bool bw_watch_client_died(const struct bw_watch *w)
{
	for (int i = 0; w->o->clients && i < w->cfg.n_bonds; i++)
		if (bw_dhcp_wanted(&w->cfg.bonds[i].dhcp) &&
		    bw_client_pid(w->o->clients, w->cfg.bonds[i].name) == 0) {
			bw_log(BW_LOG_WARNING, "%s: its DHCP client is not running",
			       w->cfg.bonds[i].name);
			return true;
		}
	/* A wireless member's supplicant, while its link exists (an absent
	 * optional member has none to run). */
	for (int i = 0; w->o->clients && i < w->cfg.n_wifis; i++) {
		const char *ifname = w->cfg.wifis[i].id;

		if (if_nametoindex(ifname) > 0 && bw_wpa_pid(w->o->clients, ifname) == 0) {
			bw_log(BW_LOG_WARNING, "%s: its wpa_supplicant is not running", ifname);
			return true;
		}
	}
	return false;
}
