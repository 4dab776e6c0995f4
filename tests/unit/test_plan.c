// SPDX-License-Identifier: GPL-2.0-or-later
/* test_plan.c - the planner: kernel state x file -> ordered steps. The
 * kernel state is built by hand here; that the kernel accepts the steps is
 * proven in the VM (tests/integration/apply_*.sh). */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdlib.h>
#include "harness.h"
#include "bondwatch/plan.h"

/* A small kernel: links by name, optionally enslaved, optionally a bond. */
struct fake {
	struct bw_kstate ks;
	struct bw_link links[8];
	struct bw_kaddr addrs[8];
	struct bw_kroute routes[4];
};

static struct bw_link *fake_link(struct fake *f, const char *name, bool up)
{
	struct bw_link *l = &f->links[f->ks.n_links++];

	memset(l, 0, sizeof(*l));
	l->ifindex = f->ks.n_links + 1;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->flags = up ? IFF_UP : 0;
	f->ks.links = f->links;
	return l;
}

static void fake_addr(struct fake *f, int ifindex, const char *prefix)
{
	struct bw_kaddr *a = &f->addrs[f->ks.n_addrs++];

	a->ifindex = ifindex;
	bw_prefix_parse(prefix, &a->prefix);
	f->ks.addrs = f->addrs;
}

static void fake_route(struct fake *f, int ifindex, const char *via, uint32_t metric)
{
	struct bw_kroute *r = &f->routes[f->ks.n_routes++];

	r->ifindex = ifindex;
	bw_ip_parse(via, &r->via);
	r->metric = metric;
	f->ks.routes = f->routes;
}

/* The seed: bond0 over eth0 (primary) + wlan0, 192.0.2.10/24 via .1 */
static void seed(struct bw_config *cfg, struct bw_bond_cfg *b)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(b, 0, sizeof(*b));
	snprintf(cfg->path, sizeof(cfg->path), "test.yaml");
	cfg->n_bonds = 1;
	cfg->bonds = b;
	snprintf(b->name, sizeof(b->name), "bond0");
	b->n_members = 2;
	snprintf(b->members[0], BW_IFNAMSIZ, "wlan0");   /* primary listed last on purpose */
	snprintf(b->members[1], BW_IFNAMSIZ, "eth0");
	bw_bond_params_default(&b->params);
	b->params.mode = BW_MODE_ACTIVE_BACKUP;
	b->params.fail_over_mac = BW_FOM_ACTIVE;
	b->params.miimon = 200;
	b->params.updelay = 200;
	snprintf(b->params.primary, sizeof(b->params.primary), "eth0");
	b->n_addrs = 1;
	bw_prefix_parse("192.0.2.10/24", &b->addrs[0]);
	b->n_routes = 1;
	bw_ip_parse("192.0.2.1", &b->routes[0].via);
}

/* The kernel after a successful apply of seed(). */
static void converged(struct fake *f, const struct bw_bond_cfg *b)
{
	struct bw_link *bond, *eth0, *wlan0;

	memset(f, 0, sizeof(*f));
	bond = fake_link(f, "bond0", true);
	bond->is_bond = true;
	bond->bond.params = b->params;
	eth0 = fake_link(f, "eth0", true);
	wlan0 = fake_link(f, "wlan0", true);
	eth0->master_ifindex = wlan0->master_ifindex = bond->ifindex;
	eth0->is_bond_slave = wlan0->is_bond_slave = true;
	fake_addr(f, bond->ifindex, "192.0.2.10/24");
	fake_addr(f, bond->ifindex, "fe80::1/64");        /* the kernel's own */
	fake_route(f, bond->ifindex, "192.0.2.1", 0);
}

static int find(const struct bw_plan *p, enum bw_step_op op, const char *link)
{
	for (int i = 0; i < p->n; i++)
		if (p->steps[i].op == op && strcmp(p->steps[i].link, link) == 0)
			return i;
	return -1;
}

TEST(plan_from_nothing_orders_steps_as_the_kernel_requires)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f = { 0 };
	struct bw_plan p;

	seed(&cfg, &b);
	fake_link(&f, "eth0", true);
	fake_addr(&f, 2, "192.0.2.77/24");
	fake_route(&f, 2, "192.0.2.1", 0);
	fake_link(&f, "wlan0", false);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);

	int del_route = find(&p, BW_STEP_ROUTE_DEL, "eth0");
	int del_addr = find(&p, BW_STEP_ADDR_DEL, "eth0");
	int create = find(&p, BW_STEP_BOND_CREATE, "bond0");
	int down_eth0 = find(&p, BW_STEP_LINK_DOWN, "eth0");
	int ens_eth0 = find(&p, BW_STEP_ENSLAVE, "eth0");
	int ens_wlan0 = find(&p, BW_STEP_ENSLAVE, "wlan0");
	int primary = find(&p, BW_STEP_BOND_CHANGE, "bond0");
	int up = find(&p, BW_STEP_LINK_UP, "bond0");
	int addr = find(&p, BW_STEP_ADDR_ADD, "bond0");
	int route = find(&p, BW_STEP_ROUTE_ADD, "bond0");

	CHECK(del_route >= 0 && del_addr >= 0 && del_route < create && del_addr < create);
	CHECK(create >= 0 && create < down_eth0);
	CHECK(down_eth0 < ens_eth0);                    /* enslave needs the link down */
	CHECK(find(&p, BW_STEP_LINK_DOWN, "wlan0") < 0);  /* already down: no write */
	CHECK(ens_eth0 < ens_wlan0);                    /* primary first */
	CHECK(ens_wlan0 < primary);                     /* primary after enslave */
	CHECK(primary < up && up < addr && addr < route);
	CHECK_INT(p.steps[create].mask & BW_OPT_BIT(BW_OPT_PRIMARY), 0);
	CHECK(p.steps[create].mask & BW_OPT_BIT(BW_OPT_FAIL_OVER_MAC));
	CHECK_INT(p.steps[primary].mask, BW_OPT_BIT(BW_OPT_PRIMARY));
	CHECK_CONTAINS(p.steps[create].text, "+ bond0 create mode active-backup");
	CHECK_CONTAINS(p.steps[create].text, "mii-monitor-interval 200ms");
	CHECK_STR(p.steps[primary].text, "+ bond0 primary eth0");
	CHECK_STR(p.steps[addr].text, "+ 192.0.2.10/24 on bond0");
	CHECK_STR(p.steps[route].text, "+ default via 192.0.2.1 on bond0");
	CHECK_STR(p.steps[del_addr].text, "- 192.0.2.77/24 on eth0 (members carry no address)");
	bw_plan_free(&p);
}

TEST(plan_converged_is_empty)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 0);
	bw_plan_free(&p);
}

TEST(plan_primary_change_is_one_step)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	snprintf(f.links[0].bond.params.primary, BW_IFNAMSIZ, "wlan0");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	if (p.n == 1) {
		CHECK_INT(p.steps[0].op, BW_STEP_BOND_CHANGE);
		CHECK_INT(p.steps[0].mask, BW_OPT_BIT(BW_OPT_PRIMARY));
		CHECK_STR(p.steps[0].text, "~ bond0 primary wlan0 -> eth0");
	}
	bw_plan_free(&p);
}

TEST(plan_miimon_change_resends_delays)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	f.links[0].bond.params.miimon = 100;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	if (p.n == 1) {
		/* peer_notif_delay is kept in miimon units too (active-backup) */
		CHECK_INT(p.steps[0].mask, BW_OPT_BIT(BW_OPT_MIIMON) | BW_OPT_BIT(BW_OPT_UPDELAY) |
						   BW_OPT_BIT(BW_OPT_DOWNDELAY) |
						   BW_OPT_BIT(BW_OPT_PEER_NOTIF_DELAY));
		CHECK_CONTAINS(p.steps[0].text, "~ bond0 mii-monitor-interval 100ms -> 200ms");
	}
	bw_plan_free(&p);
}

TEST(plan_updelay_alone)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	f.links[0].bond.params.updelay = 400;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	if (p.n == 1)
		CHECK_INT(p.steps[0].mask, BW_OPT_BIT(BW_OPT_UPDELAY));
	bw_plan_free(&p);
}

TEST(plan_mode_change_rebuilds_in_order)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	f.links[0].bond.params.mode = BW_MODE_BALANCE_RR;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int rel_eth0 = find(&p, BW_STEP_RELEASE, "eth0");
	int rel_wlan0 = find(&p, BW_STEP_RELEASE, "wlan0");
	int down = find(&p, BW_STEP_LINK_DOWN, "bond0");
	int change = find(&p, BW_STEP_BOND_CHANGE, "bond0");
	int ens = find(&p, BW_STEP_ENSLAVE, "eth0");
	int up = find(&p, BW_STEP_LINK_UP, "bond0");
	int route = find(&p, BW_STEP_ROUTE_ADD, "bond0");

	CHECK(rel_eth0 >= 0 && rel_wlan0 >= 0 && rel_eth0 < down && rel_wlan0 < down);
	CHECK(down < change && change < ens && ens < up && up < route);
	CHECK(p.steps[change].mask & BW_OPT_BIT(BW_OPT_MODE));
	CHECK_CONTAINS(p.steps[change].text, "~ bond0 mode balance-rr -> active-backup (rebuild");
	CHECK_INT(find(&p, BW_STEP_LINK_DOWN, "eth0"), -1);   /* released links are down */
	CHECK_INT(find(&p, BW_STEP_ADDR_ADD, "bond0"), -1);   /* IPv4 survives a down */
	bw_plan_free(&p);
}

TEST(plan_releases_unwanted_member_and_strips_member_addresses)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;
	struct bw_link *x;

	seed(&cfg, &b);
	converged(&f, &b);
	x = fake_link(&f, "eth9", true);
	x->master_ifindex = 2;
	fake_addr(&f, 3, "198.51.100.5/24");     /* on eth0 */
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK(find(&p, BW_STEP_RELEASE, "eth9") >= 0);
	CHECK(find(&p, BW_STEP_ADDR_DEL, "eth0") >= 0);
	CHECK_INT(p.n, 2);
	bw_plan_free(&p);
}

TEST(plan_snapshot_target_undoes_a_fresh_bond)
{
	struct bw_config cfg, snap_cfg;
	struct bw_bond_cfg b;
	struct bw_target t;
	struct fake before = { 0 }, after;
	struct bw_plan p;

	seed(&cfg, &b);
	fake_link(&before, "eth0", true);
	fake_addr(&before, 2, "192.0.2.77/24");
	fake_route(&before, 2, "192.0.2.1", 0);
	fake_link(&before, "wlan0", false);
	CHECK_INT(bw_target_from_snapshot(&cfg, &before.ks, &snap_cfg, &t), 0);
	CHECK_INT(snap_cfg.n_bonds, 0);
	CHECK_INT(t.n_absent, 1);
	CHECK_INT(t.n_free, 2);

	converged(&after, &b);
	CHECK_INT(bw_plan_make(&t, &after.ks, &p), 0);
	int rel = find(&p, BW_STEP_RELEASE, "eth0");
	int up = find(&p, BW_STEP_LINK_UP, "eth0");
	int addr = find(&p, BW_STEP_ADDR_ADD, "eth0");
	int del = find(&p, BW_STEP_BOND_DEL, "bond0");
	int route = find(&p, BW_STEP_ROUTE_ADD, "eth0");
	CHECK(rel >= 0 && rel < del && del < up && up < addr && addr < route);
	CHECK(find(&p, BW_STEP_RELEASE, "wlan0") >= 0);
	CHECK_INT(find(&p, BW_STEP_LINK_UP, "wlan0"), -1);   /* it was down before */
	CHECK_INT(find(&p, BW_STEP_BOND_CREATE, "bond0"), -1);
	bw_plan_free(&p);
	bw_config_free(&snap_cfg);
}

TEST(plan_snapshot_target_restores_old_options)
{
	struct bw_config cfg, snap_cfg;
	struct bw_bond_cfg b;
	struct bw_target t;
	struct fake before, after;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&before, &b);
	before.links[0].bond.params.miimon = 100;
	CHECK_INT(bw_target_from_snapshot(&cfg, &before.ks, &snap_cfg, &t), 0);
	CHECK_INT(snap_cfg.n_bonds, 1);
	converged(&after, &b);
	CHECK_INT(bw_plan_make(&t, &after.ks, &p), 0);
	CHECK_INT(p.n, 1);
	if (p.n == 1)
		CHECK_CONTAINS(p.steps[0].text, "mii-monitor-interval 200ms -> 100ms");
	bw_plan_free(&p);
	bw_config_free(&snap_cfg);
}

TEST(plan_replacing_the_only_address_re_adds_the_route)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	bw_prefix_parse("192.0.2.11/24", &b.addrs[0]);   /* .10 -> .11 */
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int del = find(&p, BW_STEP_ADDR_DEL, "bond0");
	int add_ = find(&p, BW_STEP_ADDR_ADD, "bond0");
	int route = find(&p, BW_STEP_ROUTE_ADD, "bond0");
	CHECK(del >= 0 && del < add_ && add_ < route);
	CHECK_INT(find(&p, BW_STEP_ROUTE_DEL, "bond0"), -1);
	bw_plan_free(&p);
}

TEST(plan_adding_a_second_address_keeps_the_route)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	b.n_addrs = 2;
	bw_prefix_parse("198.51.100.10/24", &b.addrs[1]);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	CHECK_INT(find(&p, BW_STEP_ROUTE_ADD, "bond0"), -1);
	bw_plan_free(&p);
}

TEST(plan_rebuild_clears_a_dropped_primary)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);
	converged(&f, &b);
	/* the file moves to balance-tlb (has a primary) and drops primary: */
	b.params.mode = BW_MODE_BALANCE_TLB;
	b.params.fail_over_mac = BW_FOM_NONE;
	b.params.primary[0] = '\0';
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int i = -1;
	for (int k = 0; k < p.n; k++)
		if (p.steps[k].op == BW_STEP_BOND_CHANGE && p.steps[k].mask == BW_OPT_BIT(BW_OPT_PRIMARY))
			i = k;
	CHECK(i > find(&p, BW_STEP_ENSLAVE, "eth0"));
	if (i >= 0)
		CHECK_STR(p.steps[i].text, "~ bond0 primary eth0 -> none");
	bw_plan_free(&p);
}

/* Names come from the file and the kernel, and a name may hold bytes that
 * do not print (the kernel allows ESC): the plan never prints them raw. */
TEST(plan_print_escapes_what_does_not_print)
{
	struct bw_plan plan = { .n = 1, .cap = 1, .steps = calloc(1, sizeof(struct bw_step)) };
	struct bw_step *s = plan.steps;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	snprintf(s->text, sizeof(s->text), "+ %s up\n~ b\xc2\x9b" "1m", "e\x1b]0;x\x07");
	bw_plan_print(&plan, f);
	fclose(f);
	CHECK_STR(out, "+ e\\x1b]0;x\\x07 up\n~ b\\xc2\\x9b1m\n");
	free(out);
	bw_plan_free(&plan);
}

/* ---- the other modes (issue 17) ---------------------------------------- */

/* The seed as an 802.3ad bond (no primary, no fail_over_mac). */
static void seed_lacp(struct bw_config *cfg, struct bw_bond_cfg *b)
{
	seed(cfg, b);
	b->params.mode = BW_MODE_8023AD;
	b->params.fail_over_mac = BW_FOM_NONE;
	b->params.primary[0] = '\0';
	b->params.lacp_rate = BW_LACP_FAST;
	b->params.xmit_hash = BW_XHP_LAYER34;
	b->params.ad_select = BW_ADS_COUNT;
	b->params.min_links = 1;
}

TEST(plan_lacp_create_sends_the_modes_options_only)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f = { 0 };
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	fake_link(&f, "eth0", false);
	fake_link(&f, "wlan0", false);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int create = find(&p, BW_STEP_BOND_CREATE, "bond0");
	CHECK(create >= 0);
	if (create >= 0) {
		uint32_t m = p.steps[create].mask;

		CHECK(m & BW_OPT_BIT(BW_OPT_LACP_RATE));
		CHECK(m & BW_OPT_BIT(BW_OPT_AD_SELECT));
		CHECK(m & BW_OPT_BIT(BW_OPT_XMIT_HASH));
		CHECK(m & BW_OPT_BIT(BW_OPT_MIN_LINKS));
		CHECK(m & BW_OPT_BIT(BW_OPT_ALL_SLAVES_ACTIVE));
		/* EACCES in 802.3ad, or meaningless there */
		CHECK_INT(m & BW_OPT_BIT(BW_OPT_PACKETS_PER_SLAVE), 0);
		CHECK_INT(m & BW_OPT_BIT(BW_OPT_MISSED_MAX), 0);
		CHECK_INT(m & BW_OPT_BIT(BW_OPT_NS_IP6_TARGETS), 0);
		CHECK_INT(m & BW_OPT_BIT(BW_OPT_PEER_NOTIF_DELAY), 0);
		CHECK_INT(m & BW_OPT_BIT(BW_OPT_MTU), 0);        /* not named */
		CHECK_INT(m & BW_OPT_BIT(BW_OPT_MACADDRESS), 0);
		CHECK_CONTAINS(p.steps[create].text, "transmit-hash-policy layer3+4");
		CHECK_CONTAINS(p.steps[create].text, "lacp-rate fast ad-select count");
	}
	CHECK_INT(find(&p, BW_STEP_BOND_CHANGE, "bond0"), -1);   /* no primary step */
	bw_plan_free(&p);
}

TEST(plan_lacp_converged_is_empty)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	converged(&f, &b);
	/* What the kernel keeps that means nothing in 802.3ad: no difference. */
	f.links[0].bond.params.packets_per_slave = 7;
	f.links[0].bond.params.missed_max = 9;
	f.links[0].bond.params.peer_notif_delay = 400;
	f.links[0].bond.params.mtu = 1500;
	f.links[0].bond.params.has_mac = true;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 0);
	bw_plan_free(&p);
}

TEST(plan_lacp_rate_takes_the_bond_down_and_up)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	converged(&f, &b);
	f.links[0].bond.params.lacp_rate = BW_LACP_SLOW;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int down = find(&p, BW_STEP_LINK_DOWN, "bond0");
	int change = find(&p, BW_STEP_BOND_CHANGE, "bond0");
	int up = find(&p, BW_STEP_LINK_UP, "bond0");
	int route = find(&p, BW_STEP_ROUTE_ADD, "bond0");
	CHECK(down >= 0 && down < change && change < up && up < route);
	CHECK_INT(find(&p, BW_STEP_RELEASE, "eth0"), -1);   /* members stay */
	CHECK_INT(find(&p, BW_STEP_ENSLAVE, "eth0"), -1);
	if (change >= 0) {
		CHECK_INT(p.steps[change].mask, BW_OPT_BIT(BW_OPT_LACP_RATE));
		CHECK_STR(p.steps[change].text, "~ bond0 lacp-rate slow -> fast");
	}
	if (down >= 0)
		CHECK_CONTAINS(p.steps[down].text, "- bond0 down (lacp-rate and ad-select");
	bw_plan_free(&p);
}

TEST(plan_live_mode_options_are_one_step)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	b.params.mtu = 9000;
	converged(&f, &b);
	f.links[0].bond.params.xmit_hash = BW_XHP_LAYER2;
	f.links[0].bond.params.min_links = 0;
	f.links[0].bond.params.mtu = 1500;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	if (p.n == 1) {
		CHECK_INT(p.steps[0].op, BW_STEP_BOND_CHANGE);
		CHECK_INT(p.steps[0].mask, BW_OPT_BIT(BW_OPT_XMIT_HASH) | BW_OPT_BIT(BW_OPT_MIN_LINKS) |
						   BW_OPT_BIT(BW_OPT_MTU));
		CHECK_STR(p.steps[0].text, "~ bond0 transmit-hash-policy layer2 -> layer3+4\n"
					   "~ bond0 min-links 0 -> 1\n~ bond0 mtu 1500 -> 9000");
	}
	bw_plan_free(&p);
}

TEST(plan_mode_options_of_another_mode_are_not_compared)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed(&cfg, &b);   /* active-backup */
	converged(&f, &b);
	/* left behind by an earlier 802.3ad life of the bond (the kernel keeps
	 * them across a mode change, and refuses lacp_rate in active-backup) */
	f.links[0].bond.params.lacp_rate = BW_LACP_FAST;
	f.links[0].bond.params.ad_select = BW_ADS_COUNT;
	f.links[0].bond.params.xmit_hash = BW_XHP_LAYER34;
	f.links[0].bond.params.min_links = 2;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 0);
	bw_plan_free(&p);
}

TEST(plan_macaddress_is_resent_by_a_rebuild)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	b.params.has_mac = true;
	memcpy(b.params.mac, "\x02\x00\x5e\x10\x00\x01", 6);
	converged(&f, &b);
	f.links[0].bond.params.mode = BW_MODE_ACTIVE_BACKUP;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int change = find(&p, BW_STEP_BOND_CHANGE, "bond0");
	CHECK(change >= 0);
	if (change >= 0) {
		CHECK(p.steps[change].mask & BW_OPT_BIT(BW_OPT_MODE));
		/* released of its last slave, a bond gets a random address */
		CHECK(p.steps[change].mask & BW_OPT_BIT(BW_OPT_MACADDRESS));
	}
	bw_plan_free(&p);
}

TEST(plan_snapshot_keeps_the_other_modes_options)
{
	struct bw_config cfg, snap_cfg;
	struct bw_bond_cfg b;
	struct bw_target t;
	struct fake before, after;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	b.params.mtu = 9000;
	converged(&before, &b);
	before.links[0].bond.params.lacp_rate = BW_LACP_SLOW;
	before.links[0].bond.params.xmit_hash = BW_XHP_ENCAP34;
	before.links[0].bond.params.mtu = 1500;
	before.links[0].bond.params.has_mac = true;   /* the kernel's: not put back */
	CHECK_INT(bw_target_from_snapshot(&cfg, &before.ks, &snap_cfg, &t), 0);
	converged(&after, &b);   /* the file applied, then a failure */
	CHECK_INT(bw_plan_make(&t, &after.ks, &p), 0);
	int down = find(&p, BW_STEP_LINK_DOWN, "bond0");
	int change = find(&p, BW_STEP_BOND_CHANGE, "bond0");
	CHECK(down >= 0 && down < change);
	if (change >= 0) {
		CHECK_INT(p.steps[change].mask, BW_OPT_BIT(BW_OPT_XMIT_HASH) |
							BW_OPT_BIT(BW_OPT_LACP_RATE) |
							BW_OPT_BIT(BW_OPT_MTU));
		CHECK_CONTAINS(p.steps[change].text, "~ bond0 lacp-rate fast -> slow");
		CHECK_CONTAINS(p.steps[change].text, "~ bond0 mtu 9000 -> 1500");
	}
	bw_plan_free(&p);
	bw_config_free(&snap_cfg);
}
