// SPDX-License-Identifier: GPL-2.0-or-later
/* test_watch.c - what of the file `bondmgr watch` asks for while members
 * are missing (bw_watch_effective); the event loop itself is proven in the
 * VM (tests/integration/watch_hotplug.sh). */
#include "harness.h"
#include "../../manager/watch/watch.h"

static void add_link(struct bw_kstate *ks, struct bw_link *links, const char *name)
{
	struct bw_link *l = &links[ks->n_links++];

	memset(l, 0, sizeof(*l));
	l->ifindex = ks->n_links + 1;
	snprintf(l->name, sizeof(l->name), "%s", name);
	ks->links = links;
}

TEST(watch_effective_leaves_out_missing_members_and_primary)
{
	struct bw_bond_cfg b;
	struct bw_config cfg = { .n_bonds = 1, .bonds = &b }, eff;
	struct bw_link links[4];
	struct bw_kstate ks = { 0 };

	memset(&b, 0, sizeof(b));
	snprintf(b.name, BW_IFNAMSIZ, "bond0");
	b.n_members = 2;
	snprintf(b.members[0], BW_IFNAMSIZ, "eth0");
	snprintf(b.members[1], BW_IFNAMSIZ, "wlan0");
	snprintf(b.params.primary, BW_IFNAMSIZ, "eth0");
	add_link(&ks, links, "wlan0");

	CHECK_INT(bw_watch_effective(&cfg, &ks, &eff), 0);
	CHECK_INT(eff.n_bonds, 1);
	CHECK_INT(eff.bonds[0].n_members, 1);
	CHECK_STR(eff.bonds[0].members[0], "wlan0");
	CHECK_STR(eff.bonds[0].params.primary, "");   /* eth0 is not there */
	CHECK_STR(b.params.primary, "eth0");           /* the file is untouched */
	bw_config_free(&eff);

	add_link(&ks, links, "eth0");
	CHECK_INT(bw_watch_effective(&cfg, &ks, &eff), 0);
	CHECK_INT(eff.bonds[0].n_members, 2);
	CHECK_STR(eff.bonds[0].params.primary, "eth0");
	bw_config_free(&eff);
}
