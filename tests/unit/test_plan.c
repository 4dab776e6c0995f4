// SPDX-License-Identifier: GPL-2.0-or-later
/* test_plan.c - the planner: kernel state x file -> ordered steps, for
 * the seed's active-backup bond (the other modes: test_plan_modes.c). The
 * kernel state is built by hand (plan_fixture.h); that the kernel accepts
 * the steps is proven in the VM (tests/integration/apply_*.sh). */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdlib.h>
#include "harness.h"
#include "bondwatch/plan.h"
#include "plan_fixture.h"

TEST(plan_from_nothing_orders_steps_as_the_kernel_requires)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake_kernel f = { 0 };
	struct bw_plan p;

	plan_seed(&cfg, &b);
	fk_link(&f, "eth0", true);
	fk_addr(&f, 2, "192.0.2.77/24", false);
	fk_route(&f, 2, "192.0.2.1", 0, 0);
	fk_link(&f, "wlan0", false);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);

	int del_route = fk_find(&p, BW_STEP_ROUTE_DEL, "eth0");
	int del_addr = fk_find(&p, BW_STEP_ADDR_DEL, "eth0");
	int create = fk_find(&p, BW_STEP_BOND_CREATE, "bond0");
	int down_eth0 = fk_find(&p, BW_STEP_LINK_DOWN, "eth0");
	int ens_eth0 = fk_find(&p, BW_STEP_ENSLAVE, "eth0");
	int ens_wlan0 = fk_find(&p, BW_STEP_ENSLAVE, "wlan0");
	int primary = fk_find(&p, BW_STEP_BOND_CHANGE, "bond0");
	int up = fk_find(&p, BW_STEP_LINK_UP, "bond0");
	int addr = fk_find(&p, BW_STEP_ADDR_ADD, "bond0");
	int route = fk_find(&p, BW_STEP_ROUTE_ADD, "bond0");

	CHECK(del_route >= 0 && del_addr >= 0 && del_route < create && del_addr < create);
	CHECK(create >= 0 && create < down_eth0);
	CHECK(down_eth0 < ens_eth0);                    /* enslave needs the link down */
	CHECK(fk_find(&p, BW_STEP_LINK_DOWN, "wlan0") < 0);  /* already down: no write */
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
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 0);
	bw_plan_free(&p);
}

TEST(plan_primary_change_is_one_step)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
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
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
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
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
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
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
	f.links[0].bond.params.mode = BW_MODE_BALANCE_RR;
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int rel_eth0 = fk_find(&p, BW_STEP_RELEASE, "eth0");
	int rel_wlan0 = fk_find(&p, BW_STEP_RELEASE, "wlan0");
	int down = fk_find(&p, BW_STEP_LINK_DOWN, "bond0");
	int change = fk_find(&p, BW_STEP_BOND_CHANGE, "bond0");
	int ens = fk_find(&p, BW_STEP_ENSLAVE, "eth0");
	int up = fk_find(&p, BW_STEP_LINK_UP, "bond0");
	int route = fk_find(&p, BW_STEP_ROUTE_ADD, "bond0");

	CHECK(rel_eth0 >= 0 && rel_wlan0 >= 0 && rel_eth0 < down && rel_wlan0 < down);
	CHECK(down < change && change < ens && ens < up && up < route);
	CHECK(p.steps[change].mask & BW_OPT_BIT(BW_OPT_MODE));
	CHECK_CONTAINS(p.steps[change].text, "~ bond0 mode balance-rr -> active-backup (rebuild");
	CHECK_INT(fk_find(&p, BW_STEP_LINK_DOWN, "eth0"), -1);   /* released links are down */
	CHECK_INT(fk_find(&p, BW_STEP_ADDR_ADD, "bond0"), -1);   /* IPv4 survives a down */
	bw_plan_free(&p);
}

TEST(plan_releases_unwanted_member_and_strips_member_addresses)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake_kernel f;
	struct bw_plan p;
	struct bw_link *x;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
	x = fk_link(&f, "eth9", true);
	x->master_ifindex = 2;
	fk_addr(&f, 3, "198.51.100.5/24", false);     /* on eth0 */
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK(fk_find(&p, BW_STEP_RELEASE, "eth9") >= 0);
	CHECK(fk_find(&p, BW_STEP_ADDR_DEL, "eth0") >= 0);
	CHECK_INT(p.n, 2);
	bw_plan_free(&p);
}

TEST(plan_snapshot_target_undoes_a_fresh_bond)
{
	struct bw_config cfg, snap_cfg;
	struct bw_bond_cfg b;
	struct bw_target t;
	struct fake_kernel before = { 0 }, after;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	fk_link(&before, "eth0", true);
	fk_addr(&before, 2, "192.0.2.77/24", false);
	fk_route(&before, 2, "192.0.2.1", 0, 0);
	fk_link(&before, "wlan0", false);
	CHECK_INT(bw_target_from_snapshot(&cfg, &before.ks, &snap_cfg, &t), 0);
	CHECK_INT(snap_cfg.n_bonds, 0);
	CHECK_INT(t.n_absent, 1);
	CHECK_INT(t.n_free, 2);

	plan_converged(&after, &b);
	CHECK_INT(bw_plan_make(&t, &after.ks, &p), 0);
	int rel = fk_find(&p, BW_STEP_RELEASE, "eth0");
	int up = fk_find(&p, BW_STEP_LINK_UP, "eth0");
	int addr = fk_find(&p, BW_STEP_ADDR_ADD, "eth0");
	int del = fk_find(&p, BW_STEP_BOND_DEL, "bond0");
	int route = fk_find(&p, BW_STEP_ROUTE_ADD, "eth0");
	CHECK(rel >= 0 && rel < del && del < up && up < addr && addr < route);
	CHECK(fk_find(&p, BW_STEP_RELEASE, "wlan0") >= 0);
	CHECK_INT(fk_find(&p, BW_STEP_LINK_UP, "wlan0"), -1);   /* it was down before */
	CHECK_INT(fk_find(&p, BW_STEP_BOND_CREATE, "bond0"), -1);
	bw_plan_free(&p);
	bw_config_free(&snap_cfg);
}

TEST(plan_snapshot_target_restores_old_options)
{
	struct bw_config cfg, snap_cfg;
	struct bw_bond_cfg b;
	struct bw_target t;
	struct fake_kernel before, after;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&before, &b);
	before.links[0].bond.params.miimon = 100;
	CHECK_INT(bw_target_from_snapshot(&cfg, &before.ks, &snap_cfg, &t), 0);
	CHECK_INT(snap_cfg.n_bonds, 1);
	plan_converged(&after, &b);
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
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
	bw_prefix_parse("192.0.2.11/24", &b.addrs[0]);   /* .10 -> .11 */
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int del = fk_find(&p, BW_STEP_ADDR_DEL, "bond0");
	int add_ = fk_find(&p, BW_STEP_ADDR_ADD, "bond0");
	int route = fk_find(&p, BW_STEP_ROUTE_ADD, "bond0");
	CHECK(del >= 0 && del < add_ && add_ < route);
	CHECK_INT(fk_find(&p, BW_STEP_ROUTE_DEL, "bond0"), -1);
	bw_plan_free(&p);
}

TEST(plan_adding_a_second_address_keeps_the_route)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
	b.n_addrs = 2;
	bw_prefix_parse("198.51.100.10/24", &b.addrs[1]);
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	CHECK_INT(fk_find(&p, BW_STEP_ROUTE_ADD, "bond0"), -1);
	bw_plan_free(&p);
}

TEST(plan_rebuild_clears_a_dropped_primary)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct fake_kernel f;
	struct bw_plan p;

	plan_seed(&cfg, &b);
	plan_converged(&f, &b);
	/* the file moves to balance-tlb (has a primary) and drops primary: */
	b.params.mode = BW_MODE_BALANCE_TLB;
	b.params.fail_over_mac = BW_FOM_NONE;
	b.params.primary[0] = '\0';
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	int i = -1;
	for (int k = 0; k < p.n; k++)
		if (p.steps[k].op == BW_STEP_BOND_CHANGE && p.steps[k].mask == BW_OPT_BIT(BW_OPT_PRIMARY))
			i = k;
	CHECK(i > fk_find(&p, BW_STEP_ENSLAVE, "eth0"));
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
