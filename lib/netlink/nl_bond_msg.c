// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_bond_msg.c - the IFLA_LINKINFO of a bond create/change request.
 *
 * libnl 3.7 has no bond option setters, so IFLA_BOND_* are put by hand.
 * The kernel (bond_changelink) applies them in ITS order, whatever ours:
 * MODE, MIIMON, UPDELAY, DOWNDELAY, ARP_INTERVAL, ARP_IP_TARGET,
 * ARP_VALIDATE, ARP_ALL_TARGETS, PRIMARY, PRIMARY_RESELECT, FAIL_OVER_MAC,
 * NUM_PEER_NOTIF, stopping at the first error. What that means for
 * switching monitors (seen with Debian's 6.1 in tests/integration/nl_state.sh):
 *  - MII -> ARP: send MIIMON 0 (or no MIIMON) with ARP_INTERVAL > 0. The
 *    kernel refuses ARP_INTERVAL/ARP_VALIDATE != 0 when the SAME message
 *    carries MIIMON != 0, and an ARP_INTERVAL != 0 zeroes miimon anyway.
 *  - ARP -> MII: send MIIMON > 0 with ARP_INTERVAL 0. MIIMON comes first
 *    and already stops ARP monitoring (and resets arp_validate to none).
 *  - UPDELAY/DOWNDELAY fail with EPERM while miimon is 0, even when the
 *    value is 0, so they are left out of a message that sets MIIMON 0
 *    (the kernel then reports them as 0: they are stored in miimon units).
 *    PEER_NOTIF_DELAY is one of them (_bond_option_delay_set).
 * The other modes' options follow in the kernel's order: PEER_NOTIF_DELAY
 * after DOWNDELAY, NS_IP6_TARGET after ARP_IP_TARGET, then XMIT_HASH_POLICY,
 * RESEND_IGMP, ALL_SLAVES_ACTIVE, MIN_LINKS, LP_INTERVAL, PACKETS_PER_SLAVE,
 * AD_LACP_RATE, AD_SELECT, MISSED_MAX. AD_LACP_RATE and AD_SELECT need the
 * bond down (BOND_OPTFLAG_IFDOWN: EBUSY while up, seen on Debian's 6.1):
 * the planner takes it down first. The bond's MTU and address are not bond
 * options but IFLA_MTU / IFLA_ADDRESS of the same RTM_NEWLINK, which the
 * kernel applies after bond_changelink (rtnl_newlink -> do_setlink).
 */
#include <errno.h>
#include <linux/if_link.h>
#include "nl_priv.h"

#define HAS(o) (mask & BW_OPT_BIT(o))

/* The nest's attribute types are the targets' indexes. An EMPTY nest is
 * how targets are cleared, so it must survive libnl's nla_nest_end (which
 * drops empty nests): nla_nest_end_keep_empty. */
static int put_arp_targets(struct nl_msg *msg, const struct bw_bond_params *p)
{
	struct nlattr *nest = nla_nest_start(msg, IFLA_BOND_ARP_IP_TARGET);
	int rc = 0;

	if (!nest)
		return -EMSGSIZE;
	for (int i = 0; i < p->n_arp_targets && i < BW_MAX_ARP_TARGETS; i++)
		rc |= nla_put(msg, i, 4, &p->arp_targets[i].s_addr);
	rc |= nla_nest_end_keep_empty(msg, nest);
	return rc ? -EMSGSIZE : 0;
}

/* An empty nest clears the NS targets, as for the ARP targets. */
static int put_ns_targets(struct nl_msg *msg, const struct bw_bond_params *p)
{
	struct nlattr *nest = nla_nest_start(msg, IFLA_BOND_NS_IP6_TARGET);
	int rc = 0;

	if (!nest)
		return -EMSGSIZE;
	for (int i = 0; i < p->n_ns_targets && i < BW_MAX_ARP_TARGETS; i++)
		rc |= nla_put(msg, i, 16, &p->ns_targets[i]);
	rc |= nla_nest_end_keep_empty(msg, nest);
	return rc ? -EMSGSIZE : 0;
}

/* The other modes' options, in the kernel's order after NUM_PEER_NOTIF's
 * neighbours (see the top of the file); PEER_NOTIF_DELAY and NS targets are
 * put by put_options at their place. */
static int put_mode_options(struct nl_msg *msg, const struct bw_bond_params *p, uint32_t mask)
{
	int rc = 0;

	if (HAS(BW_OPT_XMIT_HASH))
		rc |= nla_put_u8(msg, IFLA_BOND_XMIT_HASH_POLICY, p->xmit_hash);
	if (HAS(BW_OPT_RESEND_IGMP))
		rc |= nla_put_u32(msg, IFLA_BOND_RESEND_IGMP, p->resend_igmp);
	if (HAS(BW_OPT_ALL_SLAVES_ACTIVE))
		rc |= nla_put_u8(msg, IFLA_BOND_ALL_SLAVES_ACTIVE, p->all_slaves_active);
	if (HAS(BW_OPT_MIN_LINKS))
		rc |= nla_put_u32(msg, IFLA_BOND_MIN_LINKS, p->min_links);
	if (HAS(BW_OPT_LP_INTERVAL))
		rc |= nla_put_u32(msg, IFLA_BOND_LP_INTERVAL, p->lp_interval);
	if (HAS(BW_OPT_PACKETS_PER_SLAVE))
		rc |= nla_put_u32(msg, IFLA_BOND_PACKETS_PER_SLAVE, p->packets_per_slave);
	if (HAS(BW_OPT_LACP_RATE))
		rc |= nla_put_u8(msg, IFLA_BOND_AD_LACP_RATE, p->lacp_rate);
	if (HAS(BW_OPT_AD_SELECT))
		rc |= nla_put_u8(msg, IFLA_BOND_AD_SELECT, p->ad_select);
	if (HAS(BW_OPT_MISSED_MAX))
		rc |= nla_put_u8(msg, IFLA_BOND_MISSED_MAX, p->missed_max);
	return rc ? -EMSGSIZE : 0;
}

static int put_options(struct nl_msg *msg, const struct bw_bond_params *p, uint32_t mask,
		       int primary_ifindex)
{
	bool delays = !(HAS(BW_OPT_MIIMON) && p->miimon == 0);
	int rc = 0;

	if (HAS(BW_OPT_MODE))
		rc |= nla_put_u8(msg, IFLA_BOND_MODE, p->mode);
	if (HAS(BW_OPT_MIIMON))
		rc |= nla_put_u32(msg, IFLA_BOND_MIIMON, p->miimon);
	if (HAS(BW_OPT_UPDELAY) && delays)
		rc |= nla_put_u32(msg, IFLA_BOND_UPDELAY, p->updelay);
	if (HAS(BW_OPT_DOWNDELAY) && delays)
		rc |= nla_put_u32(msg, IFLA_BOND_DOWNDELAY, p->downdelay);
	if (HAS(BW_OPT_PEER_NOTIF_DELAY) && delays)
		rc |= nla_put_u32(msg, IFLA_BOND_PEER_NOTIF_DELAY, p->peer_notif_delay);
	if (HAS(BW_OPT_ARP_INTERVAL))
		rc |= nla_put_u32(msg, IFLA_BOND_ARP_INTERVAL, p->arp_interval);
	if (HAS(BW_OPT_ARP_IP_TARGETS))
		rc |= put_arp_targets(msg, p);
	if (HAS(BW_OPT_NS_IP6_TARGETS))
		rc |= put_ns_targets(msg, p);
	if (HAS(BW_OPT_ARP_VALIDATE))
		rc |= nla_put_u32(msg, IFLA_BOND_ARP_VALIDATE, p->arp_validate);
	if (HAS(BW_OPT_ARP_ALL_TARGETS))
		rc |= nla_put_u32(msg, IFLA_BOND_ARP_ALL_TARGETS, p->arp_all_targets);
	/* An ifindex the kernel cannot resolve (0 included) clears the primary. */
	if (HAS(BW_OPT_PRIMARY))
		rc |= nla_put_u32(msg, IFLA_BOND_PRIMARY, (uint32_t)primary_ifindex);
	if (HAS(BW_OPT_PRIMARY_RESELECT))
		rc |= nla_put_u8(msg, IFLA_BOND_PRIMARY_RESELECT, p->primary_reselect);
	if (HAS(BW_OPT_FAIL_OVER_MAC))
		rc |= nla_put_u8(msg, IFLA_BOND_FAIL_OVER_MAC, p->fail_over_mac);
	if (HAS(BW_OPT_NUM_GRAT_ARP))
		rc |= nla_put_u8(msg, IFLA_BOND_NUM_PEER_NOTIF, p->num_grat_arp);
	rc |= put_mode_options(msg, p, mask);
	return rc ? -EMSGSIZE : 0;
}

int bw_nl_put_bond_info(struct nl_msg *msg, const struct bw_bond_params *p, uint32_t mask,
			int primary_ifindex)
{
	struct nlattr *info, *data;

	if (!(info = nla_nest_start(msg, IFLA_LINKINFO)) ||
	    nla_put_string(msg, IFLA_INFO_KIND, "bond") < 0 ||
	    !(data = nla_nest_start(msg, IFLA_INFO_DATA)) ||
	    put_options(msg, p, mask, primary_ifindex) < 0)
		return -EMSGSIZE;
	if (nla_nest_end(msg, data) < 0 || nla_nest_end(msg, info) < 0)
		return -EMSGSIZE;
	return 0;
}

int bw_nl_put_bond_link(struct nl_msg *msg, const struct bw_bond_params *p, uint32_t mask)
{
	int rc = 0;

	if (HAS(BW_OPT_MTU) && p->mtu)
		rc |= nla_put_u32(msg, IFLA_MTU, p->mtu);
	if (HAS(BW_OPT_MACADDRESS) && p->has_mac)
		rc |= nla_put(msg, IFLA_ADDRESS, 6, p->mac);
	return rc ? -EMSGSIZE : 0;
}
