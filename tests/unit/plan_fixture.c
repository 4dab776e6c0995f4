// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_fixture.c - the planner tests' fixture (plan_fixture.h). */
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include "plan_fixture.h"

struct bw_link *fk_link(struct fake_kernel *f, const char *name, bool up)
{
	struct bw_link *l = &f->links[f->ks.n_links++];

	memset(l, 0, sizeof(*l));
	l->ifindex = f->ks.n_links + 1;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->flags = up ? IFF_UP : 0;
	f->ks.links = f->links;
	return l;
}

struct bw_link *fk_bond(struct fake_kernel *f, const char *name, const struct bw_bond_params *p)
{
	struct bw_link *l = fk_link(f, name, true);

	l->is_bond = true;
	l->bond.params = *p;
	return l;
}

void fk_enslave(struct bw_link *member, const struct bw_link *bond)
{
	member->master_ifindex = bond->ifindex;
	member->is_bond_slave = true;
}

void fk_addr(struct fake_kernel *f, int ifindex, const char *prefix, bool dynamic)
{
	struct bw_kaddr *a = &f->addrs[f->ks.n_addrs++];

	memset(a, 0, sizeof(*a));
	a->ifindex = ifindex;
	bw_prefix_parse(prefix, &a->prefix);
	a->dynamic = dynamic;
	a->valid_lft = dynamic ? 500 : 0;
	f->ks.addrs = f->addrs;
}

void fk_route(struct fake_kernel *f, int ifindex, const char *via, uint32_t metric, uint8_t proto)
{
	struct bw_kroute *r = &f->routes[f->ks.n_routes++];

	memset(r, 0, sizeof(*r));
	r->ifindex = ifindex;
	bw_ip_parse(via, &r->via);
	r->metric = metric;
	r->protocol = proto;
	f->ks.routes = f->routes;
}

int fk_find(const struct bw_plan *p, enum bw_step_op op, const char *link)
{
	for (int i = 0; i < p->n; i++)
		if (p->steps[i].op == op && (!link || !strcmp(p->steps[i].link, link)))
			return i;
	return -1;
}

void plan_seed(struct bw_config *cfg, struct bw_bond_cfg *b)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(b, 0, sizeof(*b));
	snprintf(cfg->path, sizeof(cfg->path), "test.yaml");
	cfg->n_bonds = 1;
	cfg->bonds = b;
	snprintf(b->name, sizeof(b->name), "bond0");
	b->n_members = 2;
	snprintf(b->members[0], BW_IFNAMSIZ, "wlan0");   /* primary listed last on purpose */
	snprintf(b->members[1], BW_IFNAMSIZ, "eth0");
	bw_bond_params_default(&b->params);
	b->params.mode = BW_MODE_ACTIVE_BACKUP;
	b->params.fail_over_mac = BW_FOM_ACTIVE;
	b->params.miimon = 200;
	b->params.updelay = 200;
	snprintf(b->params.primary, sizeof(b->params.primary), "eth0");
	b->n_addrs = 1;
	bw_prefix_parse("192.0.2.10/24", &b->addrs[0]);
	b->n_routes = 1;
	bw_ip_parse("192.0.2.1", &b->routes[0].via);
}

void plan_converged(struct fake_kernel *f, const struct bw_bond_cfg *b)
{
	struct bw_link *bond, *eth0, *wlan0;

	memset(f, 0, sizeof(*f));
	bond = fk_bond(f, "bond0", &b->params);
	eth0 = fk_link(f, "eth0", true);
	wlan0 = fk_link(f, "wlan0", true);
	fk_enslave(eth0, bond);
	fk_enslave(wlan0, bond);
	fk_addr(f, bond->ifindex, "192.0.2.10/24", false);
	fk_addr(f, bond->ifindex, "fe80::1/64", false);        /* the kernel's own */
	fk_route(f, bond->ifindex, "192.0.2.1", 0, 0);
}
