/* SPDX-License-Identifier: GPL-2.0-or-later */
/* health.h - the one rule for a bond's health, used by `bondmgr status`
 * and by BONDWATCH-MIB's bwBondStatus (and its bond-down notification), so
 * the two never disagree. */
#ifndef BW_HEALTH_H
#define BW_HEALTH_H

#include <stdbool.h>
#include "bondwatch/kstate.h"

/* The values are bwBondStatus's enumeration. */
enum bw_health { BW_HEALTH_UP = 1, BW_HEALTH_DEGRADED = 2, BW_HEALTH_DOWN = 3 };

/* up: every slave's MII status is up; degraded: some are; down: none is,
 * there is no slave, or the bond is administratively down. */
enum bw_health bw_health_rule(bool admin_up, unsigned n_slaves, unsigned n_slaves_up);
/* The rule for bond, counting its slaves in ks. */
enum bw_health bw_bond_health(const struct bw_kstate *ks, const struct bw_link *bond);
/* "up", "degraded", "down". */
const char *bw_health_name(enum bw_health h);

#endif
