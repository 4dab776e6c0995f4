// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_status.c - `bondmgr status [--json] [BOND]`: the facts on stdout,
 * then the warnings (status_warn.c) on stderr. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "status/dhcpcd.h"
#include "bondwatch/apply.h"
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/log.h"
#include "bondwatch/nl.h"
#include "bondwatch/wifi.h"
#include "bondmgr.h"
#include "opts_common.h"
#include "status/status_fmt.h"
#include "status/status_keepoff.h"
#include "status/status_warn.h"

#define STATUS_USAGE                                                          \
	"usage: bondmgr status [--json] [BOND]\n"                             \
	"  -j, --json      one JSON object {\"bonds\":[...]} for scripts\n"     \
	"  -q, --quiet     no warnings (active slave not the primary, member\n"  \
	"                  down, dhcpcd or NetworkManager managing an interface)\n" \
	"  -h, --help      this text\n"                                          \
	"  -V, --version   the version\n"

/* Warnings for every bond shown; the environment is read once. */
static void warn_all(const struct bondmgr_opts *o, const struct bw_kstate *ks, const char *only)
{
	const char *path = o->env->dhcpcd_conf;
	struct bw_dhcpcd_conf *dc = malloc(sizeof(*dc));
	struct status_nm *nm = malloc(sizeof(*nm));
	struct status_env env = { .dhcpcd_path = path, .nm = nm };

	struct bw_keepoff_env ke;

	/* No dhcpcd service, or no dhcpcd.conf: nothing runs dhcpcd for
	 * every interface (dhcpcd-base alone is the bonds' own client, with
	 * its own file), nothing to warn about. */
	bondmgr_keepoff_env(o->env, &ke);
	if (dc && bw_keepoff_dhcpcd_service(&ke) && bw_dhcpcd_load(path, dc) == 0)
		env.dc = dc;
	if (nm)
		status_nm_read(nm, o->env->nmcli);
	fflush(stdout);   /* the facts first, on a terminal too */
	for (int i = 0; i < ks->n_links; i++) {
		const struct bw_link *l = &ks->links[i];

		if (l->is_bond && (!only || !strcmp(only, l->name)))
			status_warn_bond(ks, l, &env);
	}
	free(dc);
	free(nm);
}

/* The slaves' speed and duplex (ethtool netlink: rtnetlink has none).
 * Without ethtool netlink they read "unknown"; status still works. */
static void fill_linkmodes(struct bw_kstate *ks)
{
	struct bw_err err = { 0 };
	struct bw_ethnl *e;

	if (bw_ethnl_open(&e, false, &err) < 0) {
		bw_debug("%s", err.msg);
		return;
	}
	bw_ethnl_fill_slaves(e, ks);
	bw_ethnl_close(e);
}

int cmd_status(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		BONDMGR_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct bw_kstate ks = { 0 };
	struct bw_client_env ce;
	struct bw_keepoff_env ke;
	struct bw_nl *nl;
	struct bw_wifinl *wifi = NULL;
	struct status_wifi_ctx wctx;
	struct bw_err werr = { 0 };
	bool json = false, first = true;
	const char *only;
	int c, rc, shown = 0;

	while ((c = getopt_long(argc, argv, "j" BONDMGR_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else if ((rc = bondmgr_common_opt(o, c, STATUS_USAGE)) >= 0)
			return rc;
	}
	only = optind < argc ? argv[optind] : NULL;
	bondmgr_client_env(o->env, &ce);
	if (bondmgr_read_kernel(&nl, &ks, NULL) < 0)
		return 1;
	fill_linkmodes(&ks);
	/* No cfg80211 (no wireless at all): wireless members read "unknown". */
	if (bw_wifinl_open(&wifi, false, &werr) < 0)
		bw_debug("%s", werr.msg);
	wctx.nl = wifi;
	wctx.ce = &ce;
	if (json)
		printf("{\"bonds\":[");
	for (int i = 0; i < ks.n_links; i++) {
		const struct bw_link *l = &ks.links[i];
		struct status_leases leases;
		const struct status_leases *lp;

		if (!l->is_bond || (only && strcmp(only, l->name) != 0))
			continue;
		/* A bond whose DHCP client bondmgr runs has its lease shown. */
		lp = status_leases_read(&ce, l->name, &leases) ? &leases : NULL;
		if (json) {
			printf("%s", first ? "" : ",");
			status_print_json(stdout, &ks, l, o->env->sysfs, lp, &wctx);
		} else {
			printf("%s", first ? "" : "\n");
			status_print_text(stdout, &ks, l, o->env->sysfs, lp, &wctx);
		}
		first = false;
		shown++;
	}
	/* Which other managers apply keeps off, read from their files. */
	bondmgr_keepoff_env(o->env, &ke);
	if (json)
		printf("]");
	if (shown)
		status_keepoff_print(stdout, &ke, &ks, only, json);
	if (json)
		printf("}\n");
	else if (!shown && !only)
		printf("no bonds\n");
	if (shown && !o->quiet)
		warn_all(o, &ks, only);
	bw_kstate_free(&ks);
	bw_wifinl_close(wifi);
	bw_nl_close(nl);
	if (only && !shown) {
		bw_log(BW_LOG_ERR, "%s is not a bond", only);
		return 1;
	}
	return 0;
}
