// SPDX-License-Identifier: GPL-2.0-or-later
/* apply_step.c - one planned step, sent to the kernel. Links are looked up
 * by name at execution time: a bond created by an earlier step of the same
 * plan had no ifindex when the plan was made. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "bondwatch/apply.h"
#include "bondwatch/file.h"
#include "bondwatch/log.h"
#include "bondwatch/keepoff_sys.h"

static int index_of(struct bw_nl *nl, const char *name, struct bw_err *err)
{
	int idx = bw_nl_ifindex(nl, name);

	if (idx <= 0) {
		bw_err_set(err, -ENODEV, "%s: no such interface", name);
		return -ENODEV;
	}
	return idx;
}

/* The kernel applies a regulatory domain asynchronously (it reads
 * regulatory.db first): wait for it a little, never long; a supplicant
 * started meanwhile rescans when the channels change. */
static int regdom_set(struct bw_nl *nl, const char *alpha2, struct bw_err *err)
{
	int rc = bw_nl80211_reg_set(alpha2, 1000, err);

	if (rc < 0)
		return rc;
	bw_nl_count_write(nl);
	if (rc == 0)
		bw_log(BW_LOG_NOTICE, "the kernel took regulatory domain %s but has not put it "
		       "in force within 1 s (is wireless-regdb installed?)", alpha2);
	return 0;
}

int bw_step_execute(struct bw_nl *nl, const struct bw_step *s, struct bw_err *err)
{
	int idx = 0, master, primary = 0;

	if (s->op == BW_STEP_DNS)
		return bw_file_replace(s->path, s->data, 0644, err);
	if (s->op == BW_STEP_CLIENT_START)
		return bw_client_start(s->client, s->link, s->data, err);
	if (s->op == BW_STEP_CLIENT_STOP)
		return bw_client_stop(s->client, s->link, err);
	if (s->op == BW_STEP_WPA_START)
		return bw_wpa_start(s->client, s->link, s->data, err);
	if (s->op == BW_STEP_WPA_RECONF)
		return bw_wpa_reconfigure(s->client, s->link, s->data, err);
	if (s->op == BW_STEP_WPA_STOP)
		return bw_wpa_stop(s->client, s->link, err);
	if (s->op == BW_STEP_REGDOM)
		return regdom_set(nl, s->data, err);
	if (s->op == BW_STEP_KEEPOFF_FILE || s->op == BW_STEP_RFKILL)
		return bw_keepoff_step(s, err);
	if (s->op != BW_STEP_BOND_CREATE && (idx = index_of(nl, s->link, err)) < 0)
		return idx;

	switch (s->op) {
	case BW_STEP_BOND_CREATE:
	case BW_STEP_BOND_CHANGE:
		if ((s->mask & BW_OPT_BIT(BW_OPT_PRIMARY)) && s->params.primary[0] &&
		    (primary = index_of(nl, s->params.primary, err)) < 0)
			return primary;
		if (s->op == BW_STEP_BOND_CREATE)
			return bw_nl_bond_create(nl, s->link, &s->params, s->mask, primary, err);
		return bw_nl_bond_change(nl, idx, &s->params, s->mask, primary, err);
	case BW_STEP_BOND_DEL:
		return bw_nl_link_del(nl, idx, err);
	case BW_STEP_LINK_DOWN:
		return bw_nl_link_set_up(nl, idx, false, err);
	case BW_STEP_LINK_UP:
		return bw_nl_link_set_up(nl, idx, true, err);
	case BW_STEP_RELEASE:
		return bw_nl_link_set_master(nl, idx, 0, err);
	case BW_STEP_ENSLAVE:
		if ((master = index_of(nl, s->master, err)) < 0)
			return master;
		return bw_nl_link_set_master(nl, idx, master, err);
	case BW_STEP_ADDR_ADD:
	case BW_STEP_ADDR_DEL:
		return bw_nl_addr(nl, s->op == BW_STEP_ADDR_ADD, idx, &s->prefix, err);
	case BW_STEP_ROUTE_ADD:
	case BW_STEP_ROUTE_DEL:
		return bw_nl_route_default(nl, s->op == BW_STEP_ROUTE_ADD, idx, &s->via, s->metric,
					   err);
	case BW_STEP_DNS:
	case BW_STEP_CLIENT_START:
	case BW_STEP_CLIENT_STOP:
	case BW_STEP_WPA_START:
	case BW_STEP_WPA_RECONF:
	case BW_STEP_WPA_STOP:
	case BW_STEP_REGDOM:
	case BW_STEP_KEEPOFF_FILE:
	case BW_STEP_RFKILL:
		break;
	}
	bw_err_set(err, -EINVAL, "unknown step %d", s->op);
	return -EINVAL;
}

int bw_plan_execute(struct bw_nl *nl, const struct bw_plan *plan, int fail_step, int kill_step,
		    struct bw_err *err)
{
	for (int i = 0; i < plan->n; i++) {
		if (kill_step == i + 1)
			raise(SIGKILL);
		if (fail_step == i + 1) {
			bw_err_set(err, -EIO, "test hook: step %d made to fail", i + 1);
			return i;
		}
		if (bw_step_execute(nl, &plan->steps[i], err) < 0)
			return i;
	}
	return plan->n;
}
