// SPDX-License-Identifier: GPL-2.0-or-later
/* test_keepoff.c - the text other managers read to leave the bonds alone
 * (lib/plan/keepoff_render.c): NetworkManager's drop-in, and dhcpcd.conf's
 * denyinterfaces block put in, replaced and taken out with every other
 * byte of the admin's file kept; and the plan's steps for them. That
 * NetworkManager itself reads the drop-in so is proven in the VM
 * (tests/integration/keepoff.sh, NetworkManager --print-config). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/keepoff.h"
#include "bondwatch/plan.h"
#include "../../manager/status/dhcpcd.h"
#include "harness.h"

static const char *SEED =
	"network:\n  version: 2\n  bonds:\n    bond0:\n      interfaces: [eth0, wlan0]\n"
	"      parameters: {mode: active-backup, primary: eth0, fail-over-mac-policy: active}\n";
static const char *TWO =
	"network:\n  version: 2\n  bonds:\n    bond0:\n      interfaces: [eth0, wlan0]\n"
	"      parameters: {mode: active-backup, fail-over-mac-policy: active}\n"
	"    bond1:\n      interfaces: [eth1]\n";

static int load(const char *yaml, struct bw_config *cfg)
{
	struct bw_diags d = { 0 };

	memset(cfg, 0, sizeof(*cfg));
	return bw_config_load_buf("t.yaml", yaml, strlen(yaml), cfg, &d);
}

TEST(keepoff_nm_dropin_lists_bond_and_members)
{
	struct bw_config cfg;
	char *t = NULL;

	CHECK_INT(load(TWO, &cfg), 0);
	CHECK_INT(bw_keepoff_nm_render(&cfg, &t), 0);
	CHECK(t && strstr(t, "\n[keyfile]\nunmanaged-devices+=interface-name:=bond0;"
			     "interface-name:=eth0;interface-name:=wlan0;interface-name:=bond1;"
			     "interface-name:=eth1\n"));
	CHECK(t && !strncmp(t, "# Written by bondmgr apply", 26));
	free(t);
	bw_config_free(&cfg);
}

TEST(keepoff_nm_no_bond_no_file)
{
	struct bw_config cfg = { 0 };
	char *t = (char *)1;

	CHECK_INT(bw_keepoff_nm_render(&cfg, &t), 0);
	CHECK(t == NULL);
}

TEST(keepoff_deny_line)
{
	struct bw_config cfg;
	char line[256];

	CHECK_INT(load(SEED, &cfg), 0);
	CHECK_INT(bw_keepoff_deny_line(&cfg, line, sizeof(line)), 0);
	CHECK_STR(line, "denyinterfaces bond0 eth0 wlan0");
	CHECK_INT(bw_keepoff_deny_line(&cfg, line, 10), -ENAMETOOLONG);
	bw_config_free(&cfg);
}

/* The admin's file: a global option, a commented example, an interface
 * block at the end (where a denyinterfaces would not count). */
static const char *ADMIN =
	"# admin's dhcpcd.conf\nhostname\noption rapid_commit\n\n"
	"interface eth9\nstatic ip_address=192.0.2.9/24\n";

TEST(keepoff_dhcpcd_insert_before_the_first_block)
{
	struct bw_config cfg;
	struct bw_dhcpcd_conf dc;
	char *t = NULL;

	CHECK_INT(load(SEED, &cfg), 0);
	CHECK_INT(bw_keepoff_dhcpcd_edit(ADMIN, &cfg, &t), 0);
	CHECK_STR(t, "# admin's dhcpcd.conf\nhostname\noption rapid_commit\n\n"
		     "# BEGIN bondwatch: kept by bondmgr apply (bondwatch.yaml(5)); do not edit\n"
		     "denyinterfaces bond0 eth0 wlan0\n# END bondwatch\n"
		     "interface eth9\nstatic ip_address=192.0.2.9/24\n");
	/* dhcpcd's own rules (the status check's parser) see the deny. */
	bw_dhcpcd_parse(t, &dc);
	CHECK(!bw_dhcpcd_manages(&dc, "eth0"));
	CHECK(!bw_dhcpcd_manages(&dc, "wlan0"));
	CHECK(!bw_dhcpcd_manages(&dc, "bond0"));
	CHECK(bw_dhcpcd_manages(&dc, "eth9"));
	free(t);
	bw_config_free(&cfg);
}

TEST(keepoff_dhcpcd_same_again_is_byte_identical)
{
	struct bw_config cfg;
	char *t = NULL, *u = NULL;

	CHECK_INT(load(SEED, &cfg), 0);
	CHECK_INT(bw_keepoff_dhcpcd_edit(ADMIN, &cfg, &t), 0);
	CHECK_INT(bw_keepoff_dhcpcd_edit(t, &cfg, &u), 0);
	CHECK_STR(u, t);
	free(t);
	free(u);
	bw_config_free(&cfg);
}

TEST(keepoff_dhcpcd_replace_in_place_then_remove_gives_the_admin_file_back)
{
	struct bw_config one, two;
	char *t = NULL, *u = NULL, *v = NULL;

	CHECK_INT(load(TWO, &two), 0);
	CHECK_INT(load(SEED, &one), 0);
	CHECK_INT(bw_keepoff_dhcpcd_edit(ADMIN, &two, &t), 0);
	CHECK(t && strstr(t, "denyinterfaces bond0 eth0 wlan0 bond1 eth1\n"));
	CHECK_INT(bw_keepoff_dhcpcd_edit(t, &one, &u), 0);
	CHECK(u && strstr(u, "denyinterfaces bond0 eth0 wlan0\n# END"));
	CHECK(u && !strstr(u, "bond1"));
	CHECK_INT(bw_keepoff_dhcpcd_edit(u, NULL, &v), 0);
	CHECK_STR(v, ADMIN);
	free(t);
	free(u);
	free(v);
	bw_config_free(&one);
	bw_config_free(&two);
}

TEST(keepoff_dhcpcd_no_block_at_the_end_and_no_newline)
{
	struct bw_config cfg;
	char *t = NULL;

	CHECK_INT(load(SEED, &cfg), 0);
	CHECK_INT(bw_keepoff_dhcpcd_edit("hostname", &cfg, &t), 0);
	CHECK_STR(t, "hostname\n# BEGIN bondwatch: kept by bondmgr apply (bondwatch.yaml(5)); "
		     "do not edit\ndenyinterfaces bond0 eth0 wlan0\n# END bondwatch\n");
	free(t);
	/* An empty file, and none. */
	CHECK_INT(bw_keepoff_dhcpcd_edit("", NULL, &t), 0);
	CHECK_STR(t, "");
	free(t);
	CHECK_INT(bw_keepoff_dhcpcd_edit(NULL, NULL, &t), 0);
	CHECK(t == NULL);
	bw_config_free(&cfg);
}

TEST(keepoff_dhcpcd_begin_without_end_is_refused)
{
	struct bw_config cfg;
	char *t = NULL;

	CHECK_INT(load(SEED, &cfg), 0);
	CHECK_INT(bw_keepoff_dhcpcd_edit("a\n# BEGIN bondwatch\ndenyinterfaces x\n", &cfg, &t),
		  -EINVAL);
	CHECK(t == NULL);
	bw_config_free(&cfg);
}

TEST(keepoff_plan_steps_first_and_only_when_different)
{
	struct bw_config cfg;
	struct bw_keepoff_env env = { .nm_dir = "/nm" };
	struct bw_keepoff ko = { .env = &env };
	struct bw_target t = { 0 };
	struct bw_kstate ks = { 0 };
	struct bw_plan plan = { 0 };

	CHECK_INT(load(SEED, &cfg), 0);
	t.keepoff = &ko;
	ko.files[BW_KEEPOFF_NM] = (struct bw_keepoff_file){ .kind = BW_KEEPOFF_NM, .managed = true,
							    .path = "/nm/90-bondwatch.conf" };
	CHECK_INT(bw_keepoff_nm_render(&cfg, &ko.files[BW_KEEPOFF_NM].want), 0);
	ko.files[BW_KEEPOFF_DHCPCD] = (struct bw_keepoff_file){ .kind = BW_KEEPOFF_DHCPCD,
								.path = "/etc/dhcpcd.conf" };
	ko.n_radios = 2;
	ko.radios[0] = (struct bw_radio){ .ifname = "wlan0", .idx = 3, .name = "phy1", .soft = true };
	ko.radios[1] = (struct bw_radio){ .ifname = "wlan1", .idx = -1, .soft = true };
	CHECK_INT(bw_plan_make(&t, &ks, &plan), 0);
	CHECK(plan.n >= 2);
	CHECK_INT(plan.steps[0].op, BW_STEP_KEEPOFF_FILE);
	CHECK_STR(plan.steps[0].text, "+ /nm/90-bondwatch.conf (NetworkManager leaves the bonds "
				      "and members alone)");
	CHECK_INT(plan.steps[1].op, BW_STEP_RFKILL);
	CHECK_STR(plan.steps[1].text, "+ wlan0 radio soft-unblocked (rfkill3, phy1)");
	CHECK_INT(plan.steps[1].rfkill_idx, 3);
	CHECK(!plan.steps[1].rfkill_block);
	bw_plan_free(&plan);
	/* The same content and an unblocked radio: nothing. */
	ko.files[BW_KEEPOFF_NM].have = strdup(ko.files[BW_KEEPOFF_NM].want);
	ko.radios[0].soft = false;
	CHECK_INT(bw_plan_make(&t, &ks, &plan), 0);
	for (int i = 0; i < plan.n; i++)
		CHECK(plan.steps[i].op != BW_STEP_KEEPOFF_FILE && plan.steps[i].op != BW_STEP_RFKILL);
	bw_plan_free(&plan);
	bw_keepoff_free(&ko);
	bw_config_free(&cfg);
}

TEST(keepoff_absent_optional_member_still_kept_off)
{
	static const char *y =
		"network:\n  version: 2\n  ethernets:\n    eth0: {}\n    wlan0:\n      optional: true\n"
		"  bonds:\n    bond0:\n      interfaces: [eth0, wlan0]\n"
		"      parameters: {mode: active-backup, fail-over-mac-policy: active}\n";
	struct bw_config cfg;
	struct bw_kstate ks = { 0 };
	struct bw_diags d = { 0 };
	char *t = NULL, line[128];

	CHECK_INT(load(y, &cfg), 0);
	bw_config_drop_absent_optional(&cfg, &ks, &d);   /* no link at all: both absent */
	CHECK_INT(cfg.bonds[0].n_members, 1);             /* eth0 is not optional */
	CHECK_INT(bw_keepoff_nm_render(&cfg, &t), 0);
	CHECK(t && strstr(t, "unmanaged-devices+=interface-name:=bond0;interface-name:=eth0;"
			     "interface-name:=wlan0\n"));
	CHECK_INT(bw_keepoff_deny_line(&cfg, line, sizeof(line)), 0);
	CHECK_STR(line, "denyinterfaces bond0 eth0 wlan0");
	free(t);
	bw_config_free(&cfg);
}
