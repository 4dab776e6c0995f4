// SPDX-License-Identifier: GPL-2.0-or-later
/* test_wifi_msg.c - nl80211 messages (lib/netlink/nl80211_msg.c), built
 * here as cfg80211 sends them: an interface with and without a current
 * BSS, a station with its signal and transmit rate, the "mlme" group's
 * connect / roam / disconnect / CQM events; and the malformed ones
 * (short, oversized, missing attributes), table-driven.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include "harness.h"
#include "bondwatch/text.h"
#include "bondwatch/wifi.h"

#define FAM 28                     /* any family id: the parser is told it */

/* The AP's MAC, and room after it for the oversized-MAC cases. */
static const uint8_t ap[8] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0xaa, 0xbb };

static struct nl_msg *genl(int cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAM, 0, 0, (uint8_t)cmd, 0);
	return msg;
}

/* What an attribute of a test message looks like. */
enum shape { OK, SHORT, LONG, ABSENT };

static void put_ifindex(struct nl_msg *msg, enum shape s)
{
	uint16_t two = 5;

	if (s == OK)
		nla_put_u32(msg, NL80211_ATTR_IFINDEX, 5);
	else if (s == SHORT)
		nla_put(msg, NL80211_ATTR_IFINDEX, 2, &two);
}

static struct nl_msg *iface(enum shape ifi, const void *ssid, int ssid_len)
{
	struct nl_msg *msg = genl(NL80211_CMD_NEW_INTERFACE);

	put_ifindex(msg, ifi);
	nla_put_u32(msg, NL80211_ATTR_IFTYPE, NL80211_IFTYPE_STATION);
	if (ssid_len >= 0)
		nla_put(msg, NL80211_ATTR_SSID, ssid_len, ssid);
	return msg;
}

TEST(wifi_interface_associated_and_not)
{
	struct bw_wifi_link l;
	struct nl_msg *msg = iface(OK, "lab", 3);
	char buf[BW_SSID_TEXT];

	CHECK_INT(bw_wifi_parse_interface(nlmsg_hdr(msg), FAM, &l), 0);
	CHECK_INT(l.ifindex, 5);
	CHECK(l.associated);
	CHECK_INT(l.ssid_len, 3);
	CHECK(memcmp(l.ssid, "lab", 3) == 0);
	nlmsg_free(msg);

	msg = iface(OK, NULL, -1);
	CHECK_INT(bw_wifi_parse_interface(nlmsg_hdr(msg), FAM, &l), 0);
	CHECK(!l.associated);
	CHECK_INT(l.ssid_len, 0);
	nlmsg_free(msg);

	/* 32 bytes, controls and an invalid UTF-8 byte: kept raw, escaped on output */
	msg = iface(OK, "a\033[2Jb\n\377\0xxxxxxxxxxxxxxxxxxxxxxx", 32);
	CHECK_INT(bw_wifi_parse_interface(nlmsg_hdr(msg), FAM, &l), 0);
	CHECK_INT(l.ssid_len, 32);
	CHECK_STR(bw_text_escape((const char *)l.ssid, 9, buf, sizeof(buf)),
		  "a\\x1b[2Jb\\x0a\\xff\\x00");
	nlmsg_free(msg);
}

TEST(wifi_interface_malformed)
{
	static const struct {
		const char *what;
		enum shape ifi;
		int ssid_len;
		int family;
		int want;
	} cases[] = {
		{ "no ifindex", ABSENT, 3, FAM, -EINVAL },
		{ "2-byte ifindex", SHORT, 3, FAM, -EINVAL },
		{ "33-byte SSID", OK, 33, FAM, -EINVAL },
		{ "empty SSID (hidden network) is an SSID", OK, 0, FAM, 0 },
		{ "another family", OK, 3, FAM + 1, -EINVAL },
	};
	uint8_t ssid[64] = "0123456789012345678901234567890123456789";

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nl_msg *msg = iface(cases[i].ifi, ssid, cases[i].ssid_len);
		struct bw_wifi_link l;
		int rc = bw_wifi_parse_interface(nlmsg_hdr(msg), cases[i].family, &l);

		if (rc != cases[i].want)
			bw_test_fail(__FILE__, __LINE__, "%s: %d, want %d", cases[i].what, rc,
				     cases[i].want);
		nlmsg_free(msg);
	}
}

/* A station entry: mac_len bytes of MAC, signal (1 byte or short), the
 * rate as BITRATE32 / BITRATE (16) / a short BITRATE32. */
enum rate { R32, R16, RSHORT, RNONE };

static struct nl_msg *station(int mac_len, enum shape sig, enum rate rate)
{
	struct nl_msg *msg = genl(NL80211_CMD_NEW_STATION);
	struct nlattr *si, *ri;

	put_ifindex(msg, OK);
	if (mac_len >= 0)
		nla_put(msg, NL80211_ATTR_MAC, mac_len, ap);
	si = nla_nest_start(msg, NL80211_ATTR_STA_INFO);
	if (sig == OK)
		nla_put_u8(msg, NL80211_STA_INFO_SIGNAL, (uint8_t)-43);
	else if (sig == SHORT)
		nla_put(msg, NL80211_STA_INFO_SIGNAL, 0, NULL);
	ri = nla_nest_start(msg, NL80211_STA_INFO_TX_BITRATE);
	if (rate == R32)
		nla_put_u32(msg, NL80211_RATE_INFO_BITRATE32, 540);
	else if (rate == R16)
		nla_put_u16(msg, NL80211_RATE_INFO_BITRATE, 10);
	else if (rate == RSHORT)
		nla_put_u16(msg, NL80211_RATE_INFO_BITRATE32, 540);
	nla_nest_end(msg, ri);
	nla_nest_end(msg, si);
	return msg;
}

TEST(wifi_station_signal_and_rate)
{
	struct bw_wifi_link l = { .associated = true, .ssid_len = 3 };
	struct nl_msg *msg = station(6, OK, R32);
	char mac[18];

	CHECK_INT(bw_wifi_parse_station(nlmsg_hdr(msg), FAM, &l), 0);
	CHECK(l.associated);                 /* kept from the interface */
	CHECK_INT(l.ssid_len, 3);
	CHECK(l.has_bssid);
	CHECK_STR(bw_wifi_mac_text(l.bssid, mac), "02:00:00:00:01:00");
	CHECK(l.has_signal);
	CHECK_INT(l.signal_dbm, -43);
	CHECK(l.has_bitrate);
	CHECK_INT(l.tx_kbps, 54000);         /* 540 x 100 kbit/s */
	nlmsg_free(msg);

	msg = station(6, ABSENT, R16);
	CHECK_INT(bw_wifi_parse_station(nlmsg_hdr(msg), FAM, &l), 0);
	CHECK(!l.has_signal);
	CHECK_INT(l.tx_kbps, 1000);
	nlmsg_free(msg);

	msg = station(6, OK, RNONE);
	CHECK_INT(bw_wifi_parse_station(nlmsg_hdr(msg), FAM, &l), 0);
	CHECK(!l.has_bitrate);
	nlmsg_free(msg);
}

TEST(wifi_station_malformed_changes_nothing)
{
	static const struct {
		const char *what;
		int mac_len;
		enum shape sig;
		enum rate rate;
	} cases[] = {
		{ "no MAC", -1, OK, R32 },
		{ "5-byte MAC", 5, OK, R32 },
		{ "7-byte MAC", 7, OK, R32 },
		{ "empty signal", 6, SHORT, R32 },
		{ "2-byte BITRATE32", 6, OK, RSHORT },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nl_msg *msg = station(cases[i].mac_len, cases[i].sig, cases[i].rate);
		struct bw_wifi_link l = { .ifindex = 9, .signal_dbm = 1 };
		int rc = bw_wifi_parse_station(nlmsg_hdr(msg), FAM, &l);

		if (rc != -EINVAL || l.ifindex != 9 || l.signal_dbm != 1 || l.has_bssid)
			bw_test_fail(__FILE__, __LINE__, "%s: rc %d, fields changed", cases[i].what, rc);
		nlmsg_free(msg);
	}
}

/* A truncated message: the netlink length says more than the buffer has
 * would be read past; what the parser sees is a message whose last
 * attribute claims more bytes than the message holds. */
TEST(wifi_station_attribute_past_the_end)
{
	struct nl_msg *msg = station(6, OK, R32);
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct bw_wifi_link l = { 0 };
	struct nlattr *last = NULL, *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(h), 0), genlmsg_attrlen(nlmsg_data(h), 0), rem)
		last = a;
	CHECK(last != NULL);
	if (last)
		last->nla_len = (uint16_t)(last->nla_len + 64);   /* past the end */
	CHECK_INT(bw_wifi_parse_station(h, FAM, &l), -EINVAL);
	h->nlmsg_len = 8;                                       /* shorter than its headers */
	CHECK_INT(bw_wifi_parse_station(h, FAM, &l), -EINVAL);
	CHECK_INT(bw_wifi_parse_interface(h, FAM, &l), -EINVAL);
	nlmsg_free(msg);
}

static struct nl_msg *event(int cmd, bool mac, int status, bool timed_out)
{
	struct nl_msg *msg = genl(cmd);

	put_ifindex(msg, OK);
	if (mac)
		nla_put(msg, NL80211_ATTR_MAC, 6, ap);
	if (status >= 0)
		nla_put_u16(msg, NL80211_ATTR_STATUS_CODE, (uint16_t)status);
	if (timed_out)
		nla_put_flag(msg, NL80211_ATTR_TIMED_OUT);
	return msg;
}

static struct nl_msg *cqm(int kind, bool level, bool short_kind)
{
	struct nl_msg *msg = genl(NL80211_CMD_NOTIFY_CQM);
	struct nlattr *n;

	put_ifindex(msg, OK);
	nla_put(msg, NL80211_ATTR_MAC, 6, ap);
	n = nla_nest_start(msg, NL80211_ATTR_CQM);
	if (short_kind)
		nla_put_u8(msg, NL80211_ATTR_CQM_RSSI_THRESHOLD_EVENT, (uint8_t)kind);
	else if (kind >= 0)
		nla_put_u32(msg, NL80211_ATTR_CQM_RSSI_THRESHOLD_EVENT, (uint32_t)kind);
	else
		nla_put_u32(msg, NL80211_ATTR_CQM_PKT_LOSS_EVENT, 50);
	if (level)
		nla_put_u32(msg, NL80211_ATTR_CQM_RSSI_LEVEL, (uint32_t)-61);
	nla_nest_end(msg, n);
	return msg;
}

TEST(wifi_events)
{
	static const struct {
		const char *what;
		int kind;              /* 0 event, 1 cqm */
		int cmd, status;
		bool mac, timed_out, level, short_kind;
		int want_rc;
		enum bw_wifi_ev want;
	} cases[] = {
		{ "connect ok", 0, NL80211_CMD_CONNECT, 0, true, false, 0, 0, 0, BW_WIFI_EV_CONNECTED },
		{ "connect refused", 0, NL80211_CMD_CONNECT, 17, true, false, 0, 0, 0, BW_WIFI_EV_CONNECT_FAILED },
		{ "connect timed out", 0, NL80211_CMD_CONNECT, -1, false, true, 0, 0, 0, BW_WIFI_EV_CONNECT_FAILED },
		{ "roam", 0, NL80211_CMD_ROAM, -1, true, false, 0, 0, 0, BW_WIFI_EV_CONNECTED },
		{ "disconnect", 0, NL80211_CMD_DISCONNECT, -1, false, false, 0, 0, 0, BW_WIFI_EV_DISCONNECTED },
		{ "scan result: not ours", 0, NL80211_CMD_NEW_SCAN_RESULTS, -1, false, false, 0, 0, 1, 0 },
		{ "cqm low", 1, NL80211_CQM_RSSI_THRESHOLD_EVENT_LOW, 0, 0, 0, true, false, 0, BW_WIFI_EV_RSSI_LOW },
		{ "cqm high, no level", 1, NL80211_CQM_RSSI_THRESHOLD_EVENT_HIGH, 0, 0, 0, false, false, 0, BW_WIFI_EV_RSSI_HIGH },
		{ "cqm beacon loss: not ours", 1, NL80211_CQM_RSSI_BEACON_LOSS_EVENT, 0, 0, 0, false, false, 1, 0 },
		{ "cqm packet loss: not ours", 1, -1, 0, 0, 0, false, false, 1, 0 },
		{ "cqm 1-byte kind", 1, 0, 0, 0, 0, false, true, -EINVAL, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nl_msg *msg = cases[i].kind == 0
			? event(cases[i].cmd, cases[i].mac, cases[i].status, cases[i].timed_out)
			: cqm(cases[i].cmd, cases[i].level, cases[i].short_kind);
		struct bw_wifi_event ev;
		int rc = bw_wifi_parse_event(nlmsg_hdr(msg), FAM, &ev);

		if (rc != cases[i].want_rc || (rc == 0 && (ev.ev != cases[i].want || ev.ifindex != 5)))
			bw_test_fail(__FILE__, __LINE__, "%s: rc %d ev %s", cases[i].what, rc,
				     rc == 0 ? bw_wifi_ev_name(ev.ev) : "-");
		if (rc == 0 && cases[i].kind == 1)
			CHECK_INT(ev.has_rssi ? ev.rssi_dbm : 0, cases[i].level ? -61 : 0);
		nlmsg_free(msg);
	}
}

TEST(wifi_event_malformed_mac)
{
	struct nl_msg *msg = genl(NL80211_CMD_CONNECT);
	struct bw_wifi_event ev;

	put_ifindex(msg, OK);
	nla_put(msg, NL80211_ATTR_MAC, 3, ap);
	CHECK_INT(bw_wifi_parse_event(nlmsg_hdr(msg), FAM, &ev), -EINVAL);
	nlmsg_free(msg);
	msg = genl(NL80211_CMD_DISCONNECT);
	put_ifindex(msg, SHORT);
	CHECK_INT(bw_wifi_parse_event(nlmsg_hdr(msg), FAM, &ev), -EINVAL);
	nlmsg_free(msg);
}

/* A GET_SCAN dump entry: status (-1 none), BSSID of mac_len, the IEs. */
static struct nl_msg *bss(int status, int mac_len, const void *ies, int ies_len)
{
	struct nl_msg *msg = genl(NL80211_CMD_NEW_SCAN_RESULTS);
	struct nlattr *b;

	put_ifindex(msg, OK);
	b = nla_nest_start(msg, NL80211_ATTR_BSS);
	if (mac_len >= 0)
		nla_put(msg, NL80211_BSS_BSSID, mac_len, ap);
	if (status >= 0)
		nla_put_u32(msg, NL80211_BSS_STATUS, (uint32_t)status);
	if (ies_len >= 0)
		nla_put(msg, NL80211_BSS_INFORMATION_ELEMENTS, ies_len, ies);
	nla_nest_end(msg, b);
	return msg;
}

TEST(wifi_bss_associated_ssid_from_ies)
{
	/* DS parameter set (id 3), then the SSID (id 0), then rates (id 1) */
	static const uint8_t ies[] = { 3, 1, 6, 0, 4, 'l', 'a', 'b', '\n', 1, 2, 0x82, 0x84 };
	struct bw_wifi_link l = { .ifindex = 5 };
	struct nl_msg *msg = bss(NL80211_BSS_STATUS_ASSOCIATED, 6, ies, sizeof(ies));
	char mac[18];

	CHECK_INT(bw_wifi_parse_bss(nlmsg_hdr(msg), FAM, &l), 0);
	CHECK(l.associated);
	CHECK_INT(l.ssid_len, 4);
	CHECK(memcmp(l.ssid, "lab\n", 4) == 0);
	CHECK_STR(bw_wifi_mac_text(l.bssid, mac), "02:00:00:00:01:00");
	nlmsg_free(msg);
	/* a BSS heard, not joined: not ours, nothing changed */
	memset(&l, 0, sizeof(l));
	msg = bss(-1, 6, ies, sizeof(ies));
	CHECK_INT(bw_wifi_parse_bss(nlmsg_hdr(msg), FAM, &l), 1);
	CHECK(!l.associated);
	nlmsg_free(msg);
}

TEST(wifi_bss_malformed)
{
	static const uint8_t past_end[] = { 0, 4, 'l', 'a', 'b', 1, 9, 0x82 };
	static const uint8_t lone_id[] = { 0, 3, 'l', 'a', 'b', 7 };
	static const uint8_t big[40] = { 0, 33 };
	static const struct {
		const char *what;
		int mac_len;
		const uint8_t *ies;
		int len;
	} cases[] = {
		{ "element past the end", 6, past_end, sizeof(past_end) },
		{ "an id without its length", 6, lone_id, sizeof(lone_id) },
		{ "33-byte SSID element", 6, big, 35 },
		{ "no BSSID", -1, lone_id, 5 },
		{ "4-byte BSSID", 4, lone_id, 5 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nl_msg *msg = bss(NL80211_BSS_STATUS_ASSOCIATED, cases[i].mac_len, cases[i].ies,
					 cases[i].len);
		struct bw_wifi_link l = { .ifindex = 5 };
		int rc = bw_wifi_parse_bss(nlmsg_hdr(msg), FAM, &l);

		if (rc != -EINVAL || l.associated || l.ssid_len)
			bw_test_fail(__FILE__, __LINE__, "%s: rc %d", cases[i].what, rc);
		nlmsg_free(msg);
	}
}
