// SPDX-License-Identifier: GPL-2.0-or-later
/* import_nm.c - `bondmgr import --from networkmanager`: NetworkManager's
 * keyfiles (nm-settings-keyfile(5), /etc/NetworkManager/system-connections)
 * of type bond, and their ports: connections whose controller (or the
 * older master) names the bond's interface, id or uuid, with port-type (or
 * slave-type) bond. [bond] keys are the kernel's option names; [ipv4] and
 * [ipv6] give manual addresses (address1=IP/N[,GATEWAY], gateway=), dns=
 * and dns-search= (lists ending in ';'), route-metric. Everything else a
 * bond or port says is named on the notes; Wi-Fi secrets are not shown. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "bondwatch/file.h"
#include "import_priv.h"

#define NM_MAX_CONNS 256
#define NM_MAX_LINES 256

struct nm_line {
	char section[32], key[48], val[256];
	int line;
};

struct nm_conn {
	char path[4096];
	char id[128], uuid[64], type[32], ifname[BW_IFNAMSIZ], controller[128], port_type[32];
	int n;
	struct nm_line *l;       /* NM_MAX_LINES */
	bool used;
};

/* Known connection keys, read into the struct; the rest stays in l[]. */
static bool conn_key(struct nm_conn *c, const struct nm_line *l)
{
	static const struct {
		const char *key;
		size_t off, len;
	} keys[] = {
		{ "id", offsetof(struct nm_conn, id), sizeof(((struct nm_conn *)0)->id) },
		{ "uuid", offsetof(struct nm_conn, uuid), sizeof(((struct nm_conn *)0)->uuid) },
		{ "type", offsetof(struct nm_conn, type), sizeof(((struct nm_conn *)0)->type) },
		{ "controller", offsetof(struct nm_conn, controller),
		  sizeof(((struct nm_conn *)0)->controller) },
		{ "master", offsetof(struct nm_conn, controller),
		  sizeof(((struct nm_conn *)0)->controller) },
		{ "port-type", offsetof(struct nm_conn, port_type),
		  sizeof(((struct nm_conn *)0)->port_type) },
		{ "slave-type", offsetof(struct nm_conn, port_type),
		  sizeof(((struct nm_conn *)0)->port_type) },
	};

	if (strcmp(l->section, "connection"))
		return false;
	if (!strcmp(l->key, "interface-name")) {
		if (!bw_ifname_check(l->val) && strlen(l->val) < sizeof(c->ifname))
			memcpy(c->ifname, l->val, strlen(l->val) + 1);
		return true;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(l->key, keys[i].key))
			continue;
		snprintf((char *)c + keys[i].off, keys[i].len, "%s", l->val);
		return true;
	}
	return false;
}

static int parse(struct nm_conn *c, FILE *notes)
{
	char *buf = NULL, *s, *nl, section[32] = "";
	int rc = bw_file_read(c->path, BW_IMPORT_MAX_FILE, BW_FILE_REGULAR, &buf, NULL, NULL);
	int lineno = 0;

	if (rc < 0) {
		bw_import_note(notes, c->path, "cannot be read: not carried over");
		return -1;
	}
	for (s = buf; *s; s = nl) {
		struct nm_line *l;
		char *eq;

		nl = s + strcspn(s, "\n");
		if (*nl)
			*nl++ = '\0';
		lineno++;
		s[strcspn(s, "\r")] = '\0';
		s += strspn(s, " \t");
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			snprintf(section, sizeof(section), "%.*s", (int)strcspn(s + 1, "]"), s + 1);
			continue;
		}
		eq = strchr(s, '=');
		if (!eq || c->n == NM_MAX_LINES)
			continue;
		*eq = '\0';
		l = &c->l[c->n];
		snprintf(l->section, sizeof(l->section), "%s", section);
		snprintf(l->key, sizeof(l->key), "%s", s);
		snprintf(l->val, sizeof(l->val), "%s", eq + 1);
		l->line = lineno;
		if (!conn_key(c, l))
			c->n++;
	}
	free(buf);
	return 0;
}

static void where(const struct nm_conn *c, int line, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%d", c->path, line);
}

/* "a;b;" into the bond's nameservers or search list. */
static void dns_list(struct bw_bond_cfg *b, const char *val, bool search, const char *at,
		     FILE *notes)
{
	char copy[256], *w[16];
	int n;
	struct bw_ip ip;

	snprintf(copy, sizeof(copy), "%s", val);
	for (char *p = copy; *p; p++)
		if (*p == ';')
			*p = ' ';
	n = bw_import_words(copy, false, w, 16);
	for (int i = 0; i < n; i++) {
		if (search) {
			if (b->n_search < BW_MAX_SEARCH && strlen(w[i]) < BW_DOMAIN_LEN)
				snprintf(b->search[b->n_search++], BW_DOMAIN_LEN, "%s", w[i]);
		} else if (bw_ip_parse(w[i], &ip) == 0 && b->n_nameservers < BW_MAX_NAMESERVERS) {
			b->nameservers[b->n_nameservers++] = ip;
		} else {
			bw_import_note(notes, at, "nameserver %s is not carried over", w[i]);
		}
	}
}

static void gateway(struct bw_bond_cfg *b, const char *gw, const char *at, FILE *notes)
{
	struct bw_ip ip;

	if (bw_ip_parse(gw, &ip) < 0 || b->n_routes == BW_MAX_ROUTES) {
		bw_import_note(notes, at, "gateway %s is not carried over", gw);
		return;
	}
	for (int i = 0; i < b->n_routes; i++)
		if (bw_ip_equal(&b->routes[i].via, &ip))
			return;
	b->routes[b->n_routes++].via = ip;
}

/* addressN=IP/N[,GATEWAY] (also addresses=, the older spelling). */
static void address(struct bw_bond_cfg *b, char *val, const char *at, FILE *notes)
{
	char *gw = strchr(val, ',');
	struct bw_prefix p;

	if (gw)
		*gw++ = '\0';
	if (bw_prefix_parse(val, &p) < 0 || b->n_addrs == BW_MAX_ADDRS) {
		bw_import_note(notes, at, "address %s is not carried over", val);
		return;
	}
	b->addrs[b->n_addrs++] = p;
	if (gw && *gw)
		gateway(b, gw, at, notes);
}

static void ip_key(struct bw_bond_cfg *b, const struct nm_line *l, const char *at, FILE *notes,
		   uint32_t *metric, bool *has_metric)
{
	char val[256];
	const char *k = l->key;

	snprintf(val, sizeof(val), "%s", l->val);
	if (!strcmp(k, "method")) {
		bool v4 = !strcmp(l->section, "ipv4");

		if (v4 && !strcmp(val, "auto"))
			b->dhcp.v4 = true;
		else if (!v4 && !strcmp(val, "dhcp"))
			b->dhcp.v6 = true;
		else if (!v4 && !strcmp(val, "auto"))
			b->dhcp.accept_ra = 1;   /* SLAAC, DHCPv6 as the router says */
		else if (strcmp(val, "manual") && strcmp(val, "disabled") &&
			 strcmp(val, "ignore") && strcmp(val, "link-local"))
			bw_import_note(notes, at, "%s.method=%s is not carried over (bondmgr "
				       "configures static addresses, DHCP and router "
				       "advertisements)", l->section, val);
	} else if (!strncmp(k, "address", 7)) {
		address(b, val, at, notes);
	} else if (!strcmp(k, "gateway")) {
		gateway(b, val, at, notes);
	} else if (!strcmp(k, "dns")) {
		dns_list(b, val, false, at, notes);
	} else if (!strcmp(k, "dns-search")) {
		dns_list(b, val, true, at, notes);
	} else if (!strcmp(k, "route-metric")) {
		unsigned long m = strtoul(val, NULL, 10);

		if (m > 0 && m <= UINT32_MAX) {
			*metric = (uint32_t)m;
			*has_metric = true;
		}
	} else if (strcmp(k, "may-fail") && strcmp(k, "addr-gen-mode")) {
		bw_import_note(notes, at, "%s.%s=%s is not carried over: bondmgr does not "
			       "manage it", l->section, k, val);
	}
}

static void bond_conn(struct nm_conn *c, struct bw_bond_cfg *b, FILE *notes)
{
	char at[4200];
	uint32_t metric = 0;
	bool has_metric = false;

	for (int i = 0; i < c->n; i++) {
		const struct nm_line *l = &c->l[i];

		where(c, l->line, at, sizeof(at));
		if (!strcmp(l->section, "bond"))
			bw_import_bond_opt(&b->params, &b->set_mask, l->key, l->key, l->val, at,
					   notes);
		else if (!strcmp(l->section, "ipv4") || !strcmp(l->section, "ipv6"))
			ip_key(b, l, at, notes, &metric, &has_metric);
		else if ((!strcmp(l->section, "ethernet") ||
			  !strcmp(l->section, "802-3-ethernet")) && !strcmp(l->key, "mtu"))
			bw_import_link_opt(b, BW_OPT_MTU, "ethernet.mtu", l->val, at, notes);
		else if ((!strcmp(l->section, "ethernet") ||
			  !strcmp(l->section, "802-3-ethernet")) &&
			 !strcmp(l->key, "cloned-mac-address"))
			bw_import_link_opt(b, BW_OPT_MACADDRESS, "ethernet.cloned-mac-address",
					   l->val, at, notes);
		else if (strcmp(l->section, "proxy") && strcmp(l->section, "connection"))
			bw_import_note(notes, at, "%s.%s is not carried over", l->section, l->key);
		else if (!strcmp(l->section, "connection") && strcmp(l->key, "autoconnect") &&
			 strcmp(l->key, "timestamp") && strcmp(l->key, "permissions") &&
			 strcmp(l->key, "autoconnect-ports") && strcmp(l->key, "autoconnect-slaves"))
			bw_import_note(notes, at, "connection.%s=%s is not carried over",
				       l->key, l->val);
	}
	for (int i = 0; i < b->n_routes; i++) {
		b->routes[i].metric = metric;
		b->routes[i].has_metric = has_metric;
	}
}

static bool names_bond(const struct nm_conn *port, const struct nm_conn *bond)
{
	return port->controller[0] && strcmp(port->type, "bond") &&
	       (!strcmp(port->controller, bond->ifname) ||
		(bond->uuid[0] && !strcmp(port->controller, bond->uuid)) ||
		(bond->id[0] && !strcmp(port->controller, bond->id)));
}

static void port_conn(struct nm_conn *p, struct bw_bond_cfg *b, FILE *notes)
{
	char at[4200];

	if (!p->ifname[0]) {
		bw_import_note(notes, p->path, "port %s has no interface-name: not carried "
			       "over (bondwatch names members by interface)", p->id);
		return;
	}
	if (b->n_members < BW_MAX_MEMBERS)
		snprintf(b->members[b->n_members++], BW_IFNAMSIZ, "%s", p->ifname);
	for (int i = 0; i < p->n; i++) {
		const struct nm_line *l = &p->l[i];

		where(p, l->line, at, sizeof(at));
		if (!strcmp(l->section, "connection") || !strcmp(l->section, "proxy") ||
		    ((!strcmp(l->section, "ipv4") || !strcmp(l->section, "ipv6")) &&
		     !strcmp(l->key, "method") && (!strcmp(l->val, "disabled") ||
						   !strcmp(l->val, "ignore"))))
			continue;
		if (!strncmp(l->section, "wifi", 4) || !strncmp(l->section, "802-11", 6))
			bw_import_note(notes, at, "%s.%s (value not shown) is not carried over: "
				       "write %s's network as a wifis: entry (bondwatch.yaml(5))",
				       l->section,
				       l->key, p->ifname);
		else
			bw_import_note(notes, at, "%s.%s=%s on port %s is not carried over",
				       l->section, l->key, l->val, p->ifname);
	}
}

static int not_hidden(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n && e->d_name[n - 1] != '~';
}

int bw_import_nm(const char *dir, struct bw_config *cfg, FILE *notes)
{
	struct nm_conn *c = calloc(NM_MAX_CONNS, sizeof(*c));
	struct dirent **names = NULL;
	int n = scandir(dir, &names, not_hidden, alphasort), k = 0;

	if (n < 0 || !c) {
		bw_import_note(notes, dir, "cannot be read");
		free(c);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (k < NM_MAX_CONNS) {
			snprintf(c[k].path, sizeof(c[k].path), "%s/%s", dir, names[i]->d_name);
			c[k].l = calloc(NM_MAX_LINES, sizeof(*c[k].l));
			if (c[k].l && parse(&c[k], notes) == 0) {
				k++;
			} else {
				free(c[k].l);
				c[k].l = NULL;
			}
		}
		free(names[i]);
	}
	free(names);
	for (int i = 0; i < k; i++) {
		struct bw_bond_cfg *b;
		int before;

		if (strcmp(c[i].type, "bond"))
			continue;
		before = cfg->n_bonds;
		if (!c[i].ifname[0] || !(b = bw_import_bond(cfg, c[i].ifname)) ||
		    cfg->n_bonds == before) {
			bw_import_note(notes, c[i].path, "bond %s is not carried over (no "
				       "interface-name, another connection for it, or too many "
				       "bonds)", c[i].id);
			continue;
		}
		bond_conn(&c[i], b, notes);
		for (int j = 0; j < k; j++) {
			if (!names_bond(&c[j], &c[i]))
				continue;
			c[j].used = true;
			if (strcmp(c[j].port_type, "bond") && c[j].port_type[0])
				continue;
			port_conn(&c[j], b, notes);
		}
		if (!b->n_members) {
			bw_import_note(notes, c[i].path, "bond %s is not carried over: no port",
				       c[i].ifname);
			cfg->n_bonds--;
			continue;
		}
		bw_import_fit(b, c[i].path, notes);
	}
	for (int i = 0; i < k; i++)
		free(c[i].l);
	free(c);
	return cfg->n_bonds;
}
