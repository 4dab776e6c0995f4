/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_fmt.h - one bond's status, as text for people or JSON for scripts. */
#ifndef BONDMGR_STATUS_FMT_H
#define BONDMGR_STATUS_FMT_H

#include <stdio.h>
#include "bondwatch/kstate.h"
#include "bondwatch/wifi.h"
#include "lease.h"
#include "status_wifi.h"

/* lease: the bond's DHCP lease as its client recorded it; NULL: the bond
 * runs no DHCP client. wifi: nl80211, asked about each wireless member
 * (NULL: no nl80211 on this host). */
void status_print_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs, const struct status_lease *lease,
		       const struct status_wifi_ctx *wifi);
void status_print_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs, const struct status_lease *lease,
		       const struct status_wifi_ctx *wifi);
/* The other modes' options, the MTU and the address (status_modes.c): text
 * lines, or JSON members each starting with a comma. */
void status_modes_text(FILE *f, const struct bw_link *bond);
void status_modes_json(FILE *f, const struct bw_link *bond);
/* s as a JSON string: '"' and '\\' escaped, every other byte below 0x20 or
 * from 0x7f on as \u00XX (interface names may hold almost any byte). */
void status_json_str(FILE *f, const char *s);

#endif
