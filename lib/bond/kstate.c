// SPDX-License-Identifier: GPL-2.0-or-later
/* kstate.c - the kernel-state container: lookups and event upkeep.
 * Plain arrays: a host has tens of links, and linear scans keep copying and
 * snapshotting trivial. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
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

static int find_addr(const struct bw_kstate *ks, const struct bw_kaddr *a)
{
	for (int i = 0; i < ks->n_addrs; i++)
		if (ks->addrs[i].ifindex == a->ifindex &&
		    bw_prefix_equal(&ks->addrs[i].prefix, &a->prefix))
			return i;
	return -1;
}

int bw_kstate_upsert_addr(struct bw_kstate *ks, const struct bw_kaddr *a)
{
	int i = find_addr(ks, a);
	struct bw_kaddr *addrs;

	if (i >= 0) {
		ks->addrs[i] = *a;
		return 0;
	}
	addrs = realloc(ks->addrs, ((size_t)ks->n_addrs + 1) * sizeof(*addrs));
	if (!addrs)
		return -ENOMEM;
	ks->addrs = addrs;
	ks->addrs[ks->n_addrs++] = *a;
	return 0;
}

void bw_kstate_remove_addr(struct bw_kstate *ks, const struct bw_kaddr *a)
{
	int i = find_addr(ks, a);

	if (i < 0)
		return;
	memmove(&ks->addrs[i], &ks->addrs[i + 1], (size_t)(ks->n_addrs - i - 1) * sizeof(*ks->addrs));
	ks->n_addrs--;
}

/* Is a a better candidate than best (NULL: anything is)? A lease first:
 * a bond with dhcp4 and a static address too is watched for its lease;
 * then the lowest address, so the choice does not depend on the order in
 * which the kernel announced them. */
static bool better_ipv4(const struct bw_kaddr *a, const struct bw_kaddr *best)
{
	if (!best)
		return true;
	if (a->dynamic != best->dynamic)
		return a->dynamic;
	return ntohl(a->prefix.ip.a.v4.s_addr) < ntohl(best->prefix.ip.a.v4.s_addr);
}

const struct bw_kaddr *bw_kstate_link_ipv4(const struct bw_kstate *ks, int ifindex)
{
	const struct bw_kaddr *best = NULL;

	for (int i = 0; i < ks->n_addrs; i++) {
		const struct bw_kaddr *a = &ks->addrs[i];

		/* Global scope only: dhcpcd's IPv4LL (169.254/16) fallback is
		 * scope link, and is no lease. A secondary is an alias of a
		 * subnet that already has its primary. */
		if (a->ifindex != ifindex || a->prefix.ip.family != AF_INET ||
		    a->scope != RT_SCOPE_UNIVERSE || a->secondary)
			continue;
		if (better_ipv4(a, best))
			best = a;
	}
	return best;
}

int bw_kstate_count_addrs(const struct bw_kstate *ks, int ifindex)
{
	int n = 0;

	for (int i = 0; i < ks->n_addrs; i++)
		n += ks->addrs[i].ifindex == ifindex;
	return n;
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
