// SPDX-License-Identifier: GPL-2.0-or-later
/* addr.c - the bond's IPv4 address as the MIB shows it (bwBondAddressSource,
 * bwBondIpAddress, bwBondIpPrefixLength, bwBondLeaseRemaining), and when it
 * counts as changed (bwBondAddressChanged). See model.h for the rule. */
#include <string.h>
#include "model.h"

void bwa_bond_addr_pick(const struct bw_kstate *ks, int ifindex, struct bwa_bond_addr *out)
{
	const struct bw_kaddr *best = bw_kstate_link_ipv4(ks, ifindex);

	memset(out, 0, sizeof(*out));
	out->source = BWA_ADDR_NONE;
	if (!best)
		return;
	out->source = best->dynamic ? BWA_ADDR_DHCP : BWA_ADDR_STATIC;
	out->ip = best->prefix.ip.a.v4;
	out->prefix_len = best->prefix.len;
	if (best->dynamic) {
		out->valid_lft = best->valid_lft;
		out->read_at = best->read_at;
	}
}

/* A renewal changes the lifetimes only: not a change. */
bool bwa_bond_addr_changed(const struct bwa_bond_addr *old, const struct bwa_bond_addr *now)
{
	return old->source != now->source || old->ip.s_addr != now->ip.s_addr ||
	       old->prefix_len != now->prefix_len;
}

uint32_t bwa_bond_lease_left(const struct bwa_bond_addr *a, int64_t now_s)
{
	int64_t left;

	/* INFINITY_LIFE_TIME (0xffffffff): dynamic but never expiring. */
	if (a->source != BWA_ADDR_DHCP || a->valid_lft == UINT32_MAX)
		return a->source == BWA_ADDR_DHCP ? UINT32_MAX : 0;
	left = (int64_t)a->valid_lft - (now_s - a->read_at);
	return left > 0 ? (uint32_t)left : 0;
}
