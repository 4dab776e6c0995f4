/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wifi.h - a wireless bond member's radio as nl80211 (generic netlink,
 * family "nl80211") describes it: associated or not, to which SSID and
 * BSSID, the signal and the transmit bitrate; and the "mlme" multicast
 * group's events (connected, disconnected, the connection-quality monitor
 * crossing its RSSI threshold).
 *
 * The parsers (nl80211_msg.c) are pure: one netlink message in, a struct
 * out, every attribute length checked, so that unit tests and fuzzers can
 * feed them anything. The socket side is nl80211_sock.c.
 *
 * An SSID is up to 32 arbitrary bytes (IEEE 802.11): NUL, control
 * characters and invalid UTF-8 included. It is kept raw here; whoever
 * prints it escapes it (bw_text_escape).
 */
#ifndef BW_WIFI_H
#define BW_WIFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bondwatch/types.h"

struct nlmsghdr;

#define BW_SSID_MAX 32
/* An SSID escaped by bw_text_escape: 4 characters a byte at worst, NUL. */
#define BW_SSID_TEXT (BW_SSID_MAX * 4 + 1)

struct bw_wifi_link {
	int ifindex;
	bool associated;               /* the interface has a current BSS */
	size_t ssid_len;
	uint8_t ssid[BW_SSID_MAX];
	bool has_bssid;
	uint8_t bssid[6];
	bool has_signal;
	int signal_dbm;                /* last frame from the AP, dBm */
	bool has_bitrate;
	uint32_t tx_kbps;              /* transmit bitrate to the AP, kbit/s */
};

/* NL80211_CMD_GET_INTERFACE reply (or NEW_INTERFACE): the ifindex and, for
 * a station with a current BSS, its SSID (associated then). Returns 0, or
 * -EINVAL for a message that is not one or is malformed (an IFINDEX
 * shorter than 4 bytes, an SSID longer than 32). out is overwritten. */
int bw_wifi_parse_interface(const struct nlmsghdr *h, int family, struct bw_wifi_link *out);
/* NL80211_CMD_NEW_SCAN_RESULTS (a GET_SCAN dump's entry, as `iw link`
 * reads it): for the BSS whose status is "associated", its BSSID and the
 * SSID from its information elements, associated set; returns 0. Another
 * BSS: 1, out unchanged. -EINVAL: malformed (an element running past the
 * end, an SSID element over 32 bytes, a BSSID not of 6), out unchanged.
 * (Kernels from 6.0 leave the SSID out of a station's GET_INTERFACE.) */
int bw_wifi_parse_bss(const struct nlmsghdr *h, int family, struct bw_wifi_link *out);
/* NL80211_CMD_NEW_STATION (a GET_STATION dump's entry): on a station
 * interface the one peer is the AP: its MAC is the BSSID, with the signal
 * and the transmit bitrate. Fills those fields of out (other fields kept).
 * Returns 0 or -EINVAL. */
int bw_wifi_parse_station(const struct nlmsghdr *h, int family, struct bw_wifi_link *out);

enum bw_wifi_ev {
	BW_WIFI_EV_CONNECTED,          /* CMD_CONNECT with success, or CMD_ROAM */
	BW_WIFI_EV_CONNECT_FAILED,     /* CMD_CONNECT with a failure status or timeout */
	BW_WIFI_EV_DISCONNECTED,       /* CMD_DISCONNECT */
	BW_WIFI_EV_RSSI_LOW,           /* CMD_NOTIFY_CQM: below the threshold */
	BW_WIFI_EV_RSSI_HIGH,          /* CMD_NOTIFY_CQM: above it */
};

struct bw_wifi_event {
	enum bw_wifi_ev ev;
	int ifindex;
	bool has_bssid;
	uint8_t bssid[6];
	bool has_rssi;
	int rssi_dbm;                  /* the level that crossed (kernel >= 4.17) */
};

/* One message of the "mlme" group. Returns 0 (an event we use), 1 (a
 * well-formed message of no interest: another command, another CQM kind),
 * or -EINVAL (malformed). */
int bw_wifi_parse_event(const struct nlmsghdr *h, int family, struct bw_wifi_event *out);

const char *bw_wifi_ev_name(enum bw_wifi_ev ev);
/* "aa:bb:cc:dd:ee:ff" into buf[18]. */
const char *bw_wifi_mac_text(const uint8_t mac[6], char buf[18]);

/* The socket side. Open fails (-ENOENT) when the kernel has no nl80211
 * family (cfg80211 not loaded: no wireless at all); callers carry on
 * without. monitor: also join the "mlme" group on a non-blocking socket
 * whose descriptor bw_wifinl_fd gives (else -1). */
struct bw_wifinl;
int bw_wifinl_open(struct bw_wifinl **out, bool monitor, struct bw_err *err);
int bw_wifinl_fd(const struct bw_wifinl *w);
/* The interface (GET_INTERFACE: is it wireless), the BSS it is associated
 * with (GET_SCAN dump) and then its AP (GET_STATION dump). Returns 0, -ENODEV when ifindex is no wireless
 * interface (or is gone), or another negative errno. */
int bw_wifinl_read_link(struct bw_wifinl *w, int ifindex, struct bw_wifi_link *out);
/* Only the AP as a station (GET_STATION dump): BSSID, signal, bitrate
 * into out, the rest kept; for a caller that knows the SSID from the
 * events. Returns 0, -ENOENT when there is no station (not associated),
 * or another negative errno. */
int bw_wifinl_read_station(struct bw_wifinl *w, int ifindex, struct bw_wifi_link *out);
/* NL80211_CMD_SET_CQM: report RSSI crossing thold_dbm with hysteresis
 * hyst_db (thold 0 turns it off). Needs CAP_NET_ADMIN. Returns 0 or a
 * negative errno (-EOPNOTSUPP: the driver has no CQM). */
int bw_wifinl_set_cqm(struct bw_wifinl *w, int ifindex, int thold_dbm, unsigned hyst_db);
typedef void (*bw_wifi_event_cb)(void *ctx, const struct bw_wifi_event *ev);
/* The monitor's pending events without blocking, cb for each. Returns 0,
 * -ENOBUFS when some were lost (read every link again), or another
 * negative errno. */
int bw_wifinl_read_events(struct bw_wifinl *w, bw_wifi_event_cb cb, void *ctx);
void bw_wifinl_close(struct bw_wifinl *w);

#endif
