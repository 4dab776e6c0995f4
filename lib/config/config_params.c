// SPDX-License-Identifier: GPL-2.0-or-later
/* config_params.c - a bond's parameters: mapping, one handler per kind of
 * value (enum word, interval, count, name, target list). Each named key
 * sets its bit in set_mask and its value's position in opt_pos, even when
 * the value is refused (c->bad says so), so later messages can point at it. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
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
	[BW_OPT_XMIT_HASH] = { bw_xhp_parse, bw_xhp_words },
	[BW_OPT_LACP_RATE] = { bw_lacp_parse, bw_lacp_words },
	[BW_OPT_AD_SELECT] = { bw_ads_parse, bw_ads_words },
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
	case BW_OPT_XMIT_HASH: p->xmit_hash = (uint8_t)v; break;
	case BW_OPT_LACP_RATE: p->lacp_rate = (uint8_t)v; break;
	case BW_OPT_AD_SELECT: p->ad_select = (uint8_t)v; break;
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
	case BW_OPT_PEER_NOTIF_DELAY: p->peer_notif_delay = ms; break;
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

/* Whole numbers and their ranges (bond_options.c's value tables). */
static const struct {
	uint32_t min, max;
} counts[BW_OPT__COUNT] = {
	[BW_OPT_MIN_LINKS] = { 0, 2147483647u },
	[BW_OPT_PACKETS_PER_SLAVE] = { 0, 65535 },
	[BW_OPT_RESEND_IGMP] = { 0, 255 },
	[BW_OPT_MISSED_MAX] = { 1, 255 },
	[BW_OPT_MTU] = { 68, 65535 },   /* the bond's min_mtu and max_mtu */
};

static void p_count(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;
	struct bw_bond_params *p = &o->b->params;
	const char *s = value(c, o, k->arg, key, val);
	uint64_t v;

	if (!s)
		return;
	if (bw_cv_uint(s, counts[k->arg].max, &v) || v < counts[k->arg].min) {
		bw_cfg_err(c, val, "invalid %s '%s': must be a whole number from %u to %u",
			   key->str, s, counts[k->arg].min, counts[k->arg].max);
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
		return;
	}
	switch (k->arg) {
	case BW_OPT_MIN_LINKS: p->min_links = (uint32_t)v; break;
	case BW_OPT_PACKETS_PER_SLAVE: p->packets_per_slave = (uint32_t)v; break;
	case BW_OPT_RESEND_IGMP: p->resend_igmp = (uint32_t)v; break;
	case BW_OPT_MISSED_MAX: p->missed_max = (uint8_t)v; break;
	case BW_OPT_MTU: p->mtu = (uint32_t)v; break;
	}
}

/* YAML 1.1's booleans, as netplan reads them. */
static int yaml_bool(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on", "y" };
	static const char *const no[] = { "false", "no", "off", "n" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

static void p_bool(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;
	const char *s = value(c, o, k->arg, key, val);
	int v = s ? yaml_bool(s) : -1;

	if (s && v < 0) {
		bw_cfg_err(c, val, "invalid %s '%s': must be true or false", key->str, s);
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
	}
	if (v >= 0)
		o->b->params.all_slaves_active = (uint8_t)v;
}

/* netplan: seconds when there is no suffix; the kernel counts seconds. */
static void p_seconds(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;
	const char *s = value(c, o, k->arg, key, val);
	const char *why = NULL;
	uint64_t secs = 0;
	uint32_t ms;

	if (!s)
		return;
	if (bw_cv_uint(s, 2147483647u, &secs) != NULL) {   /* not plain: 5s, 3000ms */
		why = bw_cv_interval(s, &ms);
		if (!why && ms % 1000)
			why = "not a whole number of seconds (the kernel counts seconds)";
		secs = why ? 0 : ms / 1000;
	}
	if (!why && secs == 0)
		why = "must be at least 1 second";
	if (why) {
		bw_cfg_err(c, val, "invalid %s '%s': %s", key->str, s, why);
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
		return;
	}
	o->b->params.lp_interval = (uint32_t)secs;
}

/* The kernel refuses the unspecified, loopback and multicast addresses as
 * NS targets (bond_is_ip6_target_ok). */
static const char *ns_target_why(const char *s, struct bw_ip *ip)
{
	if (bw_ip_parse(s, ip) < 0 || ip->family != AF_INET6)
		return "not an IPv6 address (ns-ip6-targets are the NS monitor's IPv6 "
		       "targets; IPv4 targets go in arp-ip-targets)";
	if (IN6_IS_ADDR_UNSPECIFIED(&ip->a.v6) || IN6_IS_ADDR_LOOPBACK(&ip->a.v6) ||
	    IN6_IS_ADDR_MULTICAST(&ip->a.v6))
		return "the kernel refuses ::, ::1 and multicast addresses as targets";
	return NULL;
}

static bool add_ns_target(struct cfg_ctx *c, struct bw_bond_params *p, const struct ynode *it)
{
	const char *s = bw_cfg_scalar(c, it, "each entry of 'ns-ip6-targets'");
	struct bw_ip ip;
	const char *why = s ? ns_target_why(s, &ip) : NULL;

	if (!s)
		return false;
	if (why) {
		bw_cfg_err(c, it, "invalid ns-ip6-targets entry '%s': %s", s, why);
		return false;
	}
	for (int i = 0; i < p->n_ns_targets; i++) {
		if (!memcmp(&p->ns_targets[i], &ip.a.v6, sizeof(ip.a.v6))) {
			bw_cfg_err(c, it, "ns-ip6-targets entry '%s' is listed twice", s);
			return false;
		}
	}
	if (p->n_ns_targets == BW_MAX_ARP_TARGETS) {
		bw_cfg_err(c, it, "more than %d ns-ip6-targets (the kernel's limit)",
			   BW_MAX_ARP_TARGETS);
		return false;
	}
	p->ns_targets[p->n_ns_targets++] = ip.a.v6;
	return true;
}

static void p_ns_targets(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			 const struct ynode *key, const struct ynode *val)
{
	struct params_obj *o = obj;

	if (!named(c, o, k->arg, key, val))
		return;
	if (!bw_cfg_want(c, val, YN_SEQ, "'ns-ip6-targets'")) {
		c->bad[o->idx] |= BW_OPT_BIT(k->arg);
		return;
	}
	for (const struct ynode *it = bw_yn_first(c->t, val); it; it = bw_yn_next(c->t, it)) {
		if (!add_ns_target(c, &o->b->params, it)) {
			c->bad[o->idx] |= BW_OPT_BIT(k->arg);
			if (o->b->params.n_ns_targets == BW_MAX_ARP_TARGETS)
				break;
		}
	}
}

/* "02:00:00:00:00:01": six pairs of hex digits, colons between. */
static const char *mac_why(const char *s, uint8_t mac[6])
{
	static const char hex[] = "0123456789abcdef";

	if (strlen(s) != 17)
		return "not a MAC address (XX:XX:XX:XX:XX:XX)";
	for (int i = 0; i < 17; i++) {
		const char *d = strchr(hex, tolower((unsigned char)s[i]));

		if (i % 3 == 2 ? s[i] != ':' : !s[i] || !d)
			return "not a MAC address (XX:XX:XX:XX:XX:XX)";
		if (i % 3 == 0)
			mac[i / 3] = (uint8_t)((d - hex) << 4);
		else if (i % 3 == 1)
			mac[i / 3] |= (uint8_t)(d - hex);
	}
	if (mac[0] & 1)
		return "a multicast address (the kernel wants a unicast one)";
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return "all zeros (the kernel wants a unicast one)";
	return NULL;
}

/* mtu: and macaddress: of the bond itself (keys of the bond, not of its
 * parameters, as in netplan); config_bond.c calls this. */
void bw_cfg_parse_link_opt(struct cfg_ctx *c, struct bw_bond_cfg *b, int idx, enum bw_opt opt,
			   const struct ynode *key, const struct ynode *val)
{
	struct params_obj o = { b, idx };
	static const struct cfg_key mtu_key = { "mtu", p_count, BW_OPT_MTU, false };
	const char *s, *why;

	if (opt == BW_OPT_MTU) {
		p_count(c, &o, &mtu_key, key, val);
		return;
	}
	if (!(s = value(c, &o, opt, key, val)))
		return;
	if ((why = mac_why(s, b->params.mac))) {
		bw_cfg_err(c, val, "invalid macaddress '%s': %s", s, why);
		c->bad[idx] |= BW_OPT_BIT(opt);
		return;
	}
	b->params.has_mac = true;
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
	/* The other modes (issue 17); netplan's older -slave spellings are
	 * accepted, not listed. */
	{ "transmit-hash-policy", p_enum, BW_OPT_XMIT_HASH, false },
	{ "lacp-rate", p_enum, BW_OPT_LACP_RATE, false },
	{ "ad-select", p_enum, BW_OPT_AD_SELECT, false },
	{ "min-links", p_count, BW_OPT_MIN_LINKS, false },
	{ "all-members-active", p_bool, BW_OPT_ALL_SLAVES_ACTIVE, false },
	{ "all-slaves-active", p_bool, BW_OPT_ALL_SLAVES_ACTIVE, true },
	{ "packets-per-member", p_count, BW_OPT_PACKETS_PER_SLAVE, false },
	{ "packets-per-slave", p_count, BW_OPT_PACKETS_PER_SLAVE, true },
	{ "resend-igmp", p_count, BW_OPT_RESEND_IGMP, false },
	{ "learn-packet-interval", p_seconds, BW_OPT_LP_INTERVAL, false },
	/* bondwatch extensions: kernel options netplan has no word for. */
	{ "arp-missed-max", p_count, BW_OPT_MISSED_MAX, false },
	{ "ns-ip6-targets", p_ns_targets, BW_OPT_NS_IP6_TARGETS, false },
	{ "peer-notify-delay", p_interval, BW_OPT_PEER_NOTIF_DELAY, false },
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
