// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_bad.c - table-driven bad input from strings (the files under
 * tests/config/bad are in test_config_files.c), and the inputs a file
 * cannot easily hold: empty, huge, deeply nested, invalid UTF-8, more
 * errors than the diagnostics keep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "bondwatch/config.h"

static int load_n(const char *buf, size_t len, struct bw_config *cfg, struct bw_diags *d)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, buf, len);
	rc = bw_config_load_buf("t.yaml", copy, len, cfg, d);
	free(copy);
	return rc;
}

/* The first error of yaml is at line:col and contains text. */
static void expect_first(const char *yaml, int line, int col, const char *text,
			 int src_line)
{
	struct bw_config cfg;
	struct bw_diags *d = malloc(sizeof(*d));
	int rc = load_n(yaml, strlen(yaml), &cfg, d);
	const struct bw_diag *it = NULL;

	for (int i = 0; i < d->n && !it; i++)
		if (d->items[i].sev == BW_SEV_ERROR)
			it = &d->items[i];
	if (rc != -1 || !it || it->pos.line != line || it->pos.col != col ||
	    !strstr(it->msg, text))
		bw_test_fail(__FILE__, src_line, "%s: got rc %d, %d:%d: %s", text, rc,
			     it ? it->pos.line : -1, it ? it->pos.col : -1,
			     it ? it->msg : "(no error)");
	bw_config_free(&cfg);
	free(d);
}

#define NET "network: {version: 2, bonds: {b: "
#define P(x) NET "{interfaces: [e], parameters: {" x "}}}}"

TEST(config_bad_table)
{
	static const struct {
		const char *yaml;
		int line, col;
		const char *text;
	} cases[] = {
		{ "", 0, 0, "the file is empty" },
		{ "# only a comment\n", 0, 0, "the file is empty" },
		{ "~\n", 0, 0, "the file is empty" },
		{ "- network\n", 1, 1, "the document must be a mapping, not a list" },
		{ "network:\n", 1, 9, "'network' must be a mapping, not an empty value" },
		{ "network: {version: 2, bonds: {b: []}}", 1, 34, "'b' must be a mapping, not a list" },
		{ "network: {version: 2, bonds: {b: {}}}", 1, 31, "b has no interfaces" },
		{ "network: {version: [2], bonds: {}}", 1, 20, "'version' must be a single value, not a list" },
		{ "network: {version: two, bonds: {b: {interfaces: [e]}}}", 1, 20, "unsupported version 'two'" },
		{ "network: {version: 2, bonds: {'': {interfaces: [e]}}}", 1, 31, "invalid bond name '': empty" },
		{ "network: {version: 2, bonds: {'bond:0': {interfaces: [e]}}}", 1, 31, "invalid bond name 'bond:0'" },
		{ "network: {version: 2, bonds: {'.': {interfaces: [e]}}}", 1, 31, "invalid bond name '.'" },
		{ NET "{interfaces: [e], addresses: 192.0.2.1/24}}}", 1, 63, "'addresses' must be a list" },
		{ NET "{interfaces: [e], routes: {to: default}}}}", 1, 60, "'routes' must be a list, not a mapping" },
		{ NET "{interfaces: [e], routes: [default]}}}", 1, 61, "each entry of 'routes' must be a mapping" },
		{ NET "{interfaces: [e], nameservers: [8.8.8.8]}}}", 1, 65, "'nameservers' must be a mapping, not a list" },
		{ NET "{interfaces: [e], nameservers: {search: example.org}}}}", 1, 74, "'search' must be a list" },
		{ NET "{interfaces: [e], parameters: {primary: [e]}}}}", 1, 74, "'primary' must be a single value" },
		{ NET "{interfaces: [e], parameters: {primary: 'e/1'}}}}", 1, 74, "invalid primary 'e/1'" },
		{ NET "{interfaces: [e], parameters: {arp-ip-targets: 192.0.2.1}}}}", 1, 81, "'arp-ip-targets' must be a list" },
		{ P("mode: ''"), 1, 71, "unknown mode ''" },
		{ P("mode: Active-Backup"), 1, 71, "unknown mode 'Active-Backup'" },
		{ P("mii-monitor-interval: 1.5s"), 1, 87, "not an interval" },
		{ P("mii-monitor-interval: 200 ms"), 1, 87, "not an interval" },
		{ P("mii-monitor-interval: '+5'"), 1, 87, "not an interval" },
		{ P("mii-monitor-interval: 2147483648"), 1, 87, "too large" },
		{ P("mii-monitor-interval: 99999999999999999999999999"), 1, 87, "too large" },
		{ P("gratuitous-arp: 1e2"), 1, 81, "must be a whole number from 0 to 255" },
		{ P("gratuitous-arp: 256"), 1, 81, "must be a whole number from 0 to 255" },
		{ P("arp-interval: 100, arp-ip-targets: [0.0.0.0]"), 1, 101, "the kernel refuses 0.0.0.0" },
		{ P("arp-interval: 100, arp-ip-targets: [192.0.2.1, 192.0.2.1]"), 1, 112, "is listed twice" },
		{ P("arp-interval: 100, arp-ip-targets: [192.0.2.1/32]"), 1, 101, "not an IPv4 address" },
		{ P("arp-validate: active, mode: 802.3ad"), 1, 79, "arp-validate needs arp-interval" },
		{ P("fail-over-mac-policy: follow, mode: balance-tlb"), 1, 87, "only used in mode active-backup (mode is balance-tlb)" },
		{ NET "{interfaces: [e], addresses: ['2001:db8::1']}}}", 1, 64, "write it as 2001:db8::1/64" },
		{ NET "{interfaces: [e], routes: [{to: default, via: 192.0.2.1, metric: 4294967296}]}}}", 1, 99, "invalid metric" },
		{ NET "{interfaces: [e], routes: [{to: default, via: gw}]}}}", 1, 80, "invalid gateway 'gw'" },
		{ NET "{interfaces: [e], routes: [{to: '::/0', via: 192.0.2.1}]}}}", 1, 79, "'via' 192.0.2.1 is IPv4 but 'to' ::/0 is IPv6" },
		{ NET "{interfaces: [e], addresses: ['2001:db8::2/64'], routes: [{to: default, via: '2001:db8:1::1'}]}}}", 1, 97, "gateway 2001:db8:1::1 is in none of b's IPv6 subnets" },
		{ NET "{interfaces: [e], routes: [{to: default, via: 192.0.2.1}]}}}", 1, 66, "gateway 192.0.2.1 is in none of b's IPv4 subnets" },
		{ NET "{interfaces: [e], nameservers: {search: [-x.org]}}}}", 1, 75, "a label starts with '-'" },
		{ "network: {version: 2, bonds: {a: {interfaces: [e], addresses: [192.0.2.1/24]}, "
		  "c: {interfaces: [f], addresses: [192.0.2.1/25]}}}", 1, 113, "address 192.0.2.1 is also on a" },
		{ "network: {version: 2, bonds: {a: {interfaces: [e]}}, version: 2}", 1, 54, "duplicate key 'version' in network" },
		{ "network: {version: 2, bonds: {b: {interfaces: [e]}}}\nnetwork: {}\n", 2, 1, "duplicate key 'network' in the document" },
		{ "network: {version: 2, bonds: {a: {interfaces: [e], interfaces: [f]}}}", 1, 52, "duplicate key 'interfaces' in a" },
		{ "network:\n  version: 2\n  bonds: {a: {interfaces: [\"e\\xa0\"]}}\n", 3, 28, "invalid interface name 'e\xc2\xa0': whitespace" },
		{ "network:\n  version: 2\n  bonds: {a: {interfaces: [\"e\\x01\", \"e/\\x01\"]}}\n", 3, 37, "invalid interface name 'e/?'" },
		{ "network: [\n", 2, 1, "invalid YAML" },
		{ "network: 'x\n", 2, 1, "invalid YAML: found unexpected end of stream" },
		{ "a: b: c\n", 1, 5, "invalid YAML: mapping values are not allowed" },
		{ "network: !!binary aGVsbG8=\n", 1, 10, "'network' must be a mapping" },
		{ "network: &n {}\n", 1, 10, "YAML anchors (&n) are not supported" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_first(cases[i].yaml, cases[i].line, cases[i].col, cases[i].text,
			     __LINE__);
}

TEST(config_bad_invalid_utf8)
{
	expect_first("network:\n  version: \xff\xfe\n", 2, 12, "invalid YAML", __LINE__);
	expect_first("network: {version: 2}\x01\n", 1, 22, "invalid YAML", __LINE__);
}

TEST(config_bad_too_big)
{
	size_t len = 1024 * 1024 + 1;
	char *buf = malloc(len);
	struct bw_config cfg;
	struct bw_diags d;

	memset(buf, '#', len);
	CHECK_INT(bw_config_load_buf("big.yaml", buf, len, &cfg, &d), -1);
	CHECK_CONTAINS(d.items[0].msg, "larger than");
	bw_config_free(&cfg);
	free(buf);
}

/* Deep flow nesting: refused at the limit, no recursion, no crash. */
TEST(config_bad_deep_nesting)
{
	static const char head[] = "network: ";
	size_t depth = 200000;
	char *buf = malloc(depth * 2 + sizeof(head));
	struct bw_config cfg;
	struct bw_diags d;
	size_t n = sizeof(head) - 1;

	if (!buf)
		return;
	memcpy(buf, head, n);
	memset(buf + n, '[', depth);
	n += depth;
	memset(buf + n, ']', depth);
	n += depth;
	CHECK_INT(bw_config_load_buf("deep.yaml", buf, n, &cfg, &d), -1);
	CHECK_CONTAINS(d.items[0].msg, "nested deeper than");
	bw_config_free(&cfg);
	free(buf);
}

/* Many nodes: refused at the node limit. */
TEST(config_bad_too_many_nodes)
{
	size_t items = 30000;
	char *buf = malloc(items * 3 + 64);
	struct bw_config cfg;
	struct bw_diags d;
	size_t n = (size_t)sprintf(buf, "network: {version: 2, x: [");

	for (size_t i = 0; i < items; i++)
		n += (size_t)sprintf(buf + n, "1,");
	n += (size_t)sprintf(buf + n, "1]}");
	CHECK_INT(bw_config_load_buf("many.yaml", buf, n, &cfg, &d), -1);
	CHECK_CONTAINS(d.items[0].msg, "YAML nodes");
	bw_config_free(&cfg);
	free(buf);
}

/* More errors than the diagnostics keep: counted, not lost. */
TEST(config_bad_many_errors)
{
	char buf[8192];
	size_t n = (size_t)sprintf(buf, "network:\n  version: 2\n  bonds:\n    b:\n"
				   "      interfaces: [e]\n      parameters:\n");
	struct bw_config cfg;
	struct bw_diags d;

	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(buf + n, "        k%d: 1\n", i);
	CHECK_INT(bw_config_load_buf("many.yaml", buf, n, &cfg, &d), -1);
	CHECK_INT(d.n_errors, 100);
	CHECK_INT(d.n, 64);
	CHECK_INT(d.dropped, 36);
	CHECK_INT(d.items[0].pos.line, 7);
	CHECK_INT(d.items[63].pos.line, 70);
	bw_config_free(&cfg);
}

/* Too many bonds, members, addresses, nameservers: bounded. */
TEST(config_bad_counts)
{
	static char buf[16384];
	size_t n = (size_t)sprintf(buf, "network:\n  version: 2\n  bonds:\n");
	struct bw_config cfg;
	struct bw_diags d;

	for (int i = 0; i < 257; i++)
		n += (size_t)sprintf(buf + n, "    b%d: {interfaces: [e%d]}\n", i, i);
	CHECK_INT(bw_config_load_buf("t.yaml", buf, n, &cfg, &d), -1);
	CHECK_CONTAINS(d.items[0].msg, "more than 256 bonds");
	bw_config_free(&cfg);

	n = (size_t)sprintf(buf, NET "{interfaces: [e], addresses: [");
	for (int i = 1; i <= 17; i++)
		n += (size_t)sprintf(buf + n, "%s192.0.2.%d/24", i > 1 ? ", " : "", i);
	n += (size_t)sprintf(buf + n, "]}}}");
	CHECK_INT(bw_config_load_buf("t.yaml", buf, n, &cfg, &d), -1);
	CHECK_CONTAINS(d.items[0].msg, "more than 16 addresses");
	CHECK_INT(d.n_errors, 1);
	bw_config_free(&cfg);
}
