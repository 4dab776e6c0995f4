// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_diag.c - how diagnostics print: header, source line, caret
 * (tabs copied so the caret lines up, UTF-8 counted as characters). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "bondwatch/config.h"

/* Write yaml to a temp file, load it, print the diagnostics to a string. */
static char *load_and_print(const char *yaml, char *path, size_t path_len)
{
	struct bw_config cfg;
	struct bw_diags d;
	char *out = NULL;
	size_t len = 0;
	FILE *f, *mem;
	int fd;

	snprintf(path, path_len, "/tmp/bw-diag-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	fputs(yaml, f);
	fclose(f);
	bw_config_load(path, &cfg, &d);
	bw_config_free(&cfg);
	mem = open_memstream(&out, &len);
	bw_diags_print(&d, path, mem);
	fclose(mem);
	unlink(path);
	return out;
}

static void check_output(const char *yaml, const char *fmt_expected)
{
	char path[64], want[1024];
	char *got = load_and_print(yaml, path, sizeof(path));

	/* fmt_expected has one %s per occurrence of the file name */
	snprintf(want, sizeof(want), fmt_expected, path, path);
	if (!got || strcmp(got, want))
		bw_test_fail(__FILE__, __LINE__, "printed:\n%s\nwanted:\n%s",
			     got ? got : "(null)", want);
	free(got);
}

TEST(config_diag_print_caret)
{
	check_output("network:\n  version: 2\n  bonds:\n    bond0:\n      interfaces: [eth0]\n"
		     "      parameters: {mode: fast}\n",
		     "%s:6:26: error: unknown mode 'fast'; valid values: balance-rr "
		     "active-backup balance-xor broadcast 802.3ad balance-tlb balance-alb\n"
		     "      parameters: {mode: fast}\n"
		     "                         ^\n");
}

/* A tab inside a flow sequence is legal YAML; the caret line copies it. */
TEST(config_diag_print_tab)
{
	check_output("network:\n  version: 2\n  bonds:\n    b:\n      interfaces: [e,\tx/y]\n",
		     "%s:5:23: error: invalid interface name 'x/y': '/' and ':' are "
		     "not allowed in interface names\n"
		     "      interfaces: [e,\tx/y]\n"
		     "                     \t^\n");
}

/* "é" is one column, two bytes. */
TEST(config_diag_print_utf8)
{
	check_output("network:\n  version: 2\n  bonds:\n    b:\n      interfaces: [\xc3\xa9, x/y]\n",
		     "%s:5:23: error: invalid interface name 'x/y': '/' and ':' are "
		     "not allowed in interface names\n"
		     "      interfaces: [\xc3\xa9, x/y]\n"
		     "                      ^\n");
}

TEST(config_diag_print_syntax_tab)
{
	check_output("network:\n\tversion: 2\n",
		     "%s:2:1: error: invalid YAML: tabs are not allowed for "
		     "indentation; use spaces\n"
		     "\tversion: 2\n"
		     "^\n");
}

TEST(config_diag_print_warning_and_no_position)
{
	check_output("",
		     "%s: error: the file is empty; expected 'network:' with "
		     "'version: 2' and 'bonds:'\n");
	check_output("network: {version: 2, bonds: {b: {interfaces: [e], parameters: "
		     "{mii-monitor-interval: 0}}}}\r\n",
		     "%s:1:87: warning: no link monitoring: mii-monitor-interval is 0 "
		     "and there is no arp-interval, so the bond will not notice a "
		     "failed link\n"
		     "network: {version: 2, bonds: {b: {interfaces: [e], parameters: "
		     "{mii-monitor-interval: 0}}}}\n"
		     "                                                                "
		     "                      ^\n");
}

TEST(config_diag_overflow_note)
{
	struct bw_diags d;
	char *out = NULL;
	size_t len = 0;
	FILE *mem;

	memset(&d, 0, sizeof(d));
	for (int i = 0; i < 70; i++)
		bw_diags_add(&d, i % 2 ? BW_SEV_WARNING : BW_SEV_ERROR,
			     (struct bw_pos){ 0, 0 }, "number %d", i);
	CHECK_INT(d.n, 64);
	CHECK_INT(d.dropped, 6);
	CHECK_INT(d.n_errors, 35);
	mem = open_memstream(&out, &len);
	bw_diags_print(&d, "/nonexistent/x.yaml", mem);
	fclose(mem);
	CHECK_CONTAINS(out, "/nonexistent/x.yaml: warning: number 63\n");
	CHECK_CONTAINS(out, "/nonexistent/x.yaml: note: 6 more diagnostics not shown\n");
	free(out);
}

/* True when s holds nothing a terminal would obey: no C0 control but tab
 * and newline, no DEL, no C1 control (as UTF-8), no stray byte >= 0x80
 * that is not part of valid UTF-8 (checked loosely: C1's lead byte 0xc2
 * followed by 0x80..0x9f, and 0xff/0xfe, which never occur in UTF-8). */
static int terminal_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f || *p >= 0xfe)
			return 0;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* An escape sequence planted in the file (a title-setting OSC, a
 * screen-clearing CSI) reaches the admin's terminal neither in the
 * message nor in the source line under it; each control is one '?', so
 * the caret still points at the column libyaml gave. */
TEST(config_diag_print_escapes_are_masked)
{
	check_output("network:\n  version: 2\n  bonds:\n"
		     "    bond0: {interfaces: [eth0]} # \x1b]0;pwned\x07\x1b[2J\n",
		     "%s:4:35: error: invalid YAML: control characters are not allowed\n"
		     "    bond0: {interfaces: [eth0]} # ?]0;pwned??[2J\n"
		     "                                  ^\n");
}

/* C1 controls (U+009B is CSI) are two bytes in UTF-8 and one column. */
TEST(config_diag_print_c1_is_masked)
{
	check_output("network:\n  version: 2\n  bonds:\n    bond0: {interfaces: [\xc2\x9b" "31m]}\n",
		     "%s:4:26: error: invalid YAML: control characters are not allowed\n"
		     "    bond0: {interfaces: [?31m]}\n"
		     "                         ^\n");
}

/* A byte that is no UTF-8 at all, and the file's own name. */
TEST(config_diag_print_bad_utf8_and_name)
{
	char path[64];
	char *got = load_and_print("network:\n  version: 2\n  bonds:\n    b: {interfaces: [e]}\n"
				   "  # \xff\x1b[2J\n", path, sizeof(path));

	CHECK(got && terminal_safe(got));
	CHECK_CONTAINS(got, "  # ??[2J\n");
	free(got);
}
