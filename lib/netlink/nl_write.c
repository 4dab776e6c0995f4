// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_write.c - link writes: bond create/change, delete, up/down, master.
 * Raw RTM_NEWLINK/DELLINK messages; each is one bw_nl_talk (one counted
 * write, the kernel's reason on a refusal). */
#include <errno.h>
#include <stdio.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include "nl_priv.h"

/* RTM_NEWLINK/DELLINK with an ifinfomsg for ifindex (0 = new link). */
static struct nl_msg *link_msg(int type, int flags, int ifindex, unsigned ifflags,
			       unsigned change)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC, .ifi_index = ifindex,
		.ifi_flags = ifflags, .ifi_change = change,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags);

	if (msg && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int bw_nl_bond_create(struct bw_nl *nl, const char *name, const struct bw_bond_params *p,
		      uint32_t mask, int primary_ifindex, struct bw_err *err)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, 0, 0);
	char what[64];
	int rc = -ENOMEM;

	snprintf(what, sizeof(what), "create bond %s", name);
	if (msg)
		rc = nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
		     bw_nl_put_bond_link(msg, p, mask) < 0 ? -EMSGSIZE
			: bw_nl_put_bond_info(msg, p, mask, primary_ifindex);
	return bw_nl_talk_free(nl, msg, rc, what, err);
}

int bw_nl_bond_change(struct bw_nl *nl, int ifindex, const struct bw_bond_params *p,
		      uint32_t mask, int primary_ifindex, struct bw_err *err)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex, 0, 0);
	char what[64], n[BW_NL_NAMEBUF];
	int rc = -ENOMEM;

	snprintf(what, sizeof(what), "change bond %s", bw_nl_ifname(nl, ifindex, n));
	if (msg)
		rc = bw_nl_put_bond_link(msg, p, mask) < 0 ? -EMSGSIZE
			: bw_nl_put_bond_info(msg, p, mask, primary_ifindex);
	return bw_nl_talk_free(nl, msg, rc, what, err);
}

int bw_nl_link_del(struct bw_nl *nl, int ifindex, struct bw_err *err)
{
	char what[64], n[BW_NL_NAMEBUF];

	snprintf(what, sizeof(what), "delete %s", bw_nl_ifname(nl, ifindex, n));
	return bw_nl_talk_free(nl, link_msg(RTM_DELLINK, 0, ifindex, 0, 0), 0, what, err);
}

int bw_nl_link_set_up(struct bw_nl *nl, int ifindex, bool up, struct bw_err *err)
{
	char what[64], n[BW_NL_NAMEBUF];

	snprintf(what, sizeof(what), "set %s %s", bw_nl_ifname(nl, ifindex, n), up ? "up" : "down");
	return bw_nl_talk_free(nl, link_msg(RTM_NEWLINK, 0, ifindex, up ? IFF_UP : 0, IFF_UP), 0,
			 what, err);
}

/* Only IFLA_MASTER: the kernel refuses to enslave a link that is up
 * ("Device can not be enslaved while up", EPERM), and handles MASTER before
 * flags in one message, so down/master/up are three requests (the planner). */
int bw_nl_link_set_master(struct bw_nl *nl, int ifindex, int master_ifindex, struct bw_err *err)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex, 0, 0);
	char what[80], n[BW_NL_NAMEBUF], m[BW_NL_NAMEBUF];
	int rc = -ENOMEM;

	if (master_ifindex)
		snprintf(what, sizeof(what), "enslave %s to %s", bw_nl_ifname(nl, ifindex, n),
			 bw_nl_ifname(nl, master_ifindex, m));
	else
		snprintf(what, sizeof(what), "release %s", bw_nl_ifname(nl, ifindex, n));
	if (msg)
		rc = nla_put_u32(msg, IFLA_MASTER, (uint32_t)master_ifindex);
	return bw_nl_talk_free(nl, msg, rc, what, err);
}
