// SPDX-License-Identifier: GPL-2.0-or-later
/* link_parse.c - one RTM_NEWLINK / RTM_DELLINK message into a struct bw_link.
 *
 * Raw parse (libnl 3.7 knows neither IFLA_INFO_DATA for bonds nor
 * IFLA_INFO_SLAVE_DATA). libnl's nla_parse only walks attribute headers
 * safely; it does not check payload sizes without a policy, so every
 * attribute we read is length-checked here before its payload is touched.
 * This is a fuzz target: malformed input gives -EINVAL, never a crash.
 *
 * The caller guarantees that nlh->nlmsg_len bytes are readable (recv()
 * plus nlmsg_ok(), or the fuzz harness).
 */
#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include "bondwatch/kstate.h"
#include "nl_priv.h"

/* The attribute is absent or its payload holds at least min bytes. */
static bool len_ok(const struct nlattr *a, int min)
{
	return !a || nla_len(a) >= min;
}

/* Every present attribute of tb[0..max] has at least minlen[type] bytes. */
static bool attrs_ok(struct nlattr **tb, const unsigned char *minlen, int max)
{
	for (int i = 0; i <= max; i++)
		if (!len_ok(tb[i], minlen[i]))
			return false;
	return true;
}

/* Copy a string attribute that may lack its NUL (a malformed one). */
static void get_str(const struct nlattr *a, char *dst, size_t size)
{
	size_t n = strnlen(nla_data(a), (size_t)nla_len(a));

	if (n >= size)
		n = size - 1;
	memcpy(dst, nla_data(a), n);
	dst[n] = '\0';
}

static int get_bytes(const struct nlattr *a, uint8_t *dst, size_t size)
{
	size_t n = (size_t)nla_len(a);

	if (n > size)
		n = size;
	memcpy(dst, nla_data(a), n);
	return (int)n;
}

static const unsigned char bond_minlen[IFLA_BOND_MAX + 1] = {
	[IFLA_BOND_MODE] = 1, [IFLA_BOND_ACTIVE_SLAVE] = 4,
	[IFLA_BOND_MIIMON] = 4, [IFLA_BOND_UPDELAY] = 4,
	[IFLA_BOND_DOWNDELAY] = 4, [IFLA_BOND_ARP_INTERVAL] = 4,
	[IFLA_BOND_ARP_VALIDATE] = 4, [IFLA_BOND_ARP_ALL_TARGETS] = 4,
	[IFLA_BOND_PRIMARY] = 4, [IFLA_BOND_PRIMARY_RESELECT] = 1,
	[IFLA_BOND_FAIL_OVER_MAC] = 1, [IFLA_BOND_NUM_PEER_NOTIF] = 1,
};

/* The nest's attribute type is the target's index; we keep the order. */
static int parse_arp_targets(const struct nlattr *nest, struct bw_bond_params *p)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_len(a) < 4)
			return -EINVAL;
		if (p->n_arp_targets == BW_MAX_ARP_TARGETS)
			return -EINVAL;
		memcpy(&p->arp_targets[p->n_arp_targets++], nla_data(a), 4);
	}
	return 0;
}

/* The other modes' options (issue 17). An option the kernel does not send
 * (an older kernel) keeps the kernel's default, so it never shows as a
 * difference the kernel cannot take anyway. */
static const unsigned char bond_mode_minlen[IFLA_BOND_MAX + 1] = {
	[IFLA_BOND_XMIT_HASH_POLICY] = 1, [IFLA_BOND_RESEND_IGMP] = 4,
	[IFLA_BOND_ALL_SLAVES_ACTIVE] = 1, [IFLA_BOND_MIN_LINKS] = 4,
	[IFLA_BOND_LP_INTERVAL] = 4, [IFLA_BOND_PACKETS_PER_SLAVE] = 4,
	[IFLA_BOND_AD_LACP_RATE] = 1, [IFLA_BOND_AD_SELECT] = 1,
	[IFLA_BOND_PEER_NOTIF_DELAY] = 4, [IFLA_BOND_MISSED_MAX] = 1,
};

static int parse_ns_targets(const struct nlattr *nest, struct bw_bond_params *p)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_len(a) < 16 || p->n_ns_targets == BW_MAX_ARP_TARGETS)
			return -EINVAL;
		memcpy(&p->ns_targets[p->n_ns_targets++], nla_data(a), 16);
	}
	return 0;
}

static int parse_bond_mode_opts(struct nlattr **tb, struct bw_bond_params *p)
{
	struct bw_bond_params def;

	bw_bond_params_default(&def);
	if (!attrs_ok(tb, bond_mode_minlen, IFLA_BOND_MAX))
		return -EINVAL;
#define U8(attr, field) p->field = tb[attr] ? nla_get_u8(tb[attr]) : def.field
#define U32(attr, field) p->field = tb[attr] ? nla_get_u32(tb[attr]) : def.field
	U8(IFLA_BOND_XMIT_HASH_POLICY, xmit_hash);
	U32(IFLA_BOND_RESEND_IGMP, resend_igmp);
	U8(IFLA_BOND_ALL_SLAVES_ACTIVE, all_slaves_active);
	U32(IFLA_BOND_MIN_LINKS, min_links);
	U32(IFLA_BOND_LP_INTERVAL, lp_interval);
	U32(IFLA_BOND_PACKETS_PER_SLAVE, packets_per_slave);
	U8(IFLA_BOND_AD_LACP_RATE, lacp_rate);
	U8(IFLA_BOND_AD_SELECT, ad_select);
	U32(IFLA_BOND_PEER_NOTIF_DELAY, peer_notif_delay);
	U8(IFLA_BOND_MISSED_MAX, missed_max);
#undef U8
#undef U32
	if (tb[IFLA_BOND_NS_IP6_TARGET] && parse_ns_targets(tb[IFLA_BOND_NS_IP6_TARGET], p) < 0)
		return -EINVAL;
	return 0;
}

/* The active aggregator (struct bw_bond_ad): IFLA_BOND_AD_INFO is a nest
 * whose members are checked where they are read. The 802.3ad options
 * themselves are bond params (parse_bond_mode_opts). */
static const unsigned char ad_info_minlen[IFLA_BOND_AD_INFO_MAX + 1] = {
	[IFLA_BOND_AD_INFO_AGGREGATOR] = 2, [IFLA_BOND_AD_INFO_NUM_PORTS] = 2,
	[IFLA_BOND_AD_INFO_ACTOR_KEY] = 2, [IFLA_BOND_AD_INFO_PARTNER_KEY] = 2,
	[IFLA_BOND_AD_INFO_PARTNER_MAC] = 6,
};

static int parse_ad_info(struct nlattr *nest, struct bw_bond_ad *ad)
{
	struct nlattr *tb[IFLA_BOND_AD_INFO_MAX + 1];

	if (nla_parse_nested(tb, IFLA_BOND_AD_INFO_MAX, nest, NULL) < 0 ||
	    !attrs_ok(tb, ad_info_minlen, IFLA_BOND_AD_INFO_MAX))
		return -EINVAL;
	ad->has_info = true;
	if (tb[IFLA_BOND_AD_INFO_AGGREGATOR])
		ad->aggregator_id = nla_get_u16(tb[IFLA_BOND_AD_INFO_AGGREGATOR]);
	if (tb[IFLA_BOND_AD_INFO_NUM_PORTS])
		ad->num_ports = nla_get_u16(tb[IFLA_BOND_AD_INFO_NUM_PORTS]);
	if (tb[IFLA_BOND_AD_INFO_ACTOR_KEY])
		ad->actor_key = nla_get_u16(tb[IFLA_BOND_AD_INFO_ACTOR_KEY]);
	if (tb[IFLA_BOND_AD_INFO_PARTNER_KEY])
		ad->partner_key = nla_get_u16(tb[IFLA_BOND_AD_INFO_PARTNER_KEY]);
	if (tb[IFLA_BOND_AD_INFO_PARTNER_MAC])
		get_bytes(tb[IFLA_BOND_AD_INFO_PARTNER_MAC], ad->partner_mac,
			  sizeof(ad->partner_mac));
	return 0;
}

static int parse_bond_ad(struct nlattr **tb, struct bw_bond_ad *ad)
{
	/* Sent in 802.3ad mode only, and only while an aggregator is active. */
	if (tb[IFLA_BOND_AD_INFO])
		return parse_ad_info(tb[IFLA_BOND_AD_INFO], ad);
	return 0;
}

static int parse_bond(struct nlattr *data, struct bw_link *l)
{
	struct nlattr *tb[IFLA_BOND_MAX + 1];
	struct bw_bond_params *p = &l->bond.params;

	if (nla_parse_nested(tb, IFLA_BOND_MAX, data, NULL) < 0 ||
	    !attrs_ok(tb, bond_minlen, IFLA_BOND_MAX))
		return -EINVAL;
	if (tb[IFLA_BOND_MODE])
		p->mode = nla_get_u8(tb[IFLA_BOND_MODE]);
	if (tb[IFLA_BOND_ACTIVE_SLAVE])
		l->bond.active_slave_ifindex = (int)nla_get_u32(tb[IFLA_BOND_ACTIVE_SLAVE]);
	if (tb[IFLA_BOND_MIIMON])
		p->miimon = nla_get_u32(tb[IFLA_BOND_MIIMON]);
	if (tb[IFLA_BOND_UPDELAY])
		p->updelay = nla_get_u32(tb[IFLA_BOND_UPDELAY]);
	if (tb[IFLA_BOND_DOWNDELAY])
		p->downdelay = nla_get_u32(tb[IFLA_BOND_DOWNDELAY]);
	if (tb[IFLA_BOND_ARP_INTERVAL])
		p->arp_interval = nla_get_u32(tb[IFLA_BOND_ARP_INTERVAL]);
	if (tb[IFLA_BOND_ARP_IP_TARGET] && parse_arp_targets(tb[IFLA_BOND_ARP_IP_TARGET], p) < 0)
		return -EINVAL;
	if (tb[IFLA_BOND_ARP_VALIDATE])
		p->arp_validate = nla_get_u32(tb[IFLA_BOND_ARP_VALIDATE]);
	if (tb[IFLA_BOND_ARP_ALL_TARGETS])
		p->arp_all_targets = nla_get_u32(tb[IFLA_BOND_ARP_ALL_TARGETS]);
	/* Present only while the primary is enslaved (bond_fill_info). */
	if (tb[IFLA_BOND_PRIMARY])
		l->bond.primary_ifindex = (int)nla_get_u32(tb[IFLA_BOND_PRIMARY]);
	if (tb[IFLA_BOND_PRIMARY_RESELECT])
		p->primary_reselect = nla_get_u8(tb[IFLA_BOND_PRIMARY_RESELECT]);
	if (tb[IFLA_BOND_FAIL_OVER_MAC])
		p->fail_over_mac = nla_get_u8(tb[IFLA_BOND_FAIL_OVER_MAC]);
	if (tb[IFLA_BOND_NUM_PEER_NOTIF])
		p->num_grat_arp = nla_get_u8(tb[IFLA_BOND_NUM_PEER_NOTIF]);
	if (parse_bond_mode_opts(tb, p) < 0 || parse_bond_ad(tb, &l->bond.ad) < 0)
		return -EINVAL;
	l->is_bond = true;
	return 0;
}

static const unsigned char slave_minlen[BW_IFLA_BOND_SLAVE_MAX + 1] = {
	[IFLA_BOND_SLAVE_STATE] = 1, [IFLA_BOND_SLAVE_MII_STATUS] = 1,
	[IFLA_BOND_SLAVE_LINK_FAILURE_COUNT] = 4, [IFLA_BOND_SLAVE_QUEUE_ID] = 2,
};

/* A slave's LACP port (802.3ad mode only), with its own length table. The
 * churn states are sent by kernels that have IFLA_BOND_SLAVE_AD_CHURN_*
 * (Debian 12's 6.1 does); older ones leave has_churn false. */
static const unsigned char slave_ad_minlen[BW_IFLA_BOND_SLAVE_MAX + 1] = {
	[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID] = 2,
	[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE] = 1,
	[IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE] = 2,
	[BW_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE] = 1,
	[BW_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE] = 1,
};

static int parse_slave_ad(struct nlattr **tb, struct bw_slave_ad *ad)
{
	if (!attrs_ok(tb, slave_ad_minlen, BW_IFLA_BOND_SLAVE_MAX))
		return -EINVAL;
	if (tb[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID]) {
		ad->present = true;
		ad->aggregator_id = nla_get_u16(tb[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID]);
	}
	if (tb[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE])
		ad->actor_oper_state = nla_get_u8(tb[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE]);
	if (tb[IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE])
		ad->partner_oper_state =
			nla_get_u16(tb[IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE]);
	if (tb[BW_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE] && tb[BW_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE]) {
		ad->has_churn = true;
		ad->churn_actor = nla_get_u8(tb[BW_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE]);
		ad->churn_partner = nla_get_u8(tb[BW_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE]);
	}
	return 0;
}

static int parse_bond_slave(struct nlattr *data, struct bw_link *l)
{
	struct nlattr *tb[BW_IFLA_BOND_SLAVE_MAX + 1];
	struct bw_slave_info *s = &l->slave;

	if (nla_parse_nested(tb, BW_IFLA_BOND_SLAVE_MAX, data, NULL) < 0 ||
	    !attrs_ok(tb, slave_minlen, BW_IFLA_BOND_SLAVE_MAX))
		return -EINVAL;
	if (tb[IFLA_BOND_SLAVE_STATE])
		s->state = nla_get_u8(tb[IFLA_BOND_SLAVE_STATE]);
	if (tb[IFLA_BOND_SLAVE_MII_STATUS])
		s->mii_status = nla_get_u8(tb[IFLA_BOND_SLAVE_MII_STATUS]);
	if (tb[IFLA_BOND_SLAVE_LINK_FAILURE_COUNT])
		s->link_failure_count = nla_get_u32(tb[IFLA_BOND_SLAVE_LINK_FAILURE_COUNT]);
	if (tb[IFLA_BOND_SLAVE_PERM_HWADDR])
		get_bytes(tb[IFLA_BOND_SLAVE_PERM_HWADDR], s->perm_hwaddr, sizeof(s->perm_hwaddr));
	if (tb[IFLA_BOND_SLAVE_QUEUE_ID])
		s->queue_id = nla_get_u16(tb[IFLA_BOND_SLAVE_QUEUE_ID]);
	if (parse_slave_ad(tb, &s->ad) < 0)
		return -EINVAL;
	l->is_bond_slave = true;
	return 0;
}

/* IFLA_LINKINFO: the kinds, and the bond / bond-slave data when the kind
 * says what the data is (INFO_DATA of a veth is not bond data). */
static int parse_linkinfo(struct nlattr *info, struct bw_link *l)
{
	struct nlattr *tb[IFLA_INFO_MAX + 1];

	if (nla_parse_nested(tb, IFLA_INFO_MAX, info, NULL) < 0)
		return -EINVAL;
	if (tb[IFLA_INFO_KIND])
		get_str(tb[IFLA_INFO_KIND], l->kind, sizeof(l->kind));
	if (tb[IFLA_INFO_SLAVE_KIND])
		get_str(tb[IFLA_INFO_SLAVE_KIND], l->slave_kind, sizeof(l->slave_kind));
	if (tb[IFLA_INFO_DATA] && strcmp(l->kind, "bond") == 0 &&
	    parse_bond(tb[IFLA_INFO_DATA], l) < 0)
		return -EINVAL;
	if (tb[IFLA_INFO_SLAVE_DATA] && strcmp(l->slave_kind, "bond") == 0 &&
	    parse_bond_slave(tb[IFLA_INFO_SLAVE_DATA], l) < 0)
		return -EINVAL;
	return 0;
}

static const unsigned char link_minlen[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = 1, [IFLA_MASTER] = 4, [IFLA_OPERSTATE] = 1,
	[IFLA_CARRIER] = 1, [IFLA_EVENT] = 4, [IFLA_MTU] = 4,
};

/* The link's MTU and Ethernet address; a bond's go into its params too, so
 * the planner compares them like its options. */
static void parse_link_l2(struct nlattr **tb, struct bw_link *l)
{
	if (tb[IFLA_MTU])
		l->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(l->addr, nla_data(tb[IFLA_ADDRESS]), 6);
		l->has_addr = true;
	}
	if (l->is_bond) {
		l->bond.params.mtu = l->mtu;
		l->bond.params.has_mac = l->has_addr;
		memcpy(l->bond.params.mac, l->addr, 6);
	}
}

int bw_link_parse(const struct nlmsghdr *nlh, struct bw_link *out)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct ifinfomsg ifi;
	/* libnl's parsers take a non-const header; they do not write to it. */
	struct nlmsghdr *h = (struct nlmsghdr *)nlh;

	memset(out, 0, sizeof(*out));
	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return -EINVAL;
	if (nlmsg_parse(h, sizeof(ifi), tb, IFLA_MAX, NULL) < 0 ||
	    !attrs_ok(tb, link_minlen, IFLA_MAX))
		return -EINVAL;
	memcpy(&ifi, nlmsg_data(h), sizeof(ifi));  /* no alignment assumed */
	/* Not a link's whole state: a bridge's per-port message (AF_BRIDGE)
	 * or a wireless event (cfg80211/wext send the name and IFLA_WIRELESS
	 * only). Taken as the link's state, they would erase its master and
	 * bond data. */
	if (ifi.ifi_family != AF_UNSPEC || tb[IFLA_WIRELESS])
		return -ENOMSG;
	out->ifindex = ifi.ifi_index;
	out->flags = ifi.ifi_flags;
	if (tb[IFLA_IFNAME])
		get_str(tb[IFLA_IFNAME], out->name, sizeof(out->name));
	if (tb[IFLA_MASTER])
		out->master_ifindex = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_CARRIER])
		out->carrier = nla_get_u8(tb[IFLA_CARRIER]) != 0;
	if (tb[IFLA_EVENT])
		out->event = nla_get_u32(tb[IFLA_EVENT]);
	if (tb[IFLA_LINKINFO] && parse_linkinfo(tb[IFLA_LINKINFO], out) < 0)
		return -EINVAL;
	parse_link_l2(tb, out);
	return 0;
}
