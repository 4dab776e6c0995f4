/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_fmt.h - one bond's status, as text for people or JSON for scripts. */
#ifndef BONDMGR_STATUS_FMT_H
#define BONDMGR_STATUS_FMT_H

#include <stdio.h>
#include "bondwatch/kstate.h"
#include "bondwatch/wifi.h"
#include "lease.h"
#include "status_wifi.h"

/* leases: the bond's DHCP leases as its client recorded them; NULL: the
 * bond runs no DHCP client. wifi: nl80211, asked about each wireless member
 * (NULL: no nl80211 on this host). */
void status_print_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs, const struct status_leases *leases,
		       const struct status_wifi_ctx *wifi);
void status_print_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs, const struct status_leases *leases,
		       const struct status_wifi_ctx *wifi);
/* The other modes' options, the MTU and the address (status_modes.c): text
 * lines, or JSON members each starting with a comma. */
void status_modes_text(FILE *f, const struct bw_link *bond);
void status_modes_json(FILE *f, const struct bw_link *bond);
/* The leases' lines, or JSON members "dhcp" and "dhcp6" (null when
 * there is none) each starting with a comma (status_lease.c). */
void status_leases_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
			const struct status_leases *leases);
void status_leases_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
			const struct status_leases *leases);
/* s as a JSON string: '"' and '\\' escaped, every other byte below 0x20 or
 * from 0x7f on as \u00XX (interface names may hold almost any byte). */
void status_json_str(FILE *f, const char *s);

#endif
