// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_apply.c - `bondmgr apply`: plan, converge, verify, or undo. */
#include <getopt.h>
#include <time.h>
#include <unistd.h>
#include "bondwatch/apply.h"
#include "bondwatch/config.h"
#include "bondwatch/keepoff.h"
#include "bondwatch/log.h"
#include "bondwatch/nl.h"
#include "bondmgr.h"
#include "opts_common.h"

#define APPLY_USAGE                                                            \
	"usage: bondmgr apply [-c FILE] [--dry-run] [--resolv-conf PATH] "     \
	"[--reset-overrides]\n"                                                \
	"  -c, --config FILE       the YAML file (default " BONDMGR_DEFAULT_CONFIG ")\n" \
	"  -n, --dry-run           print the plan, change nothing\n"            \
	"  -r, --resolv-conf PATH  where nameservers go (default /etc/resolv.conf)\n" \
	"      --reset-overrides   drop the runtime primary (snmpset), follow the file\n" \
	"  -q, --quiet             errors only (no plan)\n"                     \
	"  -h, --help              this text\n"                                 \
	"  -V, --version           the version\n"

int cmd_apply(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "resolv-conf", required_argument, NULL, 'r' },
		{ "reset-overrides", no_argument, NULL, 'R' },
		BONDMGR_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct bw_apply_opts ao = { .out = stdout, .diag = stderr, .resolv_path = "/etc/resolv.conf",
				    .fail_step = o->env->test_fail_step,
				    .kill_step = o->env->test_kill_step };
	struct bw_apply_result res;
	struct bw_client_env ce;
	struct bw_keepoff_env ke;
	struct bw_config cfg = { 0 };
	struct bw_kstate ks = { 0 };
	struct bw_nl *nl = NULL;
	struct bondmgr_ov bo = { .lock = -1 };
	bool reset = false;
	int c, lock = -1, rc = 1;

	while ((c = getopt_long(argc, argv, "c:nr:" BONDMGR_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'n': ao.dry_run = true; break;
		case 'r': ao.resolv_path = optarg; break;
		case 'R': reset = true; break;
		default:
			if ((rc = bondmgr_common_opt(o, c, APPLY_USAGE)) >= 0)
				return rc;
			rc = 1;
		}
	}
	if (o->quiet)
		ao.out = fopen("/dev/null", "we");
	/* Wait for another apply rather than fail at once: boot units and an
	 * admin may race. BONDMGR_LOCK_TIMEOUT shortens it for tests. */
	if (!ao.dry_run && (lock = bondmgr_lock(o, o->env->lock_timeout_s, false)) < 0)
		goto out;
	if (bondmgr_read_kernel(&nl, &ks, NULL) < 0)
		goto out;
	/* Everything is validated before anything is touched. */
	if (bondmgr_load(o, &ks, &cfg) < 0)
		goto out;
	/* The runtime primary (snmpset) wins over the file until reset; no
	 * SET lands until the apply is done. */
	bondmgr_overrides(o, &cfg, reset, !ao.dry_run, &bo);
	/* Test hook: a window between reading the overrides and writing the
	 * primary, for a SET to try to land in (overrides_race.sh): held
	 * open until a file appears, 10 s at the most. */
	if (o->env->test_pause_until) {
		struct timespec ts = { 0, 50 * 1000000L };

		bw_log(BW_LOG_NOTICE, "test hook: pausing after reading the overrides until %s exists",
		       o->env->test_pause_until);
		for (int i = 0; i < 200 && access(o->env->test_pause_until, F_OK) != 0; i++)
			nanosleep(&ts, NULL);
	}
	ao.annotate = bondmgr_annotate;
	ao.annotate_ctx = &bo;
	ao.before = &ks;   /* read under the lock just above: not read twice */
	bondmgr_client_env(o->env, &ce);
	ao.clients = &ce;
	bondmgr_keepoff_env(o->env, &ke);
	ao.keepoff = &ke;
	rc = bw_apply(nl, &cfg, &ao, &res) == 0 ? 0 : 1;
	bondmgr_note_orphans(o, &cfg, &ce);
	/* Dropped only once the kernel follows the file again. */
	if (rc == 0 && reset && !ao.dry_run && bondmgr_reset_overrides(&bo, &cfg) < 0)
		rc = 1;
	if (rc && !res.failed && res.err.msg[0])
		bw_log(BW_LOG_ERR, "%s", res.err.msg);
	if (o->env->report_writes)
		bw_log(BW_LOG_INFO, "%lu netlink writes", res.writes);
out:
	bondmgr_overrides_done(&bo);
	if (o->quiet && ao.out && ao.out != stdout)
		fclose(ao.out);
	if (lock >= 0)
		close(lock);
	bw_config_free(&cfg);
	bw_kstate_free(&ks);
	bw_nl_close(nl);
	return rc;
}
