// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_check.c - `bondmgr check`: validate, print nothing but problems. */
#include <getopt.h>
#include "bondwatch/config.h"
#include "bondwatch/nl.h"
#include "bondmgr.h"
#include "opts_common.h"

#define CHECK_USAGE                                                          \
	"usage: bondmgr check [-c FILE]\n"                                    \
	"  -c, --config FILE   the YAML file (default " BONDMGR_DEFAULT_CONFIG ")\n" \
	"  -q, --quiet         accepted; check prints only problems anyway\n"  \
	"  -h, --help          this text\n"                                   \
	"  -V, --version       the version\n"

int cmd_check(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		BONDMGR_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct bw_config cfg = { 0 };
	struct bw_kstate ks = { 0 };
	struct bw_nl *nl;
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:" BONDMGR_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == 'c')
			o->config = optarg;
		else if ((rc = bondmgr_common_opt(o, c, CHECK_USAGE)) >= 0)
			return rc;
	}
	/* The system checks (members exist, wireless needs fail-over-mac
	 * active) need the kernel's view; reading it needs no privilege. */
	if (bondmgr_read_kernel(&nl, &ks, NULL) < 0)
		return 1;
	rc = bondmgr_load(o, &ks, &cfg);
	bw_config_free(&cfg);
	bw_kstate_free(&ks);
	bw_nl_close(nl);
	return rc == 0 ? 0 : 1;
}
