// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - bondmgr: configure Linux bonds from a YAML file.
 *   bondmgr [-c FILE] [-q] COMMAND [OPTIONS]
 * The commands are the table below (as iproute2's ip.c has them); each
 * parses its own options (cmd_*.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/log.h"
#include "bondmgr.h"
#include "colour.h"

static const struct bondmgr_cmd commands[] = {
	{ "check", cmd_check, "[-c FILE]", "validate the file (syntax, values, the system)" },
	{ "apply", cmd_apply, "[-c FILE] [--dry-run] [--resolv-conf PATH]",
	  "print the plan, then converge the kernel to the file" },
	{ "status", cmd_status, "[--json] [BOND]", "what the kernel has: bonds, slaves, addresses, route" },
	{ "diff", cmd_diff, "[-c FILE]", "what apply would change (exit 0 none, 1 drift, 2 error)" },
	{ "try", cmd_try, "[-c FILE] [--timeout S]", "apply, and revert unless confirmed within S s (120)" },
	{ "confirm", cmd_confirm, "", "keep the change of a running `bondmgr try`" },
	{ "watch", cmd_watch, "[-c FILE]", "keep the kernel converged from link events" },
	{ "import", cmd_import, "--from kernel|ifupdown|networkmanager [FILE...]",
	  "print a bondwatch file made from what the host has" },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: bondmgr [-c FILE] [-q] COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char head[64];
		int n = snprintf(head, sizeof(head), "%-6s %s", commands[i].name, commands[i].args);

		/* the description in a column of its own, or on the next line */
		if (n <= 33)
			fprintf(f, "  %-33s%s\n", head, commands[i].what);
		else
			fprintf(f, "  %s\n  %33s%s\n", head, "", commands[i].what);
	}
	fprintf(f,
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
	struct bondmgr_env env;
	struct bondmgr_opts o = { .config = BONDMGR_DEFAULT_CONFIG, .env = &env };
	int c;

	bondmgr_env_read(&env);
	/* only on a terminal, and never with NO_COLOR; before the logger,
	 * whose stderr is then the colouring one */
	colour_setup(&env);
	bw_log_setup("bondmgr", NULL, NULL);
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
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].run(&o, argc, argv);
	bw_log(BW_LOG_ERR, "unknown command '%s'", argv[0]);
	usage(stderr);
	return 2;
}
