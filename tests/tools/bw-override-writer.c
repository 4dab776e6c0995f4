// SPDX-License-Identifier: GPL-2.0-or-later
/* bw-override-writer - drives bw_overrides_set_primary() for the VM tests:
 *   bw-override-writer set PATH BOND PRIMARY     one write (PRIMARY "" drops)
 *   bw-override-writer loop PATH BOND P1 P2      write P1, P2, P1, ... until killed
 *   bw-override-writer check PATH                parse; print "BOND PRIMARY" lines
 * The loop is killed with SIGKILL at random moments by
 * tests/integration/overrides_apply.sh: every check after that must parse. */
#include <stdio.h>
#include <string.h>
#include "bondwatch/overrides.h"

static int check(const char *path)
{
	struct bw_overrides ov;
	struct bw_err err = { 0 };

	if (bw_overrides_load(path, &ov, &err) < 0) {
		fprintf(stderr, "bw-override-writer: %s\n", err.msg);
		return 1;
	}
	for (int i = 0; i < ov.n; i++)
		printf("%s %s\n", ov.primary[i].bond, ov.primary[i].primary);
	return 0;
}

int main(int argc, char **argv)
{
	struct bw_err err = { 0 };

	if (argc == 3 && !strcmp(argv[1], "check"))
		return check(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "set")) {
		if (bw_overrides_set_primary(argv[2], -1, argv[3], argv[4], &err) < 0) {
			fprintf(stderr, "bw-override-writer: %s\n", err.msg);
			return 1;
		}
		return 0;
	}
	if (argc == 6 && !strcmp(argv[1], "loop")) {
		for (unsigned long i = 0;; i++)
			if (bw_overrides_set_primary(argv[2], -1, argv[3], argv[4 + i % 2], &err) < 0) {
				fprintf(stderr, "bw-override-writer: %s\n", err.msg);
				return 1;
			}
	}
	fprintf(stderr, "usage: bw-override-writer set PATH BOND PRIMARY | loop PATH BOND P1 P2 |"
		" check PATH\n");
	return 2;
}
