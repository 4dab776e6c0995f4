/* cmd_check.c - `bondmgr check`: validate, print nothing but problems. */
#include <getopt.h>
#include <stdlib.h>
#include "../lib/config.h"
#include "../lib/nl.h"
#include "bondmgr.h"

int cmd_check(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bw_config cfg = { 0 };
	struct bw_kstate ks = { 0 };
	struct bw_nl *nl = NULL;
	struct bw_err err = { 0 };
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'h': printf("usage: bondmgr check [-c FILE]\n"); return 0;
		default: return 2;
		}
	}
	/* The system checks (members exist, wireless needs fail-over-mac
	 * active) need the kernel's view; reading it needs no privilege. */
	if (bw_nl_open(&nl, &err) < 0 || bw_nl_read_state(nl, &ks, &err) < 0) {
		fprintf(stderr, "bondmgr: cannot read the kernel's interfaces: %s\n", err.msg);
		bw_nl_close(nl);
		return 1;
	}
	rc = bondmgr_load(o, &ks, &cfg);
	bw_config_free(&cfg);
	bw_kstate_free(&ks);
	bw_nl_close(nl);
	return rc == 0 ? 0 : 1;
}
