// SPDX-License-Identifier: GPL-2.0-or-later
/* config_members.c - the parts of a netplan file that are not bonds but
 * come with every netplan bond: renderer: (a note: bondwatch renders the
 * bonds itself) and the ethernets: entries that declare a bond's members.
 *
 * A member entry may say what makes sense on an enslaved link: no address
 * of its own (dhcp4/dhcp6/accept-ra false, link-local), optional, its MTU
 * where it is the bond's, and match: {macaddress} with set-name to pin the
 * name to a MAC. Keys that would make the link a standalone interface
 * (addresses, routes, DHCP on) are errors that say why: the bonding driver
 * owns an enslaved link, and its address lives on the bond. An entry for a
 * link that no bond names is an error: bondwatch manages bonds and their
 * members, nothing else (see bondwatch.yaml(5)). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "bondwatch/file.h"
#include "bondwatch/kstate.h"
#include "config_priv.h"

/* The MTU the kernel gives a new bond; bondmgr sets no MTU, and the kernel
 * gives each member its bond's MTU when enslaving it (bond_enslave). */
#define BOND_DEFAULT_MTU 1500

/* netplan's booleans (its parse.c takes these words, any case). */
static int yaml_bool(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on", "y" };
	static const char *const no[] = { "false", "no", "off", "n" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

void bw_cfg_k_renderer(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	const char *s = bw_cfg_scalar(c, val, "'renderer'");

	(void)obj;
	(void)k;
	(void)key;
	if (!s)
		return;
	if (strcmp(s, "networkd") && strcmp(s, "NetworkManager")) {
		bw_cfg_err(c, val, "unknown renderer '%s'; netplan's renderers are "
			   "networkd and NetworkManager", s);
		return;
	}
	bw_diags_add(c->d, BW_SEV_NOTE, val->pos, "renderer %s is not used: bondwatch "
		     "renders the bonds itself (bondmgr apply, bondmgr watch); do not "
		     "also give this file to netplan", s);
}

/* ---- one ethernets: entry ---------------------------------------------- */

/* A boolean key whose true value would make the member a standalone
 * interface; why says what it would do. */
static const char *const standalone_why[] = {
	"would run a DHCPv4 client on the member",
	"would run a DHCPv6 client on the member",
	"would take router advertisements (addresses, routes) on the member",
};

static void m_off_only(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	struct bw_member_cfg *m = obj;
	const char *s = bw_cfg_scalar(c, val, key->str);
	int v = s ? yaml_bool(s) : -1;

	if (s && v < 0)
		bw_cfg_err(c, val, "invalid %s '%s': must be true or false", key->str, s);
	else if (v == 1)
		bw_cfg_err(c, val, "%s: %s on %s %s; a bond member carries no address of "
			   "its own: the bond's addresses are on the bond", key->str, s,
			   m->id, standalone_why[k->arg]);
}

static void m_optional(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	struct bw_member_cfg *m = obj;
	const char *s = bw_cfg_scalar(c, val, "'optional'");
	int v = s ? yaml_bool(s) : -1;

	(void)k;
	(void)key;
	if (s && v < 0)
		bw_cfg_err(c, val, "invalid optional '%s': must be true or false", s);
	m->optional = v == 1;
}

/* mtu: the member gets its bond's MTU from the kernel whatever is written,
 * so a different value would be a promise bondmgr does not keep. */
static void m_mtu(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		  const struct ynode *key, const struct ynode *val)
{
	struct bw_member_cfg *m = obj;
	const char *s = bw_cfg_scalar(c, val, "'mtu'");
	uint64_t v;

	(void)k;
	(void)key;
	if (!s)
		return;
	if (bw_cv_uint(s, 65535, &v) || v < 68)
		bw_cfg_err(c, val, "invalid mtu '%s': must be a whole number from 68 to "
			   "65535", s);
	else if (v != BOND_DEFAULT_MTU)
		bw_cfg_err(c, val, "mtu %s on %s: the kernel gives a member its bond's "
			   "MTU when enslaving it, and bondmgr leaves bonds at %d; drop "
			   "mtu or write %d", s, m->id, BOND_DEFAULT_MTU, BOND_DEFAULT_MTU);
}

static void ll_word(struct cfg_ctx *c, const struct ynode *it)
{
	const char *s = bw_cfg_scalar(c, it, "each entry of 'link-local'");

	if (s && strcmp(s, "ipv4") && strcmp(s, "ipv6"))
		bw_cfg_err(c, it, "invalid link-local entry '%s': must be ipv4 or ipv6", s);
}

/* link-local: the kernel configures no address on an enslaved link
 * (addrconf skips IFF_SLAVE), so any valid list describes the same link. */
static void m_link_local(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			 const struct ynode *key, const struct ynode *val)
{
	(void)obj;
	(void)k;
	(void)key;
	if (!bw_cfg_want(c, val, YN_SEQ, "'link-local'"))
		return;
	for (const struct ynode *it = bw_yn_first(c->t, val); it; it = bw_yn_next(c->t, it))
		ll_word(c, it);
}

static int hex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "aa:bb:cc:dd:ee:ff" (either case); -1 otherwise. */
static int mac_parse(const char *s, uint8_t mac[6])
{
	if (strlen(s) != 17)
		return -1;
	for (int i = 0; i < 6; i++) {
		int hi = hex(s[i * 3]), lo = hex(s[i * 3 + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':'))
			return -1;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static void match_mac(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	struct bw_member_cfg *m = obj;
	const char *s = bw_cfg_scalar(c, val, "'macaddress'");

	(void)k;
	(void)key;
	m->mac_pos = val->pos;   /* given, even if refused: set-name has its match */
	if (!s)
		return;
	if (mac_parse(s, m->mac) < 0) {
		bw_cfg_err(c, val, "invalid macaddress '%s'; expected six hex pairs "
			   "like 52:54:00:12:34:56", s);
		return;
	}
	m->has_mac = true;
}

static void match_other(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			const struct ynode *key, const struct ynode *val)
{
	(void)obj;
	(void)k;
	(void)val;
	bw_cfg_err(c, key, "match: %s is not supported: bondwatch names each member "
		   "by its interface name (or match: macaddress with set-name); list "
		   "the members in the bond's interfaces:", key->str);
}

static const struct cfg_key match_keys[] = {
	{ "macaddress", match_mac, 0, false },
	{ "name", match_other, 0, true },
	{ "driver", match_other, 0, true },
};

static void m_match(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val)
{
	(void)k;
	(void)key;
	if (!bw_cfg_want(c, val, YN_MAP, "'match'"))
		return;
	bw_cfg_walk_map(c, val, "match", match_keys,
			sizeof(match_keys) / sizeof(match_keys[0]), obj);
}

static void m_set_name(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	struct bw_member_cfg *m = obj;
	const char *s = bw_cfg_scalar(c, val, "'set-name'");
	const char *why = s ? bw_ifname_check(s) : NULL;

	(void)k;
	(void)key;
	if (why)
		bw_cfg_err(c, val, "invalid set-name '%s': %s", s, why);
	else if (s)
		snprintf(m->name, sizeof(m->name), "%s", s);
}

/* Keys that configure an interface on its own: refused on a member, with
 * what to do instead. */
static void m_standalone(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			 const struct ynode *key, const struct ynode *val)
{
	struct bw_member_cfg *m = obj;

	(void)k;
	(void)val;
	bw_cfg_err(c, key, "'%s' on %s would configure it as a standalone interface; "
		   "a bond member carries no address, route or DNS of its own: put "
		   "'%s' on the bond", key->str, m->id, key->str);
}

static void m_macaddress(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			 const struct ynode *key, const struct ynode *val)
{
	(void)obj;
	(void)k;
	(void)val;
	bw_cfg_err(c, key, "'macaddress' sets a member's MAC, which the bonding driver "
		   "decides (fail-over-mac-policy); to name a member by its MAC write "
		   "match: {macaddress: ...} with set-name");
}

static const struct cfg_key member_keys[] = {
	{ "dhcp4", m_off_only, 0, false },
	{ "dhcp6", m_off_only, 1, false },
	{ "accept-ra", m_off_only, 2, false },
	{ "optional", m_optional, 0, false },
	{ "match", m_match, 0, false },
	{ "set-name", m_set_name, 0, false },
	{ "mtu", m_mtu, 0, false },
	{ "link-local", m_link_local, 0, false },
	{ "addresses", m_standalone, 0, true },
	{ "routes", m_standalone, 0, true },
	{ "routing-policy", m_standalone, 0, true },
	{ "gateway4", m_standalone, 0, true },
	{ "gateway6", m_standalone, 0, true },
	{ "nameservers", m_standalone, 0, true },
	{ "dhcp4-overrides", m_standalone, 0, true },
	{ "dhcp6-overrides", m_standalone, 0, true },
	{ "ipv6-address-generation", m_standalone, 0, true },
	{ "ipv6-address-token", m_standalone, 0, true },
	{ "macaddress", m_macaddress, 0, true },
};

static void k_entry(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val)
{
	struct bw_config *cfg = obj;
	const char *why = bw_ifname_check(key->str);
	struct bw_member_cfg *m = &cfg->ethernets[cfg->n_ethernets];
	bool has_set_name;

	(void)k;
	if (why) {
		bw_cfg_err(c, key, "invalid interface name '%s': %s", key->str, why);
		return;
	}
	cfg->n_ethernets++;
	snprintf(m->id, sizeof(m->id), "%s", key->str);
	m->pos = key->pos;
	/* enp3s0: {} and enp3s0: (nothing) both just declare the member. */
	if (!bw_yn_is_null(val) && bw_cfg_want(c, val, YN_MAP, key->str))
		bw_cfg_walk_map(c, val, m->id, member_keys,
				sizeof(member_keys) / sizeof(member_keys[0]), m);
	has_set_name = m->name[0] != '\0';
	if (has_set_name && !m->mac_pos.line)
		bw_cfg_err(c, key, "%s has set-name but no match: {macaddress: ...}; "
			   "set-name names the link that match finds", m->id);
	if (!has_set_name)
		snprintf(m->name, sizeof(m->name), "%s", m->id);
}

void bw_cfg_k_ethernets(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			const struct ynode *key, const struct ynode *val)
{
	static const struct cfg_key any[] = { { NULL, k_entry, 0, false } };
	int n;

	(void)obj;
	(void)k;
	(void)key;
	if (bw_yn_is_null(val))
		return;
	if (!bw_cfg_want(c, val, YN_MAP, "'ethernets'"))
		return;
	n = val->n / 2;
	if (n == 0 || n > BW_CFG_MAX_KEYS)
		return;   /* {} declares nothing; too many: walk_map says so */
	c->cfg->ethernets = calloc((size_t)n, sizeof(*c->cfg->ethernets));
	if (!c->cfg->ethernets) {
		bw_cfg_err(c, val, "out of memory");
		return;
	}
	bw_cfg_walk_map(c, val, "ethernets", any, 1, c->cfg);
}

/* ---- rules across the file --------------------------------------------- */

static struct bw_member_cfg *entry_by_id(struct bw_config *cfg, const char *id)
{
	for (int i = 0; i < cfg->n_ethernets; i++)
		if (!strcmp(cfg->ethernets[i].id, id))
			return &cfg->ethernets[i];
	return NULL;
}

void bw_cfg_members_rules(struct cfg_ctx *c)
{
	struct bw_config *cfg = c->cfg;

	for (int i = 0; i < cfg->n_bonds; i++) {
		struct bw_bond_cfg *b = &cfg->bonds[i];

		for (int j = 0; j < b->n_members; j++) {
			struct bw_member_cfg *m = entry_by_id(cfg, b->members[j]);

			if (!m)
				continue;
			m->found = true;
			/* interfaces: and primary: name the entry; the kernel
			 * knows the link by its set-name. */
			if (!strcmp(b->params.primary, m->id))
				snprintf(b->params.primary, BW_IFNAMSIZ, "%s", m->name);
			snprintf(b->members[j], BW_IFNAMSIZ, "%s", m->name);
		}
	}
	for (int i = 0; i < cfg->n_ethernets; i++)
		if (!cfg->ethernets[i].found)
			bw_diags_add(c->d, BW_SEV_ERROR, cfg->ethernets[i].pos,
				     "%s is not a member of any bond: bondwatch manages "
				     "bonds and their members only; leave %s to another "
				     "tool (remove this entry) or name it in a bond's "
				     "interfaces:", cfg->ethernets[i].id, cfg->ethernets[i].id);
}

/* ---- against the running system ---------------------------------------- */

/* The link's own MAC: a bond slave's permanent one (the bond may have
 * changed its address), else sysfs' address file. False if unknown. */
static bool link_mac(const struct bw_link *l, const char *sysfs_root, uint8_t mac[6])
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	bool ok;

	if (l->is_bond_slave) {
		memcpy(mac, l->slave.perm_hwaddr, 6);
		return true;
	}
	if (bw_ifname_check(l->name))
		return false;
	snprintf(path, sizeof(path), "%s/class/net/%s/address", sysfs_root, l->name);
	if (bw_file_read(path, 64, 0, &buf, &len, NULL) < 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	ok = mac_parse(buf, mac) == 0;
	free(buf);
	return ok;
}

static void check_mac(const struct bw_member_cfg *m, const struct bw_kstate *ks,
		      const char *sysfs_root, struct bw_diags *d)
{
	const struct bw_link *l = bw_kstate_link_by_name(ks, m->name);
	uint8_t mac[6];

	if (!l || (link_mac(l, sysfs_root, mac) && !memcmp(mac, m->mac, 6)))
		return;   /* absent: config_system.c says so */
	for (int i = 0; i < ks->n_links; i++) {
		if (!link_mac(&ks->links[i], sysfs_root, mac) || memcmp(mac, m->mac, 6))
			continue;
		bw_diags_add(d, BW_SEV_ERROR, m->mac_pos, "the link with this MAC is "
			     "%s, not %s: bondwatch does not rename links (netplan's "
			     "set-name is a udev rename at boot); write a systemd .link "
			     "file, or name %s in the bond", ks->links[i].name, m->name,
			     ks->links[i].name);
		return;
	}
	bw_diags_add(d, BW_SEV_ERROR, m->mac_pos, "%s does not have this MAC, and no "
		     "link has", m->name);
}

void bw_cfg_members_system(const struct bw_config *cfg, const struct bw_kstate *ks,
			   const char *sysfs_root, struct bw_diags *d)
{
	if (!sysfs_root)
		sysfs_root = "/sys";
	for (int i = 0; i < cfg->n_ethernets; i++)
		if (cfg->ethernets[i].has_mac)
			check_mac(&cfg->ethernets[i], ks, sysfs_root, d);
}

void bw_config_drop_absent_optional(struct bw_config *cfg, const struct bw_kstate *ks,
				    struct bw_diags *d)
{
	for (int e = 0; e < cfg->n_ethernets; e++) {
		const struct bw_member_cfg *m = &cfg->ethernets[e];

		if (!m->optional || bw_kstate_link_by_name(ks, m->name))
			continue;
		for (int i = 0; i < cfg->n_bonds; i++) {
			struct bw_bond_cfg *b = &cfg->bonds[i];
			int k = 0;

			for (int j = 0; j < b->n_members; j++) {
				if (strcmp(b->members[j], m->name)) {
					memmove(b->members[k], b->members[j], BW_IFNAMSIZ);
					b->member_pos[k++] = b->member_pos[j];
					continue;
				}
				bw_diags_add(d, BW_SEV_NOTE, b->member_pos[j], "%s is optional "
					     "and absent: %s is built without it; bondmgr "
					     "watch enslaves it when it appears", m->name,
					     b->name);
			}
			b->n_members = k;
			/* The kernel takes a primary by ifindex (bw_watch_effective
			 * does the same for links that come and go). */
			if (!strcmp(b->params.primary, m->name))
				b->params.primary[0] = '\0';
		}
	}
}
