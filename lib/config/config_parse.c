// SPDX-License-Identifier: GPL-2.0-or-later
/* config_parse.c - the loader's entry points and the top of the document:
 * network: { version: 2, bonds: {...} }. The bonds themselves are parsed in
 * config_bond.c, the cross-field rules run in config_rules.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "bondwatch/file.h"
#include "config_priv.h"

struct net_seen {
	const struct ynode *version, *bonds;
};

static void k_version(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	struct net_seen *seen = obj;
	const char *s = bw_cfg_scalar(c, val, "'version'");
	uint64_t v;

	(void)k;
	seen->version = key;
	if (s && (bw_cv_uint(s, 1000, &v) || v != 2))
		bw_cfg_err(c, val, "unsupported version '%s'; bondmgr reads netplan's "
			   "version 2", s);
}

static void k_bond(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	struct bw_config *cfg = obj;
	const char *why = bw_ifname_check(key->str);
	int idx = cfg->n_bonds;

	(void)k;
	if (why)
		bw_cfg_err(c, key, "invalid bond name '%s': %s", key->str, why);
	cfg->n_bonds++;
	bw_cfg_parse_bond(c, &cfg->bonds[idx], idx, key, val);
}

static void k_bonds(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val)
{
	static const struct cfg_key any[] = { { NULL, k_bond, 0, false } };
	struct net_seen *seen = obj;
	int n = val->n / 2;

	(void)k;
	seen->bonds = key;
	if (!bw_cfg_want(c, val, YN_MAP, "'bonds'"))
		return;
	if (n == 0) {
		bw_cfg_err(c, val, "'bonds' is empty; define at least one bond");
		return;
	}
	if (n > BW_CFG_MAX_BONDS) {
		bw_cfg_err(c, val, "more than %d bonds", BW_CFG_MAX_BONDS);
		return;
	}
	c->cfg->bonds = calloc((size_t)n, sizeof(*c->cfg->bonds));
	if (!c->cfg->bonds) {
		bw_cfg_err(c, val, "out of memory");
		return;
	}
	bw_cfg_walk_map(c, val, "bonds", any, 1, c->cfg);
}

/* netplan device sections: refused by name, so a pasted netplan file gets
 * a message that says why rather than "unknown key". */
static void k_section(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	(void)obj;
	(void)k;
	(void)val;
	bw_cfg_err(c, key, "'%s' is not supported: bondmgr manages bonds and their "
		   "members only (a member may have an ethernets: entry; see "
		   "bondwatch.yaml(5))", key->str);
}

static const struct cfg_key network_keys[] = {
	{ "version", k_version, 0, false },
	{ "bonds", k_bonds, 0, false },
	{ "renderer", bw_cfg_k_renderer, 0, false },
	{ "ethernets", bw_cfg_k_ethernets, 0, false },
	{ "wifis", bw_cfg_k_wifis, 0, false },
	{ "bridges", k_section, 0, true },
	{ "vlans", k_section, 0, true },
	{ "tunnels", k_section, 0, true },
	{ "vrfs", k_section, 0, true },
	{ "modems", k_section, 0, true },
	{ "dummy-devices", k_section, 0, true },
	{ "virtual-ethernets", k_section, 0, true },
	{ "nm-devices", k_section, 0, true },
	{ "openvswitch", k_section, 0, true },
};

static void k_network(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		      const struct ynode *key, const struct ynode *val)
{
	struct net_seen seen = { NULL, NULL };

	(void)k;
	*(bool *)obj = true;
	if (!bw_cfg_want(c, val, YN_MAP, "'network'"))
		return;
	bw_cfg_walk_map(c, val, "network", network_keys,
			sizeof(network_keys) / sizeof(network_keys[0]), &seen);
	if (!seen.version)
		bw_cfg_err(c, key, "'network' has no 'version: 2'");
	if (!seen.bonds)
		bw_cfg_err(c, key, "'network' has no 'bonds'; bondmgr manages bonds");
	else {
		bw_cfg_members_rules(c);
		bw_cfg_wifis_rules(c);
	}
}

static void parse_root(struct cfg_ctx *c, const struct ynode *root)
{
	static const struct cfg_key top_keys[] = { { "network", k_network, 0, false } };
	bool have_network = false;

	if (!root || bw_yn_is_null(root)) {
		bw_cfg_err(c, NULL, "the file is empty; expected 'network:' with "
			   "'version: 2' and 'bonds:'");
		return;
	}
	if (!bw_cfg_want(c, root, YN_MAP, "the document"))
		return;
	bw_cfg_walk_map(c, root, "the document", top_keys, 1, &have_network);
	if (!have_network && root->n == 0)
		bw_cfg_err(c, root, "the document has no 'network:'");
	else if (!have_network)
		bw_cfg_err(c, bw_yn_first(c->t, root), "the document has no 'network:'");
}

static bool before(struct bw_pos a, struct bw_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* Passes report in their own order (rules run after parsing); the user
 * reads the file top to bottom. Stable, so equal positions keep their
 * order. */
static void sort_diags(struct bw_diags *d)
{
	for (int i = 1; i < d->n; i++) {
		struct bw_diag it = d->items[i];
		int j = i;

		for (; j > 0 && before(it.pos, d->items[j - 1].pos); j--)
			d->items[j] = d->items[j - 1];
		d->items[j] = it;
	}
}

int bw_config_load_buf(const char *path, const char *buf, size_t len,
		       struct bw_config *cfg, struct bw_diags *d)
{
	struct ytree t;
	struct cfg_ctx c = { .t = &t, .d = d, .cfg = cfg };

	memset(cfg, 0, sizeof(*cfg));
	memset(d, 0, sizeof(*d));
	snprintf(cfg->path, sizeof(cfg->path), "%s", path ? path : "");
	if (bw_ytree_build(&t, buf, len, d) == 0) {
		parse_root(&c, bw_yn_root(&t));
		bw_cfg_rules(cfg, c.bad, d);
	}
	sort_diags(d);
	bw_ytree_free(&t);
	return d->n_errors ? -1 : 0;
}

static int load_fail(struct bw_config *cfg, struct bw_diags *d, const char *what,
		     int err)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(d, 0, sizeof(*d));
	bw_diags_add(d, BW_SEV_ERROR, (struct bw_pos){ 0, 0 }, "cannot %s: %s", what,
		     strerror(err));
	return -1;
}

/* A file that holds a Wi-Fi password must be the owner's alone: netplan
 * only warns; bondmgr refuses, and says the command that fixes it. */
static int private_check(const char *path, const struct bw_config *cfg, struct bw_diags *d)
{
	struct stat st;

	if (stat(path, &st) < 0 || !(st.st_mode & 077))
		return 0;
	bw_diags_add(d, BW_SEV_ERROR, cfg->secret_pos, "this file holds a Wi-Fi password "
		     "and group or others may read or write it (mode %04o); run: "
		     "chmod 600 %s", (unsigned)(st.st_mode & 07777), path);
	return -1;
}

int bw_config_load(const char *path, struct bw_config *cfg, struct bw_diags *d)
{
	char *buf;
	size_t len;
	int rc = bw_file_read(path, BW_CFG_MAX_BYTES, 0, &buf, &len, NULL);

	if (rc == -EFBIG)
		return bw_config_load_buf(path, NULL, BW_CFG_MAX_BYTES + 1, cfg, d);
	if (rc < 0)
		return load_fail(cfg, d, rc == -EISDIR || rc == -EIO ? "read" : "open", -rc);
	rc = bw_config_load_buf(path, buf, len, cfg, d);
	explicit_bzero(buf, len);
	free(buf);
	if (cfg->secret_pos.line && private_check(path, cfg, d) < 0) {
		rc = -1;
		sort_diags(d);
	}
	return rc;
}

void bw_config_free(struct bw_config *cfg)
{
	free(cfg->bonds);
	cfg->bonds = NULL;
	cfg->n_bonds = 0;
	free(cfg->ethernets);
	cfg->ethernets = NULL;
	cfg->n_ethernets = 0;
	if (cfg->wifis)   /* the passwords do not outlive the config */
		explicit_bzero(cfg->wifis, (size_t)cfg->n_wifis * sizeof(*cfg->wifis));
	free(cfg->wifis);
	cfg->wifis = NULL;
	cfg->n_wifis = 0;
}
