// SPDX-License-Identifier: GPL-2.0-or-later
/* model.c - BONDWATCH-MIB rows from a struct bw_kstate, and transitions.
 * See model.h. */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

void bwa_model_free(struct bwa_model *m)
{
	free(m->bonds);
	free(m->slaves);
	free(m->wifi);
	memset(m, 0, sizeof(*m));
}

void bwa_model_move(struct bwa_model *dst, struct bwa_model *src)
{
	bwa_model_free(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

static int cmp_bond(const void *a, const void *b)
{
	const struct bwa_bond *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int cmp_slave(const void *a, const void *b)
{
	const struct bwa_slave *x = a, *y = b;

	if (x->bond_ifindex != y->bond_ifindex)
		return (x->bond_ifindex > y->bond_ifindex) - (x->bond_ifindex < y->bond_ifindex);
	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static void name_of(const struct bw_kstate *ks, int ifindex, char *dst)
{
	const struct bw_link *l = ifindex ? bw_kstate_link_by_index(ks, ifindex) : NULL;

	if (l)
		memcpy(dst, l->name, BW_IFNAMSIZ);
	else
		dst[0] = '\0';
}

static void fill_bond(struct bwa_bond *b, const struct bw_link *l, const struct bw_kstate *ks)
{
	memset(b, 0, sizeof(*b));
	b->ifindex = l->ifindex;
	memcpy(b->name, l->name, sizeof(b->name));
	b->admin_up = (l->flags & IFF_UP) != 0;
	b->params = l->bond.params;
	b->active_ifindex = l->bond.active_slave_ifindex;
	name_of(ks, b->active_ifindex, b->active);
	/* The kernel reports the primary only while it is enslaved (by
	 * ifindex); the name is resolved here rather than trusting that
	 * someone called bw_kstate_resolve_names. */
	b->primary_ifindex = l->bond.primary_ifindex;
	name_of(ks, b->primary_ifindex, b->primary);
	b->ad = l->bond.ad;
	bwa_bond_addr_pick(ks, l->ifindex, &b->addr);
}


static void fill_slave(struct bwa_slave *s, const struct bw_link *l, const struct bwa_bond *b)
{
	memset(s, 0, sizeof(*s));
	s->bond_ifindex = l->master_ifindex;
	s->ifindex = l->ifindex;
	memcpy(s->name, l->name, sizeof(s->name));
	s->mii_status = l->slave.mii_status;
	s->state = l->slave.state;
	s->link_failure_count = l->slave.link_failure_count;
	memcpy(s->perm_hwaddr, l->slave.perm_hwaddr, sizeof(s->perm_hwaddr));
	s->is_primary = b->primary_ifindex == l->ifindex;
	s->has_linkmodes = l->has_linkmodes;
	s->speed = l->has_linkmodes ? l->speed : BW_SPEED_UNKNOWN;
	s->duplex = l->has_linkmodes ? l->duplex : BW_DUPLEX_UNKNOWN;
	s->ad = l->slave.ad;
	s->in_active_agg = bw_ad_working_member(&b->ad, &s->ad);
}

/* The members whose link is up and whose speed and duplex are known:
 * do they all agree? A member that is down (or whose driver does not
 * know) says nothing about the others (the library's rule, which
 * `bondmgr status` applies to the same kernel state; done here over the
 * sorted rows, in one pass for all bonds). */
static void linkmodes_differ(struct bwa_model *m)
{
	const struct bwa_slave *first = NULL;
	int bond = 0;

	for (int i = 0; i < m->n_slaves; i++) {
		const struct bwa_slave *s = &m->slaves[i];
		struct bwa_bond *b;

		if (s->bond_ifindex != bond) {
			bond = s->bond_ifindex;
			first = NULL;
		}
		if (!bw_linkmodes_comparable(s->mii_status, s->speed, s->duplex))
			continue;
		if (!first) {
			first = s;
			continue;
		}
		if ((s->speed != first->speed || s->duplex != first->duplex) &&
		    (b = (struct bwa_bond *)bwa_model_bond(m, bond)))
			b->linkmodes_differ = true;
	}
}

/* Slaves of bonds that are in the model; counts go to their bond. */
static void add_slaves(struct bwa_model *m, const struct bw_kstate *ks)
{
	for (int i = 0; i < ks->n_links; i++) {
		const struct bw_link *l = &ks->links[i];
		struct bwa_bond *b;

		if (!l->is_bond_slave || !l->master_ifindex)
			continue;
		b = (struct bwa_bond *)bwa_model_bond(m, l->master_ifindex);
		if (!b)
			continue;
		fill_slave(&m->slaves[m->n_slaves++], l, b);
		b->n_slaves++;
		if (l->slave.mii_status == BW_MII_UP)
			b->n_up++;
	}
	qsort(m->slaves, (size_t)m->n_slaves, sizeof(*m->slaves), cmp_slave);
	linkmodes_differ(m);
}

int bwa_model_build(struct bwa_model *out, const struct bw_kstate *ks)
{
	size_t n = ks->n_links > 0 ? (size_t)ks->n_links : 1;

	memset(out, 0, sizeof(*out));
	out->bonds = calloc(n, sizeof(*out->bonds));
	out->slaves = calloc(n, sizeof(*out->slaves));
	if (!out->bonds || !out->slaves) {
		bwa_model_free(out);
		return -ENOMEM;
	}
	for (int i = 0; i < ks->n_links; i++)
		if (ks->links[i].is_bond)
			fill_bond(&out->bonds[out->n_bonds++], &ks->links[i], ks);
	qsort(out->bonds, (size_t)out->n_bonds, sizeof(*out->bonds), cmp_bond);
	add_slaves(out, ks);
	for (int i = 0; i < out->n_bonds; i++)
		out->bonds[i].status = bw_health_rule(out->bonds[i].admin_up, out->bonds[i].n_slaves,
						      out->bonds[i].n_up);
	return 0;
}

const struct bwa_bond *bwa_model_bond(const struct bwa_model *m, int ifindex)
{
	struct bwa_bond key = { .ifindex = ifindex };

	if (!m->n_bonds)
		return NULL;
	return bsearch(&key, m->bonds, (size_t)m->n_bonds, sizeof(key), cmp_bond);
}

const struct bwa_slave *bwa_model_slave(const struct bwa_model *m, int bond_ifindex, int ifindex)
{
	struct bwa_slave key = { .bond_ifindex = bond_ifindex, .ifindex = ifindex };

	if (!m->n_slaves)
		return NULL;
	return bsearch(&key, m->slaves, (size_t)m->n_slaves, sizeof(key), cmp_slave);
}

const struct bwa_slave *bwa_model_slave_by_name(const struct bwa_model *m, int bond_ifindex,
						const char *name)
{
	for (int i = 0; i < m->n_slaves; i++)
		if (m->slaves[i].bond_ifindex == bond_ifindex && !strcmp(m->slaves[i].name, name))
			return &m->slaves[i];
	return NULL;
}

static int cmp_wifi(const void *a, const void *b)
{
	const struct bwa_wifi *x = a, *y = b;

	if (x->bond_ifindex != y->bond_ifindex)
		return x->bond_ifindex < y->bond_ifindex ? -1 : 1;
	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

int bwa_model_set_wifi(struct bwa_model *m, const struct bwa_wifi *rows, int n)
{
	struct bwa_wifi *w = calloc(n > 0 ? (size_t)n : 1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	if (n > 0)
		memcpy(w, rows, (size_t)n * sizeof(*w));
	qsort(w, (size_t)(n > 0 ? n : 0), sizeof(*w), cmp_wifi);
	free(m->wifi);
	m->wifi = w;
	m->n_wifi = n;
	return 0;
}

struct bwa_wifi *bwa_model_wifi(const struct bwa_model *m, int bond_ifindex, int ifindex)
{
	struct bwa_wifi key = { .bond_ifindex = bond_ifindex, .ifindex = ifindex };

	if (!m->n_wifi)
		return NULL;
	return bsearch(&key, m->wifi, (size_t)m->n_wifi, sizeof(key), cmp_wifi);
}

size_t bwa_model_index(const struct bwa_model *m, enum bwa_rows t, int pos,
		       unsigned long out[2])
{
	if (t == BWA_ROWS_BONDS) {
		out[0] = (unsigned long)m->bonds[pos].ifindex;
		return 1;
	}
	if (t == BWA_ROWS_WIFI) {
		out[0] = (unsigned long)m->wifi[pos].bond_ifindex;
		out[1] = (unsigned long)m->wifi[pos].ifindex;
		return 2;
	}
	out[0] = (unsigned long)m->slaves[pos].bond_ifindex;
	out[1] = (unsigned long)m->slaves[pos].ifindex;
	return 2;
}

/* OID order: sub-identifier by sub-identifier, then the shorter first. */
static int cmp_index(const unsigned long *a, size_t alen, const unsigned long *b, size_t blen)
{
	for (size_t i = 0; i < alen && i < blen; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

/* Rows are sorted by their int indexes, which are positive ifindexes, so
 * that is their OID order too. */
int bwa_model_seek(const struct bwa_model *m, enum bwa_rows t, const unsigned long *idx,
		   size_t len, bool next)
{
	int n = t == BWA_ROWS_BONDS ? m->n_bonds : t == BWA_ROWS_WIFI ? m->n_wifi : m->n_slaves;
	int lo = 0, hi = n;
	unsigned long row[2];
	size_t rlen;

	/* lo = the first row > idx (next) or >= idx (exact) */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c;

		rlen = bwa_model_index(m, t, mid, row);
		c = cmp_index(row, rlen, idx, len);
		if (c < 0 || (next && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n)
		return -1;
	if (!next) {
		rlen = bwa_model_index(m, t, lo, row);
		if (cmp_index(row, rlen, idx, len) != 0)
			return -1;
	}
	return lo;
}

/* A failover is the active slave moving from one slave to another. The
 * last non-zero active slave is remembered, so "eth0 fails, no slave for
 * a while, eth1 comes up" is one failover eth0 -> eth1, while the first
 * active slave of a new bond is none. */
static void bond_transitions(struct bwa_bond *b, const struct bwa_bond *old,
			     const struct timespec *now)
{
	struct bwa_bond_hist *h = &b->hist;

	if (old) {
		*h = old->hist;
		b->ev_down = old->status != BW_HEALTH_DOWN && b->status == BW_HEALTH_DOWN;
	}
	if (b->active_ifindex && h->last_active_ifindex &&
	    b->active_ifindex != h->last_active_ifindex) {
		b->ev_failover = true;
		h->failovers++;
		h->last_failover = *now;
		memcpy(h->prev_active, h->last_active, sizeof(h->prev_active));
	}
	if (b->active_ifindex) {
		h->last_active_ifindex = b->active_ifindex;
		memcpy(h->last_active, b->active, sizeof(h->last_active));
	}
	/* The active aggregator, the same way: the last non-zero one is
	 * remembered across a time with none (every link down). */
	if (b->ad.aggregator_id && h->last_agg_id && b->ad.aggregator_id != h->last_agg_id) {
		b->ev_agg_changed = true;
		h->prev_agg_id = h->last_agg_id;
	}
	if (b->ad.aggregator_id)
		h->last_agg_id = b->ad.aggregator_id;
}

/* A slave that was a working member of its bond's active aggregator and
 * is not any more, while that aggregator stayed the active one (when the
 * bond moves to another aggregator, BWA_EV_AGG_CHANGED says so once,
 * rather than once for each member of the old one). A slave released
 * from the bond is reported with its last row. */
static void member_left(const struct bwa_model *next, const struct bwa_model *prev,
			bwa_event_fn fn, void *arg)
{
	for (int i = 0; i < prev->n_slaves; i++) {
		const struct bwa_slave *o = &prev->slaves[i];
		const struct bwa_slave *s = bwa_model_slave(next, o->bond_ifindex, o->ifindex);
		const struct bwa_bond *b = bwa_model_bond(next, o->bond_ifindex);
		const struct bwa_bond *ob = bwa_model_bond(prev, o->bond_ifindex);

		if (!o->in_active_agg || (s && s->in_active_agg) || !b || !ob ||
		    b->ev_agg_changed || b->ad.aggregator_id != ob->ad.aggregator_id)
			continue;
		fn(arg, BWA_EV_AGG_MEMBER_LEFT, b, s ? s : o);
	}
}

void bwa_model_update(struct bwa_model *next, const struct bwa_model *prev,
		      const struct timespec *now, bwa_event_fn fn, void *arg)
{
	for (int i = 0; i < next->n_bonds; i++) {
		struct bwa_bond *b = &next->bonds[i];

		b->ev_failover = b->ev_down = b->ev_agg_changed = false;
		bond_transitions(b, bwa_model_bond(prev, b->ifindex), now);
	}
	if (!fn)
		return;
	for (int i = 0; i < next->n_slaves; i++) {
		const struct bwa_slave *s = &next->slaves[i];
		const struct bwa_slave *o = bwa_model_slave(prev, s->bond_ifindex, s->ifindex);
		bool was_up, is_up = s->mii_status == BW_MII_UP;

		if (!o)
			continue;
		was_up = o->mii_status == BW_MII_UP;
		if (was_up != is_up)
			fn(arg, is_up ? BWA_EV_LINK_UP : BWA_EV_LINK_DOWN,
			   bwa_model_bond(next, s->bond_ifindex), s);
	}
	member_left(next, prev, fn, arg);
	for (int i = 0; i < next->n_bonds; i++) {
		const struct bwa_bond *b = &next->bonds[i];
		const struct bwa_bond *o = bwa_model_bond(prev, b->ifindex);

		if (b->ev_failover)
			fn(arg, BWA_EV_FAILOVER, b, NULL);
		if (b->ev_down)
			fn(arg, BWA_EV_BOND_DOWN, b, NULL);
		if (b->ev_agg_changed)
			fn(arg, BWA_EV_AGG_CHANGED, b, NULL);
		if (o && o->linkmodes_differ != b->linkmodes_differ)
			fn(arg, b->linkmodes_differ ? BWA_EV_LINKMODES_DIFFER : BWA_EV_LINKMODES_AGREE,
			   b, NULL);
		if (o && bwa_bond_addr_changed(&o->addr, &b->addr))
			fn(arg, BWA_EV_ADDR_CHANGED, b, NULL);
	}
}

void bwa_model_reset_hist(struct bwa_model *m)
{
	for (int i = 0; i < m->n_bonds; i++) {
		struct bwa_bond *b = &m->bonds[i];

		memset(&b->hist, 0, sizeof(b->hist));
		b->hist.last_active_ifindex = b->active_ifindex;
		memcpy(b->hist.last_active, b->active, sizeof(b->hist.last_active));
		b->hist.last_agg_id = b->ad.aggregator_id;
	}
}

const char *bwa_event_name(enum bwa_event ev)
{
	switch (ev) {
	case BWA_EV_FAILOVER: return "failover";
	case BWA_EV_LINK_DOWN: return "slave link down";
	case BWA_EV_LINK_UP: return "slave link up";
	case BWA_EV_BOND_DOWN: return "bond down";
	case BWA_EV_AGG_CHANGED: return "active aggregator changed";
	case BWA_EV_AGG_MEMBER_LEFT: return "member left the active aggregator";
	case BWA_EV_LINKMODES_DIFFER: return "members differ in speed or duplex";
	case BWA_EV_LINKMODES_AGREE: return "members agree in speed and duplex";
	case BWA_EV_ADDR_CHANGED: return "address changed";
	}
	return "unknown";
}
