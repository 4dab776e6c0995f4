/* main.c - bondmgr: configure Linux bonds from a YAML file.
 *   bondmgr [-c FILE] [-q] check|apply|status [OPTIONS] */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "bondmgr.h"
#include "colour.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bondmgr [-c FILE] [-q] COMMAND [OPTIONS]\n"
		"\n"
		"Commands:\n"
		"  check  [-c FILE]                 validate the file (syntax, values, the system)\n"
		"  apply  [-c FILE] [--dry-run] [--resolv-conf PATH]\n"
		"                                   print the plan, then converge the kernel to the file\n"
		"  status [--json] [BOND]           what the kernel has: bonds, slaves, addresses, route\n"
		"  diff   [-c FILE]                 what apply would change (exit 0 none, 1 drift, 2 error)\n"
		"  try    [-c FILE] [--timeout S]   apply, and revert unless confirmed within S s (120)\n"
		"  confirm                          keep the change of a running `bondmgr try`\n"
		"  watch  [-c FILE]                 keep the kernel converged from link events\n"
		"  apply --reset-overrides          drop the runtime primary (snmpset) and follow the file\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE   the YAML file (default %s)\n"
		"  -q, --quiet         print errors only\n"
		"  -h, --help          this text; -V, --version the version\n",
		BONDMGR_DEFAULT_CONFIG);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct bondmgr_opts o = {
		.config = BONDMGR_DEFAULT_CONFIG,
		.sysfs = getenv("BONDMGR_SYSFS") ? getenv("BONDMGR_SYSFS") : "/sys",
		.lock = getenv("BONDMGR_LOCK") ? getenv("BONDMGR_LOCK") : "/run/bondmgr.lock",
	};
	int c;

	colour_setup();   /* only on a terminal, and never with NO_COLOR */
	/* '+': stop at the command; its own options are parsed by it. */
	while ((c = getopt_long(argc, argv, "+c:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o.config = optarg; break;
		case 'q': o.quiet = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("bondmgr %s\n", BONDMGR_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	argc -= optind;
	argv += optind;
	optind = 0;   /* glibc: reinitialise for the command's getopt */
	if (strcmp(argv[0], "check") == 0)
		return cmd_check(&o, argc, argv);
	if (strcmp(argv[0], "apply") == 0)
		return cmd_apply(&o, argc, argv);
	if (strcmp(argv[0], "status") == 0)
		return cmd_status(&o, argc, argv);
	if (strcmp(argv[0], "diff") == 0)
		return cmd_diff(&o, argc, argv);
	if (strcmp(argv[0], "try") == 0)
		return cmd_try(&o, argc, argv);
	if (strcmp(argv[0], "confirm") == 0)
		return cmd_confirm(&o, argc, argv);
	if (strcmp(argv[0], "watch") == 0)
		return cmd_watch(&o, argc, argv);
	fprintf(stderr, "bondmgr: unknown command '%s'\n", argv[0]);
	usage(stderr);
	return 2;
}
