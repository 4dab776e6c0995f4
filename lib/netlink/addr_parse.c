// SPDX-License-Identifier: GPL-2.0-or-later
/* addr_parse.c - one RTM_NEWADDR / RTM_DELADDR message to a struct
 * bw_kaddr: the same parse for the address dump (nl_read.c) and the
 * address events (nl_monitor.c), so a dumped and an announced address
 * compare equal. Raw: a few attributes, bounded by their lengths. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include "nl_priv.h"

bool bw_nl_get_ip(const struct nlattr *a, int family, struct bw_ip *ip)
{
	int len = family == AF_INET ? 4 : 16;

	if (!a || nla_len(a) < len)
		return false;
	ip->family = family;
	memcpy(&ip->a, nla_data(a), (size_t)len);
	return true;
}

int bw_addr_parse(const struct nlmsghdr *h, struct bw_kaddr *out)
{
	struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg ifa;
	uint32_t flags;

	memset(out, 0, sizeof(*out));
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(ifa)) ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(ifa), tb, IFA_MAX, NULL) < 0)
		return -EINVAL;
	memcpy(&ifa, nlmsg_data(h), sizeof(ifa));
	if (ifa.ifa_family != AF_INET && ifa.ifa_family != AF_INET6)
		return -ENOMSG;
	/* IPv4: IFA_LOCAL is ours, IFA_ADDRESS the peer's on a point-to-point
	 * link; IPv6 sends IFA_ADDRESS only. */
	if (!bw_nl_get_ip(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], ifa.ifa_family,
		    &out->prefix.ip))
		return -EINVAL;
	if (ifa.ifa_prefixlen > (ifa.ifa_family == AF_INET ? 32 : 128))
		return -EINVAL;
	out->ifindex = (int)ifa.ifa_index;
	out->prefix.len = ifa.ifa_prefixlen;
	out->scope = ifa.ifa_scope;
	/* IFA_FLAGS (32 bits) supersedes the header's 8-bit ifa_flags. */
	flags = tb[IFA_FLAGS] && nla_len(tb[IFA_FLAGS]) >= 4 ? nla_get_u32(tb[IFA_FLAGS])
							     : ifa.ifa_flags;
	/* The kernel marks an address without a lifetime IFA_F_PERMANENT. */
	out->dynamic = !(flags & IFA_F_PERMANENT);
	out->secondary = (flags & IFA_F_SECONDARY) != 0;
	if (out->dynamic && tb[IFA_CACHEINFO] &&
	    nla_len(tb[IFA_CACHEINFO]) >= (int)sizeof(struct ifa_cacheinfo)) {
		struct ifa_cacheinfo ci;

		memcpy(&ci, nla_data(tb[IFA_CACHEINFO]), sizeof(ci));
		out->valid_lft = ci.ifa_valid;
	}
	return 0;
}

int64_t bw_nl_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}
