/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_wifi.h - a wireless member's radio in `bondmgr status`: SSID,
 * BSSID, signal and transmit bitrate from nl80211 (lib/netlink), or "not
 * associated". */
#ifndef BONDMGR_STATUS_WIFI_H
#define BONDMGR_STATUS_WIFI_H

#include <stdio.h>
#include "bondwatch/kstate.h"
#include "bondwatch/wifi.h"

/* w NULL (no nl80211 on this host): the radio reads "unknown". Text: one
 * line for the slave; JSON: a member ",\"wifi\":{...}" of its object. */
void status_wifi_text(FILE *f, struct bw_wifinl *w, const struct bw_link *slave);
void status_wifi_json(FILE *f, struct bw_wifinl *w, const struct bw_link *slave);

#endif
