/* SPDX-License-Identifier: GPL-2.0-or-later */
/* try_wait.h - waiting for `bondmgr try` to be confirmed. */
#ifndef BONDMGR_TRY_WAIT_H
#define BONDMGR_TRY_WAIT_H

enum try_outcome {
	TRY_CONFIRMED,      /* ENTER, `bondmgr confirm`, SIGUSR1 */
	TRY_TIMEOUT,
	TRY_INTERRUPTED,    /* SIGINT, SIGTERM: the operator said no */
	TRY_HANGUP,         /* SIGHUP: the SSH session died */
	TRY_ERROR,
};

#include <signal.h>
struct try_waiter {
	int sigfd;          /* signalfd of the signals below */
	int fifo;           /* the FIFO, opened read-write (never EOF) */
	const char *path;
	sigset_t old_mask;
};
/* Block SIGUSR1, SIGINT, SIGTERM and SIGHUP (they are read from a
 * signalfd, so a restore never runs inside a signal handler) and create
 * the FIFO. Call before applying, so that a Ctrl-C during the apply is
 * not lost. fifo: the FIFO `bondmgr confirm` writes to ($BONDMGR_TRY_FIFO,
 * /run/bondwatch/try.fifo). Returns 0, or -1 after saying why. */
int try_wait_prepare(struct try_waiter *w, const char *fifo);
/* Wait up to timeout_s for a confirmation. */
enum try_outcome try_wait(struct try_waiter *w, int timeout_s);
/* Remove the FIFO and unblock the signals. */
void try_wait_done(struct try_waiter *w);

#endif
