// SPDX-License-Identifier: GPL-2.0-or-later
/* test_agent_addr.c - the bond's address in the agent: RTM_NEWADDR /
 * RTM_DELADDR parsed (bw_addr_parse), kept by event (upsert: a renewal
 * replaces the lifetimes, never adds a row), the source rule (a lifetime
 * = dhcp, permanent = static, secondary / link scope / IPv6 not counted),
 * the column values, and bwBondAddressChanged: raised for another
 * address, a lost lease, a static address replaced by a lease; never for
 * a renewal that keeps the address. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include "harness.h"
#include "bondwatch/kstate.h"
#include "../../lib/netlink/nl_priv.h"
#include "../../subagent/model/mib_oids.h"
#include "../../subagent/model/mib_values.h"
#include "../../subagent/model/model.h"

/* An RTM_NEWADDR as the kernel sends it (inet_fill_ifaddr): IFA_LOCAL,
 * IFA_FLAGS, and IFA_CACHEINFO with the remaining lifetimes. */
static struct nl_msg *addr_msg(int type, int family, const char *ip, int plen, int ifindex,
			       uint32_t flags, uint32_t valid)
{
	struct ifaddrmsg ifa = { .ifa_family = (uint8_t)family, .ifa_prefixlen = (uint8_t)plen,
				 .ifa_flags = (uint8_t)flags, .ifa_index = (uint32_t)ifindex };
	struct ifa_cacheinfo ci = { .ifa_prefered = valid, .ifa_valid = valid };
	struct nl_msg *msg = nlmsg_alloc_simple(type, 0);
	uint8_t a[16];

	inet_pton(family, ip, a);
	nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
	nla_put(msg, family == AF_INET ? IFA_LOCAL : IFA_ADDRESS, family == AF_INET ? 4 : 16, a);
	nla_put_u32(msg, IFA_FLAGS, flags);
	nla_put(msg, IFA_CACHEINFO, sizeof(ci), &ci);
	return msg;
}

TEST(addr_parse_static_lease_secondary)
{
	struct nl_msg *m;
	struct bw_kaddr a;
	char buf[64];

	m = addr_msg(RTM_NEWADDR, AF_INET, "198.51.100.10", 24, 5, IFA_F_PERMANENT, 0xffffffffu);
	CHECK_INT(bw_addr_parse(nlmsg_hdr(m), &a), 0);
	CHECK_STR(bw_prefix_str(&a.prefix, buf, sizeof(buf)), "198.51.100.10/24");
	CHECK_INT(a.ifindex, 5);
	CHECK(!a.dynamic && !a.secondary);
	nlmsg_free(m);

	m = addr_msg(RTM_NEWADDR, AF_INET, "198.51.100.77", 24, 5, 0, 600);
	CHECK_INT(bw_addr_parse(nlmsg_hdr(m), &a), 0);
	CHECK(a.dynamic);
	CHECK_INT(a.valid_lft, 600);
	nlmsg_free(m);

	m = addr_msg(RTM_DELADDR, AF_INET, "198.51.100.78", 24, 5, IFA_F_SECONDARY, 300);
	CHECK_INT(bw_addr_parse(nlmsg_hdr(m), &a), 0);
	CHECK(a.secondary);
	nlmsg_free(m);

	m = addr_msg(RTM_NEWADDR, AF_INET6, "2001:db8::1", 64, 5, IFA_F_PERMANENT, 0);
	CHECK_INT(bw_addr_parse(nlmsg_hdr(m), &a), 0);
	CHECK_INT(a.prefix.ip.family, AF_INET6);
	nlmsg_free(m);
}

TEST(addr_parse_refuses_bad_messages)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 40, .ifa_index = 5 };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWADDR, 0);
	struct bw_kaddr a;
	uint8_t ip[4] = { 198, 51, 100, 1 };
	struct nlmsghdr h = { .nlmsg_len = NLMSG_LENGTH(2), .nlmsg_type = RTM_NEWADDR };

	/* prefix length 40 for IPv4 */
	nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
	nla_put(m, IFA_LOCAL, 4, ip);
	CHECK_INT(bw_addr_parse(nlmsg_hdr(m), &a), -EINVAL);
	nlmsg_free(m);
	/* no address at all */
	ifa.ifa_prefixlen = 24;
	m = nlmsg_alloc_simple(RTM_NEWADDR, 0);
	nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
	CHECK_INT(bw_addr_parse(nlmsg_hdr(m), &a), -EINVAL);
	nlmsg_free(m);
	/* shorter than its header */
	CHECK_INT(bw_addr_parse(&h, &a), -EINVAL);
	/* another family */
	ifa.ifa_family = AF_PACKET;
	m = nlmsg_alloc_simple(RTM_NEWADDR, 0);
	nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
	CHECK_INT(bw_addr_parse(nlmsg_hdr(m), &a), -ENOMSG);
	nlmsg_free(m);
}

static struct bw_kaddr kaddr(int ifindex, const char *cidr, bool dynamic, uint32_t valid)
{
	struct bw_kaddr a = { .ifindex = ifindex, .dynamic = dynamic, .valid_lft = valid };

	bw_prefix_parse(cidr, &a.prefix);
	return a;
}

/* bond0 (5) with eth0 (6) */
static void bond_state(struct bw_kstate *ks)
{
	memset(ks, 0, sizeof(*ks));
	ks->links = calloc(2, sizeof(*ks->links));
	ks->n_links = 2;
	ks->links[0].ifindex = 5;
	strcpy(ks->links[0].name, "bond0");
	ks->links[0].is_bond = true;
	ks->links[0].flags = IFF_UP;
	ks->links[1].ifindex = 6;
	strcpy(ks->links[1].name, "eth0");
	ks->links[1].is_bond_slave = true;
	ks->links[1].master_ifindex = 5;
}

TEST(kstate_addr_upkeep_renewal_replaces)
{
	struct bw_kstate ks;
	struct bw_kaddr a = kaddr(5, "198.51.100.77/24", true, 600);

	bond_state(&ks);
	CHECK_INT(bw_kstate_upsert_addr(&ks, &a), 0);
	a.valid_lft = 599;                 /* the renewal: same address, new lifetimes */
	CHECK_INT(bw_kstate_upsert_addr(&ks, &a), 0);
	CHECK_INT(ks.n_addrs, 1);
	CHECK_INT(ks.addrs[0].valid_lft, 599);
	a = kaddr(5, "198.51.100.77/25", true, 600);   /* another prefix: another address */
	CHECK_INT(bw_kstate_upsert_addr(&ks, &a), 0);
	CHECK_INT(bw_kstate_count_addrs(&ks, 5), 2);
	bw_kstate_remove_addr(&ks, &a);
	CHECK_INT(bw_kstate_count_addrs(&ks, 5), 1);
	bw_kstate_remove_addr(&ks, &a);                /* absent: nothing */
	CHECK_INT(ks.n_addrs, 1);
	bw_kstate_free(&ks);
}

TEST(addr_source_rule)
{
	struct bw_kstate ks;
	struct bw_kaddr a;
	struct bwa_bond_addr out;
	char ip[INET_ADDRSTRLEN];

	bond_state(&ks);
	bwa_bond_addr_pick(&ks, 5, &out);
	CHECK_INT(out.source, BWA_ADDR_NONE);
	CHECK_INT(out.ip.s_addr, 0);

	/* only what does not count: IPv6, link scope (IPv4LL), a secondary,
	 * another link's address */
	a = kaddr(5, "2001:db8::5/64", false, 0);
	bw_kstate_upsert_addr(&ks, &a);
	a = kaddr(5, "169.254.7.7/16", true, 20);
	a.scope = RT_SCOPE_LINK;
	bw_kstate_upsert_addr(&ks, &a);
	a = kaddr(5, "198.51.100.3/24", false, 0);
	a.secondary = true;
	bw_kstate_upsert_addr(&ks, &a);
	a = kaddr(6, "192.0.2.6/24", false, 0);
	bw_kstate_upsert_addr(&ks, &a);
	bwa_bond_addr_pick(&ks, 5, &out);
	CHECK_INT(out.source, BWA_ADDR_NONE);

	a = kaddr(5, "198.51.100.20/24", false, 0);          /* permanent: static */
	bw_kstate_upsert_addr(&ks, &a);
	a = kaddr(5, "192.0.2.200/24", false, 0);            /* numerically lower */
	bw_kstate_upsert_addr(&ks, &a);
	bwa_bond_addr_pick(&ks, 5, &out);
	CHECK_INT(out.source, BWA_ADDR_STATIC);
	CHECK_STR(inet_ntop(AF_INET, &out.ip, ip, sizeof(ip)), "192.0.2.200");
	CHECK_INT(out.prefix_len, 24);
	CHECK_INT(out.valid_lft, 0);

	a = kaddr(5, "198.51.100.77/24", true, 600);         /* a lease wins over static */
	a.read_at = 1000;
	bw_kstate_upsert_addr(&ks, &a);
	bwa_bond_addr_pick(&ks, 5, &out);
	CHECK_INT(out.source, BWA_ADDR_DHCP);
	CHECK_STR(inet_ntop(AF_INET, &out.ip, ip, sizeof(ip)), "198.51.100.77");
	CHECK_INT(out.valid_lft, 600);
	CHECK_INT(bwa_bond_lease_left(&out, 1000), 600);
	CHECK_INT(bwa_bond_lease_left(&out, 1100), 500);
	CHECK_INT(bwa_bond_lease_left(&out, 1700), 0);
	CHECK_INT(bwa_bond_lease_left(&out, 99999), 0);
	bw_kstate_free(&ks);
}

TEST(addr_column_values)
{
	struct bw_kstate ks;
	struct bw_kaddr a = kaddr(5, "198.51.100.77/24", true, 600);
	struct bwa_model m;
	struct bwa_value v;
	static const uint8_t want[4] = { 198, 51, 100, 77 };

	bond_state(&ks);
	a.read_at = 50;
	bw_kstate_upsert_addr(&ks, &a);
	CHECK_INT(bwa_model_build(&m, &ks), 0);
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_ADDRESS_SOURCE, &v), 0);
	CHECK(v.type == BWA_V_INTEGER && v.integer == 3);          /* dhcp(3) */
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_IP_ADDRESS, &v), 0);
	CHECK(v.type == BWA_V_IPADDRESS && v.len == 4 && !memcmp(v.octets, want, 4));
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_IP_PREFIX_LEN, &v), 0);
	CHECK(v.type == BWA_V_UNSIGNED && v.u32 == 24);
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_LEASE_REMAINING, &v), -1);
	CHECK_INT(bwa_bond_lease_value(&m.bonds[0], 110, &v), 0);
	CHECK(v.type == BWA_V_UNSIGNED && v.u32 == 540);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

struct seen {
	int n;
	enum bwa_event ev[8];
	struct bwa_bond_addr addr[8];
};

static void record(void *arg, enum bwa_event ev, const struct bwa_bond *b, const struct bwa_slave *s)
{
	struct seen *r = arg;

	(void)s;
	if (r->n < 8) {
		r->ev[r->n] = ev;
		r->addr[r->n] = b->addr;
	}
	r->n++;
}

/* Rebuild from ks, diff against *prev, keep the new rows in *prev. */
static void step(struct bwa_model *prev, const struct bw_kstate *ks, struct seen *r)
{
	struct bwa_model next;
	struct timespec now = { 100, 0 };

	memset(r, 0, sizeof(*r));
	bwa_model_build(&next, ks);
	bwa_model_update(&next, prev, &now, record, r);
	bwa_model_move(prev, &next);
}

TEST(addr_changed_notification)
{
	struct bw_kstate ks;
	struct bw_kaddr lease = kaddr(5, "198.51.100.77/24", true, 600);
	struct bw_kaddr other = kaddr(5, "198.51.100.78/24", true, 600);
	struct bw_kaddr fixed = kaddr(5, "198.51.100.10/24", false, 0);
	struct bwa_model m;
	struct seen r;
	char ip[INET_ADDRSTRLEN];

	bond_state(&ks);
	memset(&m, 0, sizeof(m));
	step(&m, &ks, &r);
	CHECK_INT(r.n, 0);                          /* a new bond is not a change */

	bw_kstate_upsert_addr(&ks, &lease);         /* the first lease */
	step(&m, &ks, &r);
	CHECK_INT(r.n, 1);
	CHECK(r.ev[0] == BWA_EV_ADDR_CHANGED);
	CHECK_STR(inet_ntop(AF_INET, &r.addr[0].ip, ip, sizeof(ip)), "198.51.100.77");
	CHECK_INT(r.addr[0].source, BWA_ADDR_DHCP);

	for (uint32_t lft = 599; lft > 590; lft--) { /* renewals: lifetimes only */
		lease.valid_lft = lft;
		lease.read_at = 600 - lft;
		bw_kstate_upsert_addr(&ks, &lease);
		step(&m, &ks, &r);
		CHECK_INT(r.n, 0);
	}
	CHECK_INT(m.bonds[0].addr.valid_lft, 591);  /* but the row has the new lifetime */

	bw_kstate_remove_addr(&ks, &lease);         /* a new lease, another address */
	bw_kstate_upsert_addr(&ks, &other);
	step(&m, &ks, &r);
	CHECK_INT(r.n, 1);
	CHECK_STR(inet_ntop(AF_INET, &r.addr[0].ip, ip, sizeof(ip)), "198.51.100.78");

	bw_kstate_remove_addr(&ks, &other);         /* the lease lost */
	step(&m, &ks, &r);
	CHECK_INT(r.n, 1);
	CHECK_INT(r.addr[0].source, BWA_ADDR_NONE);
	CHECK_INT(r.addr[0].ip.s_addr, 0);

	bw_kstate_upsert_addr(&ks, &fixed);         /* static */
	step(&m, &ks, &r);
	CHECK_INT(r.n, 1);
	CHECK_INT(r.addr[0].source, BWA_ADDR_STATIC);
	bw_kstate_remove_addr(&ks, &fixed);         /* the same address, now a lease */
	fixed.dynamic = true;
	fixed.valid_lft = 600;
	bw_kstate_upsert_addr(&ks, &fixed);
	step(&m, &ks, &r);
	CHECK_INT(r.n, 1);
	CHECK_INT(r.addr[0].source, BWA_ADDR_DHCP);

	bwa_model_free(&m);
	bw_kstate_free(&ks);
}
