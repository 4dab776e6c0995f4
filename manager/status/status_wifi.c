// SPDX-License-Identifier: GPL-2.0-or-later
/* status_wifi.c - see status_wifi.h. The SSID is 32 arbitrary bytes: on a
 * terminal it is escaped (bw_text_escape: controls and invalid UTF-8 as
 * \xNN), in JSON it is given twice, escaped as text for people and as hex
 * for a script that must compare the exact bytes. */
#include <errno.h>
#include <string.h>
#include "bondwatch/text.h"
#include "status_wifi.h"
#include "status_wpa.h"

static int read_radio(const struct status_wifi_ctx *w, const struct bw_link *slave,
		      struct bw_wifi_link *r)
{
	memset(r, 0, sizeof(*r));
	return w->nl ? bw_wifinl_read_link(w->nl, slave->ifindex, r) : -ENOENT;
}

/* ", wpa_supplicant SCANNING, last failure WRONG_KEY (the password is
 * probably wrong)", or nothing when bondmgr runs no supplicant for it. */
static void why_text(FILE *f, const struct status_wifi_ctx *w, const struct bw_link *slave)
{
	struct status_wpa s;
	const char *meaning;

	if (!w->ce)
		return;
	status_wpa_read(w->ce, slave->name, &s);
	if (!s.running)
		return;
	fprintf(f, " (wpa_supplicant %s", s.state[0] ? s.state : "not answering");
	if (s.failure[0]) {
		fprintf(f, ", last failure %s", s.failure);
		if ((meaning = status_wpa_meaning(s.failure)))
			fprintf(f, ": %s", meaning);
	}
	fputc(')', f);
}

void status_wifi_text(FILE *f, const struct status_wifi_ctx *w, const struct bw_link *slave)
{
	char ssid[BW_SSID_TEXT], name[BW_IFNAMSIZ * 4], mac[18];
	struct bw_wifi_link r;
	int rc = read_radio(w, slave, &r);

	fprintf(f, "    %s wifi: ", bw_text_escape(slave->name, strlen(slave->name), name, sizeof(name)));
	if (rc < 0) {
		fprintf(f, "unknown (nl80211: %s)\n", strerror(-rc));
		return;
	}
	if (!r.associated) {
		fprintf(f, "not associated");
		why_text(f, w, slave);
		fputc('\n', f);
		return;
	}
	fprintf(f, "associated to \"%s\"",
		bw_text_escape((const char *)r.ssid, r.ssid_len, ssid, sizeof(ssid)));
	if (r.has_bssid)
		fprintf(f, " bssid %s", bw_wifi_mac_text(r.bssid, mac));
	if (r.has_signal)
		fprintf(f, ", signal %d dBm", r.signal_dbm);
	if (r.has_bitrate)
		fprintf(f, ", tx bitrate %u.%u Mbit/s", r.tx_kbps / 1000, r.tx_kbps % 1000 / 100);
	fputc('\n', f);
}

/* Escaped text is printable UTF-8 and backslashes: JSON needs only '"'
 * and '\' escaped in it. */
static void json_text(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void status_wifi_json(FILE *f, const struct status_wifi_ctx *w, const struct bw_link *slave)
{
	char ssid[BW_SSID_TEXT], mac[18];
	struct bw_wifi_link r;
	int rc = read_radio(w, slave, &r);

	if (rc < 0) {
		fprintf(f, ",\"wifi\":null");
		return;
	}
	fprintf(f, ",\"wifi\":{\"associated\":%s", r.associated ? "true" : "false");
	if (!r.associated && w->ce) {
		struct status_wpa s;

		status_wpa_read(w->ce, slave->name, &s);
		if (s.running)   /* tokens: [A-Z0-9_] only, nothing to escape */
			fprintf(f, ",\"wpa_state\":\"%s\",\"last_failure\":\"%s\"", s.state,
				s.failure);
	}
	if (r.associated) {
		fprintf(f, ",\"ssid\":");
		json_text(f, bw_text_escape((const char *)r.ssid, r.ssid_len, ssid, sizeof(ssid)));
		fprintf(f, ",\"ssid_hex\":\"");
		for (size_t i = 0; i < r.ssid_len; i++)
			fprintf(f, "%02x", r.ssid[i]);
		fputc('"', f);
		if (r.has_bssid)
			fprintf(f, ",\"bssid\":\"%s\"", bw_wifi_mac_text(r.bssid, mac));
		if (r.has_signal)
			fprintf(f, ",\"signal_dbm\":%d", r.signal_dbm);
		if (r.has_bitrate)
			fprintf(f, ",\"tx_bitrate_kbps\":%u", r.tx_kbps);
	}
	fputc('}', f);
}
