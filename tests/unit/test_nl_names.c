// SPDX-License-Identifier: GPL-2.0-or-later
/* test_nl_names.c - names and ifindexes looked up through the request
 * socket (bw_nl_ifindex, bw_nl_ifname): they agree with libc's lookups and
 * say "none" the same way. Needs only a NETLINK_ROUTE socket and lo, which
 * every network namespace has; skipped when no socket can be opened. */
#include <net/if.h>
#include "harness.h"
#include "../../lib/netlink/nl_priv.h"

TEST(nl_names_agree_with_libc)
{
	struct bw_err err = { 0 };
	struct bw_nl *nl;
	char buf[BW_NL_NAMEBUF];
	int lo = (int)if_nametoindex("lo");

	if (lo <= 0 || bw_nl_open(&nl, &err) < 0) {
		printf("# nl_names: skipped (%s)\n", lo <= 0 ? "no lo" : err.msg);
		return;
	}
	CHECK_INT(bw_nl_ifindex(nl, "lo"), lo);
	CHECK_INT(bw_nl_ifindex(nl, "bwnosuch0"), 0);
	CHECK_INT(bw_nl_ifindex(nl, "a-name-longer-than-ifnamsiz"), 0);
	CHECK_INT(bw_nl_ifindex(nl, ""), 0);
	CHECK_STR(bw_nl_ifname(nl, lo, buf), "lo");
	CHECK_STR(bw_nl_ifname(nl, 0, buf), "ifindex 0");
	CHECK_STR(bw_nl_ifname(nl, -3, buf), "ifindex -3");
	CHECK_STR(bw_nl_ifname(nl, 0x7ffffff0, buf), "ifindex 2147483632");
	/* Lookups are not writes. */
	CHECK_INT(bw_nl_writes(nl), 0);
	bw_nl_close(nl);
}
