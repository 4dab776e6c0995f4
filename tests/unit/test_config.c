// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config.c - good files parse into the right values: the Raspberry Pi
 * example, the ARP example, defaults, interval forms, set_mask and
 * positions. Bad input is in test_config_bad.c and test_config_files.c. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "bondwatch/config.h"

#define BIT(o) BW_OPT_BIT(o)

static const char *path_of(const char *rel, char *buf, size_t len)
{
	const char *s = getenv("BW_SRCDIR");

	snprintf(buf, len, "%s/%s", s && *s ? s : ".", rel);
	return buf;
}

/* Load a string through bw_config_load_buf, from an exact-size copy so
 * ASan sees any read past the end (the buffer is not NUL-terminated). */
static int load_str(const char *yaml, struct bw_config *cfg, struct bw_diags *d)
{
	size_t len = strlen(yaml);
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, yaml, len);
	rc = bw_config_load_buf("test.yaml", copy, len, cfg, d);
	free(copy);
	return rc;
}

static const char *ip4(struct in_addr a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void check_pos(struct bw_pos p, int line, int col, const char *what)
{
	if (p.line != line || p.col != col)
		bw_test_fail(__FILE__, __LINE__, "%s at %d:%d, expected %d:%d", what,
			     p.line, p.col, line, col);
}

/* The bond called name in cfg (the tests look bonds up by name). */
static const struct bw_bond_cfg *find_bond(const struct bw_config *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_bonds; i++)
		if (!strcmp(cfg->bonds[i].name, name))
			return &cfg->bonds[i];
	return NULL;
}

TEST(config_rpi_example)
{
	struct bw_config cfg;
	struct bw_diags d;
	const struct bw_bond_cfg *b;
	const struct bw_bond_params *p;
	char path[4096], buf[64];

	CHECK_INT(bw_config_load(path_of("config/bond.yaml", path, sizeof(path)), &cfg, &d), 0);
	CHECK_INT(d.n, 0);
	CHECK_INT(cfg.n_bonds, 1);
	b = find_bond(&cfg, "bond0");
	CHECK(b != NULL);
	if (!b)
		goto out;
	p = &b->params;
	CHECK_INT(b->n_members, 2);
	CHECK_STR(b->members[0], "eth0");
	CHECK_STR(b->members[1], "wlan0");
	CHECK_INT(p->mode, BW_MODE_ACTIVE_BACKUP);
	CHECK_STR(p->primary, "eth0");
	CHECK_INT(p->primary_reselect, BW_PRS_ALWAYS);
	CHECK_INT(p->fail_over_mac, BW_FOM_ACTIVE);
	CHECK_INT(p->miimon, 200);
	CHECK_INT(p->updelay, 200);
	CHECK_INT(p->downdelay, 0);
	CHECK_INT(p->arp_interval, 0);
	CHECK_INT(p->n_arp_targets, 0);
	CHECK_INT(p->num_grat_arp, 1);
	CHECK_INT(b->n_addrs, 1);
	CHECK_STR(bw_prefix_str(&b->addrs[0], buf, sizeof(buf)), "192.168.0.156/24");
	CHECK_INT(b->n_routes, 1);
	CHECK_STR(bw_ip_str(&b->routes[0].via, buf, sizeof(buf)), "192.168.0.1");
	CHECK_INT(b->routes[0].via.family, AF_INET);
	CHECK(!b->routes[0].has_metric);
	CHECK_INT(b->n_nameservers, 1);
	CHECK_STR(bw_ip_str(&b->nameservers[0], buf, sizeof(buf)), "8.8.8.8");
	CHECK_INT(b->n_search, 0);
	CHECK_INT(b->set_mask, BIT(BW_OPT_MODE) | BIT(BW_OPT_PRIMARY) |
		  BIT(BW_OPT_PRIMARY_RESELECT) | BIT(BW_OPT_FAIL_OVER_MAC) |
		  BIT(BW_OPT_MIIMON) | BIT(BW_OPT_UPDELAY) | BIT(BW_OPT_DOWNDELAY));
	check_pos(b->pos, 17, 5, "bond0");
	check_pos(b->member_pos[1], 18, 26, "wlan0");
	check_pos(b->addr_pos[0], 19, 19, "address");
	check_pos(b->routes[0].pos, 21, 15, "route");
	check_pos(b->opt_pos[BW_OPT_MODE], 26, 15, "mode");
	check_pos(b->opt_pos[BW_OPT_PRIMARY], 28, 18, "primary");
	check_pos(b->opt_pos[BW_OPT_FAIL_OVER_MAC], 34, 31, "fail-over-mac-policy");
	check_pos(b->opt_pos[BW_OPT_DOWNDELAY], 39, 21, "down-delay");
out:
	bw_config_free(&cfg);
}

TEST(config_arp_example)
{
	struct bw_config cfg;
	struct bw_diags d;
	const struct bw_bond_params *p;
	char path[4096], buf[INET_ADDRSTRLEN];

	CHECK_INT(bw_config_load(path_of("config/bond-arp.yaml", path, sizeof(path)), &cfg,
				 &d), 0);
	CHECK_INT(d.n, 0);
	if (cfg.n_bonds != 1) {
		CHECK_INT(cfg.n_bonds, 1);
		goto out;
	}
	p = &cfg.bonds[0].params;
	CHECK_INT(p->mode, BW_MODE_ACTIVE_BACKUP);
	CHECK_INT(p->arp_interval, 500);
	CHECK_INT(p->miimon, 0);             /* ARP asked for: no miimon default */
	CHECK_INT(p->n_arp_targets, 1);
	CHECK_STR(ip4(p->arp_targets[0], buf), "192.168.0.1");
	CHECK_INT(p->arp_validate, BW_AV_ACTIVE);
	CHECK_INT(p->arp_all_targets, BW_AAT_ANY);
	CHECK_INT(p->num_grat_arp, 3);
	CHECK(!(cfg.bonds[0].set_mask & BIT(BW_OPT_MIIMON)));
	check_pos(cfg.bonds[0].opt_pos[BW_OPT_ARP_INTERVAL], 31, 23, "arp-interval");
out:
	bw_config_free(&cfg);
}

TEST(config_defaults)
{
	struct bw_config cfg;
	struct bw_diags d;
	struct bw_bond_params def;

	CHECK_INT(load_str("network:\n  version: 2\n  bonds:\n    bond0:\n"
			   "      interfaces: [eth0]\n", &cfg, &d), 0);
	bw_bond_params_default(&def);
	if (cfg.n_bonds == 1) {
		const struct bw_bond_params *p = &cfg.bonds[0].params;

		CHECK_INT(cfg.bonds[0].set_mask, 0);
		CHECK_INT(p->mode, BW_MODE_BALANCE_RR);
		CHECK_INT(p->miimon, 100);
		CHECK_INT(p->fail_over_mac, BW_FOM_NONE);
		CHECK_INT(p->primary_reselect, BW_PRS_ALWAYS);
		CHECK_INT(p->num_grat_arp, 1);
		CHECK_STR(p->primary, "");
		CHECK(memcmp(p, &def, sizeof(def)) == 0);
		CHECK_INT(cfg.bonds[0].n_addrs, 0);
		CHECK_INT(cfg.bonds[0].n_routes, 0);
	}
	CHECK_STR(cfg.path, "test.yaml");
	bw_config_free(&cfg);
}

/* miimon's default is 100 unless ARP monitoring is on (arp-interval > 0);
 * an explicit arp-interval: 0 keeps it. */
TEST(config_miimon_default_follows_arp)
{
	static const struct {
		const char *params;
		uint32_t miimon;
	} cases[] = {
		{ "{}", 100 },
		{ "{arp-interval: 0}", 100 },
		{ "{arp-interval: 0, mii-monitor-interval: 0}", 0 },
		{ "{arp-interval: 250, arp-ip-targets: [192.0.2.1]}", 0 },
		{ "{mii-monitor-interval: 50}", 50 },
	};
	char yaml[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bw_config cfg;
		struct bw_diags d;

		snprintf(yaml, sizeof(yaml), "network: {version: 2, bonds: {b: "
			 "{interfaces: [e], parameters: %s}}}", cases[i].params);
		CHECK_INT(load_str(yaml, &cfg, &d), 0);
		if (cfg.n_bonds == 1)
			CHECK_INT(cfg.bonds[0].params.miimon, cases[i].miimon);
		bw_config_free(&cfg);
	}
}

TEST(config_interval_forms)
{
	static const struct {
		const char *text;
		uint32_t ms;
	} cases[] = {
		{ "200", 200 }, { "200ms", 200 }, { "1s", 1000 }, { "0", 0 },
		{ "0s", 0 }, { "0ms", 0 }, { "007", 7 }, { "2147483647", 2147483647u },
		{ "2147483647ms", 2147483647u }, { "2147483s", 2147483000u },
	};
	char yaml[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bw_config cfg;
		struct bw_diags d;

		snprintf(yaml, sizeof(yaml), "network: {version: 2, bonds: {b: "
			 "{interfaces: [e], parameters: {mii-monitor-interval: %s}}}}",
			 cases[i].text);
		CHECK_INT(load_str(yaml, &cfg, &d), 0);
		if (cfg.n_bonds == 1)
			CHECK_INT(cfg.bonds[0].params.miimon, cases[i].ms);
		bw_config_free(&cfg);
	}
}

TEST(config_every_param_and_mask)
{
	struct bw_config cfg;
	struct bw_diags d;
	const struct bw_bond_cfg *b;
	char buf[INET_ADDRSTRLEN];

	CHECK_INT(load_str("network:\n  version: 2\n  bonds:\n    bond1:\n"
			   "      interfaces: [eth0, eth1]\n"
			   "      parameters:\n"
			   "        mode: balance-alb\n"
			   "        primary: eth1\n"
			   "        primary-reselect-policy: better\n"
			   "        up-delay: 300\n"
			   "        down-delay: 1s\n"
			   "        mii-monitor-interval: 100ms\n"
			   "        gratuitous-arp: 255\n", &cfg, &d), 0);
	b = find_bond(&cfg, "bond1");
	CHECK(b != NULL);
	CHECK(find_bond(&cfg, "bond0") == NULL);
	if (b) {
		CHECK_INT(b->params.mode, BW_MODE_BALANCE_ALB);
		CHECK_STR(b->params.primary, "eth1");
		CHECK_INT(b->params.primary_reselect, BW_PRS_BETTER);
		CHECK_INT(b->params.updelay, 300);
		CHECK_INT(b->params.downdelay, 1000);
		CHECK_INT(b->params.miimon, 100);
		CHECK_INT(b->params.num_grat_arp, 255);
		CHECK_INT(b->set_mask, BIT(BW_OPT_MODE) | BIT(BW_OPT_PRIMARY) |
			  BIT(BW_OPT_PRIMARY_RESELECT) | BIT(BW_OPT_UPDELAY) |
			  BIT(BW_OPT_DOWNDELAY) | BIT(BW_OPT_MIIMON) |
			  BIT(BW_OPT_NUM_GRAT_ARP));
		check_pos(b->opt_pos[BW_OPT_NUM_GRAT_ARP], 13, 25, "gratuitous-arp");
		check_pos(b->opt_pos[BW_OPT_UPDELAY], 10, 19, "up-delay");
	}
	bw_config_free(&cfg);

	CHECK_INT(load_str("network: {version: 2, bonds: {b: {interfaces: [e], "
			   "parameters: {mode: active-backup, arp-interval: 1s, "
			   "arp-ip-targets: [192.0.2.1, 198.51.100.7], arp-validate: "
			   "filter_active, arp-all-targets: all, gratuitious-arp: 2}}}}",
			   &cfg, &d), 0);
	if (cfg.n_bonds == 1) {
		const struct bw_bond_params *p = &cfg.bonds[0].params;

		CHECK_INT(p->n_arp_targets, 2);
		CHECK_STR(ip4(p->arp_targets[1], buf), "198.51.100.7");
		CHECK_INT(p->arp_validate, BW_AV_FILTER_ACTIVE);
		CHECK_INT(p->arp_all_targets, BW_AAT_ALL);
		CHECK_INT(p->num_grat_arp, 2);  /* netplan's spelling counts */
		CHECK(cfg.bonds[0].set_mask & BIT(BW_OPT_NUM_GRAT_ARP));
		CHECK(cfg.bonds[0].set_mask & BIT(BW_OPT_ARP_IP_TARGETS));
	}
	bw_config_free(&cfg);
}

TEST(config_two_bonds_v4_v6)
{
	struct bw_config cfg;
	struct bw_diags d;
	char path[4096], buf[64];
	const struct bw_bond_cfg *b0, *b1;

	CHECK_INT(bw_config_load(path_of("tests/config/good/two-bonds.yaml", path,
					 sizeof(path)), &cfg, &d), 0);
	b0 = find_bond(&cfg, "bond0");
	b1 = find_bond(&cfg, "bond1");
	CHECK(b0 && b1);
	if (b0 && b1) {
		CHECK_INT(b0->routes[0].metric, 100);
		CHECK(b0->routes[0].has_metric);
		CHECK_INT(b0->n_search, 2);
		CHECK_STR(b0->search[1], "lab.example.org.");
		CHECK_INT(b1->routes[0].via.family, AF_INET6);
		CHECK_STR(bw_ip_str(&b1->routes[0].via, buf, sizeof(buf)), "fe80::1");
		CHECK_INT(b1->n_addrs, 2);
		CHECK_STR(bw_prefix_str(&b1->addrs[0], buf, sizeof(buf)), "2001:db8::10/64");
		CHECK_INT(b1->params.mode, BW_MODE_8023AD);
		CHECK_INT(b1->nameservers[0].family, AF_INET6);
	}
	bw_config_free(&cfg);
}

TEST(config_load_missing_file)
{
	struct bw_config cfg;
	struct bw_diags d;

	CHECK_INT(bw_config_load("/nonexistent/bond.yaml", &cfg, &d), -1);
	CHECK_INT(d.n_errors, 1);
	CHECK_INT(d.items[0].pos.line, 0);
	CHECK_CONTAINS(d.items[0].msg, "cannot open");
	CHECK_INT(cfg.n_bonds, 0);
	bw_config_free(&cfg);
	bw_config_free(&cfg);   /* twice is harmless */
}
