// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_config.c - libFuzzer target for the YAML config loader.
 *
 * Arbitrary bytes go through bw_config_load_buf (libyaml, the tree walk,
 * every value parser and the cross-field rules). A file that loads is then
 * checked against a small fixed fake system (bw_config_check_system: member
 * lookups, enslaved-elsewhere, wireless members via a fake sysfs) and, when
 * that passes too, planned against it (bw_plan_make, the same planner
 * towards a snapshot as a rollback uses), so the code that consumes a valid
 * config is fuzzed with the shapes the loader lets through.
 *
 * Contract checked beyond "no crash, no leak, no UB": the loader returns 0
 * exactly when it reported no error, and every diagnostic has a message.
 *
 * BW_FUZZ_DEBUG=1 prints each input's diagnostics and plan (for checking
 * what a seed reaches: `build-fuzz/fuzz_config FILE`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <net/if.h>
#include "bondwatch/config.h"
#include "bondwatch/kstate.h"
#include "bondwatch/plan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same kind of system tests/config/system is checked against: free
 * links, a bond with a slave, a bridge with a port, two Wi-Fi links. The
 * bond and its slave are up: a snapshot target always wants a bond and its
 * members up (bondmgr does not keep a bond down), so the "way back is empty"
 * check below holds only for a bond that is up, as bondmgr leaves it. */
static struct bw_link fake_links[] = {
	{ .ifindex = 1, .name = "lo", .flags = IFF_UP },
	{ .ifindex = 2, .name = "eth0" },
	{ .ifindex = 3, .name = "eth1" },
	{ .ifindex = 4, .name = "wlan0" },
	{ .ifindex = 5, .name = "bond7", .flags = IFF_UP, .kind = "bond", .is_bond = true,
	  .bond = { .params = { .mode = 1, .miimon = 100 }, .primary_ifindex = 6 } },
	{ .ifindex = 6, .name = "eth2", .flags = IFF_UP, .master_ifindex = 5, .slave_kind = "bond",
	  .is_bond_slave = true },
	{ .ifindex = 7, .name = "br0", .kind = "bridge" },
	{ .ifindex = 8, .name = "eth3", .master_ifindex = 7 },
	{ .ifindex = 9, .name = "wlan1" },
};
static struct bw_kaddr fake_addrs[] = {
	{ .ifindex = 2, .prefix = { .ip = { .family = AF_INET,
		.a.v4.s_addr = 0x4d0200c0 /* 192.0.2.77 */ }, .len = 24 } },
};
static struct bw_kroute fake_routes[] = {
	{ .ifindex = 2, .via = { .family = AF_INET, .a.v4.s_addr = 0x010200c0 /* 192.0.2.1 */ } },
};
static struct bw_kstate fake_ks = {
	.n_links = (int)(sizeof(fake_links) / sizeof(fake_links[0])), .links = fake_links,
	.n_addrs = 1, .addrs = fake_addrs, .n_routes = 1, .routes = fake_routes,
};

/* wlan0 is wireless by class/net/wlan0/wireless, wlan1 by .../phy80211. */
static char sysfs[64];
static bool debug;

static void mkdirs(void)
{
	static const char *const dirs[] = {
		"class", "class/net", "class/net/wlan0", "class/net/wlan0/wireless",
		"class/net/wlan1", "class/net/wlan1/phy80211",
	};
	char path[128];

	snprintf(sysfs, sizeof(sysfs), "%s/bw-fuzz-sysfs-%d",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	mkdir(sysfs, 0755);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", sysfs, dirs[i]);
		mkdir(path, 0755);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mkdirs();
	debug = getenv("BW_FUZZ_DEBUG") != NULL;
	bw_kstate_resolve_names(&fake_ks);
	return 0;
}

static void plan_against_fake(const struct bw_config *cfg)
{
	struct bw_target t = { .cfg = cfg };
	struct bw_plan plan = { 0 };
	struct bw_config snap_cfg;
	struct bw_target back;

	if (bw_plan_make(&t, &fake_ks, &plan) < 0)
		abort();               /* only -ENOMEM, which ASan's malloc never gives */
	if (debug)
		bw_plan_print(&plan, stderr);
	bw_plan_free(&plan);
	if (bw_target_from_snapshot(cfg, &fake_ks, &snap_cfg, &back) < 0)
		abort();
	if (bw_plan_make(&back, &fake_ks, &plan) < 0)
		abort();
	if (debug && plan.n) {
		fprintf(stderr, "way back to the snapshot:\n");
		bw_plan_print(&plan, stderr);
	}
	/* The state is the snapshot: the way back to it is empty. */
	if (plan.n != 0)
		abort();
	bw_plan_free(&plan);
	bw_config_free(&snap_cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bw_diags d;     /* ~35 KiB: not on the stack */
	struct bw_config cfg;
	int rc;

	rc = bw_config_load_buf("fuzz.yaml", (const char *)data, size, &cfg, &d);
	if ((rc == 0) != (d.n_errors == 0))
		abort();
	for (int i = 0; i < d.n; i++)
		if (!d.items[i].msg[0])
			abort();
	if (rc == 0 && bw_config_check_system(&cfg, &fake_ks, sysfs, &d) == 0)
		plan_against_fake(&cfg);
	for (int i = 0; debug && i < d.n; i++)
		fprintf(stderr, "%d:%d: %s\n", d.items[i].pos.line, d.items[i].pos.col,
			d.items[i].msg);
	bw_config_free(&cfg);
	return 0;
}
