// SPDX-License-Identifier: GPL-2.0-or-later
/* harness.c - runs every registered test; `unit-tests [FILTER]` runs only
 * the tests whose name contains FILTER. */
#include <stdarg.h>
#include <stdlib.h>
#include "harness.h"

struct bw_test {
	const char *name;
	const char *file;
	bw_test_fn fn;
};

static struct bw_test tests[1024];
static int n_tests;
static int cur_failures;
static const char *cur_name;

void bw_test_register(const char *name, const char *file, bw_test_fn fn)
{
	if (n_tests == (int)(sizeof(tests) / sizeof(tests[0]))) {
		fprintf(stderr, "harness: too many tests\n");
		exit(2);
	}
	tests[n_tests++] = (struct bw_test){ name, file, fn };
}

void bw_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "  %s:%d: %s: ", file, line, cur_name);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	cur_failures++;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	for (int i = 0; i < n_tests; i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		cur_name = tests[i].name;
		cur_failures = 0;
		tests[i].fn();
		if (cur_failures) {
			printf("FAIL %s (%s)\n", tests[i].name, tests[i].file);
			failed++;
		} else {
			passed++;
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
