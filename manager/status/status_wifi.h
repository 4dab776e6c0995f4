/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_wifi.h - a wireless member's radio in `bondmgr status`: SSID,
 * BSSID, signal and transmit bitrate from nl80211 (lib/netlink), or "not
 * associated". */
#ifndef BONDMGR_STATUS_WIFI_H
#define BONDMGR_STATUS_WIFI_H

#include <stdio.h>
#include "bondwatch/kstate.h"
#include "bondwatch/apply.h"
#include "bondwatch/wifi.h"

struct status_wifi_ctx {
	struct bw_wifinl *nl;               /* NULL: no nl80211 on this host */
	const struct bw_client_env *ce;     /* where bondmgr's supplicants are */
};

/* nl NULL: the radio reads "unknown". Not associated: why, when bondmgr
 * runs the member's supplicant (status_wpa.h). Text: one line for the
 * slave; JSON: a member ",\"wifi\":{...}" of its object. */
void status_wifi_text(FILE *f, const struct status_wifi_ctx *w, const struct bw_link *slave);
void status_wifi_json(FILE *f, const struct status_wifi_ctx *w, const struct bw_link *slave);

#endif
