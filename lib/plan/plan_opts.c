// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_opts.c - which bond options differ, and how to say so.
 *
 * The kernel stores up/down delays as multiples of miimon and reports them
 * back in ms, so a miimon change silently changes them: they are re-sent
 * whenever miimon changes (bond_option_miimon_set). Options that mean nothing in
 * the bond's mode are neither compared nor sent (the kernel refuses them
 * with EACCES there). The other modes' options likewise: each is compared
 * and sent only in the modes where it means something (bw_opt_in_mode), so
 * a value the kernel keeps across a mode change (lacp_rate stays "fast" in
 * active-backup) is never a difference.
 */
#include <stdio.h>
#include <string.h>
#include "plan_priv.h"

static bool targets_equal(const struct bw_bond_params *a, const struct bw_bond_params *b)
{
	if (a->n_arp_targets != b->n_arp_targets)
		return false;
	for (int i = 0; i < a->n_arp_targets; i++)
		if (a->arp_targets[i].s_addr != b->arp_targets[i].s_addr)
			return false;
	return true;
}

static bool ns_targets_equal(const struct bw_bond_params *a, const struct bw_bond_params *b)
{
	if (a->n_ns_targets != b->n_ns_targets)
		return false;
	for (int i = 0; i < a->n_ns_targets; i++)
		if (memcmp(&a->ns_targets[i], &b->ns_targets[i], sizeof(a->ns_targets[i])) != 0)
			return false;
	return true;
}

/* The other modes' options that mean something in p's mode; the ones that
 * need miimon (peer_notif_delay) and the ARP monitor (ns targets,
 * arp_missed_max) only with it. */
static uint32_t mode_opts_mask(const struct bw_bond_params *p)
{
	static const enum bw_opt plain[] = {
		BW_OPT_XMIT_HASH, BW_OPT_RESEND_IGMP, BW_OPT_ALL_SLAVES_ACTIVE, BW_OPT_MIN_LINKS,
		BW_OPT_LP_INTERVAL, BW_OPT_PACKETS_PER_SLAVE, BW_OPT_LACP_RATE, BW_OPT_AD_SELECT,
	};
	uint32_t m = 0;

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (bw_opt_in_mode(plain[i], p->mode))
			m |= BW_OPT_BIT(plain[i]);
	if (p->miimon && bw_opt_in_mode(BW_OPT_PEER_NOTIF_DELAY, p->mode))
		m |= BW_OPT_BIT(BW_OPT_PEER_NOTIF_DELAY);
	if (bw_mode_has_arp(p->mode))
		m |= BW_OPT_BIT(BW_OPT_NS_IP6_TARGETS) | BW_OPT_BIT(BW_OPT_MISSED_MAX);
	return m;
}

/* Of the options in m, those whose values differ between want and have;
 * mtu and macaddress only when want names them. */
static uint32_t mode_opts_differ(const struct bw_bond_params *want,
				 const struct bw_bond_params *have, uint32_t m)
{
	uint32_t d = 0;

#define DIFF(o, f) if ((m & BW_OPT_BIT(o)) && want->f != have->f) d |= BW_OPT_BIT(o)
	DIFF(BW_OPT_PEER_NOTIF_DELAY, peer_notif_delay);
	DIFF(BW_OPT_XMIT_HASH, xmit_hash);
	DIFF(BW_OPT_RESEND_IGMP, resend_igmp);
	DIFF(BW_OPT_ALL_SLAVES_ACTIVE, all_slaves_active);
	DIFF(BW_OPT_MIN_LINKS, min_links);
	DIFF(BW_OPT_LP_INTERVAL, lp_interval);
	DIFF(BW_OPT_PACKETS_PER_SLAVE, packets_per_slave);
	DIFF(BW_OPT_LACP_RATE, lacp_rate);
	DIFF(BW_OPT_AD_SELECT, ad_select);
	DIFF(BW_OPT_MISSED_MAX, missed_max);
#undef DIFF
	if ((m & BW_OPT_BIT(BW_OPT_NS_IP6_TARGETS)) && !ns_targets_equal(want, have))
		d |= BW_OPT_BIT(BW_OPT_NS_IP6_TARGETS);
	if (want->mtu && want->mtu != have->mtu)
		d |= BW_OPT_BIT(BW_OPT_MTU);
	if (want->has_mac && (!have->has_mac || memcmp(want->mac, have->mac, 6) != 0))
		d |= BW_OPT_BIT(BW_OPT_MACADDRESS);
	return d;
}

uint32_t plan_ifdown_opts(void)
{
	return BW_OPT_BIT(BW_OPT_LACP_RATE) | BW_OPT_BIT(BW_OPT_AD_SELECT);
}

uint32_t plan_create_mask(const struct bw_bond_params *p)
{
	uint32_t m = BW_OPT_BIT(BW_OPT_MODE) | BW_OPT_BIT(BW_OPT_FAIL_OVER_MAC) |
		     BW_OPT_BIT(BW_OPT_PRIMARY_RESELECT) | BW_OPT_BIT(BW_OPT_NUM_GRAT_ARP) |
		     BW_OPT_BIT(BW_OPT_MIIMON);

	if (p->miimon)
		m |= BW_OPT_BIT(BW_OPT_UPDELAY) | BW_OPT_BIT(BW_OPT_DOWNDELAY);
	if (bw_mode_has_arp(p->mode) && p->arp_interval)
		m |= BW_OPT_BIT(BW_OPT_ARP_INTERVAL) | BW_OPT_BIT(BW_OPT_ARP_IP_TARGETS) |
		     BW_OPT_BIT(BW_OPT_ARP_VALIDATE) | BW_OPT_BIT(BW_OPT_ARP_ALL_TARGETS);
	m |= mode_opts_mask(p);
	/* A bond released of all its slaves gets a random address
	 * (__bond_release_one), so a rebuild sends the address again. */
	if (p->mtu)
		m |= BW_OPT_BIT(BW_OPT_MTU);
	if (p->has_mac)
		m |= BW_OPT_BIT(BW_OPT_MACADDRESS);
	return m;
}

/* Options of an existing bond (same mode and fail_over_mac) that differ,
 * the primary excepted: it is set in a step of its own after enslaving. */
uint32_t plan_live_diff(const struct bw_bond_params *want, const struct bw_bond_params *have)
{
	uint32_t m = 0;

	if (want->primary_reselect != have->primary_reselect)
		m |= BW_OPT_BIT(BW_OPT_PRIMARY_RESELECT);
	if (want->num_grat_arp != have->num_grat_arp)
		m |= BW_OPT_BIT(BW_OPT_NUM_GRAT_ARP);
	if (want->miimon != have->miimon) {
		m |= BW_OPT_BIT(BW_OPT_MIIMON);
		if (want->miimon)
			m |= BW_OPT_BIT(BW_OPT_UPDELAY) | BW_OPT_BIT(BW_OPT_DOWNDELAY);
	} else if (want->miimon) {
		if (want->updelay != have->updelay)
			m |= BW_OPT_BIT(BW_OPT_UPDELAY);
		if (want->downdelay != have->downdelay)
			m |= BW_OPT_BIT(BW_OPT_DOWNDELAY);
	}
	if (bw_mode_has_arp(want->mode)) {
		if (want->arp_interval != have->arp_interval)
			m |= BW_OPT_BIT(BW_OPT_ARP_INTERVAL);
		if (!targets_equal(want, have))
			m |= BW_OPT_BIT(BW_OPT_ARP_IP_TARGETS);
		if (want->arp_validate != have->arp_validate)
			m |= BW_OPT_BIT(BW_OPT_ARP_VALIDATE);
		if (want->arp_all_targets != have->arp_all_targets)
			m |= BW_OPT_BIT(BW_OPT_ARP_ALL_TARGETS);
	}
	m |= mode_opts_differ(want, have, mode_opts_mask(want));
	/* peer_notif_delay rides along with miimon like the delays. */
	if ((m & BW_OPT_BIT(BW_OPT_MIIMON)) && (mode_opts_mask(want) & BW_OPT_BIT(BW_OPT_PEER_NOTIF_DELAY)))
		m |= BW_OPT_BIT(BW_OPT_PEER_NOTIF_DELAY);
	return m;
}

bool plan_needs_rebuild(const struct bw_bond_params *want, const struct bw_bond_params *have)
{
	return want->mode != have->mode || want->fail_over_mac != have->fail_over_mac;
}

bool plan_primary_differs(const struct bw_bond_params *want, const struct bw_bond_params *have)
{
	return bw_mode_has_primary(want->mode) && strcmp(want->primary, have->primary) != 0;
}

const char *plan_opt_value(enum bw_opt o, const struct bw_bond_params *p, char *buf, size_t len)
{
	const char *v = bw_opt_value(o, p, BW_OPT_STYLE_PLAN, buf, len);

	return v ? v : "?";
}

/* "key value key value ..." for the options in mask. */
void plan_opts_text(char *buf, size_t len, const struct bw_bond_params *p, uint32_t mask)
{
	size_t off = strlen(buf);

	for (int o = 0; o < BW_OPT__COUNT && off < len; o++) {
		char v[PLAN_OPT_STRLEN];

		if (!(mask & BW_OPT_BIT(o)))
			continue;
		off += (size_t)snprintf(buf + off, len - off, " %s %s", bw_opt_key(o),
					plan_opt_value(o, p, v, sizeof(v)));
	}
}

/* One "~ bond0 key old -> new" line per option in mask. */
void plan_change_text(char *buf, size_t len, const char *bond, const struct bw_bond_params *want,
		      const struct bw_bond_params *have, uint32_t mask)
{
	size_t off = strlen(buf);

	for (int o = 0; o < BW_OPT__COUNT && off < len; o++) {
		char a[PLAN_OPT_STRLEN], b[PLAN_OPT_STRLEN];

		if (!(mask & BW_OPT_BIT(o)))
			continue;
		/* Sent anyway (delays ride along with miimon) but not a change. */
		if (strcmp(plan_opt_value(o, have, a, sizeof(a)), plan_opt_value(o, want, b, sizeof(b))) == 0)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s~ %s %s %s -> %s", off ? "\n" : "",
					bond, bw_opt_key(o), plan_opt_value(o, have, a, sizeof(a)),
					plan_opt_value(o, want, b, sizeof(b)));
	}
}
