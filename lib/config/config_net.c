// SPDX-License-Identifier: GPL-2.0-or-later
/* config_net.c - a bond's routes: (default routes only) and nameservers:.
 * Whether a second bond also carries a default route is a file-wide rule,
 * checked in config_rules.c. */
#include <string.h>
#include <sys/socket.h>
#include "config_priv.h"

enum { R_TO, R_VIA, R_METRIC, R__N };

/* Route keys are only recorded here; route_finish() judges them together
 * (via's family depends on to's). */
static void k_route(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val)
{
	(void)c;
	(void)key;
	((const struct ynode **)obj)[k->arg] = val;
}

static const struct cfg_key route_keys[] = {
	{ "to", k_route, R_TO, false },
	{ "via", k_route, R_VIA, false },
	{ "metric", k_route, R_METRIC, false },
};

/* "default" is 0 (either family, via decides); -1 if not a default. */
static int default_family(const char *s)
{
	if (!strcmp(s, "default"))
		return 0;
	if (!strcmp(s, "0.0.0.0/0"))
		return AF_INET;
	if (!strcmp(s, "::/0"))
		return AF_INET6;
	return -1;
}

static int ipv(int family)
{
	return family == AF_INET ? 4 : 6;
}

static bool route_fill(struct cfg_ctx *c, const struct ynode *const *v,
		       struct bw_route_cfg *r)
{
	const char *to = bw_cfg_scalar(c, v[R_TO], "'to'");
	const char *via = bw_cfg_scalar(c, v[R_VIA], "'via'");
	const char *metric = v[R_METRIC] ? bw_cfg_scalar(c, v[R_METRIC], "'metric'") : "0";
	bool ok = to && via && metric;
	int fam = -1;
	uint64_t m = 0;

	if (to && (fam = default_family(to)) < 0) {
		bw_cfg_err(c, v[R_TO], "only default routes are supported: 'to' must be "
			   "default, 0.0.0.0/0 or ::/0, not '%s'", to);
		ok = false;
	}
	if (via && bw_ip_parse(via, &r->via) < 0) {
		bw_cfg_err(c, v[R_VIA], "invalid gateway '%s' in 'via'; expected an "
			   "IPv4 or IPv6 address", via);
		ok = false;
	} else if (via && fam > 0 && fam != r->via.family) {
		bw_cfg_err(c, v[R_VIA], "'via' %s is IPv%d but 'to' %s is IPv%d", via,
			   ipv(r->via.family), to, ipv(fam));
		ok = false;
	}
	if (metric && bw_cv_uint(metric, UINT32_MAX, &m)) {
		bw_cfg_err(c, v[R_METRIC], "invalid metric '%s': must be a whole "
			   "number from 0 to 4294967295", metric);
		ok = false;
	}
	if (!ok)
		return false;
	r->metric = (uint32_t)m;
	r->has_metric = v[R_METRIC] != NULL;
	r->pos = v[R_TO]->pos;
	return true;
}

static void add_route(struct cfg_ctx *c, struct bw_bond_cfg *b, const struct ynode *it)
{
	const struct ynode *v[R__N] = { NULL, NULL, NULL };
	struct bw_route_cfg r;

	if (!bw_cfg_want(c, it, YN_MAP, "each entry of 'routes'"))
		return;
	bw_cfg_walk_map(c, it, "a route", route_keys,
			sizeof(route_keys) / sizeof(route_keys[0]), v);
	if (!v[R_TO]) {
		bw_cfg_err(c, it, "a route needs 'to: default'");
		return;
	}
	if (!v[R_VIA]) {
		bw_cfg_err(c, it, "a default route needs 'via: GATEWAY'");
		return;
	}
	memset(&r, 0, sizeof(r));
	if (!route_fill(c, v, &r))
		return;
	if (b->n_routes == BW_MAX_ROUTES) {
		bw_cfg_err(c, it, "more than %d routes in %s", BW_MAX_ROUTES, b->name);
		return;
	}
	b->routes[b->n_routes++] = r;
}

void bw_cfg_parse_routes(struct cfg_ctx *c, struct bw_bond_cfg *b,
			 const struct ynode *val)
{
	if (!bw_cfg_want(c, val, YN_SEQ, "'routes'"))
		return;
	for (const struct ynode *it = bw_yn_first(c->t, val); it; it = bw_yn_next(c->t, it))
		add_route(c, b, it);
}

/* ---- nameservers: { addresses: [...], search: [...] } ------------------ */

static void add_ns(struct cfg_ctx *c, struct bw_bond_cfg *b, const struct ynode *it)
{
	const char *s = bw_cfg_scalar(c, it, "each nameserver address");
	struct bw_ip ip;

	if (!s)
		return;
	if (bw_ip_parse(s, &ip) < 0) {
		bw_cfg_err(c, it, "invalid nameserver address '%s'; expected an IPv4 or "
			   "IPv6 address", s);
		return;
	}
	for (int i = 0; i < b->n_nameservers; i++) {
		if (bw_ip_equal(&b->nameservers[i], &ip)) {
			bw_cfg_err(c, it, "nameserver '%s' is listed twice", s);
			return;
		}
	}
	/* One resolv.conf for the host, whichever bond names them. */
	if (c->n_ns == BW_MAX_NAMESERVERS || b->n_nameservers == BW_MAX_NAMESERVERS) {
		bw_cfg_err(c, it, "more than %d nameserver addresses in the file",
			   BW_MAX_NAMESERVERS);
		return;
	}
	c->n_ns++;
	b->nameservers[b->n_nameservers++] = ip;
}

static void add_search(struct cfg_ctx *c, struct bw_bond_cfg *b, const struct ynode *it)
{
	const char *s = bw_cfg_scalar(c, it, "each search domain");
	const char *why = s ? bw_cv_domain(s) : NULL;

	if (!s)
		return;
	if (why) {
		bw_cfg_err(c, it, "invalid search domain '%s': %s", s, why);
		return;
	}
	if (c->n_search == BW_MAX_SEARCH || b->n_search == BW_MAX_SEARCH) {
		bw_cfg_err(c, it, "more than %d search domains in the file", BW_MAX_SEARCH);
		return;
	}
	c->n_search++;
	/* bw_cv_domain checked the length; the copy is bounded here too. */
	snprintf(b->search[b->n_search++], sizeof(b->search[0]), "%s", s);
}

static void k_ns_list(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	struct bw_bond_cfg *b = obj;

	(void)key;
	if (!bw_cfg_want(c, val, YN_SEQ, k->arg ? "'search'" : "'addresses'"))
		return;
	for (const struct ynode *it = bw_yn_first(c->t, val); it; it = bw_yn_next(c->t, it)) {
		if (k->arg)
			add_search(c, b, it);
		else
			add_ns(c, b, it);
	}
}

static const struct cfg_key ns_keys[] = {
	{ "addresses", k_ns_list, 0, false },
	{ "search", k_ns_list, 1, false },
};

void bw_cfg_parse_nameservers(struct cfg_ctx *c, struct bw_bond_cfg *b,
			      const struct ynode *val)
{
	if (!bw_cfg_want(c, val, YN_MAP, "'nameservers'"))
		return;
	bw_cfg_walk_map(c, val, "nameservers", ns_keys, sizeof(ns_keys) / sizeof(ns_keys[0]),
			b);
}
