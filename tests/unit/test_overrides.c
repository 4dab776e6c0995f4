// SPDX-License-Identifier: GPL-2.0-or-later
/* test_overrides.c - the runtime overrides file: parse, render, the atomic
 * read-modify-write, the merge over a config and the plan's words. The
 * crash-safety under kill -9 is proven in the VM (overrides_crash.sh). */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "bondwatch/config.h"
#include "bondwatch/overrides.h"
#include "bondwatch/plan.h"

/* A fresh folder under /tmp; returns the overrides path in it. */
static const char *tmp_path(char *buf, size_t len)
{
	char dir[] = "/tmp/bw-ov-XXXXXX";

	if (!mkdtemp(dir))
		return NULL;
	snprintf(buf, len, "%s/sub/overrides.yaml", dir);   /* sub/ does not exist yet */
	return buf;
}

TEST(overrides_parse_block_and_flow_style)
{
	struct bw_overrides ov;
	const char *flow = "primary: {bond0: wlan0, bond1: eth2}\n";
	const char *block = "# c\nfuture-key: 3\nprimary:\n  bond0: wlan0\n";

	CHECK_INT(bw_overrides_parse(flow, strlen(flow), &ov, NULL), 0);
	CHECK_INT(ov.n, 2);
	CHECK_STR(ov.primary[1].bond, "bond1");
	CHECK_STR(ov.primary[1].primary, "eth2");
	CHECK_INT(bw_overrides_parse(block, strlen(block), &ov, NULL), 0);
	CHECK_INT(ov.n, 1);
	CHECK_STR(ov.primary[0].primary, "wlan0");
	CHECK_INT(bw_overrides_parse("", 0, &ov, NULL), 0);
	CHECK_INT(ov.n, 0);
}

TEST(overrides_parse_refuses_bad_files)
{
	struct bw_overrides ov;
	struct bw_err err = { 0 };
	const char *bad[] = {
		"primary: [a, b]\n", "primary: {bond0: [x]}\n", "primary: {bond0: a/b}\n",
		"primary: {bond0: x, bond0: y}\n", "primary: {bond0: wlan0\n", "- a\n",
		"primary: {bond0: averyveryverylongname}\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(bw_overrides_parse(bad[i], strlen(bad[i]), &ov, &err) < 0);
		CHECK_INT(ov.n, 0);
	}
}

TEST(overrides_render_parses_back_even_odd_names)
{
	struct bw_overrides ov = { .n = 2 }, back;
	char text[1024];

	snprintf(ov.primary[0].bond, BW_IFNAMSIZ, "bond0");
	snprintf(ov.primary[0].primary, BW_IFNAMSIZ, "wlan0");
	snprintf(ov.primary[1].bond, BW_IFNAMSIZ, "-b\"#{x");
	snprintf(ov.primary[1].primary, BW_IFNAMSIZ, "e\\th*0");
	CHECK_INT(bw_overrides_render(&ov, text, sizeof(text)), 0);
	CHECK_CONTAINS(text, "primary:\n  bond0: wlan0\n");
	CHECK_INT(bw_overrides_parse(text, strlen(text), &back, NULL), 0);
	CHECK_INT(back.n, 2);
	CHECK_STR(back.primary[1].bond, "-b\"#{x");
	CHECK_STR(back.primary[1].primary, "e\\th*0");
}

TEST(overrides_set_primary_adds_replaces_and_drops)
{
	char path[256];
	struct bw_overrides ov;
	struct bw_err err = { 0 };

	CHECK(tmp_path(path, sizeof(path)) != NULL);
	CHECK_INT(bw_overrides_load(path, &ov, &err), 0);          /* missing: none */
	CHECK_INT(ov.n, 0);
	CHECK_INT(bw_overrides_set_primary(path, "bond0", "wlan0", &err), 0);
	CHECK_INT(bw_overrides_set_primary(path, "bond1", "eth1", &err), 0);
	CHECK_INT(bw_overrides_set_primary(path, "bond0", "eth0", &err), 0);
	CHECK_INT(bw_overrides_load(path, &ov, &err), 0);
	CHECK_INT(ov.n, 2);
	CHECK_STR(ov.primary[0].primary, "eth0");
	CHECK_INT(bw_overrides_set_primary(path, "bond0", "a/b", &err), -EINVAL);
	CHECK_INT(bw_overrides_set_primary(path, "bond0", "bond0", &err), -EINVAL);
	CHECK_INT(bw_overrides_set_primary(path, "bond0", NULL, &err), 0);
	CHECK_INT(bw_overrides_load(path, &ov, &err), 0);
	CHECK_INT(ov.n, 1);
	CHECK_STR(ov.primary[0].bond, "bond1");
	CHECK_INT(bw_overrides_drop(path, NULL, -1, &err), 0);
	CHECK(access(path, F_OK) != 0);                             /* empty: removed */
	{
		char tmp[300];

		snprintf(tmp, sizeof(tmp), "%s.tmp", path);
		CHECK(access(tmp, F_OK) != 0);
		/* the folders tmp_path() made: .../sub, then its parent */
		*strrchr(path, '/') = '\0';
		CHECK_INT(rmdir(path), 0);
		*strrchr(path, '/') = '\0';
		CHECK_INT(rmdir(path), 0);
	}
}

static void one_bond(struct bw_config *cfg, struct bw_bond_cfg *b)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(b, 0, sizeof(*b));
	cfg->n_bonds = 1;
	cfg->bonds = b;
	snprintf(b->name, BW_IFNAMSIZ, "bond0");
	b->n_members = 2;
	snprintf(b->members[0], BW_IFNAMSIZ, "eth0");
	snprintf(b->members[1], BW_IFNAMSIZ, "wlan0");
	bw_bond_params_default(&b->params);
	b->params.mode = BW_MODE_ACTIVE_BACKUP;
	snprintf(b->params.primary, BW_IFNAMSIZ, "eth0");
}

TEST(overrides_merge_applies_or_says_why_not)
{
	const char *text = "primary: {bond0: wlan0, bond9: eth0}\n";
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_overrides ov;

	one_bond(&cfg, &b);
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_STR(b.params.primary, "wlan0");
	CHECK_INT(ov.primary[0].use, BW_OV_APPLIED);
	CHECK_STR(ov.primary[0].file_primary, "eth0");
	CHECK_INT(ov.primary[1].use, BW_OV_NO_BOND);

	one_bond(&cfg, &b);
	text = "primary: {bond0: eth7}\n";
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_STR(b.params.primary, "eth0");                        /* not a member: ignored */
	CHECK_INT(ov.primary[0].use, BW_OV_NOT_MEMBER);

	text = "primary: {bond0: eth0}\n";
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_INT(ov.primary[0].use, BW_OV_SAME);
}

TEST(overrides_annotate_names_the_file_on_the_primary_step)
{
	const char *text = "primary: {bond0: wlan0}\n";
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_overrides ov;
	struct bw_kstate ks = { 0 };
	struct bw_link links[3];
	struct bw_target t = { .cfg = &cfg };
	struct bw_plan p;

	one_bond(&cfg, &b);
	memset(links, 0, sizeof(links));
	for (int i = 0; i < 3; i++) {
		links[i].ifindex = i + 2;
		links[i].flags = 1;   /* IFF_UP */
		links[i].master_ifindex = i ? 2 : 0;
	}
	snprintf(links[0].name, BW_IFNAMSIZ, "bond0");
	snprintf(links[1].name, BW_IFNAMSIZ, "eth0");
	snprintf(links[2].name, BW_IFNAMSIZ, "wlan0");
	links[0].is_bond = true;
	links[0].bond.params = b.params;   /* converged to the file: primary eth0 */
	ks.n_links = 3;
	ks.links = links;
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_INT(bw_plan_make(&t, &ks, &p), 0);
	bw_overrides_annotate(&ov, "/x/overrides.yaml", &p);
	CHECK_INT(p.n, 1);
	if (p.n == 1)
		CHECK_STR(p.steps[0].text,
			  "~ bond0 primary eth0 -> wlan0 (runtime override from /x/overrides.yaml)");
	bw_plan_free(&p);
}
