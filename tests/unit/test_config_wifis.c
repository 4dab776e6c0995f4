// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_wifis.c - wifis: entries parse into what wpa_supplicant is
 * given, and the rendered wpa_supplicant.conf cannot be steered by the
 * file: SSIDs and SAE passwords in hex, a PSK passphrase quoted whole,
 * nothing that starts a line. Bad wifis: input is in tests/config/bad/wifis-*
 * (with the FILE:LINE:COL each error is printed at). */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "bondwatch/config.h"
#include "bondwatch/plan.h"

static int load_str(const char *yaml, struct bw_config *cfg, struct bw_diags *d)
{
	size_t len = strlen(yaml);
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, yaml, len);
	rc = bw_config_load_buf("test.yaml", copy, len, cfg, d);
	free(copy);
	return rc;
}

#define HEAD "network:\n  version: 2\n  bonds:\n    bond0:\n      interfaces: [eth0, wlan0]\n" \
	     "      parameters: {mode: active-backup, fail-over-mac-policy: active}\n" \
	     "  wifis:\n    wlan0:\n"

TEST(wifis_parse_seed)
{
	struct bw_config cfg;
	struct bw_diags d;
	const struct bw_wifi_cfg *w;

	CHECK_INT(load_str(HEAD "      regulatory-domain: GB\n      access-points:\n"
			   "        \"home net\": {password: \"correct horse\", band: 5GHz}\n"
			   "        lab: {auth: {key-management: sae, password: \"é ünïcode ok\"}, "
			   "hidden: yes, bssid: 52:54:00:AB:cd:01}\n"
			   "        cafe: {auth: {key-management: none}, band: 2.4GHz}\n", &cfg, &d), 0);
	CHECK_INT(d.n_errors, 0);
	CHECK_INT(cfg.n_wifis, 1);
	w = bw_config_wifi(&cfg, "wlan0");
	CHECK(w != NULL);
	CHECK(bw_config_wifi(&cfg, "eth0") == NULL);
	if (w && w->n_aps == 3) {
		CHECK_STR(w->regdom, "GB");
		CHECK_STR(w->aps[0].ssid, "home net");
		CHECK_STR(w->aps[0].password, "correct horse");
		CHECK_INT(w->aps[0].key_mgmt, BW_WIFI_PSK);   /* netplan's default */
		CHECK_INT(w->aps[0].band, BW_WIFI_BAND_5G);
		CHECK_INT(w->aps[1].key_mgmt, BW_WIFI_SAE);
		CHECK(w->aps[1].hidden);
		CHECK(w->aps[1].has_bssid && w->aps[1].bssid[3] == 0xab && w->aps[1].bssid[5] == 1);
		CHECK_INT(w->aps[2].key_mgmt, BW_WIFI_OPEN);
		CHECK_STR(w->aps[2].password, "");
	} else {
		CHECK_INT(w ? w->n_aps : -1, 3);
	}
	/* The file holds a password: the loader remembers where, for the
	 * permission check. */
	CHECK(cfg.secret_pos.line == 11);
	bw_config_free(&cfg);
}

TEST(wifis_psk_rules)
{
	static const char *const good[] = { "12345678", "~!@#$%^&*()_+{}|:<>?`-=[]\\;',./ x",
		"\"quoted\" and \\backslash\\", "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef",
		"123456789012345678901234567890123456789012345678901234567890123" };
	static const char *const bad[] = { "1234567", "", "café-latte", "tab\there1",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
		"1234567890123456789012345678901234567890123456789012345678901234567",
		"say \"hi\" # there" };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK_STR(bw_cfg_psk_check(good[i]) ? good[i] : "ok", "ok");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(bw_cfg_psk_check(bad[i]) != NULL);
}

/* Every line of the rendered file, one by one: each is a known key. */
static bool lines_known(const char *conf)
{
	static const char *const keys[] = { "# Written", "ctrl_interface=", "update_config=",
		"country=", "network={", "\tssid=", "\tscan_ssid=", "\tbssid=", "\tfreq_list=",
		"\tkey_mgmt=", "\tpsk=", "\tieee80211w=", "\tsae_password=", "\tpriority=", "}" };
	const char *p = conf;

	while (*p) {
		const char *nl = strchr(p, '\n');
		bool ok = false;

		if (!nl)
			return false;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			ok |= !strncmp(p, keys[k], strlen(keys[k]));
		if (!ok)
			return false;
		p = nl + 1;
	}
	return true;
}

TEST(wifis_render)
{
	struct bw_wifi_cfg w = { .id = "wlan0", .regdom = "GB", .n_aps = 3 };
	char buf[4096];
	size_t n;

	snprintf(w.aps[0].ssid, sizeof(w.aps[0].ssid), "a\"b\\c");
	snprintf(w.aps[0].password, sizeof(w.aps[0].password), "pa\"ss\\wo\"rd");
	w.aps[0].key_mgmt = BW_WIFI_PSK;
	w.aps[0].band = BW_WIFI_BAND_2G;
	snprintf(w.aps[1].ssid, sizeof(w.aps[1].ssid), "lab");
	snprintf(w.aps[1].password, sizeof(w.aps[1].password), "x\"\n}#");   /* SAE: any byte */
	w.aps[1].key_mgmt = BW_WIFI_SAE;
	w.aps[1].hidden = true;
	snprintf(w.aps[2].ssid, sizeof(w.aps[2].ssid), "cafe");
	w.aps[2].key_mgmt = BW_WIFI_OPEN;
	w.aps[2].has_bssid = true;
	memcpy(w.aps[2].bssid, "\x52\x54\x00\xab\xcd\x01", 6);

	n = bw_wpa_conf_render(&w, "/run/wpa_supplicant", buf, sizeof(buf));
	CHECK(n < sizeof(buf));
	CHECK(lines_known(buf));
	CHECK_CONTAINS(buf, "ctrl_interface=/run/wpa_supplicant\n");
	CHECK(!strstr(buf, "country="));   /* bondmgr sets it itself (nl80211) */
	CHECK_CONTAINS(buf, "\tssid=6122625c63\n");               /* a"b\c in hex */
	CHECK_CONTAINS(buf, "\tpsk=\"pa\"ss\\wo\"rd\"\n");        /* literal, up to the last quote */
	CHECK_CONTAINS(buf, "\tfreq_list=2412 2417");
	CHECK_CONTAINS(buf, " 2472 2484\n");
	CHECK_CONTAINS(buf, "\tkey_mgmt=SAE\n\tieee80211w=2\n\tsae_password=78220a7d23\n");
	CHECK_CONTAINS(buf, "\tscan_ssid=1\n");
	CHECK_CONTAINS(buf, "\tssid=63616665\n\tbssid=52:54:00:ab:cd:01\n\tkey_mgmt=NONE\n");
	CHECK_CONTAINS(buf, "\tpriority=3\n");
	/* Too small a buffer says how much it needed. */
	CHECK_INT(bw_wpa_conf_render(&w, "/run/wpa_supplicant", buf, 16), n);
	/* A raw PSK goes unquoted. */
	w.n_aps = 1;
	snprintf(w.aps[0].password, sizeof(w.aps[0].password), "%s",
		 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	bw_wpa_conf_render(&w, "/run/wpa_supplicant", buf, sizeof(buf));
	CHECK_CONTAINS(buf, "\tpsk=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
}
