// SPDX-License-Identifier: GPL-2.0-or-later
/* import_ifupdown.c - `bondmgr import --from ifupdown`: ifenslave's recipe
 * as bonds. A bond is an iface stanza with bond-slaves or bond-* options
 * of its own, or a name some stanza's bond-master gives. Its options come
 * from modprobe.d's `options bonding` (the driver's defaults), then its own
 * stanza, then its members' stanzas (ifenslave lets a member say bond-mode
 * for its bond): the first to say wins, a later different value is
 * named on the notes. bond-* and bond_* are one option (ifupdown makes
 * both IF_BOND_*). Everything else is carried over or named. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "import_ifu.h"

#define MAX_BONDS 64

struct ibond {
	char name[BW_IFNAMSIZ];
	struct bw_bond_params p;
	uint32_t mask;            /* options modprobe.d or a stanza gave */
	uint32_t said;            /* options a stanza gave (modprobe.d's may be overridden) */
	int n_members;
	char members[BW_MAX_MEMBERS][BW_IFNAMSIZ];
	struct bw_bond_cfg *out;
};

struct ictx {
	struct ifu *u;
	FILE *notes;
	struct ibond b[MAX_BONDS];
	int n;
	struct bw_bond_params dflt;
	uint32_t dmask;
};

/* "bond-mode" and "bond_mode" -> "mode"; NULL when not a bond option. */
static const char *bond_key(const char *key)
{
	return (!strncmp(key, "bond-", 5) || !strncmp(key, "bond_", 5)) ? key + 5 : NULL;
}

static bool is(const char *bk, const char *name)
{
	for (; *bk && *name; bk++, name++)
		if (*bk != *name && !((*bk == '-' || *bk == '_') && (*name == '-' || *name == '_')))
			return false;
	return !*bk && !*name;
}

static struct ibond *find(struct ictx *x, const char *name)
{
	for (int i = 0; i < x->n; i++)
		if (!strcmp(x->b[i].name, name))
			return &x->b[i];
	return NULL;
}

static struct ibond *add(struct ictx *x, const char *name, const char *where)
{
	struct ibond *b = find(x, name);

	if (b)
		return b;
	if (x->n == MAX_BONDS || bw_ifname_check(name)) {
		bw_import_note(x->notes, where, "bond %s is not carried over (%s)", name,
			       x->n == MAX_BONDS ? "too many bonds" : "not an interface name");
		return NULL;
	}
	b = &x->b[x->n++];
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", name);
	b->p = x->dflt;
	b->mask = x->dmask;
	return b;
}

static void member(struct ictx *x, struct ibond *b, const char *name, const char *where)
{
	for (int i = 0; i < b->n_members; i++)
		if (!strcmp(b->members[i], name))
			return;
	if (b->n_members == BW_MAX_MEMBERS || bw_ifname_check(name)) {
		bw_import_note(x->notes, where, "member %s of %s is not carried over", name,
			       b->name);
		return;
	}
	snprintf(b->members[b->n_members++], BW_IFNAMSIZ, "%s", name);
}

/* The stanza's value of bond-master, or NULL. */
static const char *master_of(const struct ifu *u, int st)
{
	for (int i = 0; i < u->n_opt; i++)
		if (u->opt[i].stanza == st && bond_key(u->opt[i].key) &&
		    is(bond_key(u->opt[i].key), "master"))
			return u->opt[i].val;
	return NULL;
}

/* Pass 1: which names are bonds, in the order the files give them. */
static void find_bonds(struct ictx *x)
{
	struct ifu *u = x->u;
	char where[4200];

	for (int s = 0; s < u->n_st; s++) {
		const char *m = master_of(u, s);

		ifu_where(u, u->st[s].file, u->st[s].line, where, sizeof(where));
		if (m) {
			char w[BW_IFNAMSIZ * 4];

			snprintf(w, sizeof(w), "%s", m);
			w[strcspn(w, " \t")] = '\0';
			add(x, w, where);
			continue;
		}
		for (int i = 0; i < u->n_opt; i++)
			if (u->opt[i].stanza == s && bond_key(u->opt[i].key)) {
				add(x, u->st[s].name, where);
				break;
			}
	}
}

/* Whether an option in m has another value in a than in b (as the file
 * would write it: the structs' padding is no value). */
static bool differs(const struct bw_bond_params *a, const struct bw_bond_params *b, uint32_t m)
{
	char va[BW_NS_TARGETS_STRLEN + 8], vb[BW_NS_TARGETS_STRLEN + 8];

	for (int o = 0; o < BW_OPT__COUNT; o++) {
		if (!(m & BW_OPT_BIT(o)))
			continue;
		if (!bw_import_value(a, (enum bw_opt)o, va, sizeof(va)) ||
		    !bw_import_value(b, (enum bw_opt)o, vb, sizeof(vb)) || strcmp(va, vb))
			return true;
	}
	return false;
}

/* One bond-* option for b; own: from the bond's stanza (else a member's). */
static void bond_opt(struct ictx *x, struct ibond *b, const struct ifu_opt *o, const char *where)
{
	const char *k = bond_key(o->key);
	struct bw_bond_params p = b->p;
	uint32_t m = 0;

	if (is(k, "slaves") || is(k, "master"))
		return;
	if (!bw_import_bond_opt(&p, &m, k, o->key, o->val, where, x->notes))
		return;
	/* ifenslave 2.13's if-pre-up.d script writes none of these to sysfs
	 * (ifupdown2 does): the bond runs without them until bondmgr applies */
	if (m & (BW_OPT_BIT(BW_OPT_MIN_LINKS) | BW_OPT_BIT(BW_OPT_ALL_SLAVES_ACTIVE) |
		 BW_OPT_BIT(BW_OPT_LP_INTERVAL) | BW_OPT_BIT(BW_OPT_RESEND_IGMP) |
		 BW_OPT_BIT(BW_OPT_MISSED_MAX) | BW_OPT_BIT(BW_OPT_PEER_NOTIF_DELAY)))
		bw_import_note(x->notes, where, "%s %s: ifenslave does not apply it (ifupdown2 "
			       "does); bondmgr will", o->key, o->val);
	if (b->said & m) {
		if (differs(&p, &b->p, m))
			bw_import_note(x->notes, where, "%s %s is not carried over: %s's "
				       "stanzas already said otherwise", o->key, o->val, b->name);
		return;
	}
	b->p = p;
	b->mask |= m;
	b->said |= m;
}

static void add_addr(struct ictx *x, struct bw_bond_cfg *out, const char *fam, const char *addr,
		     const char *mask, const char *where)
{
	char buf[IFU_LINE_MAX + 16];
	struct bw_prefix p;
	struct bw_ip m;
	int len;

	if (strchr(addr, '/'))
		snprintf(buf, sizeof(buf), "%s", addr);
	else if (mask && bw_ip_parse(mask, &m) == 0 && m.family == AF_INET) {
		uint32_t v = ntohl(m.a.v4.s_addr);

		len = 0;
		while (v & 0x80000000u) {
			v <<= 1;
			len++;
		}
		if (v)
			len = -1;   /* not a contiguous mask */
		snprintf(buf, sizeof(buf), "%s/%d", addr, len);
	} else if (mask && strspn(mask, "0123456789") == strlen(mask) && strlen(mask) <= 3) {
		snprintf(buf, sizeof(buf), "%s/%s", addr, mask);
	} else {
		bw_import_note(x->notes, where, "address %s (%s) is not carried over: it needs "
			       "a prefix length (address A/N, or a netmask line)", addr, fam);
		return;
	}
	if (bw_prefix_parse(buf, &p) < 0 || (!strcmp(fam, "inet") != (p.ip.family == AF_INET))) {
		bw_import_note(x->notes, where, "address %s is not carried over: not an %s "
			       "address with a valid prefix", buf, fam);
		return;
	}
	if (out->n_addrs < BW_MAX_ADDRS)
		out->addrs[out->n_addrs++] = p;
}

static void list_ns(struct ictx *x, struct bw_bond_cfg *out, char *val, bool search,
		    const char *where)
{
	char *w[16];
	int n = bw_import_words(val, false, w, 16);
	struct bw_ip ip;

	for (int i = 0; i < n; i++) {
		if (search) {
			if (out->n_search < BW_MAX_SEARCH && strlen(w[i]) < BW_DOMAIN_LEN)
				snprintf(out->search[out->n_search++], BW_DOMAIN_LEN, "%s", w[i]);
			continue;
		}
		if (bw_ip_parse(w[i], &ip) < 0 || out->n_nameservers == BW_MAX_NAMESERVERS)
			bw_import_note(x->notes, where, "nameserver %s is not carried over", w[i]);
		else
			out->nameservers[out->n_nameservers++] = ip;
	}
}

/* The bond's own stanza (one per family): addresses, gateway, DNS. */
static void bond_stanza(struct ictx *x, struct ibond *b, int s)
{
	struct ifu *u = x->u;
	const struct ifu_stanza *st = &u->st[s];
	struct bw_bond_cfg *out = b->out;
	const char *mask = NULL;
	char where[4200], val[IFU_LINE_MAX];
	int route = -1;

	ifu_where(u, st->file, st->line, where, sizeof(where));
	if (!strcmp(st->method, "dhcp") && !strcmp(st->family, "inet"))
		out->dhcp.v4 = true;
	else if (!strcmp(st->method, "dhcp") && !strcmp(st->family, "inet6"))
		out->dhcp.v6 = true;
	else if (!strcmp(st->method, "auto") && !strcmp(st->family, "inet6"))
		out->dhcp.accept_ra = 1;   /* SLAAC: router advertisements */
	else if (strcmp(st->method, "static") && strcmp(st->method, "manual"))
		bw_import_note(x->notes, where, "iface %s %s %s: method %s is not carried over "
			       "(bondmgr configures static addresses, DHCP and router "
			       "advertisements)", st->name, st->family, st->method, st->method);
	for (int i = 0; i < u->n_opt; i++)
		if (u->opt[i].stanza == s && !strcmp(u->opt[i].key, "netmask"))
			mask = u->opt[i].val;
	for (int i = 0; i < u->n_opt; i++) {
		const struct ifu_opt *o = &u->opt[i];
		const char *k = o->key;

		if (o->stanza != s)
			continue;
		ifu_where(u, o->file, o->line, where, sizeof(where));
		snprintf(val, sizeof(val), "%s", o->val);
		if (bond_key(k) && is(bond_key(k), "slaves")) {
			char *w[BW_MAX_MEMBERS + 1];
			int n = bw_import_words(val, false, w, BW_MAX_MEMBERS + 1);

			for (int j = 0; j < n; j++)
				if (strcmp(w[j], "none"))
					member(x, b, w[j], where);
		} else if (bond_key(k)) {
			bond_opt(x, b, o, where);
		} else if (!strcmp(k, "address")) {
			val[strcspn(val, " \t")] = '\0';
			add_addr(x, out, st->family, val, mask, where);
		} else if (!strcmp(k, "netmask")) {
			continue;
		} else if (!strcmp(k, "gateway")) {
			struct bw_ip ip;

			val[strcspn(val, " \t")] = '\0';
			if (bw_ip_parse(val, &ip) < 0 || out->n_routes == BW_MAX_ROUTES) {
				bw_import_note(x->notes, where, "gateway %s is not carried over", val);
				continue;
			}
			route = out->n_routes++;
			out->routes[route].via = ip;
		} else if (!strcmp(k, "mtu")) {
			bw_import_link_opt(out, BW_OPT_MTU, k, val, where, x->notes);
		} else if (!strcmp(k, "hwaddress")) {
			/* "hwaddress ether XX:..." or "hwaddress XX:..." */
			const char *mac = !strncmp(val, "ether ", 6) ? val + 6 : val;

			bw_import_link_opt(out, BW_OPT_MACADDRESS, k, mac + strspn(mac, " \t"),
					   where, x->notes);
		} else if (!strcmp(k, "dns-nameservers") || !strcmp(k, "dns-nameserver")) {
			list_ns(x, out, val, false, where);
		} else if (!strcmp(k, "dns-search") || !strcmp(k, "dns-domain")) {
			list_ns(x, out, val, true, where);
		} else {
			bw_import_note(x->notes, where, "%s %s is not carried over: bondmgr does "
				       "not manage it", k, o->val);
		}
	}
	(void)route;
}

/* A member's stanza: bond-* options for its bond; the rest is named. */
static void member_stanza(struct ictx *x, struct ibond *b, int s)
{
	struct ifu *u = x->u;
	const struct ifu_stanza *st = &u->st[s];
	char where[4200];

	ifu_where(u, st->file, st->line, where, sizeof(where));
	member(x, b, st->name, where);
	if (!strcmp(st->method, "dhcp") || !strcmp(st->method, "static"))
		bw_import_note(x->notes, where, "iface %s %s %s is not carried over: a bond "
			       "member carries no address of its own", st->name, st->family,
			       st->method);
	for (int i = 0; i < u->n_opt; i++) {
		const struct ifu_opt *o = &u->opt[i];

		if (o->stanza != s)
			continue;
		ifu_where(u, o->file, o->line, where, sizeof(where));
		if (bond_key(o->key))
			bond_opt(x, b, o, where);
		else if (!strcmp(o->key, "wpa-conf"))
			bw_import_note(x->notes, where, "wpa-conf %s is not carried over: "
				       "write %s's network as a wifis: entry (bondwatch.yaml(5)) "
				       "and bondmgr runs wpa_supplicant for %s", o->val,
				       st->name, st->name);
		else if (!strncmp(o->key, "wpa-", 4))
			bw_import_note(x->notes, where, "%s (value not shown) is not carried "
				       "over: Wi-Fi settings stay with wpa_supplicant", o->key);
		else
			bw_import_note(x->notes, where, "%s %s on member %s is not carried over",
				       o->key, o->val, st->name);
	}
}

static void build(struct ictx *x, struct bw_config *cfg)
{
	struct ifu *u = x->u;

	for (int i = 0; i < x->n; i++) {
		x->b[i].out = bw_import_bond(cfg, x->b[i].name);
		if (!x->b[i].out)
			continue;
		for (int s = 0; s < u->n_st; s++)
			if (!strcmp(u->st[s].name, x->b[i].name) && !master_of(u, s))
				bond_stanza(x, &x->b[i], s);
	}
	for (int s = 0; s < u->n_st; s++) {
		const char *m = master_of(u, s);
		char w[BW_IFNAMSIZ * 4];
		struct ibond *b;

		if (!m)
			continue;
		snprintf(w, sizeof(w), "%s", m);
		w[strcspn(w, " \t")] = '\0';
		b = find(x, w);
		if (b && b->out)
			member_stanza(x, b, s);
	}
}

/* The bonds into cfg; one without members is dropped (named). */
static int finish(struct ictx *x, struct bw_config *cfg)
{
	int k = 0;

	for (int i = 0; i < x->n; i++) {
		struct ibond *b = &x->b[i];
		struct bw_bond_cfg *out = b->out;
		struct bw_bond_params link;

		if (!out)
			continue;
		if (!b->n_members) {
			bw_import_note(x->notes, b->name, "not carried over: no member (neither "
				       "bond-slaves nor a stanza with bond-master %s)", b->name);
			continue;
		}
		link = out->params;   /* mtu and hwaddress, from bond_stanza */
		out->params = b->p;
		out->params.mtu = link.mtu;
		out->params.has_mac = link.has_mac;
		memcpy(out->params.mac, link.mac, sizeof(link.mac));
		out->set_mask = b->mask |
				(out->set_mask & (BW_OPT_BIT(BW_OPT_MTU) | BW_OPT_BIT(BW_OPT_MACADDRESS)));
		bw_import_fit(out, b->name, x->notes);
		out->n_members = b->n_members;
		memcpy(out->members, b->members, sizeof(out->members));
		for (int r = 0; r < out->n_routes; r++)
			out->routes[r].has_metric = false;
		if (&cfg->bonds[k] != out)
			cfg->bonds[k] = *out;
		k++;
	}
	cfg->n_bonds = k;
	return k;
}

int bw_import_ifupdown(const char *const *files, int n_files, const char *modprobe_dir,
		       struct bw_config *cfg, FILE *notes)
{
	struct ictx *x = calloc(1, sizeof(*x));
	struct ifu u = { .notes = notes };
	int rc = -1;

	u.st = calloc(IFU_MAX_STANZAS, sizeof(*u.st));
	u.opt = calloc(IFU_MAX_OPTS, sizeof(*u.opt));
	if (!x || !u.st || !u.opt)
		goto out;
	x->u = &u;
	x->notes = notes;
	bw_bond_params_default(&x->dflt);
	bw_import_modprobe(modprobe_dir, &x->dflt, &x->dmask, notes);
	for (int i = 0; i < n_files; i++)
		if (ifu_read(&u, files[i]) < 0)
			goto out;
	find_bonds(x);
	build(x, cfg);
	rc = finish(x, cfg);
out:
	ifu_free(&u);
	free(x);
	return rc;
}
