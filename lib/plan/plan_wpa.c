// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_wpa.c - a wireless member's wpa_supplicant in the plan: its
 * configuration rendered from the wifis: entry; stopped first when the
 * entry is gone; started before its member is enslaved (the bonding
 * driver takes a station whose carrier comes once it is associated);
 * told to re-read a changed configuration (RECONFIGURE) rather than
 * restarted, so a new password touches neither the process nor the wired
 * member. Pure: what runs and with what comes in with the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_priv.h"

/* Channels a station may scan, per band (IEEE 802.11: 2.4 GHz channels
 * 1-14; the 5 GHz channels 36-177 the kernel's regulatory database may
 * allow). wpa_supplicant's freq_list limits the scan to them. */
static void band_freqs(enum bw_wifi_band band, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (band == BW_WIFI_BAND_2G) {
		for (int ch = 1; ch <= 13; ch++)
			off += (size_t)snprintf(buf + off, off < len ? len - off : 0, "%s%d",
						off ? " " : "", 2407 + 5 * ch);
		snprintf(buf + off, off < len ? len - off : 0, " 2484");
	} else if (band == BW_WIFI_BAND_5G) {
		for (int ch = 36; ch <= 177; ch += 4)
			off += (size_t)snprintf(buf + off, off < len ? len - off : 0, "%s%d",
						off ? " " : "", 5000 + 5 * ch);
	}
}

static size_t hex_of(const char *s, char *out, size_t len)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n && 2 * i + 2 < len; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char)s[i]);
	return 2 * n;
}

size_t bw_wpa_conf_render(const struct bw_wifi_cfg *w, const char *ctrl_dir, char *buf,
			  size_t len)
{
	char hex[2 * BW_WIFI_PASSWORD_MAX + 1], freqs[1024];
	size_t off = 0;

#define OUT(...) (off += (size_t)snprintf(buf + off, off < len ? len - off : 0, __VA_ARGS__))
	buf[0] = '\0';
	OUT("# Written by bondmgr for %s from its YAML file; edit that, not this.\n", w->id);
	OUT("ctrl_interface=%s\n", ctrl_dir);
	OUT("update_config=0\n");
	/* No country=: bondmgr sets the regulatory domain itself (a plan
	 * step, nl80211), before the supplicant starts. */
	for (int i = 0; i < w->n_aps; i++) {
		const struct bw_wifi_ap *ap = &w->aps[i];

		OUT("network={\n");
		hex_of(ap->ssid, hex, sizeof(hex));
		OUT("\tssid=%s\n", hex);
		if (ap->hidden)
			OUT("\tscan_ssid=1\n");
		if (ap->has_bssid)
			OUT("\tbssid=%02x:%02x:%02x:%02x:%02x:%02x\n", ap->bssid[0], ap->bssid[1],
			    ap->bssid[2], ap->bssid[3], ap->bssid[4], ap->bssid[5]);
		band_freqs(ap->band, freqs, sizeof(freqs));
		if (freqs[0])
			OUT("\tfreq_list=%s\n", freqs);
		switch (ap->key_mgmt) {
		case BW_WIFI_PSK:
			OUT("\tkey_mgmt=WPA-PSK\n");
			/* 64 hex digits are the PSK itself, unquoted; a
			 * passphrase is quoted, and taken literally up to the
			 * line's last quote. */
			if (strlen(ap->password) == 64)
				OUT("\tpsk=%s\n", ap->password);
			else
				OUT("\tpsk=\"%s\"\n", ap->password);
			break;
		case BW_WIFI_SAE:
			hex_of(ap->password, hex, sizeof(hex));
			OUT("\tkey_mgmt=SAE\n\tieee80211w=2\n\tsae_password=%s\n", hex);
			break;
		case BW_WIFI_OPEN:
			OUT("\tkey_mgmt=NONE\n");
			break;
		}
		/* The file's order is the order of preference. */
		OUT("\tpriority=%d\n", w->n_aps - i);
		OUT("}\n");
	}
#undef OUT
	explicit_bzero(hex, sizeof(hex));
	return off;
}

void plan_wpa_stop(struct bw_plan *plan, const struct bw_target *t)
{
	for (int i = 0; t->client_env && i < t->n_clients; i++) {
		const struct bw_client *w = &t->clients_want[i], *h = plan_client_have(t, i);
		struct bw_step *s;

		if (w->kind != BW_CLIENT_WPA || !h->running || w->running)
			continue;
		if (!(s = plan_add(plan, BW_STEP_WPA_STOP, w->bond)))
			return;
		s->client = t->client_env;
		snprintf(s->text, sizeof(s->text), "- %s wpa_supplicant (its wifis: entry is gone)",
			 w->bond);
	}
}

/* The regulatory domain, when the file names one the kernel does not
 * have: before any supplicant starts, so its first scan sees the
 * country's channels. */
void plan_regdom(struct bw_plan *plan, const struct bw_target *t)
{
	for (int i = 0; t->client_env && i < t->n_clients; i++) {
		const struct bw_client *w = &t->clients_want[i], *h = plan_client_have(t, i);
		struct bw_step *s;

		if (w->kind != BW_CLIENT_REGDOM || !w->conf[0] || !plan_client_changed(w, h))
			continue;
		if (!(s = plan_add(plan, BW_STEP_REGDOM, w->bond)))
			return;
		s->client = t->client_env;
		if (!(s->data = strdup(w->conf))) {
			plan->cap = -1;
			return;
		}
		/* alpha2 codes: two characters each (config_wifis.c, nl80211_reg.c) */
		snprintf(s->text, sizeof(s->text), "~ wireless regulatory domain %.2s -> %.2s "
			 "(%s's regulatory-domain)", h->conf[0] ? h->conf : "??", w->conf,
			 w->bond);
	}
}

void plan_wpa_start(struct bw_plan *plan, const struct bw_target *t)
{
	for (int i = 0; t->client_env && i < t->n_clients; i++) {
		const struct bw_client *w = &t->clients_want[i], *h = plan_client_have(t, i);
		struct bw_step *s;

		if (w->kind != BW_CLIENT_WPA || !w->running ||
		    (h->running && !plan_client_changed(w, h)))
			continue;
		if (!(s = plan_add(plan, h->running ? BW_STEP_WPA_RECONF : BW_STEP_WPA_START,
				   w->bond)))
			return;
		s->client = t->client_env;
		if (!(s->data = strdup(w->conf))) {
			plan->cap = -1;
			return;
		}
		/* Never the configuration itself: it holds the password. */
		if (h->running)
			snprintf(s->text, sizeof(s->text), "~ %s wpa_supplicant re-reads its "
				 "configuration (access points changed)", w->bond);
		else
			snprintf(s->text, sizeof(s->text), "+ %s wpa_supplicant (wifis:)", w->bond);
	}
}
