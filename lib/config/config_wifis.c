// SPDX-License-Identifier: GPL-2.0-or-later
/* config_wifis.c - netplan's wifis: entries, for wireless bond members:
 * the regulatory domain and the access points wpa_supplicant may join.
 *
 *   wifis:
 *     wlan0:
 *       regulatory-domain: GB
 *       access-points:
 *         "home": {password: "...", auth: {key-management: psk}, hidden: true,
 *                  bssid: 52:54:00:12:34:56, band: 5GHz}
 *
 * Every value is checked here, so that what lib/plan renders into
 * wpa_supplicant.conf cannot carry a second line or a broken quote: no
 * control character anywhere, a PSK passphrase of 8-63 printable ASCII
 * characters (IEEE 802.11i) or 64 hex digits. A password is never quoted
 * in a message (the diagnostics printer hides password lines too). An
 * entry must be a bond member: bondwatch runs wpa_supplicant only for the
 * radios it enslaves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "config_priv.h"

/* The parts of an access point as the file said them, for the rules
 * that need them all (the key-management against the password). */
struct ap_seen {
	struct bw_wifi_ap *ap;
	bool has_password, has_km;
	bool password_ok;         /* stored: its own checks passed */
	bool km_bad;              /* refused: the rules would mislead */
	struct bw_pos password_pos, km_pos;
};

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

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return strlen(s) == n;
}

const char *bw_cfg_psk_check(const char *s)
{
	size_t n = strlen(s);

	if (n == 64)
		return all_hex(s, 64) ? NULL : "64 characters must all be hex digits "
		       "(a raw PSK); a passphrase has 8 to 63 characters";
	if (n < 8 || n > 63)
		return "a WPA2-PSK passphrase has 8 to 63 characters (or is a raw PSK "
		       "of 64 hex digits)";
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return "a WPA2-PSK passphrase is printable ASCII only (IEEE "
			       "802.11i); use key-management: sae for other characters";
	/* wpa_supplicant takes a quoted passphrase literally, but its line
	 * reader cuts a line at a '#' that follows an odd number of quotes
	 * (it pairs quotes to find comments). */
	if (strchr(s, '"') && strchr(strchr(s, '"'), '#'))
		return "wpa_supplicant's configuration reader would take a '#' after a "
		       "'\"' for a comment; give the raw PSK (64 hex digits: "
		       "wpa_passphrase SSID) instead";
	return NULL;
}

static void ap_password(struct cfg_ctx *c, struct ap_seen *a, const struct ynode *val)
{
	const char *s = bw_cfg_scalar(c, val, "'password'");

	a->has_password = true;
	a->password_pos = val->pos;
	if (!c->cfg->secret_pos.line)
		c->cfg->secret_pos = val->pos;
	if (!s)
		return;
	if (strlen(s) > BW_WIFI_PASSWORD_MAX) {
		bw_cfg_err(c, val, "the password is longer than %d characters",
			   BW_WIFI_PASSWORD_MAX);
		return;
	}
	if (has_control(s)) {
		bw_cfg_err(c, val, "the password holds a control character (a newline, "
			   "a tab...); wpa_supplicant's configuration cannot carry it");
		return;
	}
	snprintf(a->ap->password, sizeof(a->ap->password), "%s", s);
	a->password_ok = true;
}

static void k_password(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	(void)k;
	(void)key;
	ap_password(c, obj, val);
}

static void k_key_mgmt(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	struct ap_seen *a = obj;
	const char *s = bw_cfg_scalar(c, val, "'key-management'");

	(void)k;
	(void)key;
	if (!s)
		return;
	a->has_km = true;
	a->km_pos = val->pos;
	if (!strcmp(s, "psk"))
		a->ap->key_mgmt = BW_WIFI_PSK;
	else if (!strcmp(s, "sae"))
		a->ap->key_mgmt = BW_WIFI_SAE;
	else if (!strcmp(s, "none"))
		a->ap->key_mgmt = BW_WIFI_OPEN;
	else if ((a->km_bad = true) && (!strcmp(s, "eap") || !strcmp(s, "eap-sha256") || !strcmp(s, "eap-suite-b-192") ||
		 !strcmp(s, "802.1x")))
		bw_cfg_err(c, val, "key-management %s (802.1X) is not supported; "
			   "bondwatch runs wpa_supplicant with psk, sae or none", s);
	else
		bw_cfg_err(c, val, "invalid key-management '%s': must be psk, sae or none", s);
}

static void k_auth_other(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			 const struct ynode *key, const struct ynode *val)
{
	(void)obj;
	(void)k;
	(void)val;
	bw_cfg_err(c, key, "auth: %s (802.1X) is not supported; bondwatch runs "
		   "wpa_supplicant with psk, sae or none", key->str);
}

static const struct cfg_key auth_keys[] = {
	{ "key-management", k_key_mgmt, 0, false },
	{ "password", k_password, 0, false },
	{ "method", k_auth_other, 0, true },
	{ "identity", k_auth_other, 0, true },
	{ "anonymous-identity", k_auth_other, 0, true },
	{ "ca-certificate", k_auth_other, 0, true },
	{ "client-certificate", k_auth_other, 0, true },
	{ "client-key", k_auth_other, 0, true },
	{ "client-key-password", k_auth_other, 0, true },
	{ "phase2-auth", k_auth_other, 0, true },
};

static void k_auth(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	(void)k;
	(void)key;
	if (bw_cfg_want(c, val, YN_MAP, "'auth'"))
		bw_cfg_walk_map(c, val, "auth", auth_keys, sizeof(auth_keys) / sizeof(auth_keys[0]),
				obj);
}

static void k_hidden(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		     const struct ynode *key, const struct ynode *val)
{
	struct ap_seen *a = obj;
	const char *s = bw_cfg_scalar(c, val, "'hidden'");
	int v = s ? yaml_bool(s) : -1;

	(void)k;
	(void)key;
	if (s && v < 0)
		bw_cfg_err(c, val, "invalid hidden '%s': must be true or false", s);
	a->ap->hidden = v == 1;
}

static int hex1(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static void k_bssid(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val)
{
	struct ap_seen *a = obj;
	const char *s = bw_cfg_scalar(c, val, "'bssid'");

	(void)k;
	(void)key;
	if (!s)
		return;
	for (int i = 0; strlen(s) == 17 && i < 6; i++) {
		int hi = hex1(s[i * 3]), lo = hex1(s[i * 3 + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':'))
			break;
		a->ap->bssid[i] = (uint8_t)(hi << 4 | lo);
		a->ap->has_bssid = i == 5;
	}
	if (!a->ap->has_bssid)
		bw_cfg_err(c, val, "invalid bssid '%s'; expected six hex pairs like "
			   "52:54:00:12:34:56", s);
}

static void k_band(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	struct ap_seen *a = obj;
	const char *s = bw_cfg_scalar(c, val, "'band'");

	(void)k;
	(void)key;
	if (!s)
		return;
	if (!strcmp(s, "2.4GHz"))
		a->ap->band = BW_WIFI_BAND_2G;
	else if (!strcmp(s, "5GHz"))
		a->ap->band = BW_WIFI_BAND_5G;
	else
		bw_cfg_err(c, val, "invalid band '%s': must be 2.4GHz or 5GHz", s);
}

/* netplan keys of an access point that make it an AP or an ad-hoc cell,
 * or pin a channel: a bond member is a station that roams. */
static void k_ap_other(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val)
{
	(void)obj;
	(void)k;
	(void)val;
	bw_cfg_err(c, key, "'%s' is not supported on a bond member's access point: "
		   "bondwatch runs wlan members as stations (password, auth, hidden, "
		   "bssid, band)", key->str);
}

static const struct cfg_key ap_keys[] = {
	{ "password", k_password, 0, false },
	{ "auth", k_auth, 0, false },
	{ "hidden", k_hidden, 0, false },
	{ "bssid", k_bssid, 0, false },
	{ "band", k_band, 0, false },
	{ "mode", k_ap_other, 0, true },
	{ "channel", k_ap_other, 0, true },
	{ "networkmanager", k_ap_other, 0, true },
	{ "wakeonwlan", k_ap_other, 0, true },
};

/* The key-management against the password: an open network only when
 * the file says none; a password for psk and sae. */
static void ap_rules(struct cfg_ctx *c, const struct ynode *key, struct ap_seen *a)
{
	const char *why;

	if (a->km_bad)
		return;
	if (!a->has_km && !a->has_password) {
		bw_cfg_err(c, key, "access point '%s' has no password: for an open "
			   "network say so with auth: {key-management: none}", a->ap->ssid);
		return;
	}
	if (!a->has_km)
		a->ap->key_mgmt = BW_WIFI_PSK;   /* netplan's default with a password */
	if (a->ap->key_mgmt == BW_WIFI_OPEN) {
		if (a->has_password)
			bw_diags_add(c->d, BW_SEV_ERROR, a->password_pos, "key-management "
				     "none is an open network, which takes no password; "
				     "drop the password or say psk or sae");
		return;
	}
	if (!a->has_password) {
		bw_diags_add(c->d, BW_SEV_ERROR, a->has_km ? a->km_pos : key->pos,
			     "key-management %s needs a password",
			     a->ap->key_mgmt == BW_WIFI_SAE ? "sae" : "psk");
		return;
	}
	if (!a->password_ok)
		return;   /* its own message is out */
	if (a->ap->key_mgmt == BW_WIFI_SAE && !a->ap->password[0])
		bw_diags_add(c->d, BW_SEV_ERROR, a->password_pos, "the SAE password of "
			     "access point '%s' is empty", a->ap->ssid);
	else if (a->ap->key_mgmt == BW_WIFI_PSK && (why = bw_cfg_psk_check(a->ap->password)))
		bw_diags_add(c->d, BW_SEV_ERROR, a->password_pos, "invalid password for "
			     "access point '%s': %s", a->ap->ssid, why);
}

static void k_ap(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		 const struct ynode *key, const struct ynode *val)
{
	struct bw_wifi_cfg *w = obj;
	struct ap_seen a = { 0 };
	size_t n = strlen(key->str);

	(void)k;
	if (w->n_aps >= BW_WIFI_MAX_APS) {
		bw_cfg_err(c, key, "more than %d access points for %s", BW_WIFI_MAX_APS, w->id);
		return;
	}
	if (n == 0 || n > BW_WIFI_SSID_MAX) {
		bw_cfg_err(c, key, "an SSID has 1 to %d bytes ('%s' has %zu)", BW_WIFI_SSID_MAX,
			   key->str, n);
		return;
	}
	if (has_control(key->str)) {
		bw_cfg_err(c, key, "the SSID holds a control character");
		return;
	}
	a.ap = &w->aps[w->n_aps++];
	snprintf(a.ap->ssid, sizeof(a.ap->ssid), "%s", key->str);
	a.ap->pos = key->pos;
	if (!bw_yn_is_null(val) && bw_cfg_want(c, val, YN_MAP, key->str))
		bw_cfg_walk_map(c, val, "the access point", ap_keys,
				sizeof(ap_keys) / sizeof(ap_keys[0]), &a);
	ap_rules(c, key, &a);
}

static void k_aps(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		  const struct ynode *key, const struct ynode *val)
{
	static const struct cfg_key any[] = { { NULL, k_ap, 0, false } };
	struct bw_wifi_cfg *w = obj;

	(void)k;
	(void)key;
	if (!bw_cfg_want(c, val, YN_MAP, "'access-points'"))
		return;
	bw_cfg_walk_map(c, val, "access-points", any, 1, w);
}

static void k_regdom(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		     const struct ynode *key, const struct ynode *val)
{
	struct bw_wifi_cfg *w = obj;
	const char *s = bw_cfg_scalar(c, val, "'regulatory-domain'");

	(void)k;
	(void)key;
	if (!s)
		return;
	/* ISO 3166-1 alpha-2, as the kernel's regulatory database names
	 * countries; "00" is the world domain. */
	if (strlen(s) != 2 || !((s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z') ||
				!strcmp(s, "00"))) {
		bw_cfg_err(c, val, "invalid regulatory-domain '%s': two capital letters "
			   "(ISO 3166-1, like GB or US) or 00", s);
		return;
	}
	memcpy(w->regdom, s, 3);
	w->regdom_pos = val->pos;
}

static void k_wifi_member_only(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			       const struct ynode *key, const struct ynode *val)
{
	struct bw_wifi_cfg *w = obj;

	(void)k;
	(void)val;
	bw_cfg_err(c, key, "'%s' on %s would configure it on its own; a bond member "
		   "carries no address, route or DNS of its own: put '%s' on the bond",
		   key->str, w->id, key->str);
}

static void k_wifi_unsupported(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			       const struct ynode *key, const struct ynode *val)
{
	struct bw_wifi_cfg *w = obj;

	(void)k;
	(void)val;
	bw_cfg_err(c, key, "'%s' is not supported in a wifis: entry; name %s by its "
		   "kernel interface name", key->str, w->id);
}

static const struct cfg_key wifi_keys[] = {
	{ "access-points", k_aps, 0, false },
	{ "regulatory-domain", k_regdom, 0, false },
	{ "addresses", k_wifi_member_only, 0, true },
	{ "routes", k_wifi_member_only, 0, true },
	{ "gateway4", k_wifi_member_only, 0, true },
	{ "gateway6", k_wifi_member_only, 0, true },
	{ "nameservers", k_wifi_member_only, 0, true },
	{ "dhcp4", k_wifi_member_only, 0, true },
	{ "dhcp6", k_wifi_member_only, 0, true },
	{ "match", k_wifi_unsupported, 0, true },
	{ "set-name", k_wifi_unsupported, 0, true },
};

static void k_wifi(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val)
{
	struct bw_config *cfg = obj;
	const char *why = bw_ifname_check(key->str);
	struct bw_wifi_cfg *w = &cfg->wifis[cfg->n_wifis];

	(void)k;
	if (why) {
		bw_cfg_err(c, key, "invalid interface name '%s': %s", key->str, why);
		return;
	}
	cfg->n_wifis++;
	snprintf(w->id, sizeof(w->id), "%s", key->str);
	w->pos = key->pos;
	if (bw_cfg_want(c, val, YN_MAP, key->str))
		bw_cfg_walk_map(c, val, w->id, wifi_keys, sizeof(wifi_keys) / sizeof(wifi_keys[0]),
				w);
	if (!w->n_aps && val->type == YN_MAP)
		bw_cfg_err(c, key, "%s has no access-points: name the network(s) it joins",
			   w->id);
}

void bw_cfg_k_wifis(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val)
{
	static const struct cfg_key any[] = { { NULL, k_wifi, 0, false } };
	int n;

	(void)obj;
	(void)k;
	(void)key;
	if (bw_yn_is_null(val) || !bw_cfg_want(c, val, YN_MAP, "'wifis'"))
		return;
	n = val->n / 2;
	if (n == 0 || n > BW_CFG_MAX_KEYS)
		return;
	c->cfg->wifis = calloc((size_t)n, sizeof(*c->cfg->wifis));
	if (!c->cfg->wifis) {
		bw_cfg_err(c, val, "out of memory");
		return;
	}
	bw_cfg_walk_map(c, val, "wifis", any, 1, c->cfg);
}

const struct bw_wifi_cfg *bw_config_wifi(const struct bw_config *cfg, const char *ifname)
{
	for (int i = 0; i < cfg->n_wifis; i++)
		if (!strcmp(cfg->wifis[i].id, ifname))
			return &cfg->wifis[i];
	return NULL;
}

/* After the whole file: each entry is a bond member, and not also an
 * ethernets: entry (netplan would make two devices of one name). */
void bw_cfg_wifis_rules(struct cfg_ctx *c)
{
	const struct bw_config *cfg = c->cfg;
	const struct bw_wifi_cfg *first_reg = NULL;

	for (int i = 0; i < cfg->n_wifis; i++) {
		const struct bw_wifi_cfg *w = &cfg->wifis[i];
		bool member = false;

		for (int b = 0; b < cfg->n_bonds && !member; b++)
			for (int m = 0; m < cfg->bonds[b].n_members; m++)
				member |= !strcmp(cfg->bonds[b].members[m], w->id);
		if (!member)
			bw_diags_add(c->d, BW_SEV_ERROR, w->pos, "%s is not a member of any "
				     "bond: bondwatch runs wpa_supplicant only for the "
				     "radios it enslaves; name %s in a bond's interfaces: "
				     "or leave it to another tool (remove this entry)",
				     w->id, w->id);
		/* The kernel has one regulatory domain (the host is in one
		 * country); a second one would undo the first. */
		if (w->regdom[0] && first_reg && strcmp(w->regdom, first_reg->regdom))
			bw_diags_add(c->d, BW_SEV_ERROR, w->regdom_pos, "regulatory-domain %s "
				     "differs from %s's %s (line %d); the kernel has one "
				     "regulatory domain for every radio", w->regdom,
				     first_reg->id, first_reg->regdom, first_reg->regdom_pos.line);
		else if (w->regdom[0] && !first_reg)
			first_reg = w;
		for (int e = 0; e < cfg->n_ethernets; e++)
			if (!strcmp(cfg->ethernets[e].name, w->id))
				bw_diags_add(c->d, BW_SEV_ERROR, w->pos, "%s is also an "
					     "ethernets: entry (line %d); a wireless member "
					     "has only its wifis: entry", w->id,
					     cfg->ethernets[e].pos.line);
	}
}
