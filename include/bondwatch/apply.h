/* SPDX-License-Identifier: GPL-2.0-or-later */
/* apply.h - execute a plan, verify, and undo on failure. What happens is
 * said through bw_log (log.h); the plans themselves are printed to the
 * streams given. */
#ifndef BW_APPLY_H
#define BW_APPLY_H

#include <stdio.h>
#include <sys/types.h>
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
	/* The bonds' DHCP clients: started, restarted and stopped with the
	 * plan. NULL: not managed (their addresses are left alone). */
	const struct bw_client_env *clients;
	/* Other network managers kept off the bonds and members, their
	 * radios unblocked (keepoff.h). NULL: not managed. */
	const struct bw_keepoff_env *keepoff;
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
	/* The DHCP clients as they ran before (bw_clients_read's have):
	 * put back too. NULL: not managed. */
	const struct bw_client_env *client_env;
	int n_clients;
	const struct bw_client *clients_before;
	/* Other managers' files and the radios as they were before
	 * (bw_keepoff_read's): put back too. NULL: not managed. */
	const struct bw_keepoff *keepoff_before;
};
/* Returns the number of steps it took (0: nothing differed), or a
 * negative errno with err ("restore failed at '...': ..."). */
int bw_restore(struct bw_nl *nl, const struct bw_config *cfg, const struct bw_kstate *snap,
	       const struct bw_restore_opts *o, struct bw_err *err);
/* resolv.conf's content now, for planning and for putting it back: NULL
 * when it is missing, unreadable or larger than 64 KiB (then it is not
 * restored either). Free it. */
char *bw_resolv_read(const char *path);

/* The bonds' DHCP clients (clients.c): for each bond of cfg, what the
 * file wants (want[i]: its dhcpcd.conf) and what runs (have[i]).
 * create_duid: make the host's DUID when there is none (apply; diff and
 * status only read). Returns 0 or a negative errno with err. */
struct bw_clients {
	int n;
	struct bw_client *want, *have;
};
int bw_clients_read(const struct bw_config *cfg, const struct bw_client_env *env, bool create_duid,
		    struct bw_clients *c, struct bw_err *err);
void bw_clients_free(struct bw_clients *c);
/* Point t at c's clients (t then plans them). */
void bw_clients_target(const struct bw_clients *c, const struct bw_client_env *env,
		       struct bw_target *t);
/* Write bond's dhcpcd.conf and start its client; stop it (waiting for it
 * to take its addresses away) and remove the conf. The pid, 0 when none. */
int bw_client_start(const struct bw_client_env *env, const char *bond, const char *conf,
		    struct bw_err *err);
int bw_client_stop(const struct bw_client_env *env, const char *bond, struct bw_err *err);
pid_t bw_client_pid(const struct bw_client_env *env, const char *bond);
/* Keep its log within env->log_max (bw_svc_trim_log). */
int bw_client_trim_log(const struct bw_client_env *env, const char *bond);

/* A wireless member's wpa_supplicant (wpa_client.c); bw_clients_read lists
 * one for each wifis: entry and each bond member. Start writes
 * RUN_DIR/wpa-IF.conf (0600) and starts it; reconfigure rewrites the
 * file and sends RECONFIGURE on its control socket (a deadline of 3 s);
 * stop stops it and removes the file. The pid: 0 when bondmgr runs none. */
int bw_wpa_start(const struct bw_client_env *env, const char *ifname, const char *conf,
		 struct bw_err *err);
int bw_wpa_reconfigure(const struct bw_client_env *env, const char *ifname, const char *conf,
		       struct bw_err *err);
int bw_wpa_stop(const struct bw_client_env *env, const char *ifname, struct bw_err *err);
pid_t bw_wpa_pid(const struct bw_client_env *env, const char *ifname);
int bw_wpa_trim_log(const struct bw_client_env *env, const char *ifname);
/* c->bond names the member: its configuration and whether it runs. */
void bw_wpa_read(const struct bw_client_env *env, struct bw_client *c);
/* One control request (REQ: "RECONFIGURE", "STATUS") and its answer. */
int bw_wpa_ctrl(const struct bw_client_env *env, const char *ifname, const char *req,
		char *reply, size_t reply_len, struct bw_err *err);

/* One step (exposed for tests, and for bondmgr watch, which logs each). */
int bw_step_execute(struct bw_nl *nl, const struct bw_step *s, struct bw_err *err);
/* Every step in order, stopping at the first failure (err says why).
 * Returns the number done. fail_step, kill_step: the test hooks of
 * bw_apply_opts (0: none). */
int bw_plan_execute(struct bw_nl *nl, const struct bw_plan *plan, int fail_step, int kill_step,
		    struct bw_err *err);

#endif
