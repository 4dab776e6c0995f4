// SPDX-License-Identifier: GPL-2.0-or-later
/* bond_ad.c - words for the load-balancing, 802.3ad and link-mode values
 * the kernel reports (bond_ad.h), indexed by the kernel's value. */
#include <stdbool.h>
#include <stddef.h>
#include "bondwatch/bond_ad.h"
#include "bondwatch/bond_opts.h"
#include "bondwatch/kstate.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* /proc/net/bonding's words (bond_3ad.c) */
static const char *const churn_tbl[] = {
	[BW_CHURN_MONITOR] = "monitoring", [BW_CHURN_CHURNED] = "churned",
	[BW_CHURN_NONE] = "none",
};

static const char *word(const char *const *tbl, size_t n, unsigned v)
{
	return v < n && tbl[v] ? tbl[v] : "unknown";
}

const char *bw_ad_churn_word(unsigned v) { return word(churn_tbl, N(churn_tbl), v); }

const char *bw_duplex_word(unsigned v)
{
	switch (v) {
	case BW_DUPLEX_HALF: return "half";
	case BW_DUPLEX_FULL: return "full";
	}
	return "unknown";
}

bool bw_mode_has_xmit_hash(unsigned mode)
{
	return mode == BW_MODE_BALANCE_XOR || mode == BW_MODE_8023AD ||
	       mode == BW_MODE_BALANCE_TLB;
}

bool bw_ad_working_member(const struct bw_bond_ad *bond, const struct bw_slave_ad *slave)
{
	const uint8_t working = BW_LACP_ST_COLLECTING | BW_LACP_ST_DISTRIBUTING;

	/* A member whose link failed keeps its aggregator id but stops
	 * collecting and distributing. */
	return slave->present && bond->has_info && bond->aggregator_id &&
	       slave->aggregator_id == bond->aggregator_id &&
	       (slave->actor_oper_state & working) == working;
}

bool bw_linkmodes_comparable(uint8_t mii_status, uint32_t speed, uint8_t duplex)
{
	return mii_status == BW_MII_UP && speed != BW_SPEED_UNKNOWN && duplex != BW_DUPLEX_UNKNOWN;
}

bool bw_bond_linkmodes_differ(const struct bw_kstate *ks, const struct bw_link *bond)
{
	const struct bw_link *first = NULL;

	for (const struct bw_link *l = NULL; (l = bw_kstate_next_slave(ks, bond, l));) {
		if (!l->has_linkmodes ||
		    !bw_linkmodes_comparable(l->slave.mii_status, l->speed, l->duplex))
			continue;
		if (!first)
			first = l;
		else if (l->speed != first->speed || l->duplex != first->duplex)
			return true;
	}
	return false;
}
