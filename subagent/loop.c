// SPDX-License-Identifier: GPL-2.0-or-later
/* loop.c - the one event loop: the rtnetlink monitor's fd and net-snmp's
 * descriptors in one select() (and the ethtool and nl80211 monitors when
 * the kernel has them), net-snmp's timers (AgentX ping and reconnect, the
 * LACP re-read, a weak signal's hold time) as its timeout. The kernel
 * tells us when something changed.
 */
#include <errno.h>
#include <string.h>
#include "snmp_glue.h"
#include <net-snmp/library/large_fd_set.h>

/* One round: wait for netlink, AgentX or the next net-snmp alarm. */
static int loop_once(struct bwa_ctx *ctx)
{
	netsnmp_large_fd_set fds;
	struct timeval tv = { 0, 0 };
	int numfds = 0, block = 1, n, nlfd = bw_nlmon_fd(ctx->mon), ethfd = bw_ethnl_fd(ctx->eth);
	int wififd = bwa_wifi_fd(ctx);

	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	snmp_select_info2(&numfds, &fds, &tv, &block);
	NETSNMP_LARGE_FD_SET(nlfd, &fds);
	if (nlfd >= numfds)
		numfds = nlfd + 1;
	if (ethfd >= 0) {
		NETSNMP_LARGE_FD_SET(ethfd, &fds);
		if (ethfd >= numfds)
			numfds = ethfd + 1;
	}
	if (wififd >= 0) {
		NETSNMP_LARGE_FD_SET(wififd, &fds);
		if (wififd >= numfds)
			numfds = wififd + 1;
	}
	n = netsnmp_large_fd_set_select(numfds, &fds, NULL, NULL, block ? NULL : &tv);
	if (n < 0) {
		int e = errno;

		netsnmp_large_fd_set_cleanup(&fds);
		if (e == EINTR)
			return 0;
		bw_log(BW_LOG_ERR, "select: %s", strerror(e));
		return -e;
	}
	if (n > 0) {
		/* Kernel first: a GET that arrives with an event sees it. */
		if (wififd >= 0 && NETSNMP_LARGE_FD_ISSET(wififd, &fds)) {
			bwa_wifi_read_events(ctx);
			bwa_notify_read_master();
		} else if (ethfd >= 0 && NETSNMP_LARGE_FD_ISSET(ethfd, &fds)) {
			bwa_state_read_ethtool(ctx);
			bwa_notify_read_master();
		} else if (NETSNMP_LARGE_FD_ISSET(nlfd, &fds)) {
			bwa_state_read_events(ctx);
			/* Sending a notification for these events reads
			 * from the master first (notify.c), so what select
			 * saw readable may be consumed already; net-snmp
			 * takes a read that finds nothing for the master
			 * hanging up (the flap storm lost its session so).
			 * Ask again, without waiting. */
			bwa_notify_read_master();
		} else {
			snmp_read2(&fds);
		}
	} else {
		snmp_timeout();
	}
	run_alarms();
	netsnmp_check_outstanding_agent_requests();
	bwa_notify_flush(ctx);
	/* The rows may have gained or lost an 802.3ad bond: looked at only
	 * when they were rebuilt, not on each request (a walk wakes the loop
	 * once a varbind, and the look goes over every bond). */
	if (ctx->rows_changed) {
		ctx->rows_changed = false;
		bwa_lacp_poll_update(ctx);
	}
	netsnmp_large_fd_set_cleanup(&fds);
	return 0;
}

int bwa_loop_run(struct bwa_ctx *ctx)
{
	int rc = 0;

	bwa_notify_flush(ctx);
	bwa_lacp_poll_update(ctx);
	while (!ctx->stop && rc == 0)
		rc = loop_once(ctx);
	return rc;
}
