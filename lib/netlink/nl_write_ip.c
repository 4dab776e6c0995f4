// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_write_ip.c - address and default-route writes (raw RTM_*ADDR and
 * RTM_*ROUTE, so they share bw_nl_talk's counting and kernel messages). */
#include <errno.h>
#include <stdio.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include "nl_priv.h"

static int ip_len(const struct bw_ip *ip)
{
	return ip->family == AF_INET ? 4 : ip->family == AF_INET6 ? 16 : 0;
}

/* IFA_LOCAL and IFA_ADDRESS both = the address: for IPv4 a different
 * IFA_ADDRESS would mean a peer, IPv6 reads IFA_ADDRESS. */
int bw_nl_addr(struct bw_nl *nl, bool add, int ifindex, const struct bw_prefix *p,
	       struct bw_err *err)
{
	struct ifaddrmsg ifa = {
		.ifa_family = (unsigned char)p->ip.family, .ifa_prefixlen = p->len,
		.ifa_scope = RT_SCOPE_UNIVERSE, .ifa_index = (unsigned)ifindex,
	};
	struct nl_msg *msg;
	char what[128], n[BW_NL_NAMEBUF], a[INET6_ADDRSTRLEN + 4];
	int rc = -ENOMEM, len = ip_len(&p->ip);

	snprintf(what, sizeof(what), "%s address %s %s %s", add ? "add" : "delete",
		 bw_prefix_str(p, a, sizeof(a)), add ? "to" : "from", bw_nl_ifname(nl, ifindex, n));
	if (!len) {
		bw_err_set(err, -EINVAL, "%s: no address family", what);
		return -EINVAL;
	}
	msg = nlmsg_alloc_simple(add ? RTM_NEWADDR : RTM_DELADDR,
				 add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	if (msg)
		rc = (nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
		      nla_put(msg, IFA_LOCAL, len, &p->ip.a) < 0 ||
		      nla_put(msg, IFA_ADDRESS, len, &p->ip.a) < 0) ? -EMSGSIZE : 0;
	return bw_nl_talk_free(nl, msg, rc, what, err);
}

/* Delete matches any protocol and scope (0 / RT_SCOPE_NOWHERE, like
 * `ip route del`); metric 0 means the family's default on add (0 for IPv4,
 * 1024 for IPv6) and "any" on delete, so it is only sent when non-zero. */
static struct nl_msg *route_msg(bool add, int ifindex, const struct bw_ip *via,
				uint32_t metric)
{
	struct rtmsg rtm = {
		.rtm_family = (unsigned char)via->family, .rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = add ? RTPROT_BOOT : 0,
		.rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE,
		.rtm_type = RTN_UNICAST,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(add ? RTM_NEWROUTE : RTM_DELROUTE,
						add ? NLM_F_CREATE | NLM_F_EXCL : 0);

	if (!msg)
		return NULL;
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, RTA_TABLE, RT_TABLE_MAIN) < 0 ||
	    nla_put(msg, RTA_GATEWAY, ip_len(via), &via->a) < 0 ||
	    (ifindex && nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex) < 0) ||
	    (metric && nla_put_u32(msg, RTA_PRIORITY, metric) < 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int bw_nl_route_default(struct bw_nl *nl, bool add, int ifindex, const struct bw_ip *via,
			uint32_t metric, struct bw_err *err)
{
	char what[128], n[BW_NL_NAMEBUF], g[INET6_ADDRSTRLEN];

	snprintf(what, sizeof(what), "%s default route via %s dev %s", add ? "add" : "delete",
		 bw_ip_str(via, g, sizeof(g)), bw_nl_ifname(nl, ifindex, n));
	if (!ip_len(via)) {
		bw_err_set(err, -EINVAL, "%s: no address family", what);
		return -EINVAL;
	}
	return bw_nl_talk_free(nl, route_msg(add, ifindex, via, metric), 0, what, err);
}
