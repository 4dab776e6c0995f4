// SPDX-License-Identifier: GPL-2.0-or-later
/* addr.c - the bonds' addresses from RTNLGRP_IPV4_IFADDR: an RTM_NEWADDR
 * (a new address, or new lifetimes when a lease is renewed) or
 * RTM_DELADDR for a bond updates ctx->ks; state.c then rebuilds the rows,
 * whose diff
 * raises bwBondAddressChanged when the bond's address itself changed
 * (model/addr.c), never for a renewal. Other links' addresses are not
 * kept: the agent serves bonds only.
 */
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include "agent.h"

static bool known(const struct bw_kstate *ks, const struct bw_kaddr *a)
{
	for (int i = 0; i < ks->n_addrs; i++)
		if (ks->addrs[i].ifindex == a->ifindex && bw_prefix_equal(&ks->addrs[i].prefix, &a->prefix))
			return true;
	return false;
}

bool bwa_addr_apply(struct bwa_ctx *ctx, int msgtype, const struct bw_kaddr *a)
{
	const struct bw_link *l = bw_kstate_link_by_index(&ctx->ks, a->ifindex);

	if (!l || !l->is_bond)
		return false;
	if (msgtype == RTM_DELADDR) {
		bw_kstate_remove_addr(&ctx->ks, a);
	} else {
		/* Bounded: an address storm on a bond cannot grow the state
		 * without limit (only the primary IPv4 address is served). */
		if (bw_kstate_count_addrs(&ctx->ks, a->ifindex) >= BWA_ADDRS_PER_BOND_MAX &&
		    !known(&ctx->ks, a)) {
			bw_log(BW_LOG_WARNING, "%s: more than %d addresses, ignoring more", l->name,
			       BWA_ADDRS_PER_BOND_MAX);
			return false;
		}
		if (bw_kstate_upsert_addr(&ctx->ks, a) < 0) {
			bw_log(BW_LOG_ERR, "%s: out of memory, address state may be stale", l->name);
			return false;
		}
	}
	return true;
}

void bwa_addr_log(const struct bwa_bond *b)
{
	static const char *const source[] = { "?", "none", "static", "dhcp" };
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &b->addr.ip, ip, sizeof(ip));
	bw_log(BW_LOG_INFO, "%s: address changed: %s/%u (%s)", b->name, ip,
	       (unsigned)b->addr.prefix_len, source[b->addr.source <= BWA_ADDR_DHCP ? b->addr.source : 0]);
}
