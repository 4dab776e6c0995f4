// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_import.c - `bondmgr import --from SOURCE`: print a bondwatch file
 * made from what the host has, on stdout (a file is never written: the
 * admin redirects, reads, then tries it). What cannot be carried over is
 * listed on stderr, one line each, with where it came from. The text is
 * loaded back with the same loader `bondmgr check` uses before it is
 * printed: an import that would not pass is refused, not printed. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/config.h"
#include "bondwatch/log.h"
#include "bondwatch/nl.h"
#include "bondmgr.h"
#include "import/import.h"
#include "opts_common.h"

#define IMPORT_USAGE                                                                 \
	"usage: bondmgr import --from SOURCE [OPTIONS] [FILE...]\n"                   \
	"  Print a bondwatch file made from what the host has; save it, read it,\n"   \
	"  then: bondmgr try -c FILE. What cannot be carried over goes to stderr.\n"  \
	"  --from kernel            the bonds running now (options, members,\n"       \
	"                           primary, addresses, default route)\n"             \
	"  --from ifupdown [FILE...] /etc/network/interfaces (or FILEs) with its\n"   \
	"                           source lines, ifenslave's bond-* options\n"       \
	"  --from networkmanager [DIR] NetworkManager keyfiles of type bond and\n"    \
	"                           their ports (/etc/NetworkManager/system-connections)\n" \
	"  --modprobe-dir DIR       `options bonding` defaults (/etc/modprobe.d)\n"   \
	"  --resolv-conf PATH       kernel: nameservers, if bondmgr wrote PATH\n"     \
	"                           (/etc/resolv.conf)\n"                              \
	"  -h, --help               this text\n"                                      \
	"  -V, --version            the version\n"

/* Load text as `bondmgr check` would (without the system: an ifupdown
 * import may be made for another host); print the diagnostics if any
 * error. Returns 0 when it passes. */
static int self_check(const char *text, size_t len)
{
	struct bw_diags *d = calloc(1, sizeof(*d));
	struct bw_config cfg;
	int rc;

	if (!d)
		return -1;
	rc = bw_config_load_buf("(import)", text, len, &cfg, d);
	if (rc < 0) {
		bw_log(BW_LOG_ERR, "the imported file would not pass bondmgr check; not "
		       "printed:");
		bw_diags_print(d, NULL, stderr);
	}
	bw_config_free(&cfg);
	free(d);
	return rc;
}

static int from_kernel(const struct bondmgr_opts *o, const char *resolv, struct bw_config *cfg)
{
	struct bw_kstate ks = { 0 };
	struct bw_nl *nl;
	int n;

	if (bondmgr_read_kernel(&nl, &ks, NULL) < 0)
		return -1;
	n = bw_import_kernel(&ks, o->env->sysfs, resolv, cfg, stderr);
	bw_kstate_free(&ks);
	bw_nl_close(nl);
	return n;
}

int cmd_import(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "modprobe-dir", required_argument, NULL, 'm' },
		{ "resolv-conf", required_argument, NULL, 'r' },
		BONDMGR_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	static const char *const dflt_files[] = { "/etc/network/interfaces" };
	const char *from = NULL, *modprobe = "/etc/modprobe.d", *resolv = "/etc/resolv.conf";
	struct bw_config cfg;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	int c, rc, n;

	while ((c = getopt_long(argc, argv, "f:" BONDMGR_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 'm': modprobe = optarg; break;
		case 'r': resolv = optarg; break;
		default:
			if ((rc = bondmgr_common_opt(o, c, IMPORT_USAGE)) >= 0)
				return rc;
		}
	}
	if (!from || (strcmp(from, "kernel") && strcmp(from, "ifupdown") &&
		      strcmp(from, "networkmanager"))) {
		bw_log(BW_LOG_ERR, "import needs --from kernel, ifupdown or networkmanager");
		fputs(IMPORT_USAGE, stderr);
		return 2;
	}
	if ((!strcmp(from, "kernel") && optind < argc) ||
	    (!strcmp(from, "networkmanager") && optind + 1 < argc)) {
		bw_log(BW_LOG_ERR, "import --from %s takes %s", from,
		       from[0] == 'k' ? "no FILE" : "one DIR at the most");
		return 2;
	}
	if (bw_import_init(&cfg) < 0) {
		bw_log(BW_LOG_ERR, "out of memory");
		return 1;
	}
	if (!strcmp(from, "kernel"))
		n = from_kernel(o, resolv, &cfg);
	else if (!strcmp(from, "networkmanager"))
		n = bw_import_nm(optind < argc ? argv[optind] : "/etc/NetworkManager/system-connections",
				 &cfg, stderr);
	else if (optind < argc)
		n = bw_import_ifupdown((const char *const *)argv + optind, argc - optind,
				       modprobe, &cfg, stderr);
	else
		n = bw_import_ifupdown(dflt_files, 1, modprobe, &cfg, stderr);
	rc = 1;
	if (n == 0)
		bw_log(BW_LOG_ERR, "no bond to import from %s", from);
	if (n <= 0)
		goto out;
	mem = open_memstream(&text, &len);
	if (!mem) {
		bw_log(BW_LOG_ERR, "out of memory");
		goto out;
	}
	bw_import_emit(&cfg, from, mem);
	if (fclose(mem) != 0 || self_check(text, len) < 0)
		goto out;
	rc = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
out:
	free(text);
	bw_config_free(&cfg);
	return rc;
}
