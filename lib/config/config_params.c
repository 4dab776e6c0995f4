// SPDX-License-Identifier: GPL-2.0-or-later
/* config_params.c - a bond's parameters: mapping, one handler per kind of
 * value (enum word, interval, count, name, target list). Each named key
 * sets its bit in set_mask and its value's position in opt_pos, even when
 * the value is refused (c->bad says so), so later messages can point at it. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "config_priv.h"

struct params_obj {
	struct bw_bond_cfg *b;
	int idx;
};

static const struct {
	int (*parse)(const char *s);
	const char *(*words)(void);
} enums[BW_OPT__COUNT] = {
	[BW_OPT_MODE] = { bw_mode_parse, bw_mode_words },
	[BW_OPT_FAIL_OVER_MAC] = { bw_fom_parse, bw_fom_words },
	[BW_OPT_PRIMARY_RESELECT] = { bw_prs_parse, bw_prs_words },
	[BW_OPT_ARP_VALIDATE] = { bw_av_parse, bw_av_words },
	[BW_OPT_ARP_ALL_TARGETS] = { bw_aat_parse, bw_aat_words },
};

/* Record that the file names option opt. False when it was named already
 * under netplan's other spelling (gratuitious-arp). */
static bool named(struct cfg_ctx *c, struct params_obj *o, enum bw_opt opt,
		  const struct ynode *key, const struct ynode *val)
{
	struct bw_bond_cfg *b = o->b;

	if (b->set_mask & BW_OPT_BIT(opt)) {
		bw_cfg_err(c, key, "duplicate key '%s': netplan spells it both ways, "
			   "give it once (value first at line %d)", key->str,
			   b->opt_pos[opt].line);
		return false;
	}
	b->set_mask |= BW_OPT_BIT(opt);
	b->opt_pos[opt] = val->pos;
	return true;
}

/* The key's value as text, or NULL (error given, option marked bad). */
static const char *value(struct cfg_ctx *c, struct params_obj *o, enum bw_opt opt,
			 const struct ynode *key, const struct ynode *val)
{
	char label[64];
	const char *s;

	if (!named(c, o, opt, key, val))
		return NULL;
	snprintf(label, sizeof(label), "'%s'", key->str);
	s = bw_cfg_scalar(c, val, label);
	if (!s)
		c->bad[o->idx] |= BW_OPT_BIT(opt);
	return s;
}

static void p_enum(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;
	struct bw_bond_params *p = &o->b->params;
	const char *s = value(c, o, k->arg, key, val);
	int v = s ? enums[k->arg].parse(s) : -1;

	if (s && v < 0) {
		bw_cfg_err(c, val, "unknown %s '%s'; valid values: %s", key->str, s,
			   enums[k->arg].words());
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
	}
	if (v < 0)
		return;
	switch (k->arg) {
	case BW_OPT_MODE: p->mode = (uint8_t)v; break;
	case BW_OPT_FAIL_OVER_MAC: p->fail_over_mac = (uint8_t)v; break;
	case BW_OPT_PRIMARY_RESELECT: p->primary_reselect = (uint8_t)v; break;
	case BW_OPT_ARP_VALIDATE: p->arp_validate = (uint32_t)v; break;
	case BW_OPT_ARP_ALL_TARGETS: p->arp_all_targets = (uint32_t)v; break;
	}
}

static void p_interval(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;
	struct bw_bond_params *p = &o->b->params;
	const char *s = value(c, o, k->arg, key, val);
	const char *why;
	uint32_t ms = 0;

	if (!s)
		return;
	why = bw_cv_interval(s, &ms);
	if (why) {
		bw_cfg_err(c, val, "invalid %s '%s': %s", key->str, s, why);
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
		return;
	}
	switch (k->arg) {
	case BW_OPT_MIIMON: p->miimon = ms; break;
	case BW_OPT_UPDELAY: p->updelay = ms; break;
	case BW_OPT_DOWNDELAY: p->downdelay = ms; break;
	case BW_OPT_ARP_INTERVAL: p->arp_interval = ms; break;
	}
}

static void p_grat(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;
	const char *s = value(c, o, k->arg, key, val);
	uint64_t v;

	if (!s)
		return;
	if (bw_cv_uint(s, 255, &v)) {
		bw_cfg_err(c, val, "invalid %s '%s': must be a whole number from 0 to 255",
			   key->str, s);
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
		return;
	}
	o->b->params.num_grat_arp = (uint8_t)v;
}

static void p_primary(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;
	const char *s = value(c, o, k->arg, key, val);
	const char *why = s ? bw_ifname_check(s) : NULL;

	if (why) {
		bw_cfg_err(c, val, "invalid primary '%s': %s", s, why);
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
		return;
	}
	if (s)
		snprintf(o->b->params.primary, BW_IFNAMSIZ, "%s", s);
}

/* The kernel refuses these two as targets (bond_option_arp_ip_target_add). */
static const char *target_why(const char *s, struct bw_ip *ip)
{
	if (bw_ip_parse(s, ip) < 0)
		return "not an IPv4 address (A.B.C.D)";
	if (ip->family != AF_INET)
		return "arp-ip-targets are IPv4 only (the kernel's ARP monitor)";
	if (ip->a.v4.s_addr == htonl(INADDR_ANY) || ip->a.v4.s_addr == htonl(INADDR_BROADCAST))
		return "the kernel refuses 0.0.0.0 and 255.255.255.255 as targets";
	return NULL;
}

static bool add_target(struct cfg_ctx *c, struct bw_bond_params *p,
		       const struct ynode *it)
{
	const char *s = bw_cfg_scalar(c, it, "each entry of 'arp-ip-targets'");
	struct bw_ip ip;
	const char *why = s ? target_why(s, &ip) : NULL;

	if (!s)
		return false;
	if (why) {
		bw_cfg_err(c, it, "invalid arp-ip-targets entry '%s': %s", s, why);
		return false;
	}
	for (int i = 0; i < p->n_arp_targets; i++) {
		if (p->arp_targets[i].s_addr == ip.a.v4.s_addr) {
			bw_cfg_err(c, it, "arp-ip-targets entry '%s' is listed twice", s);
			return false;
		}
	}
	if (p->n_arp_targets == BW_MAX_ARP_TARGETS) {
		bw_cfg_err(c, it, "more than %d arp-ip-targets (the kernel's limit)",
			   BW_MAX_ARP_TARGETS);
		return false;
	}
	p->arp_targets[p->n_arp_targets++] = ip.a.v4;
	return true;
}

static void p_targets(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;

	if (!named(c, o, k->arg, key, val))
		return;
	if (!bw_cfg_want(c, val, YN_SEQ, "'arp-ip-targets'")) {
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
		return;
	}
	for (const struct ynode *it = bw_yn_first(c->t, val); it; it = bw_yn_next(c->t, it)) {
		if (!add_target(c, &o->b->params, it)) {
			c->bad[o->idx] |= BW_OPT_BIT(k->arg);
			if (o->b->params.n_arp_targets == BW_MAX_ARP_TARGETS)
				break;
		}
	}
}

/* netplan bond parameters bondmgr does not manage: say so, not just
 * "unknown". */
static void p_netplan_only(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			   const struct ynode *key, const struct ynode *val)
{
	(void)obj;
	(void)k;
	(void)val;
	bw_cfg_err(c, key, "unknown key '%s' in parameters: a netplan bond parameter "
		   "that bondmgr does not manage", key->str);
}

static const struct cfg_key param_keys[] = {
	{ "mode", p_enum, BW_OPT_MODE, false },
	{ "primary", p_primary, BW_OPT_PRIMARY, false },
	{ "primary-reselect-policy", p_enum, BW_OPT_PRIMARY_RESELECT, false },
	{ "fail-over-mac-policy", p_enum, BW_OPT_FAIL_OVER_MAC, false },
	{ "mii-monitor-interval", p_interval, BW_OPT_MIIMON, false },
	{ "up-delay", p_interval, BW_OPT_UPDELAY, false },
	{ "down-delay", p_interval, BW_OPT_DOWNDELAY, false },
	{ "arp-interval", p_interval, BW_OPT_ARP_INTERVAL, false },
	{ "arp-ip-targets", p_targets, BW_OPT_ARP_IP_TARGETS, false },
	{ "arp-validate", p_enum, BW_OPT_ARP_VALIDATE, false },
	{ "arp-all-targets", p_enum, BW_OPT_ARP_ALL_TARGETS, false },
	{ "gratuitous-arp", p_grat, BW_OPT_NUM_GRAT_ARP, false },
	{ "gratuitious-arp", p_grat, BW_OPT_NUM_GRAT_ARP, true },  /* netplan's typo */
	{ "lacp-rate", p_netplan_only, 0, true },
	{ "transmit-hash-policy", p_netplan_only, 0, true },
	{ "min-links", p_netplan_only, 0, true },
	{ "ad-select", p_netplan_only, 0, true },
	{ "all-members-active", p_netplan_only, 0, true },
	{ "all-slaves-active", p_netplan_only, 0, true },
	{ "packets-per-member", p_netplan_only, 0, true },
	{ "packets-per-slave", p_netplan_only, 0, true },
	{ "resend-igmp", p_netplan_only, 0, true },
	{ "learn-packet-interval", p_netplan_only, 0, true },
};

void bw_cfg_parse_params(struct cfg_ctx *c, struct bw_bond_cfg *b, int idx,
			 const struct ynode *val)
{
	struct params_obj o = { b, idx };

	if (!bw_cfg_want(c, val, YN_MAP, "'parameters'"))
		return;
	bw_cfg_walk_map(c, val, "parameters", param_keys,
			sizeof(param_keys) / sizeof(param_keys[0]), &o);
}
