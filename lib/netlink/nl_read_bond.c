// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_read_bond.c - one bond and its slaves, without a whole dump: an
 * RTM_GETLINK of the bond, and an RTM_GETLINK dump that the kernel filters
 * by IFLA_MASTER (rtnl_dump_ifinfo), so the cost is the bond's links, not
 * the host's. For the subagent's re-read of 802.3ad bonds (whose LACP
 * state changes without an rtnetlink event). */
#include <errno.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <netlink/handlers.h>
#include "nl_priv.h"

struct one_link {
	bw_link_cb fn;
	void *ctx;
	bool done;
};

/* libnl asks for an ACK with each request: a GET's answer is complete
 * when it came (none may stay queued for the next request to trip on). */
static int on_ack(struct nl_msg *msg, void *arg)
{
	struct one_link *o = arg;

	(void)msg;
	o->done = true;
	return NL_STOP;
}

/* The end of a dump (the kernel sends no ACK after one). */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct one_link *o = arg;

	(void)msg;
	o->done = true;
	return NL_STOP;
}

static int on_link_msg(struct nl_msg *msg, void *arg)
{
	struct one_link *o = arg;
	const struct nlmsghdr *h = nlmsg_hdr(msg);
	struct bw_link l;

	if (h->nlmsg_type == RTM_NEWLINK && bw_link_parse(h, &l) == 0)
		o->fn(o->ctx, RTM_NEWLINK, &l);
	return NL_OK;
}

/* One request of type RTM_GETLINK with flags and an optional IFLA_MASTER
 * filter; every RTM_NEWLINK of the answer goes to fn. */
static int get_links(struct bw_nl *nl, int flags, int ifindex, int master,
		     bw_link_cb fn, void *ctx)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct one_link o = { fn, ctx, false };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, flags);
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc = -NLE_NOMEM;

	if (msg && cb && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0 &&
	    (!master || nla_put_u32(msg, IFLA_MASTER, (uint32_t)master) == 0)) {
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_link_msg, &o);
		nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &o);
		nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &o);
		rc = nl_send_auto(nl->sk, msg);
		while (rc >= 0 && !o.done)
			rc = nl_recvmsgs(nl->sk, cb);
	}
	nlmsg_free(msg);
	nl_cb_put(cb);
	return rc < 0 ? bw_nl_errno(rc) : 0;
}

int bw_nl_read_bond(struct bw_nl *nl, int bond_ifindex, bw_link_cb fn, void *ctx)
{
	int rc = get_links(nl, 0, bond_ifindex, 0, fn, ctx);

	return rc < 0 ? rc : get_links(nl, NLM_F_DUMP, 0, bond_ifindex, fn, ctx);
}
