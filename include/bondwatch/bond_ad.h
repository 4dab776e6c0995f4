/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bond_ad.h - what the kernel reports of the load-balancing and 802.3ad
 * (LACP) modes and of a slave's link (speed, duplex): the values, as the
 * kernel sends them (include/uapi/linux/if_bonding.h, bond_3ad.h,
 * ethtool.h), and their words, which are the kernel's (/proc/net/bonding,
 * sysfs) so `bondmgr status` reads like the kernel's own files.
 *
 * Read-only here: bondmgr's writing of these options lives with the other
 * options (bond_opts.h).
 */
#ifndef BW_BOND_AD_H
#define BW_BOND_AD_H

#include <stdbool.h>
#include <stdint.h>

/* The transmit hash, LACP rate and ad_select values and words are the
 * options' (bond_opts.h: bw_xhp_name, bw_lacp_name, bw_ads_name). */
/* bond_3ad.h enum churn_state */
enum bw_ad_churn { BW_CHURN_MONITOR = 0, BW_CHURN_CHURNED = 1, BW_CHURN_NONE = 2 };
/* ethtool.h DUPLEX_* */
enum bw_duplex { BW_DUPLEX_HALF = 0, BW_DUPLEX_FULL = 1, BW_DUPLEX_UNKNOWN = 0xff };
/* ethtool.h SPEED_UNKNOWN (-1 as u32): the driver does not know (no link). */
#define BW_SPEED_UNKNOWN 0xffffffffu

/* LACP port state bits (IEEE 802.1AX; bond_3ad.c AD_STATE_*). */
#define BW_LACP_ST_ACTIVITY      0x01
#define BW_LACP_ST_TIMEOUT       0x02
#define BW_LACP_ST_AGGREGATION   0x04
#define BW_LACP_ST_SYNC          0x08
#define BW_LACP_ST_COLLECTING    0x10
#define BW_LACP_ST_DISTRIBUTING  0x20
#define BW_LACP_ST_DEFAULTED     0x40
#define BW_LACP_ST_EXPIRED       0x80

/* The kernel's words ("churned", "half"); "unknown" for a value out of
 * range. */
const char *bw_ad_churn_word(unsigned v);
const char *bw_duplex_word(unsigned v);

struct bw_bond_ad;
struct bw_slave_ad;
struct bw_kstate;
struct bw_link;

/* The rules both `bondmgr status` and the MIB use (like health.h):
 * a working member of the active aggregator is in it by id and both
 * collecting and distributing; a slave takes part in the speed/duplex
 * comparison when its MII status is up and both are known; a bond's
 * members differ when two of those do not have the same speed and duplex. */
bool bw_ad_working_member(const struct bw_bond_ad *bond, const struct bw_slave_ad *slave);
bool bw_linkmodes_comparable(uint8_t mii_status, uint32_t speed, uint8_t duplex);
bool bw_bond_linkmodes_differ(const struct bw_kstate *ks, const struct bw_link *bond);

/* Modes whose transmit hash policy means something (bond_options.c:
 * balance-xor, 802.3ad, balance-tlb). */
bool bw_mode_has_xmit_hash(unsigned mode);

#endif
