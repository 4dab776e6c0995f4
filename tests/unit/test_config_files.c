// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_files.c - every file under tests/config/{good,bad,system}
 * against the `# expect: LINE:COL: SEVERITY: TEXT` lines at its top.
 *
 * Errors must match the expect lines one for one, in order (so a file with
 * several mistakes proves that all of them are reported, and that nothing
 * else is); expected warnings must appear in order among the warnings. A
 * file without expect lines must load cleanly. Run from the repository
 * root, or set BW_SRCDIR.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "bondwatch/config.h"
#include "bondwatch/kstate.h"

#define MAX_EXPECT 16

static const char *srcdir(void)
{
	const char *s = getenv("BW_SRCDIR");

	return s && *s ? s : ".";
}

/* The system the files under tests/config/system are checked against; the
 * same list is in tests/config/README.md. */
static const struct {
	const char *name;
	int ifindex, master;
	bool is_bond;
} fake_links[] = {
	{ "lo", 1, 0, false },     { "eth0", 2, 0, false },  { "eth1", 3, 0, false },
	{ "wlan0", 4, 0, false },  { "bond7", 5, 0, true },  { "eth2", 6, 5, false },
	{ "br0", 7, 0, false },    { "eth3", 8, 7, false },  { "wlan1", 9, 0, false },
	{ "bond0", 10, 0, true },  { "eth4", 11, 10, false },
};
#define N_FAKE (sizeof(fake_links) / sizeof(fake_links[0]))

/* wlan0 is wireless by class/net/wlan0/wireless, wlan1 by .../phy80211. */
static const char *const fake_dirs[] = {
	"class", "class/net", "class/net/wlan0", "class/net/wlan0/wireless",
	"class/net/wlan1", "class/net/wlan1/phy80211", "class/net/eth0",
	"class/net/eth1",
};
#define N_DIRS (sizeof(fake_dirs) / sizeof(fake_dirs[0]))

/* The MACs match: {macaddress} is checked against (config_members.c). */
static const struct {
	const char *file, *text;
} fake_files[] = {
	{ "class/net/eth0/address", "52:54:00:00:00:10\n" },
	{ "class/net/eth1/address", "52:54:00:00:00:11\n" },
};
#define N_FILES (sizeof(fake_files) / sizeof(fake_files[0]))

struct fake_system {
	char sysfs[64];
	struct bw_link links[N_FAKE];
	struct bw_kstate ks;
};

static void fake_system_free(struct fake_system *sys)
{
	char path[128];

	for (size_t i = 0; i < N_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", sys->sysfs, fake_files[i].file);
		unlink(path);
	}
	for (size_t i = N_DIRS; i-- > 0;) {
		snprintf(path, sizeof(path), "%s/%s", sys->sysfs, fake_dirs[i]);
		rmdir(path);
	}
	rmdir(sys->sysfs);
}

static int fake_system_init(struct fake_system *sys)
{
	char path[128];

	memset(sys, 0, sizeof(*sys));
	for (size_t i = 0; i < N_FAKE; i++) {
		struct bw_link *l = &sys->links[i];

		snprintf(l->name, sizeof(l->name), "%s", fake_links[i].name);
		l->ifindex = fake_links[i].ifindex;
		l->master_ifindex = fake_links[i].master;
		l->is_bond = fake_links[i].is_bond;
		l->is_bond_slave = l->master_ifindex == 5 || l->master_ifindex == 10;
	}
	sys->ks.links = sys->links;
	sys->ks.n_links = (int)N_FAKE;
	snprintf(sys->sysfs, sizeof(sys->sysfs), "/tmp/bw-sysfs-XXXXXX");
	if (!mkdtemp(sys->sysfs))
		return -1;
	for (size_t i = 0; i < N_DIRS; i++) {
		snprintf(path, sizeof(path), "%s/%s", sys->sysfs, fake_dirs[i]);
		if (mkdir(path, 0755) < 0) {
			fake_system_free(sys);
			return -1;
		}
	}
	for (size_t i = 0; i < N_FILES; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", sys->sysfs, fake_files[i].file);
		f = fopen(path, "w");
		if (!f || fputs(fake_files[i].text, f) < 0 || fclose(f) != 0) {
			fake_system_free(sys);
			return -1;
		}
	}
	return 0;
}

struct expect {
	int line, col;
	enum bw_severity sev;
	char text[400];
};

/* The leading "# expect:" lines of a file; -1 if it cannot be read. */
static int read_expects(const char *path, struct expect *ex)
{
	FILE *f = fopen(path, "r");
	char buf[512], sev[16];
	int n = 0, used;

	if (!f)
		return -1;
	while (n < MAX_EXPECT && fgets(buf, sizeof(buf), f)) {
		if (strncmp(buf, "# expect: ", 10))
			break;
		buf[strcspn(buf, "\n")] = '\0';
		if (sscanf(buf + 10, "%d:%d: %15[a-z]: %n", &ex[n].line, &ex[n].col, sev,
			   &used) != 3)
			break;
		ex[n].sev = !strcmp(sev, "warning") ? BW_SEV_WARNING :
			    !strcmp(sev, "note") ? BW_SEV_NOTE : BW_SEV_ERROR;
		snprintf(ex[n].text, sizeof(ex[n].text), "%s", buf + 10 + used);
		n++;
	}
	fclose(f);
	return n;
}

static void dump(const char *path, const struct bw_diags *d)
{
	printf("    %s reported:\n", path);
	for (int i = 0; i < d->n; i++)
		printf("      %d:%d: %s: %s\n", d->items[i].pos.line, d->items[i].pos.col,
		       d->items[i].sev == BW_SEV_ERROR ? "error" :
		       d->items[i].sev == BW_SEV_WARNING ? "warning" : "note",
		       d->items[i].msg);
}

static int count_errors(const struct expect *ex, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k += ex[i].sev == BW_SEV_ERROR;
	return k;
}

static bool matches(const struct expect *e, const struct bw_diag *it)
{
	return it->sev == e->sev && it->pos.line == e->line && it->pos.col == e->col &&
	       strstr(it->msg, e->text);
}

/* Errors one for one; warnings and notes as an ordered subsequence. */
static bool diags_match(const struct bw_diags *d, const struct expect *ex, int n_ex)
{
	int e = 0, w = 0;

	if (d->n_errors != count_errors(ex, n_ex))
		return false;
	for (int i = 0; i < d->n; i++) {
		const struct bw_diag *it = &d->items[i];

		while (e < n_ex && ex[e].sev != BW_SEV_ERROR)
			e++;
		while (w < n_ex && ex[w].sev == BW_SEV_ERROR)
			w++;
		if (it->sev == BW_SEV_ERROR) {
			if (e == n_ex || !matches(&ex[e], it))
				return false;
			e++;
		} else if (w < n_ex && matches(&ex[w], it)) {
			w++;
		}
	}
	while (w < n_ex && ex[w].sev == BW_SEV_ERROR)
		w++;
	return w == n_ex;
}

typedef int (*check_fn)(const char *path, struct bw_diags *d, void *arg);

/* Run fn on every .yaml file in dir and compare with the file's expect lines;
 * fn must fail exactly when errors are expected. must_fail: every file
 * must expect an error (the bad files). Returns the number of files. */
static int each_file(const char *dir, check_fn fn, void *arg, bool must_fail)
{
	char base[4096], path[4400];
	struct dirent **names;
	int n, seen = 0;

	snprintf(base, sizeof(base), "%s/%s", srcdir(), dir);
	n = scandir(base, &names, NULL, alphasort);
	if (n < 0) {
		bw_test_fail(__FILE__, __LINE__, "cannot read %s", base);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t len = strlen(nm);
		struct expect ex[MAX_EXPECT];
		struct bw_diags *d = calloc(1, sizeof(*d));
		int n_ex, rc;

		if (len > 5 && !strcmp(nm + len - 5, ".yaml") && d) {
			snprintf(path, sizeof(path), "%s/%s", base, nm);
			n_ex = read_expects(path, ex);
			rc = fn(path, d, arg);
			if (n_ex < 0 || !diags_match(d, ex, n_ex) ||
			    (rc != 0) != (count_errors(ex, n_ex) > 0) ||
			    (must_fail && rc == 0)) {
				bw_test_fail(__FILE__, __LINE__, "%s: not as its "
					     "'# expect:' lines say (rc %d)", path, rc);
				dump(path, d);
			}
			seen++;
		}
		free(d);
		free(names[i]);
	}
	free(names);
	return seen;
}

static int load_only(const char *path, struct bw_diags *d, void *arg)
{
	struct bw_config cfg;
	int rc = bw_config_load(path, &cfg, d);

	(void)arg;
	bw_config_free(&cfg);
	return rc;
}

TEST(config_files_bad)
{
	int n = each_file("tests/config/bad", load_only, NULL, true);

	CHECK(n >= 30);
}

TEST(config_files_good)
{
	int n = each_file("tests/config/good", load_only, NULL, false);

	CHECK(n >= 5);
}

/* The system files must parse cleanly; their expectations are about the
 * running system, faked here (see tests/config/README.md). */
static int load_and_check(const char *path, struct bw_diags *d, void *arg)
{
	struct bw_config cfg;
	struct fake_system *sys = arg;
	int rc = bw_config_load(path, &cfg, d);

	if (rc == 0)
		rc = bw_config_check_system(&cfg, &sys->ks, sys->sysfs, d);
	else
		bw_test_fail(__FILE__, __LINE__, "%s: does not parse", path);
	bw_config_free(&cfg);
	return rc;
}

TEST(config_files_system)
{
	struct fake_system sys;
	int n;

	if (fake_system_init(&sys) < 0) {
		bw_test_fail(__FILE__, __LINE__, "cannot build the fake system");
		return;
	}
	n = each_file("tests/config/system", load_and_check, &sys, false);
	CHECK(n >= 5);
	fake_system_free(&sys);
}

/* A netplan user's file as it is (renderer:, the members' ethernets:
 * entries): through the loader, the optional-member step bondmgr_load
 * takes, and the system checks, as `bondmgr check` runs them. */
static int check_like_bondmgr(const char *path, struct bw_diags *d, void *arg)
{
	struct bw_config cfg;
	struct fake_system *sys = arg;
	int rc = bw_config_load(path, &cfg, d);

	if (rc == 0) {
		bw_config_drop_absent_optional(&cfg, &sys->ks, d);
		rc = bw_config_check_system(&cfg, &sys->ks, sys->sysfs, d);
	}
	bw_config_free(&cfg);
	return rc;
}

TEST(config_files_netplan)
{
	struct fake_system sys;
	int n;

	if (fake_system_init(&sys) < 0) {
		bw_test_fail(__FILE__, __LINE__, "cannot build the fake system");
		return;
	}
	n = each_file("tests/config/netplan", check_like_bondmgr, &sys, false);
	CHECK(n >= 15);
	fake_system_free(&sys);
}
