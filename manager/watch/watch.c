// SPDX-License-Identifier: GPL-2.0-or-later
/* watch.c - the event loop of `bondmgr watch`: the rtnetlink link socket
 * and a signalfd in one poll(); no timer unless a round must be retried or
 * a DHCP client must be kept running without systemd. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include "bondwatch/log.h"
#include "watch.h"

#define SETTLE_MS     20      /* a burst: wait this long for its tail ... */
#define SETTLE_MAX_MS 200     /* ... but a steady stream must not starve the round */
#define BUSY_RETRY_MS 200     /* the lock is held by an apply or a try */
#define BACKOFF_MIN   500     /* after a failed round, doubling ... */
#define BACKOFF_MAX   30000   /* ... up to this */

struct loop {
	struct bw_watch w;
	struct bw_nlmon *mon;
	int sigfd;
	bool pending;             /* a round is due */
	long long retry_at;       /* not before (ms, monotonic); 0: now */
	int backoff;
};

/* long long: a 32-bit long (armhf) holds monotonic milliseconds for only
 * 24.8 days of uptime before it overflows. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool named(const struct bw_config *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_bonds; i++) {
		if (!strcmp(cfg->bonds[i].name, name))
			return true;
		for (int m = 0; m < cfg->bonds[i].n_members; m++)
			if (!strcmp(cfg->bonds[i].members[m], name))
				return true;
	}
	return false;
}

/* Only links the file names make a round due (a rename to such a name
 * arrives as a NEWLINK with the new name). */
static void on_link(void *ctx, int type, const struct bw_link *l)
{
	struct loop *lp = ctx;

	(void)type;
	if (named(&lp->w.cfg, l->name))
		lp->pending = true;
}

/* Read everything pending; a lost event (ENOBUFS) makes a round due: the
 * round re-reads the whole state anyway. */
static int drain(struct loop *lp)
{
	int rc = bw_nlmon_read(lp->mon, on_link, lp);

	if (rc == -ENOBUFS) {
		bw_log(BW_LOG_WARNING, "events were lost (ENOBUFS): re-reading the kernel");
		lp->pending = true;
		return 0;
	}
	return rc;
}

/* Coalesce: after the first event of a burst, take its tail too. */
static int settle(struct loop *lp)
{
	struct pollfd p = { bw_nlmon_fd(lp->mon), POLLIN, 0 };
	long long until = now_ms() + SETTLE_MAX_MS;
	int rc = 0;

	while (rc == 0 && now_ms() < until && poll(&p, 1, SETTLE_MS) > 0)
		rc = drain(lp);
	return rc;
}

static void run_round(struct loop *lp)
{
	enum bw_round r = bw_watch_round(&lp->w);

	lp->pending = r == BW_ROUND_BUSY || r == BW_ROUND_FAILED;
	if (r == BW_ROUND_BUSY) {
		lp->retry_at = now_ms() + BUSY_RETRY_MS;
	} else if (r == BW_ROUND_FAILED) {
		lp->backoff = lp->backoff ? lp->backoff * 2 : BACKOFF_MIN;
		if (lp->backoff > BACKOFF_MAX)
			lp->backoff = BACKOFF_MAX;
		lp->retry_at = now_ms() + lp->backoff;
	} else {
		lp->backoff = 0;
		lp->retry_at = 0;
	}
}

/* Returns false when the loop must end (SIGTERM, SIGINT). */
static bool on_signal(struct loop *lp)
{
	struct signalfd_siginfo si;
	struct bw_err err = { 0 };

	if (read(lp->sigfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return true;
	if (si.ssi_signo != SIGHUP) {
		bw_log(BW_LOG_NOTICE, "stopping (signal %u)", si.ssi_signo);
		return false;
	}
	if (bw_watch_load(&lp->w, &err) < 0)
		bw_log(BW_LOG_ERR, "reload refused: %s; keeping the file loaded before", err.msg);
	else
		bw_log(BW_LOG_NOTICE, "reloaded %s", lp->w.o->config_path);
	lp->pending = true;
	lp->retry_at = 0;
	return true;
}

static int loop_run(struct loop *lp)
{
	for (;;) {
		struct pollfd p[2] = { { bw_nlmon_fd(lp->mon), POLLIN, 0 }, { lp->sigfd, POLLIN, 0 } };
		long long wait = -1;     /* at most BACKOFF_MAX: fits poll()'s int */
		int rc, period = bw_watch_client_period(&lp->w), n;

		if (lp->pending) {
			wait = lp->retry_at - now_ms();
			if (wait <= 0) {
				run_round(lp);
				continue;
			}
		}
		/* A DHCP client that died is started again within a period. */
		if (period > 0 && (wait < 0 || wait > period))
			wait = period;
		if ((n = poll(p, 2, (int)wait)) < 0 && errno != EINTR)
			return -errno;
		if (n == 0 && !lp->pending && period > 0 && bw_watch_client_died(&lp->w)) {
			lp->pending = true;
			lp->retry_at = 0;
		}
		/* /run is memory: the helpers' logs are kept short. */
		if (n == 0 && period > 0)
			bw_watch_client_logs(&lp->w);
		if ((p[1].revents & POLLIN) && !on_signal(lp))
			return 0;
		if (p[0].revents & POLLIN) {
			if ((rc = drain(lp)) < 0 || (rc = settle(lp)) < 0)
				return rc;
		}
	}
}

static int open_signals(struct loop *lp, sigset_t *old, struct bw_err *err)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0 ||
	    (lp->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		bw_err_set(err, -errno, "signalfd: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int bw_watch_run(const struct bw_watch_opts *o, struct bw_err *err)
{
	struct loop lp = { .w = { .o = o }, .sigfd = -1, .pending = true };
	sigset_t old;
	int rc = -1;

	sigemptyset(&old);
	/* The socket first: an event between the first read and the
	 * subscription would be lost. */
	if (bw_watch_load(&lp.w, err) < 0 || bw_nlmon_open(&lp.mon, o->rcvbuf, err) < 0 ||
	    bw_nl_open(&lp.w.nl, err) < 0 || open_signals(&lp, &old, err) < 0)
		goto out;
	bw_log(BW_LOG_NOTICE, "watching the %d bond%s of %s", lp.w.cfg.n_bonds,
	       lp.w.cfg.n_bonds == 1 ? "" : "s", o->config_path);
	rc = loop_run(&lp);
	if (rc < 0)
		bw_err_set(err, rc, "link events: %s", strerror(-rc));
out:
	if (lp.sigfd >= 0) {
		close(lp.sigfd);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	bw_nlmon_close(lp.mon);
	bw_nl_close(lp.w.nl);
	bw_config_free(&lp.w.cfg);
	return rc < 0 ? -1 : 0;
}
