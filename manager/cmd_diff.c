// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_diff.c - `bondmgr diff`: what `bondmgr apply` would change (drift:
 * someone ran `ip` by hand). Shaped as a Nagios/Icinga plugin: one summary
 * line first (what the monitoring system shows), then the plan lines; exit
 * 0 none, 1 drift (WARNING), 2 error (CRITICAL). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/apply.h"
#include "bondwatch/config.h"
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/nl.h"
#include "bondwatch/plan.h"
#include "bondwatch/text.h"
#include "bondmgr.h"
#include "opts_common.h"
#include "status/status_fmt.h"

#define DIFF_USAGE                                                             \
	"usage: bondmgr diff [-c FILE] [--resolv-conf PATH]\n"                     \
	"  what `bondmgr apply` would change; a Nagios/Icinga check:\n"            \
	"  exit 0 the kernel matches FILE, 1 drift, 2 error\n"                      \
	"  -c, --config FILE       the YAML file (default " BONDMGR_DEFAULT_CONFIG ")\n" \
	"  -r, --resolv-conf PATH  where nameservers go (default /etc/resolv.conf)\n" \
	"  -h, --help              this text\n"

enum { DIFF_NONE = 0, DIFF_DRIFT = 1, DIFF_ERROR = 2 };

/* One change per printed line (an option change may print several). */
static int count_lines(const struct bw_plan *plan)
{
	int n = 0;

	for (int i = 0; i < plan->n; i++)
		for (const char *c = plan->steps[i].text; *c; c++)
			n += c == plan->steps[i].text || *c == '\n';
	return n;
}

/* The leases of the bonds whose DHCP client runs, as status prints them:
 * their addresses and routes are the client's, so the summary's "matches"
 * holds with them, and the long output says which they are. Returns the
 * text (to free), or NULL when there is none or no memory. */
static char *leases_text(const struct bw_client_env *ce, const struct bw_config *cfg,
			 const struct bw_kstate *ks)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	for (int i = 0; i < cfg->n_bonds; i++) {
		const struct bw_link *l = bw_kstate_link_by_name(ks, cfg->bonds[i].name);
		struct status_leases ls;
		char safe[BW_IFNAMSIZ * 4];

		if (!l || !status_leases_read(ce, l->name, &ls))
			continue;
		fprintf(f, "%s: its DHCP client runs; the leases are the client's, not drift:\n",
			bw_text_escape(l->name, strlen(l->name), safe, sizeof(safe)));
		status_leases_text(f, ks, l, &ls);
	}
	fclose(f);
	return text;
}

/* Plan the file (with its runtime overrides) against the kernel; leases:
 * the lines leases_text wrote (to free), or NULL. */
static int diff_plan(struct bondmgr_opts *o, const char *resolv, struct bw_plan *plan,
		     char **leases)
{
	struct bw_config cfg = { 0 };
	struct bw_kstate ks = { 0 };
	struct bw_nl *nl = NULL;
	struct bw_err err = { 0 };
	struct bondmgr_ov bo;
	struct bw_client_env ce;
	struct bw_clients clients = { 0 };
	static struct bw_keepoff_env ke;
	static struct bw_keepoff ko;
	char *have_resolv = bw_resolv_read(resolv);
	struct bw_target t = { .cfg = &cfg, .resolv_path = resolv, .resolv_have = have_resolv };
	int rc = -1;

	/* The plugin's output is stdout: the reason goes there too. */
	if (bondmgr_read_kernel(&nl, &ks, &err) < 0) {
		printf("ERROR: cannot read the kernel's interfaces: %s\n", err.msg);
		goto out;
	}
	if (bondmgr_load(o, &ks, &cfg) < 0) {
		printf("ERROR: %s is not valid (see `bondmgr check -c %s`)\n", o->config, o->config);
		goto out;
	}
	bondmgr_overrides(o, &cfg, false, false, &bo);
	/* The DHCP clients: one that should run and does not is drift; the
	 * addresses and routes of one that runs are not. */
	bondmgr_client_env(o->env, &ce);
	if (bw_clients_read(&cfg, &ce, false, &clients, &err) < 0) {
		printf("ERROR: %s\n", err.msg);
		goto out;
	}
	bw_clients_target(&clients, &ce, &t);
	/* Other managers' files and the radios: a drop-in that is missing
	 * or stale is drift. The plan's steps point into ko: it outlives
	 * this function (diff plans once). */
	bondmgr_keepoff_env(o->env, &ke);
	if (bw_keepoff_read(&cfg, &ke, &ko, &err) < 0) {
		printf("ERROR: %s\n", err.msg);
		goto out;
	}
	t.keepoff = &ko;
	if (bw_plan_make(&t, &ks, plan) < 0) {
		printf("ERROR: out of memory while planning\n");
		goto out;
	}
	bw_overrides_annotate(&bo.ov, bo.path, plan);
	*leases = leases_text(&ce, &cfg, &ks);
	rc = 0;
out:
	free(have_resolv);
	bw_clients_free(&clients);
	bw_config_free(&cfg);
	bw_kstate_free(&ks);
	bw_nl_close(nl);
	return rc;
}

int cmd_diff(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "resolv-conf", required_argument, NULL, 'r' },
		BONDMGR_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *resolv = "/etc/resolv.conf";
	struct bw_plan plan = { 0 };
	char *leases = NULL;
	int c, n, rc;

	while ((c = getopt_long(argc, argv, "c:r:" BONDMGR_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'r': resolv = optarg; break;
		default:
			if ((rc = bondmgr_common_opt(o, c, DIFF_USAGE)) >= 0)
				return rc;
		}
	}
	o->quiet = true;   /* stdout is the plugin's output: notes stay off it */
	if (diff_plan(o, resolv, &plan, &leases) < 0) {
		free(leases);
		return DIFF_ERROR;
	}
	n = count_lines(&plan);
	if (n == 0)
		printf("OK: kernel matches %s | changes=0\n", o->config);
	else
		printf("DRIFT: %d change%s to converge to %s | changes=%d\n", n, n == 1 ? "" : "s",
		       o->config, n);
	bw_plan_print(&plan, stdout);
	if (leases)
		fputs(leases, stdout);
	free(leases);
	bw_plan_free(&plan);
	return n ? DIFF_DRIFT : DIFF_NONE;
}
