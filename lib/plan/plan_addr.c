// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_addr.c - addresses, default routes and resolv.conf.
 *
 * Only the bond carries addresses and the default route: members lose
 * theirs (a Pi's eth0 often still has its DHCP address). IPv6 link-local
 * addresses belong to the kernel and are never touched.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_priv.h"

bool plan_addr_is_kernel_owned(const struct bw_prefix *p)
{
	return p->ip.family == AF_INET6 && p->ip.a.v6.s6_addr[0] == 0xfe &&
	       (p->ip.a.v6.s6_addr[1] & 0xc0) == 0x80;
}

/* The metric the kernel gives a route added without one. */
static uint32_t route_metric(const struct bw_route_cfg *r)
{
	if (r->has_metric)
		return r->metric;
	return r->via.family == AF_INET6 ? 1024 : 0;
}

static void addr_step(struct bw_plan *plan, enum bw_step_op op, const char *link,
		      const struct bw_prefix *p, const char *why)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct bw_step *s = plan_add(plan, op, link);

	if (!s)
		return;
	s->prefix = *p;
	snprintf(s->text, sizeof(s->text), "%c %s on %s%s%s%s", op == BW_STEP_ADDR_ADD ? '+' : '-',
		 bw_prefix_str(p, buf, sizeof(buf)), link, why ? " (" : "", why ? why : "",
		 why ? ")" : "");
}

static void route_step(struct bw_plan *plan, enum bw_step_op op, const char *link,
		       const struct bw_ip *via, uint32_t metric, const char *why)
{
	char buf[INET6_ADDRSTRLEN];
	struct bw_step *s = plan_add(plan, op, link);

	if (!s)
		return;
	s->via = *via;
	s->metric = metric;
	char m[24] = "";

	/* The metric is news only when it is not the kernel's default. */
	if (metric != (via->family == AF_INET6 ? 1024u : 0u))
		snprintf(m, sizeof(m), " metric %u", metric);
	snprintf(s->text, sizeof(s->text), "%c default via %s on %s%s%s%s%s",
		 op == BW_STEP_ROUTE_ADD ? '+' : '-', bw_ip_str(via, buf, sizeof(buf)), link, m,
		 why ? " (" : "", why ? why : "", why ? ")" : "");
}

void plan_link_addrs_clear(struct bw_plan *plan, const struct bw_kstate *ks, const struct bw_link *l,
			   const char *why)
{
	for (int i = 0; i < ks->n_routes; i++)
		if (ks->routes[i].ifindex == l->ifindex)
			route_step(plan, BW_STEP_ROUTE_DEL, l->name, &ks->routes[i].via,
				   ks->routes[i].metric, why);
	for (int i = 0; i < ks->n_addrs; i++)
		if (ks->addrs[i].ifindex == l->ifindex &&
		    !plan_addr_is_kernel_owned(&ks->addrs[i].prefix))
			addr_step(plan, BW_STEP_ADDR_DEL, l->name, &ks->addrs[i].prefix, why);
}

static bool cfg_has_addr(const struct bw_bond_cfg *b, const struct bw_prefix *p)
{
	for (int i = 0; i < b->n_addrs; i++)
		if (bw_prefix_equal(&b->addrs[i], p))
			return true;
	return false;
}

static bool cfg_has_route(const struct bw_bond_cfg *b, const struct bw_kroute *r)
{
	for (int i = 0; i < b->n_routes; i++)
		if (bw_ip_equal(&b->routes[i].via, &r->via) && route_metric(&b->routes[i]) == r->metric)
			return true;
	return false;
}

/* deletions: what the bond has and the file does not (phase 1).
 * Otherwise: what the file wants and the bond lacks; bounced means the
 * bond is (re)brought up, which drops its routes and IPv6 addresses. */
void plan_bond_addrs(struct bw_plan *plan, const struct bw_kstate *ks, const struct bw_bond_cfg *b,
		     const struct bw_link *bond, bool bounced, bool deletions, bool keep_dynamic)
{
	int ifindex = bond ? bond->ifindex : -1;

	if (deletions) {
		for (int i = 0; i < ks->n_routes; i++)
			if (ks->routes[i].ifindex == ifindex && !cfg_has_route(b, &ks->routes[i]) &&
			    !(keep_dynamic && bw_kroute_is_dynamic(&ks->routes[i])))
				route_step(plan, BW_STEP_ROUTE_DEL, b->name, &ks->routes[i].via,
					   ks->routes[i].metric, NULL);
		for (int i = 0; i < ks->n_addrs; i++)
			if (ks->addrs[i].ifindex == ifindex &&
			    !plan_addr_is_kernel_owned(&ks->addrs[i].prefix) &&
			    !cfg_has_addr(b, &ks->addrs[i].prefix) &&
			    !(keep_dynamic && bw_kaddr_is_dynamic(&ks->addrs[i])))
				addr_step(plan, BW_STEP_ADDR_DEL, b->name, &ks->addrs[i].prefix, NULL);
		return;
	}
	for (int i = 0; i < b->n_addrs; i++) {
		bool have = false;

		for (int j = 0; j < ks->n_addrs; j++)
			if (ks->addrs[j].ifindex == ifindex &&
			    bw_prefix_equal(&ks->addrs[j].prefix, &b->addrs[i]) &&
			    !(bounced && b->addrs[i].ip.family == AF_INET6))
				have = true;
		if (!have)
			addr_step(plan, BW_STEP_ADDR_ADD, b->name, &b->addrs[i], NULL);
	}
	/* Deleting a link's last IPv4 address flushes its IPv4 routes (the
	 * kernel's fib_del_ifaddr): replacing the bond's only address (.10 by
	 * .11) takes the default route with it, so it must be added again. */
	bool v4_flushed = false;
	if (bond) {
		int kept = 0, dropped = 0;

		for (int j = 0; j < ks->n_addrs; j++)
			if (ks->addrs[j].ifindex == ifindex && ks->addrs[j].prefix.ip.family == AF_INET)
				cfg_has_addr(b, &ks->addrs[j].prefix) ||
				(keep_dynamic && bw_kaddr_is_dynamic(&ks->addrs[j])) ? kept++ : dropped++;
		v4_flushed = dropped && !kept;
	}
	for (int i = 0; i < b->n_routes; i++) {
		bool have = false;
		bool gone = bounced || (v4_flushed && b->routes[i].via.family == AF_INET);

		for (int j = 0; j < ks->n_routes && !gone; j++)
			if (ks->routes[j].ifindex == ifindex &&
			    bw_ip_equal(&ks->routes[j].via, &b->routes[i].via) &&
			    ks->routes[j].metric == route_metric(&b->routes[i]))
				have = true;
		if (!have)
			route_step(plan, BW_STEP_ROUTE_ADD, b->name, &b->routes[i].via,
				   route_metric(&b->routes[i]), NULL);
	}
}

/* Rollback: the default routes a free link had (a link that goes down or
 * loses its address loses them too). */
void plan_link_routes_restore(struct bw_plan *plan, const struct bw_kstate *ks, const struct bw_link *l,
			      const struct bw_link_restore *f)
{
	for (int i = 0; i < f->n_routes; i++) {
		bool have = false;

		for (int j = 0; j < ks->n_routes; j++)
			if (ks->routes[j].ifindex == l->ifindex &&
			    bw_ip_equal(&ks->routes[j].via, &f->routes[i].via) &&
			    ks->routes[j].metric == f->routes[i].metric)
				have = true;
		if (!have)
			route_step(plan, BW_STEP_ROUTE_ADD, f->name, &f->routes[i].via,
				   f->routes[i].metric, NULL);
	}
}

void bw_resolv_render(const struct bw_config *cfg, char *buf, size_t len)
{
	size_t off = 0;
	int n = 0;

	buf[0] = '\0';
	for (int i = 0; i < cfg->n_bonds; i++)
		n += cfg->bonds[i].n_nameservers;
	if (!n)
		return;
	off += (size_t)snprintf(buf, len, "# Written by bondmgr from %s; edit that file, not this one.\n",
				cfg->path);
	for (int i = 0; i < cfg->n_bonds && off < len; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];

		for (int j = 0; j < b->n_nameservers && off < len; j++) {
			char ip[INET6_ADDRSTRLEN];

			off += (size_t)snprintf(buf + off, len - off, "nameserver %s\n",
						bw_ip_str(&b->nameservers[j], ip, sizeof(ip)));
		}
	}
	for (int i = 0; i < cfg->n_bonds && off < len; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];

		if (!b->n_search)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "search");
		for (int j = 0; j < b->n_search && off < len; j++)
			off += (size_t)snprintf(buf + off, len - off, " %s", b->search[j]);
		off += (size_t)snprintf(buf + off, len - off, "\n");
	}
}

void plan_dns(struct bw_plan *plan, const struct bw_target *t)
{
	char want[4096];
	struct bw_step *s;

	if (!t->resolv_path || (!t->resolv_content && !t->cfg))
		return;
	if (t->resolv_content)
		snprintf(want, sizeof(want), "%s", t->resolv_content);
	else
		bw_resolv_render(t->cfg, want, sizeof(want));
	if (!want[0] && !t->resolv_content)
		return;   /* the file names no nameserver: resolv.conf is not ours */
	if (t->resolv_have && strcmp(t->resolv_have, want) == 0)
		return;
	s = plan_add(plan, BW_STEP_DNS, "");
	if (!s)
		return;
	s->path = t->resolv_path;
	s->data = strdup(want);
	if (!s->data) {
		plan->cap = -1;
		return;
	}
	snprintf(s->text, sizeof(s->text), "~ %s", t->resolv_path);
	for (const char *p = want; *p && strlen(s->text) < sizeof(s->text) - 40;) {
		const char *nl = strchr(p, '\n');
		int l = nl ? (int)(nl - p) : (int)strlen(p);

		if (strncmp(p, "nameserver ", 11) == 0 || strncmp(p, "search ", 7) == 0)
			snprintf(s->text + strlen(s->text), sizeof(s->text) - strlen(s->text),
				 " %.*s;", l, p);
		p = nl ? nl + 1 : p + l;
	}
	if (s->text[strlen(s->text) - 1] == ';')
		s->text[strlen(s->text) - 1] = '\0';
}
