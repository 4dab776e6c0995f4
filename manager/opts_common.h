/* SPDX-License-Identifier: GPL-2.0-or-later */
/* opts_common.h - the options every bondmgr command takes after its name:
 * -q/--quiet, -h/--help, -V/--version (`bondmgr apply --help` works like
 * `bondmgr --help`). Usage in a command's getopt_long loop:
 *
 *   longopts:   ..., BONDMGR_COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
 *   optstring:  "c:n" BONDMGR_COMMON_SHORTOPTS
 *   default:    if ((rc = bondmgr_common_opt(o, c, USAGE)) >= 0) return rc;
 */
#ifndef BONDMGR_OPTS_COMMON_H
#define BONDMGR_OPTS_COMMON_H

#include <getopt.h>
#include "bondmgr.h"

#define BONDMGR_COMMON_LONGOPTS                        \
	{ "quiet", no_argument, NULL, 'q' },           \
	{ "help", no_argument, NULL, 'h' },            \
	{ "version", no_argument, NULL, 'V' }
#define BONDMGR_COMMON_SHORTOPTS "qhV"

/* Handle c when it is a common option: -1 to go on parsing (-q), or the
 * exit status to return at once: 0 after --help (usage, a full text ending
 * in a newline, to stdout) or --version; 2 for anything else, which is an
 * unknown option getopt has already complained about. */
int bondmgr_common_opt(struct bondmgr_opts *o, int c, const char *usage);

#endif
