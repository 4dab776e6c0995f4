// SPDX-License-Identifier: GPL-2.0-or-later
/* config_bond.c - one bond: its keys, its interfaces and its addresses.
 * parameters: are in config_params.c, routes: and nameservers: in
 * config_net.c. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "config_priv.h"

#define SEEN_INTERFACES 1u

struct bond_obj {
	struct bw_bond_cfg *b;
	int idx;
};

static void add_member(struct cfg_ctx *c, struct bond_obj *o, const struct ynode *it)
{
	struct bw_bond_cfg *b = o->b;
	const char *s = bw_cfg_scalar(c, it, "each entry of 'interfaces'");
	const char *why = s ? bw_ifname_check(s) : NULL;

	if (!s || why) {
		if (why)
			bw_cfg_err(c, it, "invalid interface name '%s': %s", s, why);
		c->bad[o->idx] |= BW_CFG_BAD_MEMBERS;
		return;
	}
	if (b->n_members == BW_MAX_MEMBERS) {
		bw_cfg_err(c, it, "more than %d interfaces in %s", BW_MAX_MEMBERS, b->name);
		c->bad[o->idx] |= BW_CFG_BAD_MEMBERS;
		return;
	}
	snprintf(b->members[b->n_members], BW_IFNAMSIZ, "%s", s);
	b->member_pos[b->n_members++] = it->pos;
}

static void k_interfaces(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			 const struct ynode *key, const struct ynode *val)
{
	struct bond_obj *o = obj;

	(void)k;
	(void)key;
	c->seen |= SEEN_INTERFACES;
	if (!bw_cfg_want(c, val, YN_SEQ, "'interfaces'")) {
		c->bad[o->idx] |= BW_CFG_BAD_MEMBERS;
		return;
	}
	if (val->n == 0)
		bw_cfg_err(c, val, "%s has no interfaces; a bond needs at least one "
			   "member", o->b->name);
	for (const struct ynode *it = bw_yn_first(c->t, val); it; it = bw_yn_next(c->t, it))
		add_member(c, o, it);
}

static void add_address(struct cfg_ctx *c, struct bond_obj *o, const struct ynode *it)
{
	struct bw_bond_cfg *b = o->b;
	const char *s = bw_cfg_scalar(c, it, "each entry of 'addresses'");
	struct bw_prefix p;
	struct bw_ip ip;

	if (!s)
		goto bad;
	if (bw_prefix_parse(s, &p) < 0) {
		if (bw_ip_parse(s, &ip) == 0)
			bw_cfg_err(c, it, "address '%s' has no prefix length; write it "
				   "as %s/%d", s, s, ip.family == AF_INET ? 24 : 64);
		else
			bw_cfg_err(c, it, "invalid address '%s'; expected A.B.C.D/N or "
				   "X:X::X/N", s);
		goto bad;
	}
	for (int i = 0; i < b->n_addrs; i++) {
		if (bw_ip_equal(&b->addrs[i].ip, &p.ip)) {
			bw_cfg_err(c, it, "address '%s' is listed twice (first at "
				   "line %d)", s, b->addr_pos[i].line);
			return;
		}
	}
	if (b->n_addrs == BW_MAX_ADDRS) {
		bw_cfg_err(c, it, "more than %d addresses in %s", BW_MAX_ADDRS, b->name);
		goto bad;
	}
	b->addrs[b->n_addrs] = p;
	b->addr_pos[b->n_addrs++] = it->pos;
	return;
bad:
	c->bad[o->idx] |= BW_CFG_BAD_ADDRS;
}

static void k_addresses(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			const struct ynode *key, const struct ynode *val)
{
	struct bond_obj *o = obj;

	(void)k;
	(void)key;
	if (!bw_cfg_want(c, val, YN_SEQ, "'addresses'")) {
		c->bad[o->idx] |= BW_CFG_BAD_ADDRS;
		return;
	}
	for (const struct ynode *it = bw_yn_first(c->t, val); it; it = bw_yn_next(c->t, it))
		add_address(c, o, it);
}

static void k_parameters(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			 const struct ynode *key, const struct ynode *val)
{
	struct bond_obj *o = obj;

	(void)k;
	(void)key;
	bw_cfg_parse_params(c, o->b, o->idx, val);
}

static void k_link_opt(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	struct bond_obj *o = obj;

	bw_cfg_parse_link_opt(c, o->b, o->idx, (enum bw_opt)k->arg, key, val);
}

static void k_routes(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		     const struct ynode *key, const struct ynode *val)
{
	(void)k;
	(void)key;
	bw_cfg_parse_routes(c, ((struct bond_obj *)obj)->b, val);
}

static void k_nameservers(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			  const struct ynode *key, const struct ynode *val)
{
	(void)k;
	(void)key;
	bw_cfg_parse_nameservers(c, ((struct bond_obj *)obj)->b, val);
}

/* dhcp4, dhcp6, dhcp-identifier, dhcp4-overrides, accept-ra: config_dhcp.c. */
static void k_dhcp(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	bw_cfg_k_dhcp(c, ((struct bond_obj *)obj)->b, k, key, val);
}

/* netplan keys a pasted stanza may carry, with what to do instead. */
static const char *const hints[] = {
	"netplan deprecated it; write routes: [{to: default, via: GATEWAY}]",
};

static void k_hint(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	(void)val;
	bw_cfg_err(c, key, "unknown key '%s' in %s: %s", key->str,
		   ((struct bond_obj *)obj)->b->name, hints[k->arg]);
}

static const struct cfg_key bond_keys[] = {
	{ "interfaces", k_interfaces, 0, false },
	{ "parameters", k_parameters, 0, false },
	{ "addresses", k_addresses, 0, false },
	{ "routes", k_routes, 0, false },
	{ "nameservers", k_nameservers, 0, false },
	{ "dhcp4", k_dhcp, BW_DHCP_K_V4, false },
	{ "dhcp6", k_dhcp, BW_DHCP_K_V6, false },
	{ "dhcp-identifier", k_dhcp, BW_DHCP_K_ID, false },
	{ "dhcp4-overrides", k_dhcp, BW_DHCP_K_OVERRIDES, false },
	{ "accept-ra", k_dhcp, BW_DHCP_K_ACCEPT_RA, false },
	{ "gateway4", k_hint, 0, true },
	{ "gateway6", k_hint, 0, true },
	{ "macaddress", k_link_opt, BW_OPT_MACADDRESS, false },
	{ "mtu", k_link_opt, BW_OPT_MTU, false },
};

void bw_cfg_parse_bond(struct cfg_ctx *c, struct bw_bond_cfg *b, int idx,
		       const struct ynode *key, const struct ynode *val)
{
	struct bond_obj o = { b, idx };
	char label[BW_IFNAMSIZ + 4];

	snprintf(b->name, sizeof(b->name), "%s", key->str);
	b->pos = key->pos;
	bw_bond_params_default(&b->params);
	bw_cfg_dhcp_default(&b->dhcp);
	c->seen = 0;
	snprintf(label, sizeof(label), "'%s'", b->name);
	if (!bw_cfg_want(c, val, YN_MAP, label)) {
		c->bad[idx] |= BW_CFG_BAD_MEMBERS;
		return;
	}
	bw_cfg_walk_map(c, val, b->name, bond_keys, sizeof(bond_keys) / sizeof(bond_keys[0]),
			&o);
	if (!(c->seen & SEEN_INTERFACES)) {
		bw_cfg_err(c, key, "%s has no interfaces; a bond needs at least one "
			   "member (interfaces: [eth0, wlan0])", b->name);
		c->bad[idx] |= BW_CFG_BAD_MEMBERS;
	}
	/* The kernel's default: miimon 100 unless ARP monitoring is asked for
	 * (bond_check_params). An explicit arp-interval: 0 keeps miimon 100. */
	if (!(b->set_mask & BW_OPT_BIT(BW_OPT_MIIMON)) && b->params.arp_interval > 0)
		b->params.miimon = 0;
}
