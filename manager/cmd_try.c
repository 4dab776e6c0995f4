// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_try.c - `bondmgr try`: apply, then keep the change only if someone
 * confirms it; otherwise put back the state read before, with the same
 * planner (a bad bond change over SSH must not cut the operator off).
 * `bondmgr confirm` is here too: it is the other half of the same FIFO. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bondwatch/apply.h"
#include "bondwatch/config.h"
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/log.h"
#include "bondwatch/nl.h"
#include "bondmgr.h"
#include "opts_common.h"

#define TRY_USAGE                                                              \
	"usage: bondmgr try [-c FILE] [--timeout S] [--resolv-conf PATH]\n"        \
	"  apply FILE, then keep it only if confirmed within S seconds (default 120)\n" \
	"  by ENTER, `bondmgr confirm` or SIGUSR1; a timeout, Ctrl-C, SIGTERM or\n" \
	"  SIGHUP put back the state read before\n"                                  \
	"  -c, --config FILE       the YAML file (default " BONDMGR_DEFAULT_CONFIG ")\n" \
	"  -t, --timeout S         seconds to wait for the confirmation (1-86400)\n" \
	"  -r, --resolv-conf PATH  where nameservers go (default /etc/resolv.conf)\n" \
	"  -h, --help              this text\n"
#include "try_wait.h"

struct try_ctx {
	struct bw_nl *nl;
	struct bw_kstate snap;        /* the state read before anything changed */
	struct bw_config cfg;
	char *old_resolv;
	const char *resolv;
	const char *fifo;             /* where `bondmgr confirm` writes */
	int timeout_s;
	struct bw_client_env ce;      /* the bonds' DHCP clients ... */
	struct bw_clients clients;    /* ... as they ran before: put back too */
	struct bw_keepoff_env ke;     /* other managers' files and the radios ... */
	struct bw_keepoff ko;         /* ... as they were before: put back too */
};

static const char *why_restore(enum try_outcome o)
{
	switch (o) {
	case TRY_TIMEOUT: return "no confirmation in time";
	case TRY_INTERRUPTED: return "interrupted";
	case TRY_HANGUP: return "hangup (the session is gone)";
	case TRY_CONFIRMED: break;
	case TRY_ERROR: break;
	}
	return "error while waiting";
}

/* Put the snapshot back; 0 when the kernel is as it was. */
static int try_restore(struct try_ctx *t, const char *why)
{
	struct bw_restore_opts ro = { .resolv_path = t->resolv, .old_resolv = t->old_resolv,
				      .what = "try", .plan_out = stdout, .client_env = &t->ce,
				      .n_clients = t->clients.n, .clients_before = t->clients.have,
				      .keepoff_before = &t->ko };
	struct bw_err err = { 0 };
	int n;

	bw_log(BW_LOG_NOTICE, "%s: reverting", why);
	n = bw_restore(t->nl, &t->cfg, &t->snap, &ro, &err);
	if (n < 0) {
		bw_log(BW_LOG_ERR, "%s", err.msg);
		bw_log(BW_LOG_ERR, "the restore was incomplete: check `bondmgr status`");
		return -1;
	}
	bw_log(BW_LOG_NOTICE, "the state read before try is restored (%d step%s)", n,
	       n == 1 ? "" : "s");
	return 0;
}

/* Apply, wait, keep or restore. Returns the exit status. */
static int try_run(struct try_ctx *t, struct bondmgr_ov *bo)
{
	struct bw_apply_opts ao = { .out = stdout, .diag = stderr, .resolv_path = t->resolv,
				    .annotate = bondmgr_annotate, .annotate_ctx = bo,
				    .before = &t->snap, .clients = &t->ce, .keepoff = &t->ke };
	struct bw_apply_result res;
	struct try_waiter w;
	enum try_outcome out;
	int rc = 1;

	/* Signals are caught from here on: a Ctrl-C during the apply is
	 * answered by a restore right after it. */
	if (try_wait_prepare(&w, t->fifo) < 0)
		return 1;
	if (bw_apply(t->nl, &t->cfg, &ao, &res) < 0) {
		/* A failed step was undone by bw_apply, which said so; a read-back
		 * that differs is not what was asked for either. */
		if (!res.failed)
			try_restore(t, "the kernel did not converge to the file");
		goto out;
	}
	if (res.steps_planned == 0) {
		bw_log(BW_LOG_NOTICE, "the kernel already matches %s: nothing to confirm", t->cfg.path);
		rc = 0;
		goto out;
	}
	bw_log(BW_LOG_NOTICE, "applied; keeping it needs a confirmation within %d s "
	       "(ENTER, `bondmgr confirm` or kill -USR1 %d); otherwise it is reverted",
	       t->timeout_s, (int)getpid());
	out = try_wait(&w, t->timeout_s);
	if (out == TRY_CONFIRMED) {
		bw_log(BW_LOG_NOTICE, "confirmed: the change is kept");
		rc = 0;
	} else {
		try_restore(t, why_restore(out));
	}
out:
	try_wait_done(&w);
	return rc;
}

static int parse_timeout(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v > 0 && v <= 86400 ? (int)v : -1;
}

int cmd_try(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "resolv-conf", required_argument, NULL, 'r' },
		BONDMGR_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct try_ctx t = { .resolv = "/etc/resolv.conf", .fifo = o->env->try_fifo,
			     .timeout_s = 120 };
	struct bondmgr_ov bo = { .lock = -1 };
	struct bw_err err = { 0 };
	int c, lock, rc = 1;

	while ((c = getopt_long(argc, argv, "c:t:r:" BONDMGR_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'r': t.resolv = optarg; break;
		case 't':
			if ((t.timeout_s = parse_timeout(optarg)) < 0) {
				bw_log(BW_LOG_ERR, "--timeout wants seconds, 1 to 86400");
				return 2;
			}
			break;
		default:
			if ((rc = bondmgr_common_opt(o, c, TRY_USAGE)) >= 0)
				return rc;
		}
	}
	rc = 1;
	/* The SSH session may die with our output: a write to it must not
	 * kill us before the restore. */
	signal(SIGPIPE, SIG_IGN);
	/* Held until the end: `bondmgr watch` and other applies wait for the
	 * change to be kept or reverted. */
	if ((lock = bondmgr_lock(o, o->env->lock_timeout_s, false)) < 0)
		return 1;
	if (bondmgr_read_kernel(&t.nl, &t.snap, NULL) < 0)
		goto out;
	if (bondmgr_load(o, &t.snap, &t.cfg) < 0)
		goto out;
	/* Held until the change is kept or reverted, as the apply lock. */
	bondmgr_overrides(o, &t.cfg, false, true, &bo);
	t.old_resolv = bw_resolv_read(t.resolv);
	bondmgr_client_env(o->env, &t.ce);
	if (bw_clients_read(&t.cfg, &t.ce, true, &t.clients, &err) < 0) {
		bw_log(BW_LOG_ERR, "%s", err.msg);
		goto out;
	}
	bondmgr_keepoff_env(o->env, &t.ke);
	if (bw_keepoff_read(&t.cfg, &t.ke, &t.ko, &err) < 0) {
		bw_log(BW_LOG_ERR, "%s", err.msg);
		goto out;
	}
	rc = try_run(&t, &bo);
out:
	bw_keepoff_free(&t.ko);
	bondmgr_overrides_done(&bo);
	bw_clients_free(&t.clients);
	free(t.old_resolv);
	bw_config_free(&t.cfg);
	bw_kstate_free(&t.snap);
	bw_nl_close(t.nl);
	close(lock);
	return rc;
}

int cmd_confirm(struct bondmgr_opts *o, int argc, char **argv)
{
	const char *path = o->env->try_fifo;
	int fd;

	if (argc > 1) {
		printf("usage: bondmgr confirm    keep the change a running `bondmgr try` made\n");
		return strcmp(argv[1], "-h") && strcmp(argv[1], "--help") ? 2 : 0;
	}
	/* Non-blocking write-only open fails (ENXIO) unless a try is reading. */
	fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		bw_log(BW_LOG_ERR, "no `bondmgr try` is waiting for a confirmation (%s: %s)", path,
		       errno == ENXIO ? "nobody reading" : strerror(errno));
		return 1;
	}
	if (write(fd, "confirm\n", 8) != 8) {
		bw_log(BW_LOG_ERR, "%s: %s", path, strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	bw_log(BW_LOG_NOTICE, "confirmed");
	return 0;
}
