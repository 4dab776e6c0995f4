// SPDX-License-Identifier: GPL-2.0-or-later
/* test_bond_modes_msg.c - the other modes' options (issue 17) through the
 * request builder (nl_bond_msg.c) and back through the parser
 * (link_parse.c): every IFLA_BOND_* of them, the NS targets' nest, IFLA_MTU
 * and IFLA_ADDRESS; and what the parser assumes when a kernel sends none. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "harness.h"
#include "bondwatch/kstate.h"
#include "../../lib/netlink/nl_priv.h"

static struct nl_msg *bond_request(const struct bw_bond_params *p, uint32_t mask)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 2 };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);

	nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	if (bw_nl_put_bond_link(msg, p, mask) < 0 || bw_nl_put_bond_info(msg, p, mask, 0) < 0)
		bw_test_fail(__FILE__, __LINE__, "the request could not be built");
	return msg;
}

TEST(bond_modes_request_round_trip)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	uint32_t all = (1u << BW_OPT__COUNT) - 1;
	struct bw_bond_params p, *q;
	struct nl_msg *msg;
	struct bw_link l;

	bw_bond_params_default(&p);
	p.mode = BW_MODE_8023AD;
	p.xmit_hash = BW_XHP_ENCAP34;
	p.lacp_rate = BW_LACP_FAST;
	p.ad_select = BW_ADS_BANDWIDTH;
	p.all_slaves_active = 1;
	p.missed_max = 7;
	p.min_links = 3;
	p.lp_interval = 9;
	p.packets_per_slave = 65535;
	p.resend_igmp = 255;
	p.peer_notif_delay = 300;
	p.n_ns_targets = 2;
	inet_pton(AF_INET6, "2001:db8::1", &p.ns_targets[0]);
	inet_pton(AF_INET6, "2001:db8::2", &p.ns_targets[1]);
	p.mtu = 9000;
	p.has_mac = true;
	memcpy(p.mac, mac, 6);
	msg = bond_request(&p, all);
	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), 0);
	nlmsg_free(msg);
	q = &l.bond.params;
	CHECK(l.is_bond);
	CHECK_INT(q->xmit_hash, BW_XHP_ENCAP34);
	CHECK_INT(q->lacp_rate, BW_LACP_FAST);
	CHECK_INT(q->ad_select, BW_ADS_BANDWIDTH);
	CHECK_INT(q->all_slaves_active, 1);
	CHECK_INT(q->missed_max, 7);
	CHECK_INT(q->min_links, 3);
	CHECK_INT(q->lp_interval, 9);
	CHECK_INT(q->packets_per_slave, 65535);
	CHECK_INT(q->resend_igmp, 255);
	CHECK_INT(q->peer_notif_delay, 300);
	CHECK_INT(q->n_ns_targets, 2);
	CHECK(!memcmp(&q->ns_targets[1], &p.ns_targets[1], 16));
	CHECK_INT(l.mtu, 9000);
	CHECK_INT(q->mtu, 9000);
	CHECK(q->has_mac && !memcmp(q->mac, mac, 6));
}

/* Only what the mask names; a message with miimon 0 carries no
 * peer_notif_delay (EPERM, like the delays); no NS target = an empty nest
 * (how the kernel is told to clear them). */
TEST(bond_modes_request_mask)
{
	struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1], *d[IFLA_BOND_MAX + 1];
	struct bw_bond_params p;
	struct nl_msg *msg;

	bw_bond_params_default(&p);
	p.miimon = 0;
	p.peer_notif_delay = 200;
	msg = bond_request(&p, BW_OPT_BIT(BW_OPT_MIIMON) | BW_OPT_BIT(BW_OPT_PEER_NOTIF_DELAY) |
			       BW_OPT_BIT(BW_OPT_NS_IP6_TARGETS) | BW_OPT_BIT(BW_OPT_LACP_RATE));
	CHECK_INT(nlmsg_parse(nlmsg_hdr(msg), sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL), 0);
	CHECK(!tb[IFLA_MTU] && !tb[IFLA_ADDRESS]);
	if (tb[IFLA_LINKINFO]) {
		nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL);
		nla_parse_nested(d, IFLA_BOND_MAX, info[IFLA_INFO_DATA], NULL);
		CHECK(d[IFLA_BOND_MIIMON] != NULL);
		CHECK(d[IFLA_BOND_PEER_NOTIF_DELAY] == NULL);
		CHECK(d[IFLA_BOND_NS_IP6_TARGET] && nla_len(d[IFLA_BOND_NS_IP6_TARGET]) == 0);
		CHECK(d[IFLA_BOND_AD_LACP_RATE] && nla_get_u8(d[IFLA_BOND_AD_LACP_RATE]) == 0);
		CHECK(d[IFLA_BOND_XMIT_HASH_POLICY] == NULL);
		CHECK(d[IFLA_BOND_MIN_LINKS] == NULL);
	} else {
		bw_test_fail(__FILE__, __LINE__, "no IFLA_LINKINFO");
	}
	nlmsg_free(msg);
}

/* A kernel that sends none of them (older than the option): the kernel's
 * defaults, so the planner sees no difference it could not write anyway. */
TEST(bond_modes_absent_attrs_are_defaults)
{
	struct bw_bond_params p, def;
	struct nl_msg *msg;
	struct bw_link l;

	bw_bond_params_default(&p);
	bw_bond_params_default(&def);
	msg = bond_request(&p, BW_OPT_BIT(BW_OPT_MODE));
	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), 0);
	nlmsg_free(msg);
	CHECK_INT(l.bond.params.lp_interval, def.lp_interval);
	CHECK_INT(l.bond.params.packets_per_slave, def.packets_per_slave);
	CHECK_INT(l.bond.params.resend_igmp, def.resend_igmp);
	CHECK_INT(l.bond.params.missed_max, def.missed_max);
	CHECK_INT(l.mtu, 0);
}

/* A truncated option is a malformed message, not a value. */
TEST(bond_modes_short_attr_is_malformed)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 2 };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	struct nlattr *info, *data;
	uint16_t two = 2;
	struct bw_link l;

	nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put(msg, IFLA_BOND_MIN_LINKS, 2, &two);
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	CHECK_INT(bw_link_parse(nlmsg_hdr(msg), &l), -EINVAL);
	nlmsg_free(msg);
}
