/* SPDX-License-Identifier: GPL-2.0-or-later */
/* watch.h - `bondmgr watch`: keep the kernel converged to the file from
 * rtnetlink link events, without polling.
 *
 * A configured member that appears (boot race, hotplug) is enslaved at
 * once, one that comes back is enslaved again, a bond deleted by hand is
 * created again. Each round re-reads the kernel and runs the planner, so a
 * link that is already right is never touched; a burst of events makes one
 * round. The apply lock is taken for each round and never waited on: while
 * an apply or a try holds it, the round is retried shortly after. Each
 * action is one line through bw_log (bondmgr watch logs them stamped).
 */
#ifndef BW_WATCH_H
#define BW_WATCH_H

#include <stdio.h>
#include <sys/stat.h>
#include "bondwatch/config.h"
#include "bondwatch/kstate.h"
#include "bondwatch/nl.h"
#include "bondwatch/plan.h"

struct bw_watch_opts {
	const char *config_path;
	const char *lock_path;
	const char *overrides_path;   /* NULL: no runtime overrides */
	const char *sysfs;            /* "/sys" except in tests */
	int rcvbuf;                   /* event socket buffer; 0: kernel default */
	/* The bonds' DHCP clients: kept running (started again when one has
	 * died, checked every second when systemd does not do it). NULL:
	 * not managed. */
	const struct bw_client_env *clients;
};

/* Run until SIGTERM or SIGINT (exit 0); SIGHUP reloads the file. Returns
 * 0, or -1 with err when it cannot start (bad file, no netlink). */
int bw_watch_run(const struct bw_watch_opts *o, struct bw_err *err);

/* The part of cfg the kernel can have now: members that do not exist are
 * left out (and a primary that does not exist is not asked for), so the
 * planner builds what it can and the rest follows when they appear. out
 * is freed with bw_config_free. Returns 0 or -ENOMEM. */
int bw_watch_effective(const struct bw_config *cfg, const struct bw_kstate *ks,
		       struct bw_config *out);

/* One round (watch_round.c). */
enum bw_round { BW_ROUND_IDLE, BW_ROUND_ACTED, BW_ROUND_BUSY, BW_ROUND_FAILED };

struct bw_watch {
	const struct bw_watch_opts *o;
	struct bw_nl *nl;
	struct bw_config cfg;         /* the file as loaded */
	struct stat cfg_st;           /* its identity then, to notice a change */
	bool cfg_changed_noted;       /* "changed on disk" said once */
	char last_problem[512];       /* a problem is logged when it changes */
};

enum bw_round bw_watch_round(struct bw_watch *w);
/* A DHCP client the file wants is not running: a round is due. */
bool bw_watch_client_died(const struct bw_watch *w);
/* Keep the helpers' logs within their limit (bw_svc_trim_log). */
void bw_watch_client_logs(const struct bw_watch *w);
/* How often to look (ms), -1: never (no client, or systemd restarts them). */
int bw_watch_client_period(const struct bw_watch *w);
/* Load (or reload) the file; on error keep the old one. */
int bw_watch_load(struct bw_watch *w, struct bw_err *err);
#endif
