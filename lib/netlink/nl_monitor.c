// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_monitor.c - the RTNLGRP_LINK event socket: non-blocking, no sequence
 * check (events are unsolicited), every message parsed raw so bond and
 * slave data and IFLA_EVENT reach the caller. On request it also joins
 * RTNLGRP_IPV4_IFADDR (the agent: the bond's address and its lease). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include "nl_priv.h"

struct bw_nlmon {
	struct nl_sock *sk;
	struct nl_cb *cb;
	bw_link_cb fn;                 /* set by each bw_nlmon_read */
	bw_addr_cb addr_fn;
	void *ctx;
};

/* libnl's nl_connect() already shrank SO_RCVBUF to 32 KiB, which a burst
 * of bond events (1-2 KiB each) overruns: "kernel default" means
 * net.core.rmem_default, restored here. */
static int kernel_default_rcvbuf(void)
{
	FILE *f = fopen("/proc/sys/net/core/rmem_default", "r");
	int v = 0;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v > 0 ? v : 212992;
}


static int on_valid(struct nl_msg *msg, void *arg)
{
	struct bw_nlmon *m = arg;
	const struct nlmsghdr *h = nlmsg_hdr(msg);
	struct bw_link l;
	struct bw_kaddr a;

	if ((h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK) &&
	    m->fn && bw_link_parse(h, &l) == 0)
		m->fn(m->ctx, h->nlmsg_type, &l);
	else if ((h->nlmsg_type == RTM_NEWADDR || h->nlmsg_type == RTM_DELADDR) &&
		 m->addr_fn && bw_addr_parse(h, &a) == 0) {
		a.read_at = bw_nl_now_s();
		m->addr_fn(m->ctx, h->nlmsg_type, &a);
	}
	return NL_OK;
}

static int mon_fail(struct bw_nlmon *m, int nle, const char *what, struct bw_err *err)
{
	int code = bw_nl_errno(nle);

	bw_err_set(err, code, "link monitor: %s: %s", what, nl_geterror(nle));
	bw_nlmon_close(m);
	return code;
}

int bw_nlmon_open(struct bw_nlmon **out, int rcvbuf, struct bw_err *err)
{
	struct bw_nlmon *m = calloc(1, sizeof(*m));
	int rc, size = rcvbuf > 0 ? rcvbuf : kernel_default_rcvbuf();

	*out = NULL;
	if (!m || !(m->sk = nl_socket_alloc()) || !(m->cb = nl_cb_alloc(NL_CB_DEFAULT)))
		return mon_fail(m, -NLE_NOMEM, "allocate", err);
	/* Our own callback set, so the sequence check is disabled on it (what
	 * nl_socket_disable_seq_check does for the socket's default set). */
	nl_cb_set(m->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, bw_nl_no_seq_check, NULL);
	nl_cb_set(m->cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, m);
	if ((rc = nl_connect(m->sk, NETLINK_ROUTE)) < 0)
		return mon_fail(m, rc, "connect", err);
	if ((rc = nl_socket_add_membership(m->sk, RTNLGRP_LINK)) < 0)
		return mon_fail(m, rc, "join RTNLGRP_LINK", err);
	if ((rc = nl_socket_set_nonblocking(m->sk)) < 0)
		return mon_fail(m, rc, "set non-blocking", err);
	if (setsockopt(nl_socket_get_fd(m->sk), SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) < 0)
		return mon_fail(m, -nl_syserr2nlerr(errno), "set SO_RCVBUF", err);
	/* Bigger messages than libnl's default buffer: read them whole. */
	nl_socket_enable_msg_peek(m->sk);
	*out = m;
	return 0;
}

int bw_nlmon_join_addrs(struct bw_nlmon *m, struct bw_err *err)
{
	int rc = nl_socket_add_membership(m->sk, RTNLGRP_IPV4_IFADDR);

	if (rc < 0) {
		bw_err_set(err, bw_nl_errno(rc), "link monitor: join RTNLGRP_IPV4_IFADDR: %s",
			   nl_geterror(rc));
		return bw_nl_errno(rc);
	}
	return 0;
}

int bw_nlmon_fd(const struct bw_nlmon *m)
{
	return nl_socket_get_fd(m->sk);
}

/* nl_recvmsgs reads one datagram batch per call: loop until EAGAIN. libnl
 * 3.7 turns recvmsg's ENOBUFS (the kernel dropped events for us) into
 * -NLE_NOMEM (seen in tests/integration/nl_state.sh), indistinguishable from
 * its own allocation failure; both mean "events were lost", and the answer
 * to both is a full re-read. The socket stays usable afterwards. */
int bw_nlmon_read(struct bw_nlmon *m, bw_link_cb cb, void *ctx)
{
	return bw_nlmon_read_all(m, cb, NULL, ctx);
}

int bw_nlmon_read_all(struct bw_nlmon *m, bw_link_cb cb, bw_addr_cb addr_cb, void *ctx)
{
	int rc;

	m->fn = cb;
	m->addr_fn = addr_cb;
	m->ctx = ctx;
	for (;;) {
		rc = nl_recvmsgs(m->sk, m->cb);
		if (rc == -NLE_AGAIN)
			return 0;
		if (rc == -NLE_NOMEM)
			return -ENOBUFS;
		if (rc < 0)
			return bw_nl_errno(rc);
	}
}

void bw_nlmon_close(struct bw_nlmon *m)
{
	if (!m)
		return;
	if (m->cb)
		nl_cb_put(m->cb);
	if (m->sk)
		nl_socket_free(m->sk);
	free(m);
}
