// SPDX-License-Identifier: GPL-2.0-or-later
/* plan.c - bonds and their members: from the kernel's state to the target.
 * See plan.h for the order and why. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_priv.h"

/* A scratch step when allocation failed, so callers need no NULL checks:
 * the plan is thrown away anyway (bw_plan_make returns -ENOMEM). */
static struct bw_step *add(struct bw_plan *plan, enum bw_step_op op, const char *link)
{
	static __thread struct bw_step scratch;
	struct bw_step *s = plan_oom(plan) ? NULL : plan_add(plan, op, link);

	if (!s) {
		memset(&scratch, 0, sizeof(scratch));
		return &scratch;
	}
	return s;
}

static bool is_member(const struct bw_bond_cfg *b, const char *name)
{
	for (int i = 0; i < b->n_members; i++)
		if (strcmp(b->members[i], name) == 0)
			return true;
	return false;
}

/* Members in enslave order: the primary first, so that it is the first
 * slave and therefore the active one without waiting for reselection. */
static int member_order(const struct bw_bond_cfg *b, int order[BW_MAX_MEMBERS])
{
	int n = 0;

	for (int i = 0; i < b->n_members; i++)
		if (strcmp(b->members[i], b->params.primary) == 0)
			order[n++] = i;
	for (int i = 0; i < b->n_members; i++)
		if (strcmp(b->members[i], b->params.primary) != 0)
			order[n++] = i;
	return n;
}

/* Phase 1: what must go before anything is built: stale addresses and
 * default routes on the bond and on its members (members carry none). */
static void plan_bond_cleanup(struct bw_plan *plan, const struct bw_kstate *ks,
			      const struct bw_bond_cfg *b, bool keep_dynamic)
{
	const struct bw_link *bond = bw_kstate_link_by_name(ks, b->name);

	for (int i = 0; i < b->n_members; i++) {
		const struct bw_link *m = bw_kstate_link_by_name(ks, b->members[i]);

		if (m)
			plan_link_addrs_clear(plan, ks, m, "members carry no address");
	}
	if (bond && bond->is_bond)
		plan_bond_addrs(plan, ks, b, bond, false, true, keep_dynamic);
}

static bool plan_has(const struct bw_plan *plan, enum bw_step_op op, const char *link)
{
	for (int i = 0; i < plan->n; i++)
		if (plan->steps[i].op == op && strcmp(plan->steps[i].link, link) == 0)
			return true;
	return false;
}

static void plan_release(struct bw_plan *plan, const struct bw_link *slave, const char *master)
{
	struct bw_step *s;

	if (plan_has(plan, BW_STEP_RELEASE, slave->name))
		return;   /* a rollback's free link, released already */
	s = add(plan, BW_STEP_RELEASE, slave->name);

	snprintf(s->text, sizeof(s->text), "- %s member of %s", slave->name, master);
}

/* Create, rebuild in place, or change the options of one bond. Returns true
 * when the bond is (or will have been) down with no slaves, so that every
 * member must be enslaved again and its routes re-added. *bounced is set
 * when the bond goes down but keeps its slaves (an option the kernel takes
 * only while it is down). */
static bool plan_bond_options(struct bw_plan *plan, const struct bw_kstate *ks,
			      const struct bw_bond_cfg *b, const struct bw_link *bond, bool *bounced)
{
	const struct bw_bond_params *want = &b->params;
	struct bw_step *s;

	if (!bond) {
		s = add(plan, BW_STEP_BOND_CREATE, b->name);
		s->params = *want;
		s->mask = plan_create_mask(want);
		snprintf(s->text, sizeof(s->text), "+ %s create", b->name);
		plan_opts_text(s->text, sizeof(s->text), want, s->mask);
		return true;
	}
	if (plan_needs_rebuild(want, &bond->bond.params)) {
		/* mode needs the bond down and empty, fail_over_mac empty: release
		 * every slave, take it down, set everything, rebuild below. */
		const struct bw_bond_params *have = &bond->bond.params;

		s = add(plan, BW_STEP_BOND_CHANGE, b->name);
		s->params = *want;
		s->mask = plan_create_mask(want);
		plan_change_text(s->text, sizeof(s->text), b->name, want, have,
				 (want->mode != have->mode ? BW_OPT_BIT(BW_OPT_MODE) : 0) |
				 (want->fail_over_mac != have->fail_over_mac ?
				  BW_OPT_BIT(BW_OPT_FAIL_OVER_MAC) : 0));
		snprintf(s->text + strlen(s->text), sizeof(s->text) - strlen(s->text),
			 " (rebuild: %s goes down, members are released and enslaved again)",
			 b->name);
		/* The change step must come after the releases and the down:
		 * move it to the end once those are added. */
		struct bw_step change = *s;
		plan->n--;
		for (int i = 0; i < ks->n_links; i++)
			if (ks->links[i].master_ifindex == bond->ifindex)
				plan_release(plan, &ks->links[i], b->name);
		if (bond->flags & IFF_UP) {
			s = add(plan, BW_STEP_LINK_DOWN, b->name);
			snprintf(s->text, sizeof(s->text), "- %s down", b->name);
		}
		*add(plan, BW_STEP_BOND_CHANGE, b->name) = change;
		return true;
	}
	uint32_t m = plan_live_diff(want, &bond->bond.params);
	if (m && (m & plan_ifdown_opts()) && (bond->flags & IFF_UP)) {
		/* lacp_rate and ad_select: EBUSY while the bond is up. It
		 * keeps its slaves; it comes up again below. */
		s = add(plan, BW_STEP_LINK_DOWN, b->name);
		snprintf(s->text, sizeof(s->text), "- %s down (lacp-rate and ad-select are set "
			 "while it is down)", b->name);
		*bounced = true;
	}
	if (m) {
		s = add(plan, BW_STEP_BOND_CHANGE, b->name);
		s->params = *want;
		s->mask = m;
		plan_change_text(s->text, sizeof(s->text), b->name, want, &bond->bond.params, m);
	}
	return false;
}

/* Phase 2: build one bond: options, members, primary, up, addresses. */
static void plan_bond_build(struct bw_plan *plan, const struct bw_kstate *ks,
			    const struct bw_bond_cfg *b, bool keep_dynamic)
{
	const struct bw_link *bond = bw_kstate_link_by_name(ks, b->name);
	bool fresh, bond_up, bounced = false;
	int order[BW_MAX_MEMBERS], n;
	struct bw_step *s;

	if (bond && !bond->is_bond)
		bond = NULL;   /* config_check_system refuses a non-bond of that name */
	fresh = plan_bond_options(plan, ks, b, bond, &bounced);

	/* Slaves no longer wanted. */
	if (bond && !fresh)
		for (int i = 0; i < ks->n_links; i++)
			if (ks->links[i].master_ifindex == bond->ifindex &&
			    !is_member(b, ks->links[i].name))
				plan_release(plan, &ks->links[i], b->name);

	n = member_order(b, order);
	for (int k = 0; k < n; k++) {
		const char *name = b->members[order[k]];
		const struct bw_link *m = bw_kstate_link_by_name(ks, name);
		bool enslaved = m && bond && !fresh && m->master_ifindex == bond->ifindex;
		bool released = fresh && bond && m && m->master_ifindex == bond->ifindex;

		if (!m)
			continue;   /* vanished; config_check_system reports it */
		if (enslaved) {
			if (!(m->flags & IFF_UP)) {
				s = add(plan, BW_STEP_LINK_UP, name);
				snprintf(s->text, sizeof(s->text), "+ %s up", name);
			}
			continue;
		}
		if (m->master_ifindex && !released) {
			const struct bw_link *old = bw_kstate_link_by_index(ks, m->master_ifindex);

			plan_release(plan, m, old ? old->name : "?");
			released = true;
		}
		/* The kernel refuses to enslave a link that is up; a released
		 * link has been closed by the bonding driver already. */
		if ((m->flags & IFF_UP) && !released)
			add(plan, BW_STEP_LINK_DOWN, name);
		s = add(plan, BW_STEP_ENSLAVE, name);
		snprintf(s->master, sizeof(s->master), "%s", b->name);
		snprintf(s->text, sizeof(s->text), "+ %s member of %s", name, b->name);
		add(plan, BW_STEP_LINK_UP, name);
	}

	/* A rebuilt bond keeps the primary it had recorded (the kernel holds
	 * it by name across release and re-enslave): compare with that, so
	 * a file that drops primary: clears it. */
	if (bw_mode_has_primary(b->params.mode) &&
	    (!bond ? b->params.primary[0] != '\0'
		   : plan_primary_differs(&b->params, &bond->bond.params))) {
		const char *old = !bond || !bond->bond.params.primary[0] ? NULL
									: bond->bond.params.primary;

		s = add(plan, BW_STEP_BOND_CHANGE, b->name);
		s->params = b->params;
		s->mask = BW_OPT_BIT(BW_OPT_PRIMARY);
		if (old)
			snprintf(s->text, sizeof(s->text), "~ %s primary %s -> %s", b->name, old,
				 b->params.primary[0] ? b->params.primary : "none");
		else
			snprintf(s->text, sizeof(s->text), "+ %s primary %s", b->name,
				 b->params.primary[0] ? b->params.primary : "none");
	}

	bond_up = bond && !fresh && !bounced && (bond->flags & IFF_UP);
	if (!bond_up) {
		s = add(plan, BW_STEP_LINK_UP, b->name);
		snprintf(s->text, sizeof(s->text), "+ %s up", b->name);
	}
	/* Going down drops the bond's routes and IPv6 addresses. */
	plan_bond_addrs(plan, ks, b, bond, !bond_up, false, keep_dynamic);
}

/* Rollback: links that were in no bond before get their state back, in two
 * halves: released first (before their bond may be deleted), then their
 * admin state, addresses and routes (after the bond and its default route
 * are gone, or the same default route would clash). */
static void plan_free_link_release(struct bw_plan *plan, const struct bw_kstate *ks,
				   const struct bw_link_restore *f)
{
	const struct bw_link *l = bw_kstate_link_by_name(ks, f->name);

	if (l && l->master_ifindex) {
		const struct bw_link *old = bw_kstate_link_by_index(ks, l->master_ifindex);

		plan_release(plan, l, old ? old->name : "?");
	}
}

static void plan_free_link_restore(struct bw_plan *plan, const struct bw_kstate *ks,
				   const struct bw_link_restore *f)
{
	const struct bw_link *l = bw_kstate_link_by_name(ks, f->name);
	bool up;
	struct bw_step *s;

	if (!l)
		return;
	/* A released link has been closed by the bonding driver. */
	up = (l->flags & IFF_UP) && !l->master_ifindex;
	if (f->up != up) {
		s = add(plan, f->up ? BW_STEP_LINK_UP : BW_STEP_LINK_DOWN, f->name);
		snprintf(s->text, sizeof(s->text), "%c %s %s", f->up ? '+' : '-', f->name,
			 f->up ? "up" : "down");
	}
	for (int i = 0; i < f->n_addrs; i++) {
		bool have = false;

		for (int j = 0; j < ks->n_addrs; j++)
			if (ks->addrs[j].ifindex == l->ifindex &&
			    bw_prefix_equal(&ks->addrs[j].prefix, &f->addrs[i]))
				have = true;
		if (have)
			continue;
		char buf[INET6_ADDRSTRLEN + 8];
		s = add(plan, BW_STEP_ADDR_ADD, f->name);
		s->prefix = f->addrs[i];
		snprintf(s->text, sizeof(s->text), "+ %s on %s",
			 bw_prefix_str(&f->addrs[i], buf, sizeof(buf)), f->name);
	}
	if (f->up)
		plan_link_routes_restore(plan, ks, l, f);
}

/* A bond's dynamic addresses and routes are its DHCP client's while the
 * client runs or is to run; where clients are not managed at all they are
 * nobody's business of ours either. */
static bool keep_dynamic(const struct bw_target *t, const struct bw_bond_cfg *b)
{
	return !plan_clients_managed(t) || plan_bond_has_client(t, b->name);
}

int bw_plan_make(const struct bw_target *t, const struct bw_kstate *ks, struct bw_plan *plan)
{
	const struct bw_config *cfg = t->cfg;

	memset(plan, 0, sizeof(*plan));
	/* A client that must go takes its addresses and routes with it. */
	plan_clients_stop(plan, t);
	plan_wpa_stop(plan, t);
	plan_keepoff(plan, t);
	for (int i = 0; cfg && i < cfg->n_bonds; i++)
		plan_bond_cleanup(plan, ks, &cfg->bonds[i], keep_dynamic(t, &cfg->bonds[i]));
	for (int i = 0; i < t->n_free; i++)
		plan_free_link_release(plan, ks, &t->free_links[i]);
	for (int i = 0; i < t->n_absent; i++) {
		const struct bw_link *l = bw_kstate_link_by_name(ks, t->absent[i]);

		if (l && l->is_bond) {
			struct bw_step *s = add(plan, BW_STEP_BOND_DEL, l->name);

			snprintf(s->text, sizeof(s->text), "- %s delete", l->name);
		}
	}
	for (int i = 0; i < t->n_free; i++)
		plan_free_link_restore(plan, ks, &t->free_links[i]);
	/* A wireless member associates before it is enslaved, in its
	 * country's channels. */
	plan_regdom(plan, t);
	plan_wpa_start(plan, t);
	for (int i = 0; cfg && i < cfg->n_bonds; i++)
		plan_bond_build(plan, ks, &cfg->bonds[i], keep_dynamic(t, &cfg->bonds[i]));
	plan_dns(plan, t);
	plan_clients_start(plan, t);
	if (plan_oom(plan)) {
		bw_plan_free(plan);
		return -ENOMEM;
	}
	return 0;
}
