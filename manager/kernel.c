// SPDX-License-Identifier: GPL-2.0-or-later
/* kernel.c - what every command does first: read the kernel, and (for
 * those that change it) take the apply lock. One place, one message. */
#include <errno.h>
#include "bondwatch/file.h"
#include "bondwatch/log.h"
#include "bondwatch/nl.h"
#include "bondmgr.h"

int bondmgr_read_kernel(struct bw_nl **nl, struct bw_kstate *ks, struct bw_err *why)
{
	struct bw_err err = { 0 };

	*nl = NULL;
	if (bw_nl_open(nl, &err) == 0 && bw_nl_read_state(*nl, ks, &err) == 0)
		return 0;
	bw_log(BW_LOG_ERR, "cannot read the kernel's interfaces: %s", err.msg);
	if (why)
		*why = err;
	bw_nl_close(*nl);
	*nl = NULL;
	return -1;
}

int bondmgr_lock(const struct bondmgr_opts *o, int timeout_s, bool quiet_busy)
{
	struct bw_err err = { 0 };
	int fd = bw_lock(o->env->lock, timeout_s * 1000, &err);

	if (fd == -EWOULDBLOCK && !quiet_busy)
		bw_log(BW_LOG_ERR, "another bondmgr holds %s (waited %d s); one apply at a time",
		       o->env->lock, timeout_s);
	else if (fd < 0 && fd != -EWOULDBLOCK)
		bw_log(BW_LOG_ERR, "%s", err.msg);
	return fd;
}
