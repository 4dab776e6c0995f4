// SPDX-License-Identifier: GPL-2.0-or-later
/* health.c - a bond's health (see health.h). */
#include <net/if.h>
#include <stddef.h>
#include "bondwatch/health.h"

enum bw_health bw_health_rule(bool admin_up, unsigned n_slaves, unsigned n_slaves_up)
{
	if (!admin_up || n_slaves_up == 0)
		return BW_HEALTH_DOWN;
	return n_slaves_up == n_slaves ? BW_HEALTH_UP : BW_HEALTH_DEGRADED;
}

enum bw_health bw_bond_health(const struct bw_kstate *ks, const struct bw_link *bond)
{
	const struct bw_link *l = NULL;
	unsigned n = 0, up = 0;

	while ((l = bw_kstate_next_slave(ks, bond, l))) {
		n++;
		up += l->slave.mii_status == BW_MII_UP;
	}
	return bw_health_rule((bond->flags & IFF_UP) != 0, n, up);
}

const char *bw_health_name(enum bw_health h)
{
	switch (h) {
	case BW_HEALTH_UP: return "up";
	case BW_HEALTH_DEGRADED: return "degraded";
	case BW_HEALTH_DOWN: break;
	}
	return "down";
}
