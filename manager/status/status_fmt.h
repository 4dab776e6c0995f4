/* status_fmt.h - one bond's status, as text for people or JSON for scripts. */
#ifndef BONDMGR_STATUS_FMT_H
#define BONDMGR_STATUS_FMT_H

#include <stdio.h>
#include "bondwatch/kstate.h"

/* up: every slave's MII is up; degraded: some; down: none, or bond down. */
const char *status_bond_health(const struct bw_kstate *ks, const struct bw_link *bond);
void status_print_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs);
void status_print_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs);

#endif
