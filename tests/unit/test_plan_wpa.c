// SPDX-License-Identifier: GPL-2.0-or-later
/* test_plan_wpa.c - the planner with a wireless member's wpa_supplicant
 * and the regulatory domain: set first, the supplicant started before its
 * member is enslaved, a changed configuration re-read by the same process
 * (one step, nothing else), an unchanged one touches nothing, a removed
 * entry stops it first; no step's text holds the configuration (the
 * password). What wpa_supplicant does with it is proven in the VM
 * (tests/integration/wifi_apply.sh). */
#include <net/if.h>
#include <stdlib.h>
#include "harness.h"
#include "bondwatch/plan.h"
#include "plan_fixture.h"

static const struct bw_client_env env = { .run_dir = "/run/bondwatch",
					  .wpa_supplicant = "/sbin/wpa_supplicant",
					  .wpa_ctrl_dir = "/run/wpa_supplicant" };

/* eth0 and wlan0; built: enslaved to bond0. */
static void kernel(struct fake_kernel *f, const struct bw_bond_cfg *b, bool built)
{
	struct bw_link *bond = NULL;

	memset(f, 0, sizeof(*f));
	if (built)
		bond = fk_bond(f, "bond0", &b->params);
	for (int i = 0; i < 2; i++) {
		struct bw_link *m = fk_link(f, i ? "wlan0" : "eth0", true);

		if (bond)
			fk_enslave(m, bond);
	}
}

static void bond_cfg(struct bw_config *cfg, struct bw_bond_cfg *b)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(b, 0, sizeof(*b));
	cfg->n_bonds = 1;
	cfg->bonds = b;
	snprintf(b->name, sizeof(b->name), "bond0");
	b->n_members = 2;
	snprintf(b->members[0], BW_IFNAMSIZ, "eth0");
	snprintf(b->members[1], BW_IFNAMSIZ, "wlan0");
	bw_bond_params_default(&b->params);
	b->params.mode = BW_MODE_ACTIVE_BACKUP;
	b->params.fail_over_mac = BW_FOM_ACTIVE;
	b->dhcp.accept_ra = -1;
}

/* want/have[0]: the regulatory domain; [1]: wlan0's supplicant. */
static void helpers(struct bw_target *t, struct bw_client *want, struct bw_client *have,
		    const char *reg_want, const char *reg_have, bool want_run, const char *want_conf,
		    bool have_run, const char *have_conf)
{
	memset(want, 0, 2 * sizeof(*want));
	memset(have, 0, 2 * sizeof(*have));
	want[0].kind = have[0].kind = BW_CLIENT_REGDOM;
	want[1].kind = have[1].kind = BW_CLIENT_WPA;
	for (int i = 0; i < 2; i++) {
		snprintf(want[i].bond, BW_IFNAMSIZ, "wlan0");
		snprintf(have[i].bond, BW_IFNAMSIZ, "wlan0");
	}
	want[0].running = have[0].running = true;
	snprintf(want[0].conf, sizeof(want[0].conf), "%s", reg_want);
	snprintf(have[0].conf, sizeof(have[0].conf), "%s", reg_have);
	want[1].running = want_run;
	have[1].running = have_run;
	snprintf(want[1].conf, sizeof(want[1].conf), "%s", want_conf);
	snprintf(have[1].conf, sizeof(have[1].conf), "%s", have_conf);
	t->client_env = &env;
	t->n_clients = 2;
	t->clients_want = want;
	t->clients_have = have;
}

static bool any_text_has(const struct bw_plan *p, const char *s)
{
	for (int i = 0; i < p->n; i++)
		if (strstr(p->steps[i].text, s))
			return true;
	return false;
}

TEST(plan_wpa_from_nothing)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_client want[2], have[2];
	struct fake_kernel f;
	struct bw_plan p;
	struct bw_target t = { 0 };
	int reg, start, enslave;

	bond_cfg(&cfg, &b);
	t.cfg = &cfg;
	kernel(&f, &b, false);
	helpers(&t, want, have, "GB", "00", true, "psk=\"SECRET-PW\"\n", false, "");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	reg = fk_find(&p, BW_STEP_REGDOM, "wlan0");
	start = fk_find(&p, BW_STEP_WPA_START, "wlan0");
	enslave = fk_find(&p, BW_STEP_ENSLAVE, "wlan0");
	CHECK(reg >= 0 && start > reg && enslave > start);
	if (reg >= 0)
		CHECK_STR(p.steps[reg].data, "GB");
	if (start >= 0)
		CHECK_STR(p.steps[start].data, "psk=\"SECRET-PW\"\n");
	CHECK(!any_text_has(&p, "SECRET-PW"));
	bw_plan_free(&p);
}

TEST(plan_wpa_converged_and_changed)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_client want[2], have[2];
	struct fake_kernel f;
	struct bw_plan p;
	struct bw_target t = { 0 };

	bond_cfg(&cfg, &b);
	t.cfg = &cfg;
	kernel(&f, &b, true);
	/* Unchanged: nothing at all. */
	helpers(&t, want, have, "GB", "GB", true, "psk=\"A-PW\"\n", true, "psk=\"A-PW\"\n");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 0);
	bw_plan_free(&p);
	/* A new password: one step, the same process re-reads it. */
	helpers(&t, want, have, "GB", "GB", true, "psk=\"B-PW\"\n", true, "psk=\"A-PW\"\n");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	if (p.n == 1) {
		CHECK_INT(p.steps[0].op, BW_STEP_WPA_RECONF);
		CHECK_STR(p.steps[0].data, "psk=\"B-PW\"\n");
		CHECK(!any_text_has(&p, "B-PW") && !any_text_has(&p, "A-PW"));
	}
	bw_plan_free(&p);
	/* The entry gone: stopped, first; a country the file names no more
	 * is left as it is (want ""). */
	helpers(&t, want, have, "", "GB", false, "", true, "psk=\"A-PW\"\n");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 1);
	CHECK_INT(fk_find(&p, BW_STEP_WPA_STOP, "wlan0"), 0);
	bw_plan_free(&p);
}
