// SPDX-License-Identifier: GPL-2.0-or-later
/* config_rules.c - rules between fields of a bond and between bonds, on the
 * parsed struct, with no system access. Each rule catches something the
 * kernel would refuse half-way through an apply, or silently do otherwise
 * than written (drivers/net/bonding/bond_options.c). An option whose value was refused
 * (bad[i]) is left out of the rules: one error per mistake. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "config_priv.h"

#define BIT(o) BW_OPT_BIT(o)

static bool named(const struct bw_bond_cfg *b, enum bw_opt o)
{
	return b->set_mask & BIT(o);
}

/* "balance-rr (the default)" or "802.3ad". */
static const char *mode_desc(const struct bw_bond_cfg *b, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", bw_mode_name(b->params.mode),
		 named(b, BW_OPT_MODE) ? "" : " (the default)");
	return buf;
}

/* "active-backup, balance-tlb and balance-alb": the modes of a mask (bit
 * m: mode m), in the kernel's order. */
static const char *modes_list(unsigned mask, char *buf, size_t len)
{
	unsigned n = 0, total = (unsigned)__builtin_popcount(mask);
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned m = 0; m <= BW_MODE_BALANCE_ALB && off < len; m++) {
		if (!(mask & (1u << m)))
			continue;
		n++;
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					n == 1 ? "" : n == total ? " and " : ", ",
					bw_mode_name(m));
	}
	return buf;
}

/* The modes has() accepts. */
static const char *modes_with(bool (*has)(unsigned), char *buf, size_t len)
{
	unsigned mask = 0;

	for (unsigned m = 0; m <= BW_MODE_BALANCE_ALB; m++)
		mask |= has(m) ? 1u << m : 0;
	return modes_list(mask, buf, len);
}

static void rule_monitors(const struct bw_bond_cfg *b, uint32_t bad, struct bw_diags *d)
{
	const struct bw_bond_params *p = &b->params;

	if (bad & (BIT(BW_OPT_MIIMON) | BIT(BW_OPT_ARP_INTERVAL)))
		return;
	if (p->miimon > 0 && p->arp_interval > 0)
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_ARP_INTERVAL],
			     "mii-monitor-interval and arp-interval exclude each other: "
			     "the kernel runs one link monitor, MII (carrier) or ARP "
			     "(reachability); drop one");
	if (p->miimon == 0 && p->arp_interval == 0 && named(b, BW_OPT_MIIMON))
		bw_diags_add(d, BW_SEV_WARNING, b->opt_pos[BW_OPT_MIIMON],
			     "no link monitoring: mii-monitor-interval is 0 and there is "
			     "no arp-interval, so the bond will not notice a failed link");
}

/* Delays belong to the MII monitor, and the kernel keeps them as a count
 * of miimon periods (bond_option_updelay_set: value / miimon). */
static void rule_delay(const struct bw_bond_cfg *b, uint32_t bad, enum bw_opt o,
		       struct bw_diags *d)
{
	const struct bw_bond_params *p = &b->params;
	uint32_t v = o == BW_OPT_UPDELAY ? p->updelay :
		     o == BW_OPT_DOWNDELAY ? p->downdelay : p->peer_notif_delay;
	uint32_t mii = p->miimon;

	if ((bad & (BIT(o) | BIT(BW_OPT_MIIMON))) || v == 0)
		return;
	if (mii == 0)
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[o], "%s needs "
			     "mii-monitor-interval > 0: delays belong to the MII "
			     "monitor%s", bw_opt_key(o), p->arp_interval ?
			     ", which arp-interval turns off" : "");
	else if (v % mii)
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[o], "%s %u is not a multiple "
			     "of mii-monitor-interval %u%s: the kernel silently rounds "
			     "it down to %u", bw_opt_key(o), v, mii,
			     named(b, BW_OPT_MIIMON) ? "" : " (the default)",
			     v / mii * mii);
}

static void rule_arp(const struct bw_bond_cfg *b, uint32_t bad, struct bw_diags *d)
{
	static const enum bw_opt arp_opts[] = {
		BW_OPT_ARP_INTERVAL, BW_OPT_ARP_IP_TARGETS, BW_OPT_ARP_VALIDATE,
		BW_OPT_ARP_ALL_TARGETS,
	};
	const struct bw_bond_params *p = &b->params;
	bool both_ok = !(bad & (BIT(BW_OPT_ARP_INTERVAL) | BIT(BW_OPT_ARP_IP_TARGETS)));
	char mode[48], modes[96];

	if (both_ok && p->arp_interval > 0 && p->n_arp_targets == 0 &&
	    p->n_ns_targets == 0 && !(bad & BIT(BW_OPT_NS_IP6_TARGETS)))
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_ARP_INTERVAL],
			     "arp-interval needs arp-ip-targets: the ARP monitor needs at "
			     "least one address to probe (or ns-ip6-targets for IPv6)");
	if (both_ok && p->n_arp_targets > 0 && p->arp_interval == 0)
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_ARP_IP_TARGETS],
			     "arp-ip-targets needs arp-interval > 0 (how often to probe)");
	if (named(b, BW_OPT_ARP_VALIDATE) && p->arp_validate != BW_AV_NONE &&
	    !(bad & (BIT(BW_OPT_ARP_VALIDATE) | BIT(BW_OPT_ARP_INTERVAL))) &&
	    p->arp_interval == 0)
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_ARP_VALIDATE],
			     "arp-validate needs arp-interval > 0: it validates the ARP "
			     "monitor's probes");
	if ((bad & BIT(BW_OPT_MODE)) || bw_mode_has_arp(p->mode))
		return;
	for (size_t i = 0; i < sizeof(arp_opts) / sizeof(arp_opts[0]); i++) {
		if (named(b, arp_opts[i]))
			bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[arp_opts[i]],
				     "%s is not available in mode %s: the kernel's ARP "
				     "monitor works in %s only", bw_opt_key(arp_opts[i]),
				     mode_desc(b, mode, sizeof(mode)),
				     modes_with(bw_mode_has_arp, modes, sizeof(modes)));
	}
}

/* "balance-xor, 802.3ad and balance-tlb": the modes option o means
 * something in. */
static const char *modes_of(enum bw_opt o, char *buf, size_t len)
{
	unsigned mask = 0;

	for (unsigned m = 0; m <= BW_MODE_BALANCE_ALB; m++)
		mask |= bw_opt_in_mode(o, m) ? 1u << m : 0;
	return modes_list(mask, buf, len);
}

/* Why an option of the other modes means nothing outside its modes. */
static const char *mode_opt_why(enum bw_opt o)
{
	switch (o) {
	case BW_OPT_LACP_RATE: return "LACP runs in 802.3ad only";
	case BW_OPT_AD_SELECT: return "it chooses among 802.3ad aggregators";
	case BW_OPT_MIN_LINKS: return "it counts the ports of an 802.3ad aggregator";
	case BW_OPT_XMIT_HASH: return "only the hashing modes spread flows over members by it";
	case BW_OPT_ALL_SLAVES_ACTIVE:
		return "it lets inactive members receive, and every member is active in this mode";
	case BW_OPT_LP_INTERVAL: return "learning packets are sent by the load-balancing modes only";
	case BW_OPT_PACKETS_PER_SLAVE: return "only round-robin counts packets per member";
	case BW_OPT_RESEND_IGMP:
		return "IGMP reports are resent when the active member changes, which this mode "
		       "does not have";
	case BW_OPT_PEER_NOTIF_DELAY: return "peers are notified after an active-backup failover only";
	case BW_OPT_MISSED_MAX:
	case BW_OPT_NS_IP6_TARGETS: return "the kernel's ARP/NS monitor does not run in this mode";
	default: return "the kernel ignores it there";
	}
}

/* The other modes' options (issue 17): each only in its modes, and those
 * of the ARP monitor only with it. */
static void rule_mode_opts(const struct bw_bond_cfg *b, uint32_t bad, struct bw_diags *d)
{
	static const enum bw_opt opts[] = {
		BW_OPT_XMIT_HASH, BW_OPT_LACP_RATE, BW_OPT_AD_SELECT, BW_OPT_MIN_LINKS,
		BW_OPT_ALL_SLAVES_ACTIVE, BW_OPT_LP_INTERVAL, BW_OPT_PACKETS_PER_SLAVE,
		BW_OPT_RESEND_IGMP, BW_OPT_PEER_NOTIF_DELAY, BW_OPT_MISSED_MAX,
		BW_OPT_NS_IP6_TARGETS,
	};
	const struct bw_bond_params *p = &b->params;
	char mode[48], modes[128];
	bool mode_ok = !(bad & BIT(BW_OPT_MODE));

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		enum bw_opt o = opts[i];

		if (!named(b, o) || !mode_ok || (bad & BIT(o)) || bw_opt_in_mode(o, p->mode))
			continue;
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[o], "%s is not available in mode %s: "
			     "%s (it is for %s)", bw_opt_key(o), mode_desc(b, mode, sizeof(mode)),
			     mode_opt_why(o), modes_of(o, modes, sizeof(modes)));
	}
	if (!mode_ok || !bw_mode_has_arp(p->mode) || (bad & BIT(BW_OPT_ARP_INTERVAL)) ||
	    p->arp_interval > 0)
		return;
	if (named(b, BW_OPT_MISSED_MAX) && !(bad & BIT(BW_OPT_MISSED_MAX)))
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_MISSED_MAX],
			     "arp-missed-max needs arp-interval > 0: it counts missed ARP "
			     "monitor probes");
	if (p->n_ns_targets > 0 && !(bad & BIT(BW_OPT_NS_IP6_TARGETS)))
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_NS_IP6_TARGETS],
			     "ns-ip6-targets needs arp-interval > 0 (how often to probe)");
}

/* The bond's own address: with fail-over-mac-policy active the bond takes
 * the active member's address, whatever is set. */
static void rule_mac(const struct bw_bond_cfg *b, uint32_t bad, struct bw_diags *d)
{
	if (!named(b, BW_OPT_MACADDRESS) || (bad & (BIT(BW_OPT_MACADDRESS) |
						    BIT(BW_OPT_FAIL_OVER_MAC))))
		return;
	if (b->params.fail_over_mac == BW_FOM_ACTIVE)
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_MACADDRESS],
			     "macaddress cannot be kept with fail-over-mac-policy active: the "
			     "bond takes the active member's address (use none or follow)");
}

static bool is_member(const struct bw_bond_cfg *b, const char *name)
{
	for (int i = 0; i < b->n_members; i++)
		if (!strcmp(b->members[i], name))
			return true;
	return false;
}

static const char *member_list(const struct bw_bond_cfg *b, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < b->n_members && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
					b->members[i]);
	return buf;
}

static void rule_primary(const struct bw_bond_cfg *b, uint32_t bad, struct bw_diags *d)
{
	const struct bw_bond_params *p = &b->params;
	struct bw_pos at = b->opt_pos[BW_OPT_PRIMARY];
	char mode[48], modes[96], list[BW_MAX_MEMBERS * (BW_IFNAMSIZ + 2)];

	if (named(b, BW_OPT_PRIMARY) && !(bad & BIT(BW_OPT_PRIMARY))) {
		if (!(bad & BIT(BW_OPT_MODE)) && !bw_mode_has_primary(p->mode))
			bw_diags_add(d, BW_SEV_ERROR, at, "primary is not available in "
				     "mode %s: only %s have a primary",
				     mode_desc(b, mode, sizeof(mode)),
				     modes_with(bw_mode_has_primary, modes, sizeof(modes)));
		if (!(bad & BW_CFG_BAD_MEMBERS) && !is_member(b, p->primary))
			bw_diags_add(d, BW_SEV_ERROR, at, "primary '%s' is not one of "
				     "%s's interfaces (%s)", p->primary, b->name,
				     member_list(b, list, sizeof(list)));
	}
	if (named(b, BW_OPT_PRIMARY_RESELECT) && !named(b, BW_OPT_PRIMARY))
		bw_diags_add(d, BW_SEV_WARNING, b->opt_pos[BW_OPT_PRIMARY_RESELECT],
			     "primary-reselect-policy has no effect without a primary");
	if (named(b, BW_OPT_FAIL_OVER_MAC) && p->fail_over_mac != BW_FOM_NONE &&
	    !(bad & (BIT(BW_OPT_FAIL_OVER_MAC) | BIT(BW_OPT_MODE))) &&
	    p->mode != BW_MODE_ACTIVE_BACKUP)
		bw_diags_add(d, BW_SEV_ERROR, b->opt_pos[BW_OPT_FAIL_OVER_MAC],
			     "fail-over-mac-policy %s is only used in mode active-backup "
			     "(mode is %s)", bw_fom_name(p->fail_over_mac),
			     mode_desc(b, mode, sizeof(mode)));
}

/* A member once per bond, in one bond only, and never a bond of this file. */
static void rule_member(const struct bw_config *cfg, int i, int m, struct bw_diags *d)
{
	const struct bw_bond_cfg *b = &cfg->bonds[i];
	const char *name = b->members[m];

	for (int k = 0; k < m; k++) {
		if (!strcmp(b->members[k], name)) {
			bw_diags_add(d, BW_SEV_ERROR, b->member_pos[m], "interface '%s' "
				     "is listed twice in %s (first at line %d)", name,
				     b->name, b->member_pos[k].line);
			return;
		}
	}
	for (int j = 0; j < cfg->n_bonds; j++) {
		const struct bw_bond_cfg *o = &cfg->bonds[j];

		if (!strcmp(o->name, name)) {
			bw_diags_add(d, BW_SEV_ERROR, b->member_pos[m], "interface '%s' "
				     "is a bond of this file; a bond cannot be a member "
				     "of a bond", name);
			return;
		}
		for (int k = 0; j < i && k < o->n_members; k++) {
			if (!strcmp(o->members[k], name)) {
				bw_diags_add(d, BW_SEV_ERROR, b->member_pos[m],
					     "interface '%s' is already a member of %s "
					     "(line %d); an interface can be in one bond "
					     "only", name, o->name, o->member_pos[k].line);
				return;
			}
		}
	}
}

static bool in_prefix(const struct bw_prefix *p, const struct bw_ip *ip)
{
	const uint8_t *a = (const uint8_t *)&p->ip.a, *b = (const uint8_t *)&ip->a;
	unsigned full = p->len / 8, rest = p->len % 8;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));

	if (p->ip.family != ip->family || memcmp(a, b, full))
		return false;
	return !rest || (a[full] & mask) == (b[full] & mask);
}

/* The kernel refuses a gateway no connected route reaches ("Nexthop has
 * invalid gateway"), and only the bond carries addresses. */
static void rule_gateway(const struct bw_bond_cfg *b, const struct bw_route_cfg *r,
			 struct bw_diags *d)
{
	char via[INET6_ADDRSTRLEN];

	if (r->via.family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&r->via.a.v6))
		return;
	for (int i = 0; i < b->n_addrs; i++)
		if (in_prefix(&b->addrs[i], &r->via))
			return;
	bw_diags_add(d, BW_SEV_ERROR, r->pos, "gateway %s is in none of %s's IPv%d "
		     "subnets (addresses:), so the kernel would refuse the route",
		     bw_ip_str(&r->via, via, sizeof(via)), b->name,
		     r->via.family == AF_INET ? 4 : 6);
}

/* One default route per family in the whole file: only one bond carries
 * the host's default route. */
static void rule_routes(const struct bw_config *cfg, const uint32_t *bad,
			struct bw_diags *d)
{
	const struct bw_route_cfg *first[2] = { NULL, NULL };
	const char *owner[2] = { NULL, NULL };

	for (int i = 0; i < cfg->n_bonds; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];

		for (int k = 0; k < b->n_routes; k++) {
			const struct bw_route_cfg *r = &b->routes[k];
			int f = r->via.family == AF_INET ? 0 : 1;

			if (first[f]) {
				bw_diags_add(d, BW_SEV_ERROR, r->pos, "a second IPv%d "
					     "default route (the first is in %s at line "
					     "%d); only one bond carries the default route",
					     f ? 6 : 4, owner[f], first[f]->pos.line);
				continue;
			}
			first[f] = r;
			owner[f] = b->name;
			if (!(bad[i] & BW_CFG_BAD_ADDRS))
				rule_gateway(b, r, d);
		}
	}
}

/* The same address on two bonds: both would answer for it. */
static void rule_addrs(const struct bw_config *cfg, int i, struct bw_diags *d)
{
	const struct bw_bond_cfg *b = &cfg->bonds[i];
	char buf[INET6_ADDRSTRLEN];

	for (int a = 0; a < b->n_addrs; a++) {
		for (int j = 0; j < i; j++) {
			const struct bw_bond_cfg *o = &cfg->bonds[j];

			for (int k = 0; k < o->n_addrs; k++) {
				if (!bw_ip_equal(&o->addrs[k].ip, &b->addrs[a].ip))
					continue;
				bw_diags_add(d, BW_SEV_ERROR, b->addr_pos[a], "address %s "
					     "is also on %s (line %d)",
					     bw_ip_str(&b->addrs[a].ip, buf, sizeof(buf)),
					     o->name, o->addr_pos[k].line);
			}
		}
	}
}

/* The rules between one bond's options. */
static void rules_opts(const struct bw_bond_cfg *b, uint32_t bad, struct bw_diags *d)
{
	rule_monitors(b, bad, d);
	rule_delay(b, bad, BW_OPT_UPDELAY, d);
	rule_delay(b, bad, BW_OPT_DOWNDELAY, d);
	rule_delay(b, bad, BW_OPT_PEER_NOTIF_DELAY, d);
	rule_mode_opts(b, bad, d);
	rule_mac(b, bad, d);
	rule_arp(b, bad, d);
	rule_primary(b, bad, d);
}

const char *bw_config_opt_refused(const struct bw_bond_cfg *b, enum bw_opt o, char *buf,
				  size_t len)
{
	struct bw_bond_cfg *at = malloc(sizeof(*at));
	struct bw_diags *d = calloc(1, sizeof(*d));
	const char *why = NULL;

	if (at && d) {
		/* Each option at a line of its own: a message's line says
		 * which option it is about. */
		*at = *b;
		for (int i = 0; i < BW_OPT__COUNT; i++)
			at->opt_pos[i] = (struct bw_pos){ .line = i + 1, .col = 1 };
		/* Not the members: an importer fits the options first. */
		rules_opts(at, BW_CFG_BAD_MEMBERS, d);
		for (int i = 0; i < d->n && !why; i++)
			if (d->items[i].sev == BW_SEV_ERROR && d->items[i].pos.line == (int)o + 1) {
				snprintf(buf, len, "%s", d->items[i].msg);
				why = buf;
			}
	}
	free(at);
	free(d);
	return why;
}

void bw_cfg_rules(const struct bw_config *cfg, const uint32_t *bad, struct bw_diags *d)
{
	for (int i = 0; i < cfg->n_bonds; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];

		rules_opts(b, bad[i], d);
		for (int m = 0; m < b->n_members; m++)
			rule_member(cfg, i, m, d);
		rule_addrs(cfg, i, d);
		bw_cfg_rules_dhcp(b, d);
	}
	rule_routes(cfg, bad, d);
}
