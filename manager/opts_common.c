// SPDX-License-Identifier: GPL-2.0-or-later
/* opts_common.c - -q, -h, -V for every command (see opts_common.h). */
#include "opts_common.h"

int bondmgr_common_opt(struct bondmgr_opts *o, int c, const char *usage)
{
	switch (c) {
	case 'q':
		o->quiet = true;
		return -1;
	case 'h':
		fputs(usage, stdout);
		return 0;
	case 'V':
		printf("bondmgr %s\n", BONDMGR_VERSION);
		return 0;
	default:
		fputs(usage, stderr);
		return 2;
	}
}
