/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_nm.h - which interfaces NetworkManager manages, when it runs. */
#ifndef BONDMGR_STATUS_NM_H
#define BONDMGR_STATUS_NM_H

#include <stdbool.h>
#include "bondwatch/types.h"

#define STATUS_NM_MAX 128

struct status_nm {
	int n;
	char managed[STATUS_NM_MAX][BW_IFNAMSIZ];
};

/* Ask `nmcli -t -f DEVICE,STATE device status` (nmcli: its path,
 * $BONDMGR_NMCLI or /usr/bin/nmcli). No nmcli, or NetworkManager not running (nmcli fails):
 * n = 0, nothing is managed, no warning. */
void status_nm_read(struct status_nm *nm, const char *nmcli);
bool status_nm_manages(const struct status_nm *nm, const char *ifname);

#endif
