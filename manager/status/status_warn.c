// SPDX-License-Identifier: GPL-2.0-or-later
/* status_warn.c - the problems an operator should hear about when looking
 * at a bond: traffic not on the primary (the cable is out, or the primary
 * came back but reselect kept the backup), a member without link (no
 * backup left), and another network manager that would reconfigure a
 * member or the bond behind bondmgr's back (the seed recipe's
 * "denyinterfaces" step, forgotten). */
#include <string.h>
#include "bondwatch/bond_opts.h"
#include "bondwatch/log.h"
#include "status_warn.h"


static int warn_primary(const struct bw_kstate *ks, const struct bw_link *bond)
{
	const struct bw_bond_params *p = &bond->bond.params;
	const struct bw_link *act = bond->bond.active_slave_ifindex
		? bw_kstate_link_by_index(ks, bond->bond.active_slave_ifindex) : NULL;

	if (!bw_mode_has_primary(p->mode) || !p->primary[0])
		return 0;
	if (!act) {
		bw_log(BW_LOG_WARNING, "%s: no active slave (primary %s): the bond carries no traffic",
		       bond->name, p->primary);
		return 1;
	}
	if (strcmp(act->name, p->primary) != 0) {
		bw_log(BW_LOG_WARNING, "%s: the active slave is %s, not the primary %s", bond->name,
		       act->name, p->primary);
		return 1;
	}
	return 0;
}

static int warn_members_down(const struct bw_kstate *ks, const struct bw_link *bond)
{
	const struct bw_link *l = NULL;
	int n = 0;

	while ((l = bw_kstate_next_slave(ks, bond, l))) {
		if (l->slave.mii_status == BW_MII_UP)
			continue;
		bw_log(BW_LOG_WARNING, "%s: member %s's link is %s (MII status)", bond->name, l->name,
		       bw_mii_name(l->slave.mii_status));
		n++;
	}
	return n;
}

/* One line naming every interface of the bond dhcpcd would take, and the
 * line that fixes it. */
static int warn_dhcpcd(const struct bw_kstate *ks, const struct bw_link *bond,
		       const struct status_env *env)
{
	char names[1024] = "";
	size_t off = 0;

	if (!env->dc)
		return 0;
	for (int i = 0; i < ks->n_links; i++) {
		const struct bw_link *l = &ks->links[i];
		bool mine = l == bond || (l->master_ifindex == bond->ifindex && l->is_bond_slave);

		if (mine && bw_dhcpcd_manages(env->dc, l->name) && off < sizeof(names) - BW_IFNAMSIZ - 1)
			off += (size_t)snprintf(names + off, sizeof(names) - off, "%s%s",
						off ? " " : "", l->name);
	}
	if (!off)
		return 0;
	bw_log(BW_LOG_WARNING, "%s: dhcpcd would manage %s: add \"denyinterfaces %s\" to %s",
	       bond->name, names, names, env->dhcpcd_path);
	return 1;
}

static int warn_nm(const struct bw_kstate *ks, const struct bw_link *bond,
		   const struct status_env *env)
{
	int n = 0;

	for (int i = 0; env->nm && i < ks->n_links; i++) {
		const struct bw_link *l = &ks->links[i];
		bool mine = l == bond || (l->master_ifindex == bond->ifindex && l->is_bond_slave);

		if (!mine || !status_nm_manages(env->nm, l->name))
			continue;
		bw_log(BW_LOG_WARNING, "%s: NetworkManager manages %s: \"nmcli device set %s managed no\"",
		       bond->name, l->name, l->name);
		n++;
	}
	return n;
}

int status_warn_bond(const struct bw_kstate *ks, const struct bw_link *bond,
		     const struct status_env *env)
{
	return warn_primary(ks, bond) + warn_members_down(ks, bond) + warn_dhcpcd(ks, bond, env) +
	       warn_nm(ks, bond, env);
}
