// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_opts.c - which bond options differ, and how to say so.
 *
 * The kernel stores up/down delays as multiples of miimon and reports them
 * back in ms, so a miimon change silently changes them: they are re-sent
 * whenever miimon changes (bond_option_miimon_set). Options that mean nothing in
 * the bond's mode are neither compared nor sent (the kernel refuses them
 * with EACCES there).
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
	switch (o) {
	case BW_OPT_MODE: return bw_mode_name(p->mode);
	case BW_OPT_FAIL_OVER_MAC: return bw_fom_name(p->fail_over_mac);
	case BW_OPT_PRIMARY_RESELECT: return bw_prs_name(p->primary_reselect);
	case BW_OPT_ARP_VALIDATE: return bw_av_name(p->arp_validate);
	case BW_OPT_ARP_ALL_TARGETS: return bw_aat_name(p->arp_all_targets);
	case BW_OPT_PRIMARY: return p->primary[0] ? p->primary : "none";
	case BW_OPT_NUM_GRAT_ARP: snprintf(buf, len, "%u", p->num_grat_arp); return buf;
	case BW_OPT_MIIMON: snprintf(buf, len, "%ums", p->miimon); return buf;
	case BW_OPT_UPDELAY: snprintf(buf, len, "%ums", p->updelay); return buf;
	case BW_OPT_DOWNDELAY: snprintf(buf, len, "%ums", p->downdelay); return buf;
	case BW_OPT_ARP_INTERVAL: snprintf(buf, len, "%ums", p->arp_interval); return buf;
	case BW_OPT_ARP_IP_TARGETS:
		return p->n_arp_targets ? bw_arp_targets_str(p, ",", buf, len) : "none";
	case BW_OPT__COUNT:
		break;
	}
	return "?";
}

/* "key value key value ..." for the options in mask. */
void plan_opts_text(char *buf, size_t len, const struct bw_bond_params *p, uint32_t mask)
{
	size_t off = strlen(buf);

	for (int o = 0; o < BW_OPT__COUNT && off < len; o++) {
		char v[BW_ARP_TARGETS_STRLEN];

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
		char a[BW_ARP_TARGETS_STRLEN], b[BW_ARP_TARGETS_STRLEN];

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
