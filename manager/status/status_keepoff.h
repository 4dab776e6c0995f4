/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_keepoff.h - `bondmgr status`: which other network managers are
 * kept off the bonds and how (the NetworkManager drop-in, dhcpcd.conf's
 * denyinterfaces block), and the wireless members' rfkill switches. */
#ifndef BONDMGR_STATUS_KEEPOFF_H
#define BONDMGR_STATUS_KEEPOFF_H

#include <stdbool.h>
#include <stdio.h>
#include "bondwatch/keepoff.h"
#include "bondwatch/kstate.h"

/* Read what apply keeps (the files, the switches of the bonds' wireless
 * slaves) and print it: text lines under "other managers:", or one JSON
 * member ,"keepoff":{...} to put after "bonds". only: one bond, or NULL. */
void status_keepoff_print(FILE *f, const struct bw_keepoff_env *env, const struct bw_kstate *ks,
			  const char *only, bool json);

#endif
