// SPDX-License-Identifier: GPL-2.0-or-later
/* kstate.c - the kernel-state container: lookups and event upkeep.
 * Plain arrays: a host has tens of links, and linear scans keep copying and
 * snapshotting trivial. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include "bondwatch/kstate.h"

bool bw_kaddr_is_dynamic(const struct bw_kaddr *a)
{
	return a->dynamic;
}

bool bw_kroute_is_dynamic(const struct bw_kroute *r)
{
	return r->protocol == RTPROT_DHCP || r->protocol == RTPROT_RA;
}

void bw_kstate_free(struct bw_kstate *ks)
{
	if (!ks)
		return;
	free(ks->links);
	free(ks->addrs);
	free(ks->routes);
	memset(ks, 0, sizeof(*ks));
}

const struct bw_link *bw_kstate_link_by_name(const struct bw_kstate *ks, const char *name)
{
	for (int i = 0; ks && i < ks->n_links; i++)
		if (strcmp(ks->links[i].name, name) == 0)
			return &ks->links[i];
	return NULL;
}

const struct bw_link *bw_kstate_link_by_index(const struct bw_kstate *ks, int ifindex)
{
	for (int i = 0; ks && i < ks->n_links; i++)
		if (ks->links[i].ifindex == ifindex)
			return &ks->links[i];
	return NULL;
}

const struct bw_link *bw_kstate_next_slave(const struct bw_kstate *ks, const struct bw_link *bond,
					   const struct bw_link *prev)
{
	for (int i = prev ? (int)(prev - ks->links) + 1 : 0; i < ks->n_links; i++)
		if (ks->links[i].master_ifindex == bond->ifindex && ks->links[i].is_bond_slave)
			return &ks->links[i];
	return NULL;
}

/* An event carries the whole link, so upkeep is "replace", then the names
 * derived from ifindexes are refreshed (a renamed or new primary). */
int bw_kstate_upsert_link(struct bw_kstate *ks, const struct bw_link *l)
{
	struct bw_link *links;
	const struct bw_link *old = bw_kstate_link_by_index(ks, l->ifindex);

	if (old) {
		ks->links[old - ks->links] = *l;
	} else {
		links = realloc(ks->links, ((size_t)ks->n_links + 1) * sizeof(*links));
		if (!links)
			return -ENOMEM;
		ks->links = links;
		ks->links[ks->n_links++] = *l;
	}
	bw_kstate_resolve_names(ks);
	return 0;
}

/* A deleted link takes its addresses and routes with it: the kernel sends
 * their RTM_DELADDR/DELROUTE on other groups than a link listener's. */
void bw_kstate_remove_link(struct bw_kstate *ks, int ifindex)
{
	int j = 0;

	for (int i = 0; i < ks->n_links; i++)
		if (ks->links[i].ifindex != ifindex)
			ks->links[j++] = ks->links[i];
	ks->n_links = j;
	j = 0;
	for (int i = 0; i < ks->n_addrs; i++)
		if (ks->addrs[i].ifindex != ifindex)
			ks->addrs[j++] = ks->addrs[i];
	ks->n_addrs = j;
	j = 0;
	for (int i = 0; i < ks->n_routes; i++)
		if (ks->routes[i].ifindex != ifindex)
			ks->routes[j++] = ks->routes[i];
	ks->n_routes = j;
	bw_kstate_resolve_names(ks);
}

void bw_kstate_resolve_names(struct bw_kstate *ks)
{
	for (int i = 0; i < ks->n_links; i++) {
		struct bw_link *l = &ks->links[i];
		const struct bw_link *p;

		if (!l->is_bond)
			continue;
		p = l->bond.primary_ifindex ? bw_kstate_link_by_index(ks, l->bond.primary_ifindex)
					    : NULL;
		if (p)
			memcpy(l->bond.params.primary, p->name, sizeof(l->bond.params.primary));
		else
			l->bond.params.primary[0] = '\0';
	}
}

void bw_kstate_set_linkmodes(struct bw_kstate *ks, int ifindex, uint32_t speed, uint8_t duplex)
{
	const struct bw_link *c = bw_kstate_link_by_index(ks, ifindex);
	struct bw_link *l;

	if (!c)
		return;
	l = &ks->links[c - ks->links];
	l->has_linkmodes = true;
	l->speed = speed;
	l->duplex = duplex;
}
