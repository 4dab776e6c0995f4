// SPDX-License-Identifier: GPL-2.0-or-later
/* test_agent_lacp.c - the other modes and the wire: the 802.3ad and
 * link-mode attributes parsed from hand-built RTM_NEWLINK messages (as
 * bond_fill_info / bond_fill_slave_info send them, and short ones), their
 * MIB values (columns 20-30 of bwBondTable, 9-16 of bwSlaveTable), and the
 * transitions that become bwBondAggregatorChanged, bwAggregatorMemberLeft
 * and bwBondSpeedDuplexMismatch / Match.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "harness.h"
#include "bondwatch/kstate.h"
#include "../../lib/netlink/nl_priv.h"
#include "../../subagent/model/mib_oids.h"
#include "../../subagent/model/mib_values.h"
#include "../../subagent/model/model.h"

static const uint8_t partner[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0xaa };

/* ---- parsing */

static struct nl_msg *newlink(int ifindex, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex, .ifi_flags = IFF_UP };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);

	nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	nla_put_string(msg, IFLA_IFNAME, name);
	return msg;
}

/* bond0 in 802.3ad with an active aggregator; short_mac: a 4-byte
 * partner MAC (malformed). */
static struct nl_msg *ad_bond_msg(bool short_mac)
{
	struct nl_msg *msg = newlink(2, "bond0");
	struct nlattr *info, *data, *ad;

	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u8(msg, IFLA_BOND_MODE, BW_MODE_8023AD);
	nla_put_u8(msg, IFLA_BOND_XMIT_HASH_POLICY, BW_XHP_LAYER34);
	nla_put_u32(msg, IFLA_BOND_MIN_LINKS, 2);
	nla_put_u8(msg, IFLA_BOND_AD_LACP_RATE, BW_LACP_FAST);
	nla_put_u8(msg, IFLA_BOND_AD_SELECT, BW_ADS_COUNT);
	ad = nla_nest_start(msg, IFLA_BOND_AD_INFO);
	nla_put_u16(msg, IFLA_BOND_AD_INFO_AGGREGATOR, 3);
	nla_put_u16(msg, IFLA_BOND_AD_INFO_NUM_PORTS, 2);
	nla_put_u16(msg, IFLA_BOND_AD_INFO_ACTOR_KEY, 15);
	nla_put_u16(msg, IFLA_BOND_AD_INFO_PARTNER_KEY, 33);
	nla_put(msg, IFLA_BOND_AD_INFO_PARTNER_MAC, short_mac ? 4 : 6, partner);
	nla_nest_end(msg, ad);
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return msg;
}

static struct nl_msg *ad_slave_msg(bool churn, int state_len)
{
	struct nl_msg *msg = newlink(3, "eth0");
	struct nlattr *info, *data;
	uint8_t st[2] = { 0x3d, 0 };

	nla_put_u32(msg, IFLA_MASTER, 2);
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "veth");
	nla_put_string(msg, IFLA_INFO_SLAVE_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_SLAVE_DATA);
	nla_put_u8(msg, IFLA_BOND_SLAVE_STATE, BW_SLAVE_ACTIVE);
	nla_put_u8(msg, IFLA_BOND_SLAVE_MII_STATUS, BW_MII_UP);
	nla_put_u16(msg, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, 3);
	nla_put(msg, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, state_len, st);
	nla_put_u16(msg, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, 0x3f);
	if (churn) {
		nla_put_u8(msg, BW_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE, BW_CHURN_CHURNED);
		nla_put_u8(msg, BW_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE, BW_CHURN_NONE);
	}
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return msg;
}

TEST(lacp_parse_bond_ad_info)
{
	struct nl_msg *msg = ad_bond_msg(false);
	struct bw_link l;

	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), 0);
	CHECK(l.is_bond);
	CHECK_INT(l.bond.params.xmit_hash, BW_XHP_LAYER34);
	CHECK_INT(l.bond.params.min_links, 2);
	CHECK_INT(l.bond.params.lacp_rate, BW_LACP_FAST);
	CHECK_INT(l.bond.params.ad_select, BW_ADS_COUNT);
	CHECK(l.bond.ad.has_info);
	CHECK_INT(l.bond.ad.aggregator_id, 3);
	CHECK_INT(l.bond.ad.num_ports, 2);
	CHECK_INT(l.bond.ad.actor_key, 15);
	CHECK_INT(l.bond.ad.partner_key, 33);
	CHECK(!memcmp(l.bond.ad.partner_mac, partner, 6));
	CHECK(!l.has_linkmodes);                 /* ethtool's, not rtnetlink's */
	nlmsg_free(msg);
	msg = ad_bond_msg(true);
	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), -EINVAL);
	nlmsg_free(msg);
}

TEST(lacp_parse_slave_ad)
{
	struct nl_msg *msg = ad_slave_msg(true, 1);
	struct bw_link l;

	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), 0);
	CHECK(l.is_bond_slave);
	CHECK(l.slave.ad.present);
	CHECK_INT(l.slave.ad.aggregator_id, 3);
	CHECK_INT(l.slave.ad.actor_oper_state, 0x3d);
	CHECK_INT(l.slave.ad.partner_oper_state, 0x3f);
	CHECK(l.slave.ad.has_churn);
	CHECK_INT(l.slave.ad.churn_actor, BW_CHURN_CHURNED);
	CHECK_INT(l.slave.ad.churn_partner, BW_CHURN_NONE);
	nlmsg_free(msg);
	/* a kernel without the churn attributes */
	msg = ad_slave_msg(false, 1);
	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), 0);
	CHECK(l.slave.ad.present && !l.slave.ad.has_churn);
	nlmsg_free(msg);
	/* an empty port-state attribute is malformed */
	msg = ad_slave_msg(true, 0);
	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), -EINVAL);
	nlmsg_free(msg);
}

/* ---- the model */

static struct bw_link *add_link(struct bw_kstate *ks, int ifindex, const char *name)
{
	struct bw_link *l;

	ks->links = realloc(ks->links, ((size_t)ks->n_links + 1) * sizeof(*ks->links));
	l = &ks->links[ks->n_links++];
	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->flags = IFF_UP;
	return l;
}

static struct bw_link *link_of(struct bw_kstate *ks, int ifindex)
{
	for (int i = 0; i < ks->n_links; i++)
		if (ks->links[i].ifindex == ifindex)
			return &ks->links[i];
	return NULL;
}

/* bond0 (2) in 802.3ad, aggregator 1 with partner `partner`; eth0 (3) and
 * eth1 (4) working members of it, eth2 (5) in aggregator 2; all at
 * 10000 Mb/s full duplex. */
static void lacp_sample(struct bw_kstate *ks)
{
	struct bw_link *b;

	memset(ks, 0, sizeof(*ks));
	b = add_link(ks, 2, "bond0");
	b->is_bond = true;
	b->bond.params.mode = BW_MODE_8023AD;
	b->bond.params.xmit_hash = BW_XHP_ENCAP34;
	b->bond.params.lacp_rate = BW_LACP_FAST;
	b->bond.params.ad_select = BW_ADS_BANDWIDTH;
	b->bond.params.min_links = 1;
	b->bond.ad.has_info = true;
	b->bond.ad.aggregator_id = 1;
	b->bond.ad.num_ports = 2;
	b->bond.ad.actor_key = 15;
	b->bond.ad.partner_key = 33;
	memcpy(b->bond.ad.partner_mac, partner, 6);
	for (int i = 0; i < 3; i++) {
		char name[8];
		struct bw_link *s;

		snprintf(name, sizeof(name), "eth%d", i);
		s = add_link(ks, 3 + i, name);
		s->master_ifindex = 2;
		s->is_bond_slave = true;
		s->slave.mii_status = BW_MII_UP;
		s->slave.ad.present = true;
		s->slave.ad.aggregator_id = i < 2 ? 1 : 2;
		s->slave.ad.actor_oper_state = 0x3f;
		s->slave.ad.partner_oper_state = 0x3f;
		s->slave.ad.has_churn = true;
		s->slave.ad.churn_actor = BW_CHURN_MONITOR;
		s->slave.ad.churn_partner = BW_CHURN_NONE;
		s->has_linkmodes = true;
		s->speed = 10000;
		s->duplex = BW_DUPLEX_FULL;
	}
}

static long int_col(const struct bwa_model *m, int slave_pos, unsigned col)
{
	struct bwa_value v;

	if (slave_pos < 0)
		CHECK_INT(bwa_bond_value(&m->bonds[0], col, &v), 0);
	else
		CHECK_INT(bwa_slave_value(&m->slaves[slave_pos], col, &v), 0);
	return v.type == BWA_V_INTEGER ? v.integer : (long)v.u32;
}

TEST(lacp_mib_values)
{
	struct bw_kstate ks;
	struct bwa_model m;
	struct bwa_value v;

	lacp_sample(&ks);
	link_of(&ks, 4)->slave.ad.has_churn = false;
	link_of(&ks, 4)->duplex = BW_DUPLEX_HALF;
	link_of(&ks, 5)->speed = BW_SPEED_UNKNOWN;
	link_of(&ks, 5)->duplex = BW_DUPLEX_UNKNOWN;
	CHECK_INT(bwa_model_build(&m, &ks), 0);
	CHECK_INT(int_col(&m, -1, BWA_BOND_XMIT_HASH_POLICY), 5);     /* encap34(5) */
	CHECK_INT(int_col(&m, -1, BWA_BOND_LACP_RATE), 2);            /* fast(2) */
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_SELECT), 2);            /* bandwidth(2) */
	CHECK_INT(int_col(&m, -1, BWA_BOND_MIN_LINKS), 1);
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_AGGREGATOR_ID), 1);
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_NUM_PORTS), 2);
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_ACTOR_KEY), 15);
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_PARTNER_KEY), 33);
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_PREV_AGGREGATOR_ID), 0);
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_AD_PARTNER_MAC, &v), 0);
	CHECK(v.type == BWA_V_OCTETS && v.len == 6 && !memcmp(v.octets, partner, 6));
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_AD_NUM_PORTS, &v), 0);
	CHECK_INT(v.type, BWA_V_GAUGE);
	/* eth1 is half duplex: the members that are up differ */
	CHECK_INT(int_col(&m, -1, BWA_BOND_LINKMODES_DIFFER), 1);     /* true(1) */
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_COL_MAX + 1, &v), -1);

	CHECK_INT(int_col(&m, 0, BWA_SLAVE_SPEED), 10000);
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_DUPLEX), 2);               /* full(2) */
	CHECK_INT(int_col(&m, 1, BWA_SLAVE_DUPLEX), 1);               /* half(1) */
	CHECK_INT(int_col(&m, 2, BWA_SLAVE_SPEED), 0);                /* unknown: 0 */
	CHECK_INT(int_col(&m, 2, BWA_SLAVE_DUPLEX), 3);               /* unknown(3) */
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_AGGREGATOR_ID), 1);
	CHECK_INT(int_col(&m, 2, BWA_SLAVE_AD_AGGREGATOR_ID), 2);
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_ACTOR_OPER_STATE), 63);
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_PARTNER_OPER_STATE), 63);
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_ACTOR_CHURN), 1);       /* monitoring(1) */
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_PARTNER_CHURN), 3);     /* noChurn(3) */
	CHECK_INT(int_col(&m, 1, BWA_SLAVE_AD_ACTOR_CHURN), 4);       /* notApplicable(4) */
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_IN_ACTIVE_AGG), 1);
	CHECK_INT(int_col(&m, 2, BWA_SLAVE_AD_IN_ACTIVE_AGG), 2);     /* other aggregator */
	CHECK_INT(bwa_slave_value(&m.slaves[0], BWA_SLAVE_COL_MAX + 1, &v), -1);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(lacp_mib_values_other_modes)
{
	struct bw_kstate ks;
	struct bwa_model m;
	struct bwa_value v;

	lacp_sample(&ks);
	link_of(&ks, 2)->bond.params.mode = BW_MODE_BALANCE_XOR;
	link_of(&ks, 2)->bond.ad.has_info = false;
	link_of(&ks, 2)->bond.ad.aggregator_id = 0;
	memset(link_of(&ks, 2)->bond.ad.partner_mac, 0, 6);
	for (int i = 3; i <= 5; i++)
		memset(&link_of(&ks, i)->slave.ad, 0, sizeof(struct bw_slave_ad));
	CHECK_INT(bwa_model_build(&m, &ks), 0);
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_AGGREGATOR_ID), 0);
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_AD_PARTNER_MAC, &v), 0);
	CHECK(v.len == 6 && !memcmp(v.octets, "\0\0\0\0\0\0", 6));
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_IN_ACTIVE_AGG), 2);
	CHECK_INT(int_col(&m, 0, BWA_SLAVE_AD_ACTOR_CHURN), 4);
	CHECK_INT(int_col(&m, -1, BWA_BOND_LINKMODES_DIFFER), 2);     /* all agree */
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

/* ---- transitions */

struct seen {
	int n;
	enum bwa_event ev[16];
	int slave[16];
};

static void record(void *arg, enum bwa_event ev, const struct bwa_bond *b,
		   const struct bwa_slave *s)
{
	struct seen *r = arg;

	(void)b;
	if (r->n < 16) {
		r->ev[r->n] = ev;
		r->slave[r->n++] = s ? s->ifindex : 0;
	}
}

/* Build from ks, diff against prev (moved into prev afterwards). */
static void step(struct bwa_model *prev, struct bw_kstate *ks, struct seen *r)
{
	struct timespec now = { 1000, 0 };
	struct bwa_model next;

	memset(r, 0, sizeof(*r));
	CHECK_INT(bwa_model_build(&next, ks), 0);
	bwa_model_update(&next, prev, &now, record, r);
	bwa_model_move(prev, &next);
}

TEST(lacp_member_left_then_aggregator_changed)
{
	struct bw_kstate ks;
	struct bwa_model m = { 0 };
	struct seen r;

	lacp_sample(&ks);
	step(&m, &ks, &r);
	CHECK_INT(r.n, 0);                                   /* a new bond: nothing */
	bwa_model_reset_hist(&m);
	/* eth1's link fails: same aggregator id, no longer collecting/distributing */
	link_of(&ks, 4)->slave.mii_status = BW_MII_DOWN;
	link_of(&ks, 4)->slave.ad.actor_oper_state = 0x0f;
	link_of(&ks, 2)->bond.ad.num_ports = 1;
	step(&m, &ks, &r);
	CHECK_INT(r.n, 2);
	CHECK_INT(r.ev[0], BWA_EV_LINK_DOWN);
	CHECK_INT(r.ev[1], BWA_EV_AGG_MEMBER_LEFT);
	CHECK_INT(r.slave[1], 4);
	/* nothing more while nothing changes */
	step(&m, &ks, &r);
	CHECK_INT(r.n, 0);
	/* eth0 fails too: the bond moves to eth2's aggregator (2): one
	 * aggregator change, no member-left for the old aggregator's ports */
	link_of(&ks, 3)->slave.mii_status = BW_MII_DOWN;
	link_of(&ks, 3)->slave.ad.actor_oper_state = 0x0f;
	link_of(&ks, 2)->bond.ad.aggregator_id = 2;
	step(&m, &ks, &r);
	CHECK_INT(r.n, 2);
	CHECK_INT(r.ev[0], BWA_EV_LINK_DOWN);
	CHECK_INT(r.ev[1], BWA_EV_AGG_CHANGED);
	CHECK_INT(m.bonds[0].hist.prev_agg_id, 1);
	CHECK_INT(int_col(&m, -1, BWA_BOND_AD_PREV_AGGREGATOR_ID), 1);
	CHECK_INT(int_col(&m, 2, BWA_SLAVE_AD_IN_ACTIVE_AGG), 1);     /* eth2 now */
	/* no active aggregator for a while, then 2 again: no change */
	link_of(&ks, 2)->bond.ad.has_info = false;
	link_of(&ks, 2)->bond.ad.aggregator_id = 0;
	step(&m, &ks, &r);
	CHECK_INT(r.n, 0);        /* not "left": the aggregator itself is gone */
	link_of(&ks, 2)->bond.ad.has_info = true;
	link_of(&ks, 2)->bond.ad.aggregator_id = 2;
	step(&m, &ks, &r);
	CHECK_INT(r.n, 0);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(lacp_member_released_from_bond)
{
	struct bw_kstate ks;
	struct bwa_model m = { 0 };
	struct seen r;

	lacp_sample(&ks);
	step(&m, &ks, &r);
	bw_kstate_remove_link(&ks, 4);                          /* eth1 released */
	step(&m, &ks, &r);
	CHECK_INT(r.n, 1);
	CHECK_INT(r.ev[0], BWA_EV_AGG_MEMBER_LEFT);
	CHECK_INT(r.slave[0], 4);                               /* its last row */
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(lacp_speed_duplex_differ_and_agree)
{
	struct bw_kstate ks;
	struct bwa_model m = { 0 };
	struct seen r;

	lacp_sample(&ks);
	step(&m, &ks, &r);
	CHECK(!m.bonds[0].linkmodes_differ);
	link_of(&ks, 5)->speed = 1000;
	step(&m, &ks, &r);
	CHECK(r.n == 1 && r.ev[0] == BWA_EV_LINKMODES_DIFFER);
	CHECK(m.bonds[0].linkmodes_differ);
	/* the odd one goes down: those that are up agree again */
	link_of(&ks, 5)->slave.mii_status = BW_MII_DOWN;
	step(&m, &ks, &r);
	CHECK_INT(r.n, 2);
	CHECK_INT(r.ev[0], BWA_EV_LINK_DOWN);
	CHECK_INT(r.ev[1], BWA_EV_LINKMODES_AGREE);
	/* duplex counts as much as speed; unknown says nothing */
	link_of(&ks, 5)->slave.mii_status = BW_MII_UP;
	link_of(&ks, 5)->speed = 10000;
	link_of(&ks, 5)->duplex = BW_DUPLEX_HALF;
	step(&m, &ks, &r);
	CHECK(r.n == 2 && r.ev[1] == BWA_EV_LINKMODES_DIFFER);
	link_of(&ks, 5)->duplex = BW_DUPLEX_UNKNOWN;
	step(&m, &ks, &r);
	CHECK(r.n == 1 && r.ev[0] == BWA_EV_LINKMODES_AGREE);
	/* the same rule as `bondmgr status` (lib/bond) */
	CHECK(!bw_bond_linkmodes_differ(&ks, link_of(&ks, 2)));
	link_of(&ks, 5)->duplex = BW_DUPLEX_HALF;
	CHECK(bw_bond_linkmodes_differ(&ks, link_of(&ks, 2)));
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(lacp_words)
{
	CHECK_STR(bw_xhp_name(BW_XHP_LAYER34), "layer3+4");
	CHECK_STR(bw_xhp_name(BW_XHP_VLAN_SRCMAC), "vlan+srcmac");
	CHECK_STR(bw_xhp_name(99), "unknown");
	CHECK_STR(bw_lacp_name(BW_LACP_FAST), "fast");
	CHECK_STR(bw_ads_name(BW_ADS_COUNT), "count");
	CHECK_STR(bw_ad_churn_word(BW_CHURN_NONE), "none");
	CHECK_STR(bw_duplex_word(BW_DUPLEX_UNKNOWN), "unknown");
	CHECK(bw_mode_has_xmit_hash(BW_MODE_BALANCE_XOR));
	CHECK(!bw_mode_has_xmit_hash(BW_MODE_ACTIVE_BACKUP));
}
