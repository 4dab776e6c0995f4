// SPDX-License-Identifier: GPL-2.0-or-later
/* test_overrides.c - the runtime overrides file: parse, render, the atomic
 * read-modify-write, the merge over a config and the plan's words. The
 * crash-safety under kill -9 is proven in the VM (overrides_apply.sh). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"
#include "bondwatch/config.h"
#include "bondwatch/overrides.h"
#include "bondwatch/plan.h"

/* A fresh folder under /tmp; returns the overrides path in it. */
static const char *tmp_path(char *buf, size_t len)
{
	char dir[] = "/tmp/bw-ov-XXXXXX";

	if (!mkdtemp(dir))
		return NULL;
	snprintf(buf, len, "%s/sub/overrides.yaml", dir);   /* sub/ does not exist yet */
	return buf;
}

TEST(overrides_parse_block_and_flow_style)
{
	struct bw_overrides ov;
	const char *flow = "primary: {bond0: wlan0, bond1: eth2}\n";
	const char *block = "# c\nfuture-key: 3\nprimary:\n  bond0: wlan0\n";

	CHECK_INT(bw_overrides_parse(flow, strlen(flow), &ov, NULL), 0);
	CHECK_INT(ov.n, 2);
	CHECK_STR(ov.primary[1].bond, "bond1");
	CHECK_STR(ov.primary[1].primary, "eth2");
	CHECK_INT(bw_overrides_parse(block, strlen(block), &ov, NULL), 0);
	CHECK_INT(ov.n, 1);
	CHECK_STR(ov.primary[0].primary, "wlan0");
	CHECK_INT(bw_overrides_parse("", 0, &ov, NULL), 0);
	CHECK_INT(ov.n, 0);
}

TEST(overrides_parse_refuses_bad_files)
{
	struct bw_overrides ov;
	struct bw_err err = { 0 };
	const char *bad[] = { "primary: [a, b]\n", "primary: {bond0: wlan0\n", "- a\n" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(bw_overrides_parse(bad[i], strlen(bad[i]), &ov, &err) < 0);
		CHECK_INT(ov.n, 0);
	}
}

/* One bad entry costs nothing but itself: it is counted and said, the
 * others are kept (and so survive the next write). */
TEST(overrides_parse_skips_bad_entries_only)
{
	struct bw_overrides ov;
	const char *bad[] = {
		"primary: {bond0: [x], bond1: eth1}\n", "primary: {bond0: a/b, bond1: eth1}\n",
		"primary: {bond0: averyveryverylongname, bond1: eth1}\n",
		"primary: {bond0: \"hex:zz\", bond1: eth1}\n", "primary: {bond0: \"hex:\", bond1: eth1}\n",
		"primary: {bond0: \"hex:6200\", bond1: eth1}\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(bw_overrides_parse(bad[i], strlen(bad[i]), &ov, NULL), 0);
		CHECK_INT(ov.n, 1);
		CHECK_STR(ov.primary[0].bond, "bond1");
		CHECK_INT(ov.n_skipped, 1);
		CHECK_CONTAINS(ov.skipped_why, "primary of ");
	}
	CHECK_INT(bw_overrides_parse("primary: {bond0: x, bond0: y}\n", 30, &ov, NULL), 0);
	CHECK_INT(ov.n, 1);
	CHECK_STR(ov.primary[0].primary, "x");
	CHECK_CONTAINS(ov.skipped_why, "named twice");
}

/* Any name the kernel allows goes through the file and back, bytes that
 * are not printable ASCII (not even UTF-8) included; before, a bond
 * named b\xff made the file unparseable and every override was lost. */
TEST(overrides_round_trip_any_kernel_name)
{
	const char *names[] = { "b\xff", "e\x01th", "\xc3\xa9th0", "x\x7f", "a\\\"b", "hex" };
	struct bw_overrides ov = { 0 }, back;
	char text[2048];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++, ov.n++) {
		snprintf(ov.primary[ov.n].bond, BW_IFNAMSIZ, "%s", names[i]);
		snprintf(ov.primary[ov.n].primary, BW_IFNAMSIZ, "p%s", names[i]);
	}
	CHECK_INT(bw_overrides_render(&ov, text, sizeof(text)), 0);
	CHECK_INT(bw_overrides_parse(text, strlen(text), &back, NULL), 0);
	CHECK_INT(back.n, ov.n);
	CHECK_INT(back.n_skipped, 0);
	for (int i = 0; i < ov.n && i < back.n; i++) {
		CHECK_STR(back.primary[i].bond, ov.primary[i].bond);
		CHECK_STR(back.primary[i].primary, ov.primary[i].primary);
	}
	CHECK_CONTAINS(text, "\"hex:62ff\": \"hex:7062ff\"");
}

TEST(overrides_render_parses_back_even_odd_names)
{
	struct bw_overrides ov = { .n = 2 }, back;
	char text[1024];

	snprintf(ov.primary[0].bond, BW_IFNAMSIZ, "bond0");
	snprintf(ov.primary[0].primary, BW_IFNAMSIZ, "wlan0");
	snprintf(ov.primary[1].bond, BW_IFNAMSIZ, "-b\"#{x");
	snprintf(ov.primary[1].primary, BW_IFNAMSIZ, "e\\th*0");
	CHECK_INT(bw_overrides_render(&ov, text, sizeof(text)), 0);
	CHECK_CONTAINS(text, "primary:\n  bond0: wlan0\n");
	CHECK_INT(bw_overrides_parse(text, strlen(text), &back, NULL), 0);
	CHECK_INT(back.n, 2);
	CHECK_STR(back.primary[1].bond, "-b\"#{x");
	CHECK_STR(back.primary[1].primary, "e\\th*0");
}

TEST(overrides_set_primary_adds_replaces_and_drops)
{
	char path[256];
	struct bw_overrides ov;
	struct bw_err err = { 0 };

	CHECK(tmp_path(path, sizeof(path)) != NULL);
	CHECK_INT(bw_overrides_load(path, &ov, &err), 0);          /* missing: none */
	CHECK_INT(ov.n, 0);
	CHECK_INT(bw_overrides_set_primary(path, -1, "bond0", "wlan0", &err), 0);
	CHECK_INT(bw_overrides_set_primary(path, -1, "bond1", "eth1", &err), 0);
	CHECK_INT(bw_overrides_set_primary(path, -1, "bond0", "eth0", &err), 0);
	CHECK_INT(bw_overrides_load(path, &ov, &err), 0);
	CHECK_INT(ov.n, 2);
	CHECK_STR(ov.primary[0].primary, "eth0");
	CHECK_INT(bw_overrides_set_primary(path, -1, "bond0", "a/b", &err), -EINVAL);
	CHECK_INT(bw_overrides_set_primary(path, -1, "bond0", "bond0", &err), -EINVAL);
	CHECK_INT(bw_overrides_set_primary(path, -1, "bond0", NULL, &err), 0);
	CHECK_INT(bw_overrides_load(path, &ov, &err), 0);
	CHECK_INT(ov.n, 1);
	CHECK_STR(ov.primary[0].bond, "bond1");
	CHECK_INT(bw_overrides_drop(path, -1, NULL, -1, &err), 0);
	CHECK(access(path, F_OK) != 0);                             /* empty: removed */
	{
		char tmp[300];

		snprintf(tmp, sizeof(tmp), "%s.tmp", path);
		CHECK(access(tmp, F_OK) != 0);
		/* the folders tmp_path() made: .../sub, then its parent */
		*strrchr(path, '/') = '\0';
		CHECK_INT(rmdir(path), 0);
		*strrchr(path, '/') = '\0';
		CHECK_INT(rmdir(path), 0);
	}
}

static void one_bond(struct bw_config *cfg, struct bw_bond_cfg *b)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(b, 0, sizeof(*b));
	cfg->n_bonds = 1;
	cfg->bonds = b;
	snprintf(b->name, BW_IFNAMSIZ, "bond0");
	b->n_members = 2;
	snprintf(b->members[0], BW_IFNAMSIZ, "eth0");
	snprintf(b->members[1], BW_IFNAMSIZ, "wlan0");
	bw_bond_params_default(&b->params);
	b->params.mode = BW_MODE_ACTIVE_BACKUP;
	snprintf(b->params.primary, BW_IFNAMSIZ, "eth0");
}

TEST(overrides_merge_applies_or_says_why_not)
{
	const char *text = "primary: {bond0: wlan0, bond9: eth0}\n";
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_overrides ov;

	one_bond(&cfg, &b);
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_STR(b.params.primary, "wlan0");
	CHECK_INT(ov.primary[0].use, BW_OV_APPLIED);
	CHECK_STR(ov.primary[0].file_primary, "eth0");
	CHECK_INT(ov.primary[1].use, BW_OV_NO_BOND);

	one_bond(&cfg, &b);
	text = "primary: {bond0: eth7}\n";
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_STR(b.params.primary, "eth0");                        /* not a member: ignored */
	CHECK_INT(ov.primary[0].use, BW_OV_NOT_MEMBER);

	text = "primary: {bond0: eth0}\n";
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_INT(ov.primary[0].use, BW_OV_SAME);
}

TEST(overrides_annotate_names_the_file_on_the_primary_step)
{
	const char *text = "primary: {bond0: wlan0}\n";
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_overrides ov;
	struct bw_kstate ks = { 0 };
	struct bw_link links[3];
	struct bw_target t = { .cfg = &cfg };
	struct bw_plan p;

	one_bond(&cfg, &b);
	memset(links, 0, sizeof(links));
	for (int i = 0; i < 3; i++) {
		links[i].ifindex = i + 2;
		links[i].flags = 1;   /* IFF_UP */
		links[i].master_ifindex = i ? 2 : 0;
	}
	snprintf(links[0].name, BW_IFNAMSIZ, "bond0");
	snprintf(links[1].name, BW_IFNAMSIZ, "eth0");
	snprintf(links[2].name, BW_IFNAMSIZ, "wlan0");
	links[0].is_bond = true;
	links[0].bond.params = b.params;   /* converged to the file: primary eth0 */
	ks.n_links = 3;
	ks.links = links;
	CHECK_INT(bw_overrides_parse(text, strlen(text), &ov, NULL), 0);
	bw_overrides_merge(&ov, &cfg);
	CHECK_INT(bw_plan_make(&t, &ks, &p), 0);
	bw_overrides_annotate(&ov, "/x/overrides.yaml", &p);
	CHECK_INT(p.n, 1);
	if (p.n == 1)
		CHECK_STR(p.steps[0].text,
			  "~ bond0 primary eth0 -> wlan0 (runtime override from /x/overrides.yaml)");
	bw_plan_free(&p);
}

/* bw_overrides_load(path) in a child, which must answer within 5 s
 * (a planted FIFO made root's bondmgr hang in open(), holding the apply
 * lock). Returns the load's result, or 1000 when the child hung or died. */
static int load_in_time(const char *path)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct bw_overrides ov;
		struct bw_err err = { 0 };
		int rc;

		alarm(5);
		rc = bw_overrides_load(path, &ov, &err);
		_exit(rc < 0 ? -rc : 0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 1000;
	return -WEXITSTATUS(st);
}

/* The folder of the overrides file belongs to the agent's user, who can
 * plant anything there; root's bondmgr reads it. Each planted thing is
 * refused at once, never followed, waited on or read whole. */
TEST(overrides_load_refuses_what_is_planted)
{
	char dir[] = "/tmp/bw-plant-XXXXXX", path[128], target[128];
	struct bw_overrides ov;
	struct bw_err err = { 0 };
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/overrides.yaml", dir);
	snprintf(target, sizeof(target), "%s/secret", dir);

	CHECK_INT(mkfifo(path, 0600), 0);                       /* a FIFO */
	CHECK_INT(load_in_time(path), -EINVAL);
	unlink(path);

	fd = open(target, O_WRONLY | O_CREAT, 0600);            /* a link */
	CHECK(write(fd, "primary: {bond0: eth9}\n", 23) == 23);
	close(fd);
	CHECK_INT(symlink(target, path), 0);
	CHECK_INT(load_in_time(path), -ELOOP);
	unlink(path);

	CHECK_INT(symlink("/dev/zero", path), 0);               /* a device, by link */
	CHECK_INT(load_in_time(path), -ELOOP);
	unlink(path);
	if (mknod(path, S_IFCHR | 0600, makedev(1, 5)) == 0) {  /* /dev/zero itself (root) */
		CHECK_INT(load_in_time(path), -EINVAL);
		unlink(path);
	}

	fd = open(path, O_WRONLY | O_CREAT, 0600);              /* huge */
	CHECK_INT(ftruncate(fd, 64 << 20), 0);
	close(fd);
	CHECK_INT(load_in_time(path), -EFBIG);
	CHECK_INT(bw_overrides_load(path, &ov, &err), -EFBIG);
	CHECK_CONTAINS(err.msg, path);
	unlink(path);

	CHECK_INT(mkdir(path, 0700), 0);                        /* a folder */
	CHECK_INT(load_in_time(path), -EISDIR);
	rmdir(path);

	unlink(target);
	CHECK_INT(rmdir(dir), 0);
}
