// SPDX-License-Identifier: GPL-2.0-or-later
/* import_kernel.c - `bondmgr import --from kernel`: the bonds running now
 * as a file that apply finds nothing to change in. Every option the
 * planner compares is written when it is not what the loader assumes for
 * an unnamed key (bw_bond_params_default), so file and kernel plan to
 * nothing; options bondmgr does not manage are read from sysfs and named
 * on the notes when they are not the kernel's default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>
#include "import.h"
#include "bondwatch/file.h"

#define BIT(o) BW_OPT_BIT(o)

/* Options bondmgr does not manage, with the kernel's default (the first
 * word of the sysfs file: "layer2 0" is layer2). The others of the other
 * modes come from the netlink dump (link_parse.c). */
static const struct {
	const char *file, *dflt;
} unmanaged[] = {
	{ "tlb_dynamic_lb", "1" },        { "use_carrier", "1" },
	{ "ad_actor_sys_prio", "65535" }, { "ad_user_port_key", "0" },
};

/* The other modes' options, written when not the kernel's default (and
 * fitted to the mode by bw_import_fit). */
static const enum bw_opt mode_opts[] = {
	BW_OPT_PEER_NOTIF_DELAY, BW_OPT_NS_IP6_TARGETS, BW_OPT_XMIT_HASH, BW_OPT_RESEND_IGMP,
	BW_OPT_ALL_SLAVES_ACTIVE, BW_OPT_MIN_LINKS, BW_OPT_LP_INTERVAL,
	BW_OPT_PACKETS_PER_SLAVE, BW_OPT_LACP_RATE, BW_OPT_AD_SELECT, BW_OPT_MISSED_MAX,
};

/* The first word of a small sysfs file, or "" when it cannot be read. */
static void sysfs_word(const char *path, char *out, size_t len)
{
	char *buf = NULL;

	out[0] = '\0';
	if (bw_file_read(path, 4096, 0, &buf, NULL, NULL) < 0)
		return;
	buf[strcspn(buf, " \t\n")] = '\0';
	snprintf(out, len, "%s", buf);
	free(buf);
}

static void note_unmanaged(const char *sysfs_root, const char *bond, FILE *notes)
{
	char path[4096], word[256];

	for (size_t i = 0; i < sizeof(unmanaged) / sizeof(unmanaged[0]); i++) {
		snprintf(path, sizeof(path), "%s/class/net/%s/bonding/%s", sysfs_root, bond,
			 unmanaged[i].file);
		sysfs_word(path, word, sizeof(word));
		if (word[0] && strcmp(word, unmanaged[i].dflt))
			bw_import_note(notes, path, "%s %s is not carried over (bondmgr does "
				       "not manage %s; the kernel's default is %s)",
				       unmanaged[i].file, word, unmanaged[i].file,
				       unmanaged[i].dflt);
	}
}

/* The bond's MTU when not Ethernet's 1500, and its MAC address when set
 * by hand: sysfs addr_assign_type 3 (NET_ADDR_SET); a bond that took its
 * first member's address says 2 (stolen), and writing that one down
 * would pin it. */
static void link_opts(struct bw_bond_cfg *b, const struct bw_link *l, const char *sysfs_root)
{
	char path[4096], word[64];

	if (l->mtu && l->mtu != 1500)
		b->set_mask |= BIT(BW_OPT_MTU);
	snprintf(path, sizeof(path), "%s/class/net/%s/addr_assign_type", sysfs_root, l->name);
	sysfs_word(path, word, sizeof(word));
	if (l->bond.params.has_mac && !strcmp(word, "3"))
		b->set_mask |= BIT(BW_OPT_MACADDRESS);
}

/* The options: mode and miimon always (they say what monitors the bond),
 * the rest where they differ from what the loader fills in. */
static void options(struct bw_bond_cfg *b, const struct bw_bond_params *k, const char *where,
		    FILE *notes)
{
	struct bw_bond_params d;
	bool has_arp = bw_mode_has_arp(k->mode) && k->arp_interval;

	bw_bond_params_default(&d);
	b->params = *k;
	b->set_mask = BIT(BW_OPT_MODE) | BIT(BW_OPT_MIIMON);
	if (bw_mode_has_primary(k->mode) && k->primary[0])
		b->set_mask |= BIT(BW_OPT_PRIMARY);
	if (k->primary_reselect != d.primary_reselect)
		b->set_mask |= BIT(BW_OPT_PRIMARY_RESELECT);
	if (k->fail_over_mac != d.fail_over_mac)
		b->set_mask |= BIT(BW_OPT_FAIL_OVER_MAC);
	if (k->miimon && k->updelay)
		b->set_mask |= BIT(BW_OPT_UPDELAY);
	if (k->miimon && k->downdelay)
		b->set_mask |= BIT(BW_OPT_DOWNDELAY);
	if (k->num_grat_arp != d.num_grat_arp)
		b->set_mask |= BIT(BW_OPT_NUM_GRAT_ARP);
	if (has_arp) {
		b->set_mask |= BIT(BW_OPT_ARP_INTERVAL) | BIT(BW_OPT_ARP_IP_TARGETS);
		if (k->arp_validate != d.arp_validate)
			b->set_mask |= BIT(BW_OPT_ARP_VALIDATE);
		if (k->arp_all_targets != d.arp_all_targets)
			b->set_mask |= BIT(BW_OPT_ARP_ALL_TARGETS);
	} else {
		if (k->arp_interval)
			bw_import_note(notes, where, "arp_interval %u is not carried over (the "
				       "ARP monitor does nothing in mode %s)", k->arp_interval,
				       bw_mode_name(k->mode));
		if (k->n_arp_targets || k->arp_validate != d.arp_validate ||
		    k->arp_all_targets != d.arp_all_targets)
			bw_import_note(notes, where, "arp_ip_target, arp_validate and "
				       "arp_all_targets are not carried over: the ARP monitor is "
				       "off (bondmgr check refuses them without arp-interval)");
		b->params.arp_interval = 0;
		b->params.n_arp_targets = 0;
		b->params.arp_validate = d.arp_validate;
		b->params.arp_all_targets = d.arp_all_targets;
	}
	for (size_t i = 0; i < sizeof(mode_opts) / sizeof(mode_opts[0]); i++) {
		char have[BW_NS_TARGETS_STRLEN + 8], dflt[BW_NS_TARGETS_STRLEN + 8];

		if (!bw_import_value(k, mode_opts[i], have, sizeof(have)) ||
		    !bw_import_value(&d, mode_opts[i], dflt, sizeof(dflt)) || strcmp(have, dflt))
			b->set_mask |= BIT(mode_opts[i]);
	}
}

/* An address with a lifetime is a lease (a DHCP client's, or SLAAC from a
 * router advertisement): the bond gets a DHCP client of its own instead. */
static void lease(struct bw_bond_cfg *b, const struct bw_kaddr *a, const char *where,
		  FILE *notes)
{
	char buf[INET6_ADDRSTRLEN + 8];
	bool v4 = a->prefix.ip.family == AF_INET;

	if (v4)
		b->dhcp.v4 = true;
	else
		b->dhcp.accept_ra = 1;
	bw_import_note(notes, where, "address %s is a lease (valid %u s more): not carried "
		       "over; %s instead", bw_prefix_str(&a->prefix, buf, sizeof(buf)),
		       a->valid_lft, v4 ? "dhcp4: true" : "accept-ra: true (router "
		       "advertisements)");
}

/* Members, addresses, default routes. */
static void links(struct bw_bond_cfg *b, const struct bw_kstate *ks, const struct bw_link *bond,
		  const char *where, FILE *notes)
{
	for (const struct bw_link *s = bw_kstate_next_slave(ks, bond, NULL); s;
	     s = bw_kstate_next_slave(ks, bond, s)) {
		if (b->n_members == BW_MAX_MEMBERS) {
			bw_import_note(notes, where, "member %s is not carried over (more than "
				       "%d)", s->name, BW_MAX_MEMBERS);
			continue;
		}
		snprintf(b->members[b->n_members++], BW_IFNAMSIZ, "%s", s->name);
		if (!(s->flags & IFF_UP))
			bw_import_note(notes, where, "member %s is down: apply will bring it "
				       "up", s->name);
	}
	if (!(bond->flags & IFF_UP))
		bw_import_note(notes, where, "the bond is down: apply will bring it up");
	for (int i = 0; i < ks->n_addrs; i++) {
		const struct bw_prefix *p = &ks->addrs[i].prefix;

		if (ks->addrs[i].ifindex != bond->ifindex)
			continue;
		/* IPv6 link-local: the kernel's own, never written by bondmgr */
		if (p->ip.family == AF_INET6 && p->ip.a.v6.s6_addr[0] == 0xfe &&
		    (p->ip.a.v6.s6_addr[1] & 0xc0) == 0x80)
			continue;
		if (bw_kaddr_is_dynamic(&ks->addrs[i]))
			lease(b, &ks->addrs[i], where, notes);
		else if (b->n_addrs < BW_MAX_ADDRS)
			b->addrs[b->n_addrs++] = *p;
	}
	char buf[INET6_ADDRSTRLEN];

	for (int i = 0; i < ks->n_routes && b->n_routes < BW_MAX_ROUTES; i++) {
		const struct bw_kroute *r = &ks->routes[i];
		struct bw_route_cfg *c;

		if (r->ifindex != bond->ifindex || !r->via.family)
			continue;
		if (bw_kroute_is_dynamic(r)) {
			bw_import_note(notes, where, "the default route via %s comes with a "
				       "lease: not carried over (the DHCP client sets it)",
				       bw_ip_str(&r->via, buf, sizeof(buf)));
			continue;
		}
		c = &b->routes[b->n_routes++];
		c->via = r->via;
		c->metric = r->metric;
		/* the kernel's default metric is what a route without one gets */
		c->has_metric = r->metric != (r->via.family == AF_INET6 ? 1024u : 0u);
	}
}

/* resolv.conf's nameservers, when bondmgr wrote it (its first line says
 * so): bondmgr manages DNS only in that case. Given to bond. */
static void dns(const char *resolv_path, struct bw_bond_cfg *b, FILE *notes)
{
	static const char mark[] = "# Written by bondmgr from ";
	char *buf = NULL, *line, *save = NULL;
	bool ours;

	if (!resolv_path || bw_file_read(resolv_path, 64 * 1024, 0, &buf, NULL, NULL) < 0)
		return;
	ours = !strncmp(buf, mark, sizeof(mark) - 1);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char word[BW_DOMAIN_LEN + 1], *tok, *save2 = NULL;
		struct bw_ip ip;

		if (!strncmp(line, "nameserver ", 11) && !ours) {
			bw_import_note(notes, resolv_path, "'%s' is not carried over: this "
				       "resolv.conf was not written by bondmgr (add nameservers: to "
				       "a bond to have bondmgr write it)", line);
		} else if (!strncmp(line, "nameserver ", 11)) {
			snprintf(word, sizeof(word), "%s", line + 11);
			word[strcspn(word, " \t")] = '\0';
			if (bw_ip_parse(word, &ip) == 0 && b->n_nameservers < BW_MAX_NAMESERVERS)
				b->nameservers[b->n_nameservers++] = ip;
		} else if (!strncmp(line, "search ", 7) && ours) {
			for (tok = strtok_r(line + 7, " \t", &save2); tok;
			     tok = strtok_r(NULL, " \t", &save2))
				if (b->n_search < BW_MAX_SEARCH && strlen(tok) < BW_DOMAIN_LEN)
					snprintf(b->search[b->n_search++], BW_DOMAIN_LEN, "%s", tok);
		}
	}
	free(buf);
}

int bw_import_kernel(const struct bw_kstate *ks, const char *sysfs_root,
		     const char *resolv_path, struct bw_config *cfg, FILE *notes)
{
	struct bw_bond_cfg *dns_bond = NULL;

	for (int i = 0; i < ks->n_links; i++) {
		const struct bw_link *l = &ks->links[i];
		char where[64];
		struct bw_bond_cfg *b;

		if (!l->is_bond)
			continue;
		snprintf(where, sizeof(where), "kernel: %s", l->name);
		if (!bw_kstate_next_slave(ks, l, NULL)) {
			bw_import_note(notes, where, "not carried over: it has no members (a "
				       "bond in the file needs at least one)");
			continue;
		}
		b = bw_import_bond(cfg, l->name);
		if (!b) {
			bw_import_note(notes, where, "not carried over: more than %d bonds",
				       BW_IMPORT_MAX_BONDS);
			continue;
		}
		options(b, &l->bond.params, where, notes);
		link_opts(b, l, sysfs_root);
		links(b, ks, l, where, notes);
		bw_import_fit(b, where, notes);
		note_unmanaged(sysfs_root, l->name, notes);
		if (!dns_bond || (b->n_routes && !dns_bond->n_routes))
			dns_bond = b;
	}
	if (dns_bond)
		dns(resolv_path, dns_bond, notes);
	return cfg->n_bonds;
}
