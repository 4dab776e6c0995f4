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
	if (HAS(BW_OPT_ARP_INTERVAL))
		rc |= nla_put_u32(msg, IFLA_BOND_ARP_INTERVAL, p->arp_interval);
	if (HAS(BW_OPT_ARP_IP_TARGETS))
		rc |= put_arp_targets(msg, p);
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
