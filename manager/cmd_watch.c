// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_watch.c - `bondmgr watch`: keep the kernel converged to the file
 * from link events (watch/watch.c); one timestamped line per action
 * on stdout, for the journal. */
#include <getopt.h>
#include "bondwatch/log.h"
#include "watch/watch.h"
#include "bondmgr.h"
#include "opts_common.h"

#define WATCH_USAGE                                                            \
	"usage: bondmgr watch [-c FILE]\n"                                          \
	"  keep the kernel converged to FILE from link events (members that appear,\n" \
	"  a bond deleted by hand); one timestamped line per action; SIGHUP reloads\n" \
	"  -c, --config FILE       the YAML file (default " BONDMGR_DEFAULT_CONFIG ")\n" \
	"  -h, --help              this text\n"

int cmd_watch(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		BONDMGR_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct bw_watch_opts wo = { 0 };
	struct bw_client_env ce;
	struct bw_err err = { 0 };
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:" BONDMGR_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		default:
			if ((rc = bondmgr_common_opt(o, c, WATCH_USAGE)) >= 0)
				return rc;
		}
	}
	wo.config_path = o->config;
	wo.lock_path = o->env->lock;
	wo.sysfs = o->env->sysfs;
	wo.overrides_path = o->env->overrides;
	wo.rcvbuf = o->env->watch_rcvbuf;   /* tests shrink it to provoke ENOBUFS */
	bondmgr_client_env(o->env, &ce);
	wo.clients = &ce;
	/* One timestamped line per action, for the journal. */
	bw_log_setup("bondmgr", bw_log_stamped, stdout);
	if (bw_watch_run(&wo, &err) < 0) {
		bw_log_setup("bondmgr", NULL, NULL);   /* why it stopped: to stderr */
		bw_log(BW_LOG_ERR, "watch: %s", err.msg);
		return 1;
	}
	return 0;
}
