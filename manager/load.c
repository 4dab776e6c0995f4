// SPDX-License-Identifier: GPL-2.0-or-later
/* load.c - read and validate the file, printing every diagnostic. */
#include <stdlib.h>
#include "bondwatch/config.h"
#include "bondwatch/log.h"
#include "bondmgr.h"

int bondmgr_load(const struct bondmgr_opts *o, const struct bw_kstate *ks, struct bw_config *cfg)
{
	struct bw_diags *d = calloc(1, sizeof(*d));
	int rc;

	if (!d) {
		bw_log(BW_LOG_ERR, "out of memory");
		return -1;
	}
	rc = bw_config_load(o->config, cfg, d);
	if (rc == 0 && ks) {
		bw_config_drop_absent_optional(cfg, ks, d);
		rc = bw_config_check_system(cfg, ks, o->env->sysfs, d);
	}
	bw_diags_print(d, o->config, stderr);
	free(d);
	return rc;
}
