/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_lacp.h - the other modes' options, the 802.3ad aggregator and the
 * slaves' speed and duplex in `bondmgr status` (the values BONDWATCH-MIB
 * serves: the same kernel state, the same rules from lib/bond). */
#ifndef BONDMGR_STATUS_LACP_H
#define BONDMGR_STATUS_LACP_H

#include <stdio.h>
#include "bondwatch/kstate.h"

/* Text: lines after the monitor line; a suffix for a slave's line. */
void status_lacp_text_bond(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond);
void status_lacp_text_slave(FILE *f, const struct bw_link *bond, const struct bw_link *slave);
/* JSON: members (each with a leading comma) of the bond / slave object. */
void status_lacp_json_bond(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond);
void status_lacp_json_slave(FILE *f, const struct bw_link *bond, const struct bw_link *slave);

#endif
