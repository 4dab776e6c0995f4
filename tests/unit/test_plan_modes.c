// SPDX-License-Identifier: GPL-2.0-or-later
/* test_plan_modes.c - the planner for the other bonding modes: 802.3ad's
 * options sent at creation only where they are the mode's, the ones the
 * kernel takes only while the bond is down, the live ones in one step, the
 * options of another mode never compared, and a snapshot that keeps them.
 * The kernel state is built by hand (plan_fixture.h). */
#include <stdlib.h>
#include "harness.h"
#include "bondwatch/plan.h"
#include "plan_fixture.h"

/* The seed as an 802.3ad bond (no primary, no fail_over_mac). */
static void seed_lacp(struct bw_config *cfg, struct bw_bond_cfg *b)
{
	plan_seed(cfg, b);
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
	struct fake_kernel f = { 0 };
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	fk_link(&f, "eth0", false);
	fk_link(&f, "wlan0", false);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int create = fk_find(&p, BW_STEP_BOND_CREATE, "bond0");
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
	CHECK_INT(fk_find(&p, BW_STEP_BOND_CHANGE, "bond0"), -1);   /* no primary step */
	bw_plan_free(&p);
}

TEST(plan_lacp_converged_is_empty)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake_kernel f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	plan_converged(&f, &b);
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
	struct fake_kernel f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	plan_converged(&f, &b);
	f.links[0].bond.params.lacp_rate = BW_LACP_SLOW;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int down = fk_find(&p, BW_STEP_LINK_DOWN, "bond0");
	int change = fk_find(&p, BW_STEP_BOND_CHANGE, "bond0");
	int up = fk_find(&p, BW_STEP_LINK_UP, "bond0");
	int route = fk_find(&p, BW_STEP_ROUTE_ADD, "bond0");
	CHECK(down >= 0 && down < change && change < up && up < route);
	CHECK_INT(fk_find(&p, BW_STEP_RELEASE, "eth0"), -1);   /* members stay */
	CHECK_INT(fk_find(&p, BW_STEP_ENSLAVE, "eth0"), -1);
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
	struct fake_kernel f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	b.params.mtu = 9000;
	plan_converged(&f, &b);
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
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);   /* active-backup */
	plan_converged(&f, &b);
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
	struct fake_kernel f;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	b.params.has_mac = true;
	memcpy(b.params.mac, "\x02\x00\x5e\x10\x00\x01", 6);
	plan_converged(&f, &b);
	f.links[0].bond.params.mode = BW_MODE_ACTIVE_BACKUP;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int change = fk_find(&p, BW_STEP_BOND_CHANGE, "bond0");
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
	struct fake_kernel before, after;
	struct bw_plan p;

	seed_lacp(&cfg, &b);
	b.params.mtu = 9000;
	plan_converged(&before, &b);
	before.links[0].bond.params.lacp_rate = BW_LACP_SLOW;
	before.links[0].bond.params.xmit_hash = BW_XHP_ENCAP34;
	before.links[0].bond.params.mtu = 1500;
	before.links[0].bond.params.has_mac = true;   /* the kernel's: not put back */
	CHECK_INT(bw_target_from_snapshot(&cfg, &before.ks, &snap_cfg, &t), 0);
	plan_converged(&after, &b);   /* the file applied, then a failure */
	CHECK_INT(bw_plan_make(&t, &after.ks, &p), 0);
	int down = fk_find(&p, BW_STEP_LINK_DOWN, "bond0");
	int change = fk_find(&p, BW_STEP_BOND_CHANGE, "bond0");
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
