// SPDX-License-Identifier: GPL-2.0-or-later
/* config_dhcp.c - a bond's DHCP keys, netplan's words: dhcp4, dhcp6,
 * dhcp-identifier, dhcp4-overrides (use-dns, use-routes, route-metric,
 * send-hostname, hostname) and accept-ra, and the rules between them and
 * the bond's static keys. The client itself (dhcpcd) is started by
 * bondmgr apply for the bond only; see bondwatch.yaml(5). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include "config_priv.h"

bool bw_dhcp_wanted(const struct bw_dhcp_cfg *d)
{
	return d->v4 || d->v6 || d->accept_ra == 1;
}

void bw_cfg_dhcp_default(struct bw_dhcp_cfg *d)
{
	memset(d, 0, sizeof(*d));
	d->use_dns = d->use_routes = d->send_hostname = true;
	d->accept_ra = -1;
}

/* YAML 1.1's booleans, as netplan reads them. */
static bool want_bool(struct cfg_ctx *c, const struct ynode *val, const char *key, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "on", "On", "y" };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", "off", "Off", "n" };
	const char *s = bw_cfg_scalar(c, val, key);

	if (!s)
		return false;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(s, yes[i]) || !strcmp(s, no[i])) {
			*out = !strcmp(s, yes[i]);
			return true;
		}
	}
	bw_cfg_err(c, val, "invalid value '%s' for %s: write true or false", s, key);
	return false;
}

enum { O_USE_DNS, O_USE_ROUTES, O_METRIC, O_SEND_HOSTNAME, O_HOSTNAME };

static void k_override(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	struct bw_dhcp_cfg *d = obj;
	const char *s, *why;
	uint64_t m;

	(void)key;
	switch (k->arg) {
	case O_USE_DNS:
		if (want_bool(c, val, "'use-dns'", &d->use_dns))
			d->use_dns_pos = val->pos;
		break;
	case O_USE_ROUTES:
		want_bool(c, val, "'use-routes'", &d->use_routes);
		break;
	case O_SEND_HOSTNAME:
		want_bool(c, val, "'send-hostname'", &d->send_hostname);
		break;
	case O_METRIC:
		if (!(s = bw_cfg_scalar(c, val, "'route-metric'")))
			break;
		if (bw_cv_uint(s, UINT32_MAX, &m)) {
			bw_cfg_err(c, val, "invalid route-metric '%s': must be a whole number "
				   "from 0 to 4294967295", s);
			break;
		}
		d->route_metric = (uint32_t)m;
		d->has_metric = true;
		break;
	case O_HOSTNAME:
		if (!(s = bw_cfg_scalar(c, val, "'hostname'")))
			break;
		if ((why = bw_cv_domain(s))) {
			bw_cfg_err(c, val, "invalid hostname '%s': %s", s, why);
			break;
		}
		snprintf(d->hostname, sizeof(d->hostname), "%s", s);
		d->hostname_pos = val->pos;
		break;
	}
}

static const struct cfg_key override_keys[] = {
	{ "use-dns", k_override, O_USE_DNS, false },
	{ "use-routes", k_override, O_USE_ROUTES, false },
	{ "route-metric", k_override, O_METRIC, false },
	{ "send-hostname", k_override, O_SEND_HOSTNAME, false },
	{ "hostname", k_override, O_HOSTNAME, false },
};

static void parse_id(struct cfg_ctx *c, struct bw_dhcp_cfg *d, const struct ynode *val)
{
	const char *s = bw_cfg_scalar(c, val, "'dhcp-identifier'");

	if (!s)
		return;
	if (!strcmp(s, "duid"))
		d->id = BW_DHCP_ID_DUID;
	else if (!strcmp(s, "mac"))
		d->id = BW_DHCP_ID_MAC;
	else
		bw_cfg_err(c, val, "invalid dhcp-identifier '%s': write duid (the default: "
			   "the same lease whichever member is active) or mac", s);
}

void bw_cfg_k_dhcp(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	struct bw_bond_cfg *b = obj;
	struct bw_dhcp_cfg *d = &b->dhcp;
	bool v;

	switch (k->arg) {
	case BW_DHCP_K_V4:
	case BW_DHCP_K_V6:
		if (!want_bool(c, val, k->arg == BW_DHCP_K_V4 ? "'dhcp4'" : "'dhcp6'", &v))
			return;
		if (k->arg == BW_DHCP_K_V4) {
			d->v4 = v;
			d->v4_pos = key->pos;
		} else {
			d->v6 = v;
			d->v6_pos = key->pos;
		}
		break;
	case BW_DHCP_K_ID:
		d->id_pos = key->pos;
		parse_id(c, d, val);
		break;
	case BW_DHCP_K_OVERRIDES:
		d->overrides_pos = key->pos;
		if (bw_cfg_want(c, val, YN_MAP, "'dhcp4-overrides'"))
			bw_cfg_walk_map(c, val, "dhcp4-overrides", override_keys,
					sizeof(override_keys) / sizeof(override_keys[0]), d);
		break;
	case BW_DHCP_K_ACCEPT_RA:
		if (want_bool(c, val, "'accept-ra'", &v)) {
			d->accept_ra = v;
			d->accept_ra_pos = key->pos;
		}
		break;
	}
}

/* A key that says something only with another one is an error alone:
 * silently doing nothing is what the file's reader would not expect. */
void bw_cfg_rules_dhcp(const struct bw_bond_cfg *b, struct bw_diags *d)
{
	const struct bw_dhcp_cfg *h = &b->dhcp;

	if (h->overrides_pos.line && !h->v4)
		bw_diags_add(d, BW_SEV_ERROR, h->overrides_pos, "dhcp4-overrides needs "
			     "'dhcp4: true' on %s", b->name);
	if (h->id_pos.line && !h->v4 && !h->v6)
		bw_diags_add(d, BW_SEV_ERROR, h->id_pos, "dhcp-identifier needs 'dhcp4: true' "
			     "or 'dhcp6: true' on %s", b->name);
	if (h->hostname_pos.line && !h->send_hostname)
		bw_diags_add(d, BW_SEV_ERROR, h->hostname_pos, "hostname is sent only with "
			     "'send-hostname: true'");
	/* accept-ra is handed to the DHCP client (dhcpcd solicits routers on
	 * the bond itself); a static bond has no client to hand it to. */
	if (h->accept_ra == 0 && !h->v4 && !h->v6)
		bw_diags_add(d, BW_SEV_ERROR, h->accept_ra_pos, "accept-ra: false needs "
			     "'dhcp4: true' or 'dhcp6: true' on %s: bondmgr applies it "
			     "through the bond's DHCP client", b->name);
	/* One resolv.conf: either the file's nameservers (bondmgr writes it)
	 * or the lease's (the client writes it), never both in turn. */
	if (h->v4 && h->use_dns && (b->n_nameservers || b->n_search))
		bw_diags_add(d, BW_SEV_ERROR, h->v4_pos, "%s names nameservers and takes "
			     "the lease's DNS too (dhcp4-overrides: use-dns defaults to "
			     "true); resolv.conf has one writer: add 'dhcp4-overrides: "
			     "{use-dns: false}' or drop nameservers:", b->name);
}
