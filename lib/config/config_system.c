// SPDX-License-Identifier: GPL-2.0-or-later
/* config_system.c - the checks that need the running system: members
 * exist, are not a bond, are not enslaved elsewhere, and wireless members
 * get fail-over-mac-policy active. The kernel state is given (read once by
 * the caller); sysfs is read only to tell wireless interfaces apart. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "config_priv.h"
#include "bondwatch/kstate.h"

static bool sysfs_exists(const char *root, const char *ifname, const char *leaf)
{
	char path[4096];
	struct stat st;
	int n = snprintf(path, sizeof(path), "%s/class/net/%s/%s", root, ifname, leaf);

	return n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0;
}

bool bw_if_is_wireless(const char *sysfs_root, const char *ifname)
{
	/* A name that could step out of class/net is no interface at all. */
	if (!ifname || bw_ifname_check(ifname))
		return false;
	if (!sysfs_root)
		sysfs_root = "/sys";
	return sysfs_exists(sysfs_root, ifname, "wireless") ||
	       sysfs_exists(sysfs_root, ifname, "phy80211");
}

/* Why a Wi-Fi member needs fail-over-mac-policy active, per policy. */
static void wifi_reason(unsigned fom, const char *name, char *buf, size_t len)
{
	if (fom == BW_FOM_FOLLOW)
		snprintf(buf, len, "with fail-over-mac-policy follow the bond moves its "
			 "own MAC onto %s when %s becomes active", name, name);
	else
		snprintf(buf, len, "with fail-over-mac-policy none the bond rewrites "
			 "%s's MAC to the bond's", name);
}

static void check_wireless(const struct bw_bond_cfg *b, int m, const char *sysfs_root,
			   struct bw_diags *d)
{
	const char *name = b->members[m];
	struct bw_pos at = b->member_pos[m];
	char why[160];

	if (b->params.fail_over_mac == BW_FOM_ACTIVE || !bw_if_is_wireless(sysfs_root, name))
		return;
	if (b->set_mask & BW_OPT_BIT(BW_OPT_FAIL_OVER_MAC))
		at = b->opt_pos[BW_OPT_FAIL_OVER_MAC];
	wifi_reason(b->params.fail_over_mac, name, why, sizeof(why));
	bw_diags_add(d, BW_SEV_ERROR, at, "%s is a wireless interface: a Wi-Fi station's "
		     "MAC is the one the access point associated; %s, and the "
		     "association breaks; set fail-over-mac-policy: active", name, why);
}

static void check_member(const struct bw_bond_cfg *b, int m, const struct bw_kstate *ks,
			 const char *sysfs_root, struct bw_diags *d)
{
	const char *name = b->members[m];
	const struct bw_link *l = bw_kstate_link_by_name(ks, name), *master;
	struct bw_pos at = b->member_pos[m];

	if (!l) {
		bw_diags_add(d, BW_SEV_ERROR, at, "interface '%s' does not exist (members "
			     "are kernel interface names; is the driver loaded?)", name);
		return;
	}
	if (l->is_bond) {
		bw_diags_add(d, BW_SEV_ERROR, at, "interface '%s' is itself a bond; a "
			     "bond cannot be a member of a bond", name);
		return;
	}
	master = l->master_ifindex ? bw_kstate_link_by_index(ks, l->master_ifindex) : NULL;
	if (master && master->is_bond && strcmp(master->name, b->name))
		bw_diags_add(d, BW_SEV_ERROR, at, "interface '%s' is already enslaved to "
			     "bond %s; release it first (ip link set %s nomaster)",
			     name, master->name, name);
	else if (master && !master->is_bond)
		bw_diags_add(d, BW_SEV_ERROR, at, "interface '%s' is enslaved to %s, "
			     "which is not a bond; release it first (ip link set %s "
			     "nomaster)", name, master->name, name);
	check_wireless(b, m, sysfs_root, d);
}

/* The bond's own name must be free or already a bond: creating it would
 * fail half-way through an apply otherwise. */
static void check_bond_name(const struct bw_bond_cfg *b, const struct bw_kstate *ks,
			    struct bw_diags *d)
{
	const struct bw_link *l = bw_kstate_link_by_name(ks, b->name);

	if (l && !l->is_bond)
		bw_diags_add(d, BW_SEV_ERROR, b->pos, "'%s' exists and is not a bond; "
			     "choose another name for the bond", b->name);
}

/* A wifis: entry is for a radio: wpa_supplicant on a wired link would
 * fail at apply time, after the plan had begun. */
static void check_wifis(const struct bw_config *cfg, const char *sysfs_root, struct bw_diags *d)
{
	for (int i = 0; i < cfg->n_wifis; i++)
		if (!bw_if_is_wireless(sysfs_root, cfg->wifis[i].id))
			bw_diags_add(d, BW_SEV_ERROR, cfg->wifis[i].pos, "%s is not a wireless "
				     "interface (no %s/class/net/%s/wireless): a wifis: entry "
				     "is for a Wi-Fi radio; declare a wired member under "
				     "ethernets:", cfg->wifis[i].id, sysfs_root ? sysfs_root : "/sys",
				     cfg->wifis[i].id);
}

int bw_config_check_system(const struct bw_config *cfg, const struct bw_kstate *ks,
			   const char *sysfs_root, struct bw_diags *d)
{
	int before = d->n_errors;

	for (int i = 0; i < cfg->n_bonds; i++) {
		check_bond_name(&cfg->bonds[i], ks, d);
		for (int m = 0; m < cfg->bonds[i].n_members; m++)
			check_member(&cfg->bonds[i], m, ks, sysfs_root, d);
	}
	bw_cfg_members_system(cfg, ks, sysfs_root, d);
	check_wifis(cfg, sysfs_root, d);
	return d->n_errors > before ? -1 : 0;
}
