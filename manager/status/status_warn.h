/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_warn.h - what `bondmgr status` warns about, beyond the facts. */
#ifndef BONDMGR_STATUS_WARN_H
#define BONDMGR_STATUS_WARN_H

#include <stdio.h>
#include "dhcpcd.h"
#include "bondwatch/kstate.h"
#include "status_nm.h"

/* What else may manage the interfaces: dhcpcd's configuration (dc NULL:
 * no dhcpcd.conf, no warning) and NetworkManager's devices. */
struct status_env {
	const struct bw_dhcpcd_conf *dc;
	const char *dhcpcd_path;          /* for the message */
	const struct status_nm *nm;
};

/* Log one warning each (bondmgr: warning: BOND: ...): the active slave is
 * not the primary; a member's link is not up; dhcpcd or NetworkManager
 * would manage a member or the bond. Returns the number of warnings. */
int status_warn_bond(const struct bw_kstate *ks, const struct bw_link *bond,
		     const struct status_env *env);

#endif
