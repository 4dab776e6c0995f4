// SPDX-License-Identifier: GPL-2.0-or-later
/* try_wait.c - the confirmation of `bondmgr try`: ENTER on its terminal,
 * `bondmgr confirm` from another shell (a FIFO), or SIGUSR1; a timeout,
 * Ctrl-C, SIGTERM or SIGHUP (the SSH session died) mean "put it back".
 *
 * Why a FIFO: `bondmgr confirm` opens it write-only and non-blocking, which
 * fails with ENXIO when no try is reading, so a stale FIFO left by a killed
 * try can never confirm anything, and no PID file can name the wrong
 * process. Only root can reach it (0600 in a 0700 folder). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "bondwatch/log.h"
#include "try_wait.h"

static int make_fifo(const char *path)
{
	char copy[4096];
	struct stat st;

	snprintf(copy, sizeof(copy), "%s", path);
	if (mkdir(dirname(copy), 0700) < 0 && errno != EEXIST)
		return -1;
	/* One try at a time (the caller holds the apply lock): a FIFO left
	 * here by a try that was killed is ours to replace. */
	if (lstat(path, &st) == 0) {
		if (!S_ISFIFO(st.st_mode)) {
			errno = EEXIST;
			return -1;
		}
		unlink(path);
	}
	if (mkfifo(path, 0600) < 0)
		return -1;
	return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

int try_wait_prepare(struct try_waiter *w, const char *fifo)
{
	sigset_t set;

	memset(w, 0, sizeof(*w));
	w->sigfd = w->fifo = -1;
	w->path = fifo;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, &w->old_mask) < 0 ||
	    (w->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		bw_log(BW_LOG_ERR, "cannot watch signals: %s", strerror(errno));
		return -1;
	}
	if ((w->fifo = make_fifo(w->path)) < 0) {
		bw_log(BW_LOG_ERR, "cannot create %s: %s", w->path, strerror(errno));
		close(w->sigfd);
		w->sigfd = -1;
		sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
		return -1;
	}
	return 0;
}

void try_wait_done(struct try_waiter *w)
{
	if (w->fifo >= 0) {
		close(w->fifo);
		unlink(w->path);
	}
	if (w->sigfd >= 0)
		close(w->sigfd);
	sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
}

/* long long: a 32-bit long (armhf) holds monotonic milliseconds for only
 * 24.8 days of uptime before it overflows. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum try_outcome on_signal(int sigfd)
{
	struct signalfd_siginfo si;

	if (read(sigfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return TRY_ERROR;
	switch (si.ssi_signo) {
	case SIGUSR1: return TRY_CONFIRMED;
	case SIGHUP: return TRY_HANGUP;
	default: return TRY_INTERRUPTED;
	}
}

/* A line on the terminal confirms; end of file (the terminal is gone)
 * does not: the terminal is dropped and the wait goes on. */
static bool on_tty(int *tty)
{
	char buf[256];
	ssize_t n = read(*tty, buf, sizeof(buf));

	if (n > 0)
		return memchr(buf, '\n', (size_t)n) != NULL;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	*tty = -1;
	return false;
}

static bool on_fifo(int fifo)
{
	char buf[64];
	ssize_t n = read(fifo, buf, sizeof(buf) - 1);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	return strstr(buf, "confirm") != NULL;
}

static void countdown(long long left_ms)
{
	fprintf(stderr, "\rChanges will revert in %3lld s unless confirmed "
		"(ENTER, `bondmgr confirm` or SIGUSR1) ", (left_ms + 999) / 1000);
	fflush(stderr);
}

enum try_outcome try_wait(struct try_waiter *w, int timeout_s)
{
	long long deadline = now_ms() + timeout_s * 1000LL;
	int tty = isatty(STDIN_FILENO) ? STDIN_FILENO : -1;
	bool show = isatty(STDERR_FILENO);
	enum try_outcome out = TRY_TIMEOUT;

	for (;;) {
		long long left = deadline - now_ms();
		struct pollfd p[3] = { { w->sigfd, POLLIN, 0 }, { w->fifo, POLLIN, 0 },
				       { tty, POLLIN, 0 } };

		if (left <= 0)
			break;
		if (show)
			countdown(left);
		/* On a terminal, wake each second for the countdown. */
		if (poll(p, 3, (int)(show && left > 1000 ? (left - 1) % 1000 + 1 : left)) < 0) {
			if (errno == EINTR)
				continue;
			out = TRY_ERROR;
			break;
		}
		if (p[0].revents) {
			out = on_signal(w->sigfd);
			break;
		}
		if ((p[1].revents & POLLIN) && on_fifo(w->fifo)) {
			out = TRY_CONFIRMED;
			break;
		}
		if (p[2].revents && on_tty(&tty)) {
			out = TRY_CONFIRMED;
			break;
		}
	}
	/* A confirm that raced the deadline still counts. */
	if (out == TRY_TIMEOUT && on_fifo(w->fifo))
		out = TRY_CONFIRMED;
	if (show)
		fprintf(stderr, "\n");
	return out;
}
