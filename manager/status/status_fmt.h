/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_fmt.h - one bond's status, as text for people or JSON for scripts. */
#ifndef BONDMGR_STATUS_FMT_H
#define BONDMGR_STATUS_FMT_H

#include <stdio.h>
#include "bondwatch/kstate.h"

void status_print_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs);
void status_print_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs);
/* The other modes' options, the MTU and the address (status_modes.c): text
 * lines, or JSON members each starting with a comma. */
void status_modes_text(FILE *f, const struct bw_link *bond);
void status_modes_json(FILE *f, const struct bw_link *bond);

#endif
