// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_fuzz.c - a poor man's fuzzer, until the libFuzzer target:
 * every prefix of the example file, and seeded random mutations of it, must
 * load without crashing or leaking (run under ASan), and the result must be
 * consistent: rc 0 exactly when there is no error, and a loaded config has
 * bonds with members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "bondwatch/config.h"

static char *slurp(const char *rel, size_t *len)
{
	const char *dir = getenv("BW_SRCDIR");
	char path[4096];
	char *buf = malloc(65536);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : ".", rel);
	f = fopen(path, "rb");
	*len = f && buf ? fread(buf, 1, 65536, f) : 0;
	if (f)
		fclose(f);
	return buf;
}

/* Load an exact-size copy (no NUL after it) and check the invariants. */
static void try_load(const char *buf, size_t len, unsigned iter)
{
	char *copy = malloc(len ? len : 1);
	struct bw_config cfg;
	struct bw_diags *d = malloc(sizeof(*d));
	int rc;

	memcpy(copy, buf, len);
	rc = bw_config_load_buf("fuzz.yaml", copy, len, &cfg, d);
	if ((rc == 0) != (d->n_errors == 0))
		bw_test_fail(__FILE__, __LINE__, "iteration %u: rc %d with %d errors", iter,
			     rc, d->n_errors);
	if (rc == 0 && cfg.n_bonds < 1)
		bw_test_fail(__FILE__, __LINE__, "iteration %u: loaded, no bonds", iter);
	for (int i = 0; rc == 0 && i < cfg.n_bonds; i++)
		if (cfg.bonds[i].n_members < 1)
			bw_test_fail(__FILE__, __LINE__, "iteration %u: bond without members",
				     iter);
	bw_config_free(&cfg);
	free(d);
	free(copy);
}

TEST(config_fuzz_prefixes)
{
	size_t len;
	char *buf = slurp("config/bond.yaml", &len);

	CHECK(len > 100);
	for (size_t n = 0; n <= len; n++)
		try_load(buf, n, (unsigned)n);
	free(buf);
}

static const char *const tokens[] = {
	"[", "]", "{", "}", ":", ": ", "- ", ",", "&a ", "*a", "!!str ", "\t", "\n",
	"'", "\"", "\\0", "\\x01", "#", "---\n", "? ", "|\n", ">\n", "~", "\xff", "\xc3",
	"\x00", "0", "-1", "999999999999", "1s", "ms", "eth0", "bond0", "wlan0",
	"active-backup", "arp-interval: 100", "mii-monitor-interval: 7",
	"primary: wlan0", "192.0.2.1", "::/0", "  ", "interfaces: []", "network:",
};

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* One edit: overwrite a byte, delete a span, or insert a token. */
static size_t mutate(char *buf, size_t len, size_t cap, uint32_t *seed)
{
	size_t at = len ? rnd(seed) % len : 0;
	const char *t;
	size_t tl, del;

	switch (rnd(seed) % 3) {
	case 0:
		if (len)
			buf[at] = (char)rnd(seed);
		return len;
	case 1:
		del = len - at < 8 ? len - at : rnd(seed) % 8;
		memmove(buf + at, buf + at + del, len - at - del);
		return len - del;
	default:
		t = tokens[rnd(seed) % (sizeof(tokens) / sizeof(tokens[0]))];
		tl = t[0] ? strlen(t) : 1;
		if (len + tl > cap)
			return len;
		memmove(buf + at + tl, buf + at, len - at);
		memcpy(buf + at, t, tl);
		return len + tl;
	}
}

TEST(config_fuzz_mutations)
{
	static const char *const seeds[] = {
		"config/bond.yaml", "config/bond-arp.yaml",
		"tests/config/good/two-bonds.yaml", "tests/config/good/flow-style.yaml",
	};
	uint32_t seed = 0x2545f491;
	char work[70000];

	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		size_t len0;
		char *orig = slurp(seeds[s], &len0);

		for (unsigned i = 0; i < 1500; i++) {
			size_t len = len0;
			unsigned edits = 1 + rnd(&seed) % 6;

			memcpy(work, orig, len0);
			for (unsigned e = 0; e < edits; e++)
				len = mutate(work, len, sizeof(work), &seed);
			try_load(work, len, i);
		}
		free(orig);
	}
}
