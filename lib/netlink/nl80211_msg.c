// SPDX-License-Identifier: GPL-2.0-or-later
/* nl80211_msg.c - nl80211 messages to struct bw_wifi_link and
 * struct bw_wifi_event (wifi.h). No socket: the unit tests and the fuzzer
 * hand these built messages.
 *
 * The kernel is the only sender we listen to, but a parser that trusts a
 * length reads past a short attribute one day (another kernel, another
 * driver, a bug), so every attribute is checked before it is read: a short
 * fixed-size attribute or an SSID/MAC of the wrong size makes the whole
 * message malformed (-EINVAL) rather than half-read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include "bondwatch/wifi.h"

/* The genl header of h, if h is a message of family with a valid one. */
static const struct genlmsghdr *genl_of(const struct nlmsghdr *h, int family)
{
	struct nlmsghdr *m = (struct nlmsghdr *)h;   /* libnl's API is not const */

	if (!h || h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_type != family ||
	    !genlmsg_valid_hdr(m, 0))
		return NULL;
	return nlmsg_data(m);
}

/* Every attribute of head[0..len) ends inside it. libnl's nla_parse
 * stops quietly at one that claims more bytes than are left (and only
 * logs the leftover): such a message is cut short, not one to read. */
static bool whole(const struct nlattr *head, int len)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem)
		;
	return rem == 0;
}

static int parse_top(const struct nlmsghdr *h, struct nlattr **tb)
{
	struct genlmsghdr *g = nlmsg_data((struct nlmsghdr *)h);

	if (!whole(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0)))
		return -EINVAL;
	return genlmsg_parse((struct nlmsghdr *)h, 0, tb, NL80211_ATTR_MAX, NULL) < 0 ? -EINVAL : 0;
}

/* nla_parse_nested, refusing a nest whose last attribute overruns it. */
static int parse_nest(struct nlattr **tb, int max, struct nlattr *nest)
{
	if (!whole(nla_data(nest), nla_len(nest)) || nla_parse_nested(tb, max, nest, NULL) < 0)
		return -EINVAL;
	return 0;
}

/* A u32 attribute that is there and long enough. */
static bool get_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) < 4)
		return false;
	memcpy(v, nla_data(a), 4);
	return true;
}

static int get_ifindex(struct nlattr **tb, int *out)
{
	uint32_t v;

	if (!get_u32(tb[NL80211_ATTR_IFINDEX], &v) || v == 0 || v > INT32_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* NL80211_ATTR_MAC: exactly 6 bytes when present. */
static int get_mac(const struct nlattr *a, bool *has, uint8_t mac[6])
{
	*has = false;
	if (!a)
		return 0;
	if (nla_len(a) != 6)
		return -EINVAL;
	memcpy(mac, nla_data(a), 6);
	*has = true;
	return 0;
}

int bw_wifi_parse_interface(const struct nlmsghdr *h, int family, struct bw_wifi_link *out)
{
	const struct genlmsghdr *g = genl_of(h, family);
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nlattr *ssid;

	memset(out, 0, sizeof(*out));
	if (!g || (g->cmd != NL80211_CMD_NEW_INTERFACE && g->cmd != NL80211_CMD_GET_INTERFACE) ||
	    parse_top(h, tb) < 0 || get_ifindex(tb, &out->ifindex) < 0)
		return -EINVAL;
	ssid = tb[NL80211_ATTR_SSID];
	if (ssid) {
		if (nla_len(ssid) < 0 || nla_len(ssid) > BW_SSID_MAX)
			return -EINVAL;
		out->ssid_len = (size_t)nla_len(ssid);
		memcpy(out->ssid, nla_data(ssid), out->ssid_len);
		/* cfg80211 puts the SSID of a station's current BSS only */
		out->associated = true;
	}
	return 0;
}

/* The SSID element (id 0) of 802.11 information elements ie[0..len):
 * each element is id, length, data; one that runs past the end, or an
 * SSID longer than 32, makes the whole list malformed. */
static int ies_ssid(const uint8_t *ie, size_t len, struct bw_wifi_link *out)
{
	size_t pos = 0;
	bool found = false;

	while (pos < len) {
		size_t l;

		if (len - pos < 2 || len - pos - 2 < ie[pos + 1])
			return -EINVAL;
		l = ie[pos + 1];
		if (ie[pos] == 0 && !found) {
			if (l > BW_SSID_MAX)
				return -EINVAL;
			out->ssid_len = l;
			memcpy(out->ssid, ie + pos + 2, l);
			found = true;
		}
		pos += 2 + l;
	}
	return 0;
}

int bw_wifi_parse_bss(const struct nlmsghdr *h, int family, struct bw_wifi_link *out)
{
	const struct genlmsghdr *g = genl_of(h, family);
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nlattr *bss[NL80211_BSS_MAX + 1];
	struct bw_wifi_link got = *out;
	struct nlattr *ies;
	uint32_t status;

	if (!g || g->cmd != NL80211_CMD_NEW_SCAN_RESULTS || parse_top(h, tb) < 0 ||
	    !tb[NL80211_ATTR_BSS] || parse_nest(bss, NL80211_BSS_MAX, tb[NL80211_ATTR_BSS]) < 0)
		return -EINVAL;
	if (bss[NL80211_BSS_STATUS] && !get_u32(bss[NL80211_BSS_STATUS], &status))
		return -EINVAL;
	if (!bss[NL80211_BSS_STATUS] || status != NL80211_BSS_STATUS_ASSOCIATED)
		return 1;                  /* another BSS the radio has heard */
	if (!bss[NL80211_BSS_BSSID] || get_mac(bss[NL80211_BSS_BSSID], &got.has_bssid, got.bssid) < 0)
		return -EINVAL;
	got.ssid_len = 0;
	ies = bss[NL80211_BSS_INFORMATION_ELEMENTS] ? bss[NL80211_BSS_INFORMATION_ELEMENTS]
						    : bss[NL80211_BSS_BEACON_IES];
	if (ies && ies_ssid(nla_data(ies), (size_t)nla_len(ies), &got) < 0)
		return -EINVAL;
	got.associated = true;
	*out = got;
	return 0;
}

/* NL80211_STA_INFO_TX_BITRATE's nest: the 32-bit total when the kernel
 * gives it (rates over 6.5 Gbit/s do not fit the 16-bit one), in
 * 100 kbit/s units. */
static int get_bitrate(struct nlattr *nest, struct bw_wifi_link *out)
{
	struct nlattr *ri[NL80211_RATE_INFO_MAX + 1];
	uint32_t v;
	uint16_t v16;

	if (parse_nest(ri, NL80211_RATE_INFO_MAX, nest) < 0)
		return -EINVAL;
	if (ri[NL80211_RATE_INFO_BITRATE32]) {
		if (!get_u32(ri[NL80211_RATE_INFO_BITRATE32], &v))
			return -EINVAL;
	} else if (ri[NL80211_RATE_INFO_BITRATE]) {
		if (nla_len(ri[NL80211_RATE_INFO_BITRATE]) < 2)
			return -EINVAL;
		memcpy(&v16, nla_data(ri[NL80211_RATE_INFO_BITRATE]), 2);
		v = v16;
	} else {
		return 0;                  /* no rate known yet (nothing sent) */
	}
	out->has_bitrate = true;
	out->tx_kbps = v > UINT32_MAX / 100 ? UINT32_MAX : v * 100;
	return 0;
}

int bw_wifi_parse_station(const struct nlmsghdr *h, int family, struct bw_wifi_link *out)
{
	const struct genlmsghdr *g = genl_of(h, family);
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nlattr *si[NL80211_STA_INFO_MAX + 1];
	struct bw_wifi_link got = *out;
	int ifindex;

	if (!g || g->cmd != NL80211_CMD_NEW_STATION || parse_top(h, tb) < 0 ||
	    get_ifindex(tb, &ifindex) < 0 || !tb[NL80211_ATTR_MAC] ||
	    get_mac(tb[NL80211_ATTR_MAC], &got.has_bssid, got.bssid) < 0)
		return -EINVAL;
	got.ifindex = ifindex;
	got.has_signal = got.has_bitrate = false;
	if (tb[NL80211_ATTR_STA_INFO]) {
		if (parse_nest(si, NL80211_STA_INFO_MAX, tb[NL80211_ATTR_STA_INFO]) < 0)
			return -EINVAL;
		if (si[NL80211_STA_INFO_SIGNAL]) {
			if (nla_len(si[NL80211_STA_INFO_SIGNAL]) < 1)
				return -EINVAL;
			/* a u8 on the wire holding an s8 dBm (two's complement) */
			int v = nla_get_u8(si[NL80211_STA_INFO_SIGNAL]);

			got.signal_dbm = v > 127 ? v - 256 : v;
			got.has_signal = true;
		}
		if (si[NL80211_STA_INFO_TX_BITRATE] &&
		    get_bitrate(si[NL80211_STA_INFO_TX_BITRATE], &got) < 0)
			return -EINVAL;
	}
	*out = got;
	return 0;
}

/* NL80211_ATTR_CQM's nest: which way the RSSI crossed, and the level. */
static int parse_cqm(struct nlattr *nest, struct bw_wifi_event *out)
{
	struct nlattr *cqm[NL80211_ATTR_CQM_MAX + 1];
	uint32_t ev, lvl;

	if (!nest || parse_nest(cqm, NL80211_ATTR_CQM_MAX, nest) < 0)
		return -EINVAL;
	if (!cqm[NL80211_ATTR_CQM_RSSI_THRESHOLD_EVENT])
		return 1;                  /* packet loss, TX errors, beacon loss */
	if (!get_u32(cqm[NL80211_ATTR_CQM_RSSI_THRESHOLD_EVENT], &ev))
		return -EINVAL;
	if (ev == NL80211_CQM_RSSI_THRESHOLD_EVENT_LOW)
		out->ev = BW_WIFI_EV_RSSI_LOW;
	else if (ev == NL80211_CQM_RSSI_THRESHOLD_EVENT_HIGH)
		out->ev = BW_WIFI_EV_RSSI_HIGH;
	else
		return 1;                  /* BEACON_LOSS_EVENT and later kinds */
	if (cqm[NL80211_ATTR_CQM_RSSI_LEVEL]) {
		if (!get_u32(cqm[NL80211_ATTR_CQM_RSSI_LEVEL], &lvl))
			return -EINVAL;
		out->rssi_dbm = (int32_t)lvl;
		out->has_rssi = true;
	}
	return 0;
}

/* CMD_CONNECT: success is a status code of 0 (WLAN_STATUS_SUCCESS) and no
 * TIMED_OUT flag; cfg80211 sends the result of a failed attempt the same
 * way. */
static void parse_connect(struct nlattr **tb, struct bw_wifi_event *out)
{
	bool ok = !tb[NL80211_ATTR_TIMED_OUT];

	if (tb[NL80211_ATTR_STATUS_CODE]) {
		uint16_t status = 1;

		if (nla_len(tb[NL80211_ATTR_STATUS_CODE]) >= 2)
			memcpy(&status, nla_data(tb[NL80211_ATTR_STATUS_CODE]), 2);
		ok = ok && status == 0;
	}
	out->ev = ok ? BW_WIFI_EV_CONNECTED : BW_WIFI_EV_CONNECT_FAILED;
}

int bw_wifi_parse_event(const struct nlmsghdr *h, int family, struct bw_wifi_event *out)
{
	const struct genlmsghdr *g = genl_of(h, family);
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!g || parse_top(h, tb) < 0)
		return -EINVAL;
	if (g->cmd != NL80211_CMD_CONNECT && g->cmd != NL80211_CMD_ROAM &&
	    g->cmd != NL80211_CMD_DISCONNECT && g->cmd != NL80211_CMD_NOTIFY_CQM)
		return 1;
	if (get_ifindex(tb, &out->ifindex) < 0 ||
	    get_mac(tb[NL80211_ATTR_MAC], &out->has_bssid, out->bssid) < 0)
		return -EINVAL;
	switch (g->cmd) {
	case NL80211_CMD_CONNECT:
		parse_connect(tb, out);
		break;
	case NL80211_CMD_ROAM:
		out->ev = BW_WIFI_EV_CONNECTED;
		break;
	case NL80211_CMD_DISCONNECT:
		out->ev = BW_WIFI_EV_DISCONNECTED;
		break;
	default:
		rc = parse_cqm(tb[NL80211_ATTR_CQM], out);
	}
	return rc;
}

const char *bw_wifi_ev_name(enum bw_wifi_ev ev)
{
	switch (ev) {
	case BW_WIFI_EV_CONNECTED: return "connected";
	case BW_WIFI_EV_CONNECT_FAILED: return "connect failed";
	case BW_WIFI_EV_DISCONNECTED: return "disconnected";
	case BW_WIFI_EV_RSSI_LOW: return "signal below threshold";
	case BW_WIFI_EV_RSSI_HIGH: return "signal above threshold";
	}
	return "?";
}

const char *bw_wifi_mac_text(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}
