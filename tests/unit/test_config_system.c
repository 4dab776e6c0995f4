// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_system.c - bw_config_check_system and bw_if_is_wireless on
 * a hand-built kernel state and a fake sysfs tree (the whole directory of
 * system files is run in test_config_files.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "bondwatch/config.h"
#include "bondwatch/kstate.h"

static void set_link(struct bw_link *l, const char *name, int ifindex, int master,
		     bool is_bond)
{
	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->ifindex = ifindex;
	l->master_ifindex = master;
	l->is_bond = is_bond;
}

static int load(const char *yaml, struct bw_config *cfg, struct bw_diags *d)
{
	return bw_config_load_buf("s.yaml", yaml, strlen(yaml), cfg, d);
}

TEST(config_system_wireless_detect)
{
	char root[] = "/tmp/bw-wifi-XXXXXX", p[128];

	if (!mkdtemp(root)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(p, sizeof(p), "%s/class", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/class/net", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/class/net/wlp2s0", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/class/net/wlp2s0/phy80211", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/class/net/eth0", root);
	mkdir(p, 0755);

	CHECK(bw_if_is_wireless(root, "wlp2s0"));
	CHECK(!bw_if_is_wireless(root, "eth0"));
	CHECK(!bw_if_is_wireless(root, "nosuch"));
	CHECK(!bw_if_is_wireless(root, "../net/wlp2s0"));   /* not a name */
	CHECK(!bw_if_is_wireless(root, ""));
	CHECK(!bw_if_is_wireless(root, NULL));
	(void)bw_if_is_wireless(NULL, "lo");                /* /sys: no crash */

	snprintf(p, sizeof(p), "%s/class/net/wlp2s0/phy80211", root);
	rmdir(p);
	CHECK(!bw_if_is_wireless(root, "wlp2s0"));
	snprintf(p, sizeof(p), "%s/class/net/wlp2s0", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/class/net/eth0", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/class/net", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/class", root);
	rmdir(p);
	rmdir(root);
}

/* Appends to the caller's diagnostics; its return value is about its own
 * errors; a member already in this very bond is fine. */
TEST(config_system_appends_and_own_bond)
{
	struct bw_link links[4];
	struct bw_kstate ks = { .n_links = 4, .links = links };
	struct bw_config cfg;
	struct bw_diags d;

	set_link(&links[0], "eth0", 2, 9, false);   /* in bond0 already */
	set_link(&links[1], "eth1", 3, 0, false);
	set_link(&links[2], "bond0", 9, 0, true);
	set_link(&links[3], "bond1", 10, 0, true);
	CHECK_INT(load("network: {version: 2, bonds: {bond0: {interfaces: [eth0, eth1]}}}",
		       &cfg, &d), 0);
	CHECK_INT(bw_config_check_system(&cfg, &ks, "/nonexistent", &d), 0);
	CHECK_INT(d.n, 0);
	bw_config_free(&cfg);

	/* The same eth0 under a bond named differently is an error. */
	CHECK_INT(load("network: {version: 2, bonds: {bond1: {interfaces: [eth0, eth1], "
		       "parameters: {mode: active-backup, primary-reselect-policy: "
		       "better}}}}", &cfg, &d), 0);
	CHECK_INT(d.n, 1);                  /* the warning stays */
	CHECK_INT(bw_config_check_system(&cfg, &ks, "/nonexistent", &d), -1);
	CHECK_INT(d.n, 2);
	CHECK_INT(d.n_errors, 1);
	CHECK_CONTAINS(d.items[1].msg, "'eth0' is already enslaved to bond bond0");
	CHECK_INT(d.items[1].pos.col, 52);
	bw_config_free(&cfg);
}

TEST(config_system_no_links)
{
	struct bw_kstate ks = { 0 };
	struct bw_config cfg;
	struct bw_diags d;

	CHECK_INT(load("network: {version: 2, bonds: {b: {interfaces: [x, y]}, "
		       "c: {interfaces: [z]}}}", &cfg, &d), 0);
	CHECK_INT(bw_config_check_system(&cfg, &ks, "/nonexistent", &d), -1);
	CHECK_INT(d.n_errors, 3);
	CHECK_CONTAINS(d.items[2].msg, "interface 'z' does not exist");
	CHECK_INT(bw_config_check_system(&cfg, NULL, "/nonexistent", &d), -1);
	CHECK_INT(d.n_errors, 6);
	bw_config_free(&cfg);
}
