/* cmd_status.c - `bondmgr status [--json] [BOND]`. */
#include <getopt.h>
#include <string.h>
#include "../lib/nl.h"
#include "bondmgr.h"
#include "status_fmt.h"

int cmd_status(struct bondmgr_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bw_kstate ks = { 0 };
	struct bw_nl *nl = NULL;
	struct bw_err err = { 0 };
	bool json = false, first = true;
	const char *only;
	int c, shown = 0;

	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'h': printf("usage: bondmgr status [--json] [BOND]\n"); return 0;
		default: return 2;
		}
	}
	only = optind < argc ? argv[optind] : NULL;
	if (bw_nl_open(&nl, &err) < 0 || bw_nl_read_state(nl, &ks, &err) < 0) {
		fprintf(stderr, "bondmgr: cannot read the kernel's interfaces: %s\n", err.msg);
		bw_nl_close(nl);
		return 1;
	}
	if (json)
		printf("{\"bonds\":[");
	for (int i = 0; i < ks.n_links; i++) {
		const struct bw_link *l = &ks.links[i];

		if (!l->is_bond || (only && strcmp(only, l->name) != 0))
			continue;
		if (json) {
			printf("%s", first ? "" : ",");
			status_print_json(stdout, &ks, l, o->sysfs);
		} else {
			printf("%s", first ? "" : "\n");
			status_print_text(stdout, &ks, l, o->sysfs);
		}
		first = false;
		shown++;
	}
	if (json)
		printf("]}\n");
	else if (!shown && !only)
		printf("no bonds\n");
	bw_kstate_free(&ks);
	bw_nl_close(nl);
	if (only && !shown) {
		fprintf(stderr, "bondmgr: %s is not a bond\n", only);
		return 1;
	}
	return 0;
}
