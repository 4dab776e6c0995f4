// SPDX-License-Identifier: GPL-2.0-or-later
/* test_link_parse.c - bw_link_parse on hand-built RTM_NEWLINK messages (a
 * bond with every attribute, a slave, truncated and garbage input), the
 * bond request builder read back through the parser, and the kstate
 * container. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "harness.h"
#include "bondwatch/kstate.h"
#include "../../lib/netlink/nl_priv.h"

static const uint8_t mac1[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
static const uint8_t mac2[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02 };

static struct nl_msg *newlink(int type, int ifindex, unsigned flags)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex,
				 .ifi_flags = flags };
	struct nl_msg *msg = nlmsg_alloc_simple(type, 0);

	nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	return msg;
}

static void put_arp_targets(struct nl_msg *msg, int n)
{
	struct nlattr *nest = nla_nest_start(msg, IFLA_BOND_ARP_IP_TARGET);

	for (int i = 0; i < n; i++) {
		uint32_t a = htonl(0xc0000201u + (uint32_t)i);  /* 192.0.2.1.. */

		nla_put(msg, i, 4, &a);
	}
	nla_nest_end_keep_empty(msg, nest);
}

/* A bond0 as bond_fill_info sends it, in active-backup with primary eth0. */
static struct nl_msg *bond_msg(void)
{
	struct nl_msg *msg = newlink(RTM_NEWLINK, 2, IFF_UP | IFF_MASTER);
	struct nlattr *info, *data;

	nla_put_string(msg, IFLA_IFNAME, "bond0");
	nla_put_u8(msg, IFLA_OPERSTATE, 6);
	nla_put_u8(msg, IFLA_CARRIER, 1);
	nla_put(msg, IFLA_ADDRESS, 6, mac1);
	nla_put_u32(msg, IFLA_EVENT, IFLA_EVENT_BONDING_FAILOVER);
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u8(msg, IFLA_BOND_MODE, BW_MODE_ACTIVE_BACKUP);
	nla_put_u32(msg, IFLA_BOND_ACTIVE_SLAVE, 3);
	nla_put_u32(msg, IFLA_BOND_MIIMON, 200);
	nla_put_u32(msg, IFLA_BOND_UPDELAY, 400);
	nla_put_u32(msg, IFLA_BOND_DOWNDELAY, 200);
	nla_put_u8(msg, IFLA_BOND_USE_CARRIER, 1);        /* not ours: ignored */
	nla_put_u32(msg, IFLA_BOND_ARP_INTERVAL, 0);
	put_arp_targets(msg, 2);
	nla_put_u32(msg, IFLA_BOND_ARP_VALIDATE, BW_AV_ALL);
	nla_put_u32(msg, IFLA_BOND_ARP_ALL_TARGETS, BW_AAT_ALL);
	nla_put_u32(msg, IFLA_BOND_PRIMARY, 3);
	nla_put_u8(msg, IFLA_BOND_PRIMARY_RESELECT, BW_PRS_FAILURE);
	nla_put_u8(msg, IFLA_BOND_FAIL_OVER_MAC, BW_FOM_ACTIVE);
	nla_put_u8(msg, IFLA_BOND_NUM_PEER_NOTIF, 5);
	nla_put_u32(msg, IFLA_BOND_MIN_LINKS, 0);         /* not ours: ignored */
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return msg;
}

/* eth0, a veth enslaved to ifindex 2. */
static struct nl_msg *slave_msg(void)
{
	struct nl_msg *msg = newlink(RTM_NEWLINK, 3, IFF_UP | IFF_SLAVE);
	struct nlattr *info, *data;

	nla_put_string(msg, IFLA_IFNAME, "eth0");
	nla_put_u32(msg, IFLA_MASTER, 2);
	nla_put_u8(msg, IFLA_OPERSTATE, 2);
	nla_put_u8(msg, IFLA_CARRIER, 0);
	nla_put(msg, IFLA_ADDRESS, 6, mac1);
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "veth");
	nla_put_string(msg, IFLA_INFO_SLAVE_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_SLAVE_DATA);
	nla_put_u8(msg, IFLA_BOND_SLAVE_STATE, BW_SLAVE_BACKUP);
	nla_put_u8(msg, IFLA_BOND_SLAVE_MII_STATUS, BW_MII_DOWN);
	nla_put_u32(msg, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, 7);
	nla_put(msg, IFLA_BOND_SLAVE_PERM_HWADDR, 6, mac2);
	nla_put_u16(msg, IFLA_BOND_SLAVE_QUEUE_ID, 3);
	nla_put_u32(msg, IFLA_BOND_SLAVE_PRIO, 0);        /* not ours: ignored */
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	return msg;
}

static int parse(struct nl_msg *msg, struct bw_link *l)
{
	int rc = bw_link_parse(nlmsg_hdr(msg), l);

	nlmsg_free(msg);
	return rc;
}

TEST(link_parse_bond_all_attrs)
{
	struct bw_link l;
	const struct bw_bond_params *p = &l.bond.params;
	char buf[INET_ADDRSTRLEN];

	CHECK_INT(parse(bond_msg(), &l), 0);
	CHECK_INT(l.ifindex, 2);
	CHECK_STR(l.name, "bond0");
	CHECK(l.flags & IFF_MASTER);
	CHECK(l.carrier);
	CHECK_INT(l.event, IFLA_EVENT_BONDING_FAILOVER);
	CHECK_STR(l.kind, "bond");
	CHECK(l.is_bond);
	CHECK(!l.is_bond_slave);
	CHECK_INT(p->mode, BW_MODE_ACTIVE_BACKUP);
	CHECK_INT(l.bond.active_slave_ifindex, 3);
	CHECK_INT(p->miimon, 200);
	CHECK_INT(p->updelay, 400);
	CHECK_INT(p->downdelay, 200);
	CHECK_INT(p->arp_interval, 0);
	CHECK_INT(p->n_arp_targets, 2);
	CHECK_STR(inet_ntop(AF_INET, &p->arp_targets[0], buf, sizeof(buf)), "192.0.2.1");
	CHECK_STR(inet_ntop(AF_INET, &p->arp_targets[1], buf, sizeof(buf)), "192.0.2.2");
	CHECK_INT(p->arp_validate, BW_AV_ALL);
	CHECK_INT(p->arp_all_targets, BW_AAT_ALL);
	CHECK_INT(l.bond.primary_ifindex, 3);
	CHECK_STR(p->primary, "");              /* names come from resolve_names */
	CHECK_INT(p->primary_reselect, BW_PRS_FAILURE);
	CHECK_INT(p->fail_over_mac, BW_FOM_ACTIVE);
	CHECK_INT(p->num_grat_arp, 5);
}

TEST(link_parse_slave)
{
	struct bw_link l;

	CHECK_INT(parse(slave_msg(), &l), 0);
	CHECK_STR(l.name, "eth0");
	CHECK_INT(l.master_ifindex, 2);
	CHECK(!l.carrier);
	CHECK_STR(l.kind, "veth");
	CHECK_STR(l.slave_kind, "bond");
	CHECK(!l.is_bond);
	CHECK(l.is_bond_slave);
	CHECK_INT(l.slave.state, BW_SLAVE_BACKUP);
	CHECK_INT(l.slave.mii_status, BW_MII_DOWN);
	CHECK_INT(l.slave.link_failure_count, 7);
	CHECK(memcmp(l.slave.perm_hwaddr, mac2, 6) == 0);
	CHECK_INT(l.slave.queue_id, 3);
	CHECK_INT(l.event, 0);
}

/* A veth's INFO_DATA is not bond data; a bridge port's SLAVE_DATA is not
 * bond-slave data. */
TEST(link_parse_other_kinds)
{
	struct nl_msg *msg = newlink(RTM_NEWLINK, 5, 0);
	struct nlattr *info, *data;
	struct bw_link l;

	nla_put_string(msg, IFLA_IFNAME, "veth0");
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "veth");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u32(msg, 1, 0xdeadbeef);
	nla_nest_end(msg, data);
	nla_put_string(msg, IFLA_INFO_SLAVE_KIND, "bridge");
	data = nla_nest_start(msg, IFLA_INFO_SLAVE_DATA);
	nla_put_u8(msg, IFLA_BOND_SLAVE_STATE, 1);
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	CHECK_INT(parse(msg, &l), 0);
	CHECK(!l.is_bond);
	CHECK(!l.is_bond_slave);
	CHECK_STR(l.slave_kind, "bridge");
}

TEST(link_parse_dellink_minimal)
{
	struct bw_link l;

	CHECK_INT(parse(newlink(RTM_DELLINK, 9, 0), &l), 0);
	CHECK_INT(l.ifindex, 9);
	CHECK_STR(l.name, "");
}

TEST(link_parse_rejects_wrong_type_and_short_header)
{
	struct bw_link l;
	struct nl_msg *msg = newlink(RTM_NEWADDR, 1, 0);

	CHECK_INT(parse(msg, &l), -EINVAL);
	msg = newlink(RTM_NEWLINK, 1, 0);
	nlmsg_hdr(msg)->nlmsg_len = NLMSG_HDRLEN + 4;      /* half an ifinfomsg */
	CHECK_INT(parse(msg, &l), -EINVAL);
	msg = newlink(RTM_NEWLINK, 1, 0);
	nlmsg_hdr(msg)->nlmsg_len = 3;                     /* less than a header */
	CHECK_INT(parse(msg, &l), -EINVAL);
}

/* One attribute of the right type but too short for its payload. */
static int parse_short_bond_attr(int type, int len)
{
	struct nl_msg *msg = newlink(RTM_NEWLINK, 2, 0);
	struct nlattr *info = nla_nest_start(msg, IFLA_LINKINFO), *data;
	uint32_t v = 0;
	struct bw_link l;

	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put(msg, type, len, &v);
	nla_nest_end_keep_empty(msg, data);
	nla_nest_end(msg, info);
	return parse(msg, &l);
}

TEST(link_parse_truncated_attributes)
{
	struct nl_msg *msg;
	struct bw_link l;
	uint8_t b = 1;

	CHECK_INT(parse_short_bond_attr(IFLA_BOND_MIIMON, 2), -EINVAL);
	CHECK_INT(parse_short_bond_attr(IFLA_BOND_MODE, 0), -EINVAL);
	CHECK_INT(parse_short_bond_attr(IFLA_BOND_PRIMARY, 3), -EINVAL);
	CHECK_INT(parse_short_bond_attr(IFLA_BOND_MIIMON, 4), 0);
	msg = newlink(RTM_NEWLINK, 3, 0);
	nla_put(msg, IFLA_MASTER, 1, &b);
	CHECK_INT(parse(msg, &l), -EINVAL);
	msg = newlink(RTM_NEWLINK, 3, 0);
	nla_put(msg, IFLA_EVENT, 0, NULL);
	CHECK_INT(parse(msg, &l), -EINVAL);
}

TEST(link_parse_bad_arp_targets)
{
	struct nl_msg *msg = newlink(RTM_NEWLINK, 2, 0);
	struct nlattr *info = nla_nest_start(msg, IFLA_LINKINFO), *data, *nest;
	struct bw_link l;
	uint32_t a = 0;

	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nest = nla_nest_start(msg, IFLA_BOND_ARP_IP_TARGET);
	nla_put(msg, 0, 3, &a);                             /* 3-byte address */
	nla_nest_end(msg, nest);
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	CHECK_INT(parse(msg, &l), -EINVAL);

	msg = newlink(RTM_NEWLINK, 2, 0);                   /* 17 targets */
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	put_arp_targets(msg, BW_MAX_ARP_TARGETS + 1);
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	CHECK_INT(parse(msg, &l), -EINVAL);
}

/* Strings without a NUL, or longer than our fields, are cut, not overrun. */
TEST(link_parse_unterminated_strings)
{
	struct nl_msg *msg = newlink(RTM_NEWLINK, 4, 0);
	struct nlattr *info;
	struct bw_link l;

	nla_put(msg, IFLA_IFNAME, 20, "abcdefghijklmnopqrst");
	nla_put(msg, IFLA_ADDRESS, 16, "0123456789abcdef"); /* longer than 6 */
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put(msg, IFLA_INFO_KIND, 4, "bond");            /* no NUL */
	nla_nest_end(msg, info);
	CHECK_INT(parse(msg, &l), 0);
	CHECK_STR(l.name, "abcdefghijklmno");
	CHECK_STR(l.kind, "bond");
	CHECK(!l.is_bond);                                  /* no INFO_DATA */
}

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Mutated copies of valid messages and pure noise: must never crash or
 * read out of bounds (ASan run: `make BUILD=build-asan SAN=...`). */
TEST(link_parse_garbage_never_crashes)
{
	struct nl_msg *tmpl[2] = { bond_msg(), slave_msg() };
	uint32_t seed = 42, *buf;
	struct bw_link l;
	int ok = 0;

	for (int i = 0; i < 40000; i++) {
		const struct nlmsghdr *t = nlmsg_hdr(tmpl[i & 1]);
		size_t len = t->nlmsg_len;
		struct nlmsghdr *h;

		buf = malloc(len);
		memcpy(buf, t, len);
		h = (struct nlmsghdr *)buf;
		for (int k = 0, n = 1 + (int)(rnd(&seed) % 8); k < n; k++) {
			size_t at = NLMSG_HDRLEN + rnd(&seed) % (len - NLMSG_HDRLEN);

			((uint8_t *)buf)[at] = (uint8_t)(i % 3 ? rnd(&seed) : 0xff);
		}
		if (i % 5 == 0)            /* a shorter message: truncated tail */
			h->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + rnd(&seed) % (len - NLMSG_HDRLEN));
		ok += bw_link_parse(h, &l) == 0;
		free(buf);
	}
	CHECK(ok > 0);
	nlmsg_free(tmpl[0]);
	nlmsg_free(tmpl[1]);
}

/* The create/change request, read back by the parser (same attributes). */
TEST(bond_request_round_trip)
{
	struct bw_bond_params p, *q;
	struct nl_msg *msg = newlink(RTM_NEWLINK, 2, 0);
	uint32_t all = (1u << BW_OPT__COUNT) - 1;
	struct bw_link l;

	bw_bond_params_default(&p);
	p.mode = BW_MODE_ACTIVE_BACKUP;
	p.fail_over_mac = BW_FOM_ACTIVE;
	p.miimon = 200;
	p.updelay = 200;
	p.downdelay = 400;
	p.primary_reselect = BW_PRS_BETTER;
	p.num_grat_arp = 3;
	p.arp_validate = BW_AV_NONE;
	p.n_arp_targets = 1;
	inet_pton(AF_INET, "198.51.100.1", &p.arp_targets[0]);
	CHECK_INT(bw_nl_put_bond_info(msg, &p, all, 7), 0);
	CHECK_INT(parse(msg, &l), 0);
	q = &l.bond.params;
	CHECK(l.is_bond);
	CHECK_INT(q->mode, BW_MODE_ACTIVE_BACKUP);
	CHECK_INT(q->fail_over_mac, BW_FOM_ACTIVE);
	CHECK_INT(q->miimon, 200);
	CHECK_INT(q->updelay, 200);
	CHECK_INT(q->downdelay, 400);
	CHECK_INT(q->primary_reselect, BW_PRS_BETTER);
	CHECK_INT(q->num_grat_arp, 3);
	CHECK_INT(q->n_arp_targets, 1);
	CHECK_INT(q->arp_targets[0].s_addr, p.arp_targets[0].s_addr);
	CHECK_INT(l.bond.primary_ifindex, 7);
}

/* Only the options in the mask; MIIMON 0 leaves the delays out (the kernel
 * refuses them with EPERM while miimon is 0); no targets = an empty nest,
 * which is how targets are cleared. */
TEST(bond_request_mask_and_rules)
{
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1], *d[IFLA_BOND_MAX + 1];
	struct ifinfomsg ifi = { 0 };
	struct bw_bond_params p;

	bw_bond_params_default(&p);
	p.miimon = 0;
	p.arp_interval = 100;
	nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	CHECK_INT(bw_nl_put_bond_info(msg, &p, BW_OPT_BIT(BW_OPT_MIIMON) |
		  BW_OPT_BIT(BW_OPT_UPDELAY) | BW_OPT_BIT(BW_OPT_DOWNDELAY) |
		  BW_OPT_BIT(BW_OPT_ARP_INTERVAL) | BW_OPT_BIT(BW_OPT_ARP_IP_TARGETS), 0), 0);
	CHECK_INT(nlmsg_parse(nlmsg_hdr(msg), sizeof(ifi), tb, IFLA_MAX, NULL), 0);
	CHECK(tb[IFLA_LINKINFO] != NULL);
	if (!tb[IFLA_LINKINFO])
		return;
	nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL);
	CHECK_STR(nla_get_string(info[IFLA_INFO_KIND]), "bond");
	nla_parse_nested(d, IFLA_BOND_MAX, info[IFLA_INFO_DATA], NULL);
	CHECK(d[IFLA_BOND_MIIMON] && nla_get_u32(d[IFLA_BOND_MIIMON]) == 0);
	CHECK(d[IFLA_BOND_ARP_INTERVAL] && nla_get_u32(d[IFLA_BOND_ARP_INTERVAL]) == 100);
	CHECK(!d[IFLA_BOND_UPDELAY] && !d[IFLA_BOND_DOWNDELAY]);
	CHECK(d[IFLA_BOND_ARP_IP_TARGET] && nla_len(d[IFLA_BOND_ARP_IP_TARGET]) == 0);
	CHECK(!d[IFLA_BOND_MODE] && !d[IFLA_BOND_PRIMARY] && !d[IFLA_BOND_FAIL_OVER_MAC]);
	nlmsg_free(msg);
}

static struct bw_link mklink(int ifindex, const char *name, bool bond, int primary)
{
	struct bw_link l = { .ifindex = ifindex, .is_bond = bond };

	snprintf(l.name, sizeof(l.name), "%s", name);
	l.bond.primary_ifindex = primary;
	return l;
}

TEST(kstate_upsert_remove_resolve)
{
	struct bw_kstate ks = { 0 };
	struct bw_link l = mklink(2, "bond0", true, 3);

	CHECK_INT(bw_kstate_upsert_link(&ks, &l), 0);
	CHECK_STR(bw_kstate_link_by_name(&ks, "bond0")->bond.params.primary, "");
	l = mklink(3, "eth0", false, 0);
	CHECK_INT(bw_kstate_upsert_link(&ks, &l), 0);
	CHECK_STR(bw_kstate_link_by_index(&ks, 2)->bond.params.primary, "eth0");
	l = mklink(3, "lan0", false, 0);                   /* renamed: replaced */
	CHECK_INT(bw_kstate_upsert_link(&ks, &l), 0);
	CHECK_INT(ks.n_links, 2);
	CHECK_STR(bw_kstate_link_by_index(&ks, 2)->bond.params.primary, "lan0");
	bw_kstate_remove_link(&ks, 3);
	CHECK_INT(ks.n_links, 1);
	CHECK(bw_kstate_link_by_name(&ks, "lan0") == NULL);
	CHECK_STR(bw_kstate_link_by_name(&ks, "bond0")->bond.params.primary, "");
	bw_kstate_free(&ks);
	CHECK(ks.links == NULL && ks.n_links == 0);
}

/* Partial link messages must not be taken for a link's state: a bridge
 * port's AF_BRIDGE message and cfg80211's wireless event (name +
 * IFLA_WIRELESS only) would otherwise erase a slave's master and bond data. */
TEST(link_parse_ignores_partial_messages)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = 7 };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	struct bw_link l;

	nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
	nla_put_string(msg, IFLA_IFNAME, "eth0");
	nla_put_u32(msg, IFLA_MASTER, 9);
	CHECK_INT(parse(msg, &l), -ENOMSG);   /* parse() frees msg */

	msg = newlink(RTM_NEWLINK, 7, 0);
	nla_put_string(msg, IFLA_IFNAME, "wlan0");
	nla_put(msg, IFLA_WIRELESS, 4, "\0\0\0\0");
	CHECK_INT(parse(msg, &l), -ENOMSG);   /* parse() frees msg */
}
