/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nl80211_check.h - the nl80211 parsers (lib/netlink/nl80211_msg.c) under
 * fuzz_link.c: each message of the input also goes through every one of
 * them, with the family id taken from the message so the fuzzer reaches
 * the attributes (one target for both kinds of netlink input, so that
 * `make check` spends no more fuzzing time). Beyond "no crash, no leak, no
 * UB": an accepted SSID is at most 32 bytes and escapes into its buffer; a
 * rejected station or BSS leaves the caller's struct as it was.
 */
#ifndef BW_FUZZ_NL80211_CHECK_H
#define BW_FUZZ_NL80211_CHECK_H

#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include "bondwatch/text.h"
#include "bondwatch/wifi.h"

static void check_ssid(const struct bw_wifi_link *l)
{
	char buf[BW_SSID_TEXT];

	if (l->ssid_len > BW_SSID_MAX)
		abort();
	bw_text_escape((const char *)l->ssid, l->ssid_len, buf, sizeof(buf));
	if (!memchr(buf, '\0', sizeof(buf)))
		abort();
}

/* Field by field: the struct has padding, whose bytes say nothing. */
static bool same(const struct bw_wifi_link *a, const struct bw_wifi_link *b)
{
	return a->ifindex == b->ifindex && a->associated == b->associated &&
	       a->ssid_len == b->ssid_len && !memcmp(a->ssid, b->ssid, sizeof(a->ssid)) &&
	       a->has_bssid == b->has_bssid && !memcmp(a->bssid, b->bssid, 6) &&
	       a->has_signal == b->has_signal && a->signal_dbm == b->signal_dbm &&
	       a->has_bitrate == b->has_bitrate && a->tx_kbps == b->tx_kbps;
}

/* What the caller had before: every field set, to see one change. */
static void preset(struct bw_wifi_link *l)
{
	memset(l, 0, sizeof(*l));
	l->ifindex = 77;
	l->ssid_len = 3;
	memset(l->ssid, 'z', sizeof(l->ssid));
	l->has_bssid = l->has_signal = l->has_bitrate = true;
	memset(l->bssid, 0xee, 6);
	l->signal_dbm = -99;
	l->tx_kbps = 12345;
}

static void wifi_message(const uint8_t *msg, size_t len)
{
	struct nlmsghdr *h = malloc(len);
	struct bw_wifi_link l, before;
	struct bw_wifi_event ev;
	int fam;

	if (!h)
		return;
	memcpy(h, msg, len);
	h->nlmsg_len = (uint32_t)len;
	fam = h->nlmsg_type;
	if (bw_wifi_parse_interface(h, fam, &l) == 0)
		check_ssid(&l);
	preset(&l);
	preset(&before);
	if (bw_wifi_parse_station(h, fam, &l) < 0 && !same(&l, &before))
		abort();
	preset(&l);
	if (bw_wifi_parse_bss(h, fam, &l) != 0) {
		if (!same(&l, &before))
			abort();
	} else {
		check_ssid(&l);
	}
	if (bw_wifi_parse_event(h, fam, &ev) == 0 && ev.ifindex <= 0)
		abort();
	free(h);
}

#endif
