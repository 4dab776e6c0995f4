// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_snapshot.c - the target that puts back a state read earlier, so that
 * a failed apply (or a `try` that times out) is undone by the same planner
 * that made the change. */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include "plan_priv.h"

/* The snapshot's view of one existing bond as a config entry. */
static void bond_from_link(struct bw_bond_cfg *b, const struct bw_kstate *snap,
			   const struct bw_link *l, const struct bw_bond_cfg *want)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", l->name);
	b->params = l->bond.params;   /* every option, the other modes' too */
	/* The bond's address is put back only when the file sets one: else it
	 * is the kernel's (a slave's, or the active slave's with
	 * fail_over_mac active), and writing it would pin it. */
	b->params.has_mac = l->bond.params.has_mac && (want->set_mask & BW_OPT_BIT(BW_OPT_MACADDRESS));
	for (int i = 0; i < snap->n_links && b->n_members < BW_MAX_MEMBERS; i++)
		if (snap->links[i].master_ifindex == l->ifindex)
			snprintf(b->members[b->n_members++], BW_IFNAMSIZ, "%s", snap->links[i].name);
	/* A lease's address and routes are not put back by hand: the client
	 * that had them (restarted by the restore when it ran) gets them. */
	for (int i = 0; i < snap->n_addrs && b->n_addrs < BW_MAX_ADDRS; i++)
		if (snap->addrs[i].ifindex == l->ifindex &&
		    !plan_addr_is_kernel_owned(&snap->addrs[i].prefix) &&
		    !bw_kaddr_is_dynamic(&snap->addrs[i]))
			b->addrs[b->n_addrs++] = snap->addrs[i].prefix;
	for (int i = 0; i < snap->n_routes && b->n_routes < BW_MAX_ROUTES; i++)
		if (snap->routes[i].ifindex == l->ifindex &&
		    !bw_kroute_is_dynamic(&snap->routes[i])) {
			struct bw_route_cfg *r = &b->routes[b->n_routes++];

			r->via = snap->routes[i].via;
			r->metric = snap->routes[i].metric;
			r->has_metric = true;
		}
}

static void free_link_from(struct bw_link_restore *f, const struct bw_kstate *snap,
			   const struct bw_link *l)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", l->name);
	f->up = l->flags & IFF_UP;
	for (int i = 0; i < snap->n_addrs && f->n_addrs < BW_MAX_ADDRS; i++)
		if (snap->addrs[i].ifindex == l->ifindex &&
		    !plan_addr_is_kernel_owned(&snap->addrs[i].prefix))
			f->addrs[f->n_addrs++] = snap->addrs[i].prefix;
	for (int i = 0; i < snap->n_routes && f->n_routes < BW_MAX_ROUTES; i++)
		if (snap->routes[i].ifindex == l->ifindex)
			f->routes[f->n_routes++] = snap->routes[i];
}

int bw_target_from_snapshot(const struct bw_config *cfg, const struct bw_kstate *snap,
			    struct bw_config *out_cfg, struct bw_target *t)
{
	memset(out_cfg, 0, sizeof(*out_cfg));
	memset(t, 0, sizeof(*t));
	snprintf(out_cfg->path, sizeof(out_cfg->path), "(state before apply)");
	out_cfg->bonds = calloc((size_t)cfg->n_bonds + 1, sizeof(*out_cfg->bonds));
	if (!out_cfg->bonds)
		return -ENOMEM;
	t->cfg = out_cfg;
	for (int i = 0; i < cfg->n_bonds; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];
		const struct bw_link *l = bw_kstate_link_by_name(snap, b->name);

		if (l && l->is_bond)
			bond_from_link(&out_cfg->bonds[out_cfg->n_bonds++], snap, l, b);
		else if (t->n_absent < BW_MAX_MEMBERS)
			snprintf(t->absent[t->n_absent++], BW_IFNAMSIZ, "%s", b->name);
		for (int j = 0; j < b->n_members; j++) {
			const struct bw_link *m = bw_kstate_link_by_name(snap, b->members[j]);
			int max = (int)(sizeof(t->free_links) / sizeof(t->free_links[0]));

			if (m && !m->master_ifindex && t->n_free < max)
				free_link_from(&t->free_links[t->n_free++], snap, m);
		}
	}
	return 0;
}
