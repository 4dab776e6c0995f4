// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_read.c - the kernel's state in three dumps: links (raw parse, for the
 * bond data libnl 3.7 lacks), addresses and default routes of the main
 * table. Address and route replies are parsed raw too: they are a few
 * attributes each, and one dump loop serves all three. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include "nl_priv.h"

/* Room for one more element, growing by doubling (n is the count). */
static void *grow(void **arr, int n, size_t size)
{
	if ((n & (n - 1)) == 0) {  /* n is 0 or a power of two: full */
		void *p = realloc(*arr, (size_t)(n ? 2 * n : 1) * size);

		if (!p)
			return NULL;
		*arr = p;
	}
	return (char *)*arr + (size_t)n * size;
}

static int on_link(const struct nlmsghdr *h, void *arg)
{
	struct bw_kstate *ks = arg;
	struct bw_link *l;

	if (h->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (!(l = grow((void **)&ks->links, ks->n_links, sizeof(*l))))
		return -ENOMEM;
	if (bw_link_parse(h, l) == 0)  /* a malformed one is skipped */
		ks->n_links++;
	return 0;
}

static uint32_t get_u32(const struct nlattr *a, uint32_t dflt)
{
	return a && nla_len(a) >= 4 ? nla_get_u32(a) : dflt;
}

static int on_addr(const struct nlmsghdr *h, void *arg)
{
	struct bw_kstate *ks = arg;
	struct bw_kaddr k;
	struct bw_kaddr *slot;

	if (h->nlmsg_type != RTM_NEWADDR || bw_addr_parse(h, &k) < 0)
		return 0;
	k.read_at = bw_nl_now_s();
	if (!(slot = grow((void **)&ks->addrs, ks->n_addrs, sizeof(*slot))))
		return -ENOMEM;
	*slot = k;
	ks->n_addrs++;
	return 0;
}

/* An ECMP default route (IPv6 with several routers) has its gateways in
 * RTA_MULTIPATH: the first next hop stands for it. */
static void first_nexthop(const struct nlattr *mp, int family, struct bw_kroute *r)
{
	const struct rtnexthop *nh = nla_data(mp);
	int len = nla_len(mp);
	struct nlattr *tb[RTA_MAX + 1];

	if (len < (int)sizeof(*nh) || nh->rtnh_len < sizeof(*nh) || nh->rtnh_len > len)
		return;
	r->ifindex = nh->rtnh_ifindex;
	if (nla_parse(tb, RTA_MAX, (struct nlattr *)RTNH_DATA(nh),
		      nh->rtnh_len - (int)RTNH_LENGTH(0), NULL) == 0)
		bw_nl_get_ip(tb[RTA_GATEWAY], family, &r->via);
}

static int on_route(const struct nlmsghdr *h, void *arg)
{
	struct bw_kstate *ks = arg;
	struct nlattr *tb[RTA_MAX + 1];
	struct rtmsg rtm;
	struct bw_kroute r = { 0 };
	struct bw_kroute *slot;

	if (h->nlmsg_type != RTM_NEWROUTE ||
	    nlmsg_parse((struct nlmsghdr *)h, sizeof(rtm), tb, RTA_MAX, NULL) < 0)
		return 0;
	memcpy(&rtm, nlmsg_data(h), sizeof(rtm));
	if ((rtm.rtm_family != AF_INET && rtm.rtm_family != AF_INET6) ||
	    rtm.rtm_dst_len != 0 || rtm.rtm_type != RTN_UNICAST ||
	    get_u32(tb[RTA_TABLE], rtm.rtm_table) != RT_TABLE_MAIN)
		return 0;
	r.ifindex = (int)get_u32(tb[RTA_OIF], 0);
	bw_nl_get_ip(tb[RTA_GATEWAY], rtm.rtm_family, &r.via);
	if (tb[RTA_MULTIPATH] && !r.ifindex)
		first_nexthop(tb[RTA_MULTIPATH], rtm.rtm_family, &r);
	r.metric = get_u32(tb[RTA_PRIORITY], 0);
	r.protocol = rtm.rtm_protocol;
	if (!(slot = grow((void **)&ks->routes, ks->n_routes, sizeof(*slot))))
		return -ENOMEM;
	*slot = r;
	ks->n_routes++;
	return 0;
}

static int read_once(struct bw_nl *nl, struct bw_kstate *ks, const char **what)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct ifaddrmsg ifa = { .ifa_family = AF_UNSPEC };
	struct rtmsg rtm = { .rtm_family = AF_UNSPEC, .rtm_table = RT_TABLE_MAIN };
	int rc;

	*what = "links";
	rc = bw_nl_dump(nl, RTM_GETLINK, &ifi, sizeof(ifi), on_link, ks);
	if (rc == 0) {
		*what = "addresses";
		rc = bw_nl_dump(nl, RTM_GETADDR, &ifa, sizeof(ifa), on_addr, ks);
	}
	if (rc == 0) {
		*what = "routes";
		rc = bw_nl_dump(nl, RTM_GETROUTE, &rtm, sizeof(rtm), on_route, ks);
	}
	return rc;
}

int bw_nl_read_state(struct bw_nl *nl, struct bw_kstate *ks, struct bw_err *err)
{
	const char *what = "links";
	int rc = -EINTR;

	memset(ks, 0, sizeof(*ks));
	/* A dump that raced a change is flagged NLM_F_DUMP_INTR: read again. */
	for (int i = 0; i < 5 && rc == -EINTR; i++) {
		bw_kstate_free(ks);
		rc = read_once(nl, ks, &what);
	}
	if (rc < 0) {
		bw_kstate_free(ks);
		bw_err_set(err, rc, "read kernel %s: %s", what,
			   rc == -EINTR ? "the dump kept changing under us" : strerror(-rc));
		return rc;
	}
	bw_kstate_resolve_names(ks);
	return 0;
}
