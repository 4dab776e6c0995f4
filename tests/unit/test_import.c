// SPDX-License-Identifier: GPL-2.0-or-later
/* test_import.c - `bondmgr import`: each case under tests/import/ifupdown
 * (an interfaces file, what it sources, a modprobe.d) and under
 * tests/import/networkmanager (a system-connections folder) against its golden
 * expected.yaml and expected.notes (what was not carried over, the case's
 * folder written as @); every expected.yaml loads without error. The
 * kernel import is checked the way apply would use it: a bond built by
 * hand (struct bw_kstate), imported, loaded, planned against the same
 * state: no step. Run from the repository root, or set BW_SRCDIR. */
#include <dirent.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../../manager/import/import.h"
#include "bondwatch/file.h"
#include "bondwatch/plan.h"
#include "harness.h"

static const char *srcdir(void)
{
	const char *s = getenv("BW_SRCDIR");

	return s && *s ? s : ".";
}

/* s with every occurrence of from replaced by "@" (malloc'd). */
static char *replace_all(const char *s, const char *from)
{
	size_t fl = strlen(from);
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		if (fl && !strncmp(s, from, fl)) {
			*o++ = '@';
			s += fl;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

static char *slurp(const char *path)
{
	char *buf = NULL;

	if (bw_file_read(path, 1 << 20, 0, &buf, NULL, NULL) < 0)
		return NULL;
	return buf;
}

/* The first line where a and b differ, for the failure message. */
static void first_diff(const char *what, const char *got, const char *want)
{
	int line = 1;
	const char *g = got, *w = want;

	while (*g && *g == *w) {
		if (*g == '\n')
			line++;
		g++;
		w++;
	}
	bw_test_fail(__FILE__, __LINE__, "%s differs at line %d; got:\n%s", what, line, got);
}

/* One case folder: ifupdown's (interfaces, modprobe.d) or
 * NetworkManager's (system-connections). */
static void one_case(const char *dir, bool nm)
{
	char path[4500], mp[4500], *text = NULL, *notes = NULL, *want, *shown;
	const char *files[1] = { path };
	size_t tlen = 0, nlen = 0;
	FILE *t = open_memstream(&text, &tlen), *n = open_memstream(&notes, &nlen);
	struct bw_config cfg, back;
	struct bw_diags *d = calloc(1, sizeof(*d));
	int rc;

	if (!t || !n || !d || bw_import_init(&cfg) < 0) {
		bw_test_fail(__FILE__, __LINE__, "out of memory");
		return;
	}
	snprintf(path, sizeof(path), "%s/interfaces", dir);
	snprintf(mp, sizeof(mp), "%s/modprobe.d", dir);
	if (nm) {
		snprintf(mp, sizeof(mp), "%s/system-connections", dir);
		rc = bw_import_nm(mp, &cfg, n);
	} else {
		rc = bw_import_ifupdown(files, 1, mp, &cfg, n);
	}
	if (rc > 0)
		bw_import_emit(&cfg, nm ? "networkmanager" : "ifupdown", t);
	fclose(t);
	fclose(n);
	CHECK(rc > 0);
	snprintf(path, sizeof(path), "%s/expected.yaml", dir);
	want = slurp(path);
	if (!want || strcmp(text, want))
		first_diff(path, text, want ? want : "");
	/* the golden file is what bondmgr check must accept */
	if (want && bw_config_load_buf(path, want, strlen(want), &back, d) < 0)
		bw_test_fail(__FILE__, __LINE__, "%s does not load: %s", path,
			     d->n ? d->items[0].msg : "?");
	bw_config_free(&back);
	free(want);
	snprintf(path, sizeof(path), "%s/expected.notes", dir);
	want = slurp(path);
	shown = replace_all(notes, dir);
	if (!want || !shown || strcmp(shown, want))
		first_diff(path, shown ? shown : "", want ? want : "");
	free(want);
	free(shown);
	free(text);
	free(notes);
	free(d);
	bw_config_free(&cfg);
}

/* Every case folder under tests/import/SOURCE; returns how many. */
static int each_case(const char *source, bool nm)
{
	char base[4096], dir[4400];
	struct dirent **names;
	int n, seen = 0;

	snprintf(base, sizeof(base), "%s/tests/import/%s", srcdir(), source);
	n = scandir(base, &names, NULL, alphasort);
	CHECK(n > 0);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(dir, sizeof(dir), "%s/%s", base, names[i]->d_name);
			one_case(dir, nm);
			seen++;
		}
		free(names[i]);
	}
	if (n > 0)
		free(names);
	return seen;
}

TEST(import_ifupdown_golden)
{
	CHECK(each_case("ifupdown", false) >= 4);
}

TEST(import_networkmanager_golden)
{
	CHECK(each_case("networkmanager", true) >= 2);
}

TEST(import_ifupdown_missing_file)
{
	const char *files[1] = { "/nonexistent/interfaces" };
	struct bw_config cfg;
	char *notes = NULL;
	size_t len = 0;
	FILE *n = open_memstream(&notes, &len);

	CHECK(bw_import_init(&cfg) == 0);
	CHECK_INT(bw_import_ifupdown(files, 1, NULL, &cfg, n), -1);
	fclose(n);
	CHECK_CONTAINS(notes, "/nonexistent/interfaces: cannot be read");
	free(notes);
	bw_config_free(&cfg);
}

/* ---- --from kernel ------------------------------------------------------ */

struct fake_kernel {
	struct bw_link links[4];
	struct bw_kaddr addrs[2];
	struct bw_kroute routes[1];
	struct bw_kstate ks;
	char dir[64];
};

static void fake_link(struct bw_link *l, int idx, const char *name, int master)
{
	memset(l, 0, sizeof(*l));
	l->ifindex = idx;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->flags = IFF_UP;
	l->master_ifindex = master;
	l->is_bond_slave = master != 0;
}

/* bond0 (active-backup, miimon 200, updelay 400, primary eth1, fail over
 * mac active, 2 grat ARPs) over eth0 and eth1, 192.0.2.10/24 and a
 * default route via 192.0.2.1 metric 50; use_carrier 0 in its sysfs (an
 * option bondmgr does not manage); resolv.conf written by bondmgr. */
static void fake_kernel_init(struct fake_kernel *k)
{
	struct bw_bond_params *p;
	char path[256];
	FILE *f;

	memset(k, 0, sizeof(*k));
	fake_link(&k->links[0], 5, "bond0", 0);
	k->links[0].is_bond = true;
	p = &k->links[0].bond.params;
	bw_bond_params_default(p);
	p->mode = BW_MODE_ACTIVE_BACKUP;
	p->miimon = 200;
	p->updelay = 400;
	p->fail_over_mac = BW_FOM_ACTIVE;
	p->num_grat_arp = 2;
	snprintf(p->primary, sizeof(p->primary), "eth1");
	fake_link(&k->links[1], 2, "eth0", 5);
	fake_link(&k->links[2], 3, "eth1", 5);
	fake_link(&k->links[3], 1, "lo", 0);
	k->addrs[0].ifindex = 5;
	bw_prefix_parse("192.0.2.10/24", &k->addrs[0].prefix);
	k->addrs[1].ifindex = 5;
	bw_prefix_parse("fe80::1/64", &k->addrs[1].prefix);
	k->routes[0].ifindex = 5;
	bw_ip_parse("192.0.2.1", &k->routes[0].via);
	k->routes[0].metric = 50;
	k->ks = (struct bw_kstate){ 4, k->links, 2, k->addrs, 1, k->routes };
	snprintf(k->dir, sizeof(k->dir), "/tmp/bw-import-XXXXXX");
	if (!mkdtemp(k->dir))
		return;
	snprintf(path, sizeof(path), "%s/class", k->dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/class/net", k->dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/class/net/bond0", k->dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/class/net/bond0/bonding", k->dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/class/net/bond0/bonding/use_carrier", k->dir);
	if ((f = fopen(path, "w"))) {
		fputs("0\n", f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/resolv.conf", k->dir);
	if ((f = fopen(path, "w"))) {
		fputs("# Written by bondmgr from /etc/bondwatch/bond.yaml; edit that file, "
		      "not this one.\nnameserver 192.0.2.53\nsearch example.org\n", f);
		fclose(f);
	}
}

static void fake_kernel_free(struct fake_kernel *k)
{
	static const char *const rm[] = {
		"resolv.conf", "class/net/bond0/bonding/use_carrier",
		"class/net/bond0/addr_assign_type",
		"class/net/bond0/bonding", "class/net/bond0", "class/net", "class", "",
	};
	char path[256];

	for (size_t i = 0; i < sizeof(rm) / sizeof(rm[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", k->dir, rm[i]);
		remove(path);
	}
}

TEST(import_kernel_plans_nothing)
{
	static const char want[] =
		"# Made by bondmgr import --from kernel. Read it, then: bondmgr try -c FILE\n"
		"network:\n  version: 2\n  bonds:\n    bond0:\n"
		"      interfaces: [eth0, eth1]\n"
		"      addresses: [192.0.2.10/24]\n"
		"      routes:\n        - to: default\n          via: 192.0.2.1\n"
		"          metric: 50\n"
		"      nameservers:\n        addresses: [192.0.2.53]\n"
		"        search: [example.org]\n"
		"      parameters:\n        mode: active-backup\n        primary: eth1\n"
		"        fail-over-mac-policy: active\n        mii-monitor-interval: 200\n"
		"        up-delay: 400\n        gratuitous-arp: 2\n";
	struct fake_kernel *k = calloc(1, sizeof(*k));
	struct bw_config cfg, back;
	struct bw_diags *d = calloc(1, sizeof(*d));
	struct bw_plan plan = { 0 };
	char *text = NULL, *notes = NULL, resolv[128];
	size_t tl = 0, nl = 0;
	FILE *t = open_memstream(&text, &tl), *n = open_memstream(&notes, &nl);

	if (!k || !d || !t || !n || bw_import_init(&cfg) < 0) {
		bw_test_fail(__FILE__, __LINE__, "out of memory");
		return;
	}
	fake_kernel_init(k);
	snprintf(resolv, sizeof(resolv), "%s/resolv.conf", k->dir);
	CHECK_INT(bw_import_kernel(&k->ks, k->dir, resolv, &cfg, n), 1);
	bw_import_emit(&cfg, "kernel", t);
	fclose(t);
	fclose(n);
	CHECK_STR(text, want);
	CHECK_CONTAINS(notes, "use_carrier 0 is not carried over");
	CHECK(bw_config_load_buf("(import)", text, tl, &back, d) == 0);
	{
		struct bw_target tg = { .cfg = &back };

		CHECK(bw_plan_make(&tg, &k->ks, &plan) == 0);
		CHECK_INT(plan.n, 0);
		if (plan.n)
			bw_plan_print(&plan, stdout);
	}
	bw_plan_free(&plan);
	bw_config_free(&back);
	bw_config_free(&cfg);
	fake_kernel_free(k);
	free(text);
	free(notes);
	free(d);
	free(k);
}

/* Import k, compare with want, load it back; when plan_nothing, plan it
 * against k: no step. notes_out gets the notes (malloc'd). */
static void kernel_case(struct fake_kernel *k, const char *want, bool plan_nothing,
			char **notes_out)
{
	struct bw_config cfg, back;
	struct bw_diags *d = calloc(1, sizeof(*d));
	struct bw_plan plan = { 0 };
	char *text = NULL;
	size_t tl = 0, nl = 0;
	FILE *t = open_memstream(&text, &tl), *n = open_memstream(notes_out, &nl);

	if (!d || !t || !n || bw_import_init(&cfg) < 0) {
		bw_test_fail(__FILE__, __LINE__, "out of memory");
		return;
	}
	CHECK_INT(bw_import_kernel(&k->ks, k->dir, NULL, &cfg, n), 1);
	bw_import_emit(&cfg, "kernel", t);
	fclose(t);
	fclose(n);
	CHECK_STR(text, want);
	CHECK(bw_config_load_buf("(import)", text, tl, &back, d) == 0);
	if (plan_nothing) {
		struct bw_target tg = { .cfg = &back };

		CHECK(bw_plan_make(&tg, &k->ks, &plan) == 0);
		CHECK_INT(plan.n, 0);
		if (plan.n)
			bw_plan_print(&plan, stdout);
	}
	bw_plan_free(&plan);
	bw_config_free(&back);
	bw_config_free(&cfg);
	free(text);
	free(d);
}

static void write_sysfs(const struct fake_kernel *k, const char *file, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/class/net/bond0/%s", k->dir, file);
	if ((f = fopen(path, "w"))) {
		fputs(text, f);
		fclose(f);
	}
}

/* An 802.3ad bond with LACP options, jumbo frames and a MAC set by hand
 * (addr_assign_type 3); values the kernel keeps but 802.3ad has no use for
 * (packets_per_slave, peer_notif_delay) are listed, and apply still finds
 * nothing to do: the planner does not compare them in this mode. */
TEST(import_kernel_8023ad)
{
	static const char want[] =
		"# Made by bondmgr import --from kernel. Read it, then: bondmgr try -c FILE\n"
		"network:\n  version: 2\n  bonds:\n    bond0:\n"
		"      interfaces: [eth0, eth1]\n"
		"      addresses: [192.0.2.10/24]\n"
		"      routes:\n        - to: default\n          via: 192.0.2.1\n"
		"          metric: 50\n"
		"      mtu: 9000\n"
		"      macaddress: \"02:00:00:00:00:42\"\n"
		"      parameters:\n        mode: 802.3ad\n        mii-monitor-interval: 100\n"
		"        transmit-hash-policy: layer3+4\n        min-links: 1\n"
		"        lacp-rate: fast\n        ad-select: bandwidth\n";
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0x42 };
	struct fake_kernel *k = calloc(1, sizeof(*k));
	struct bw_bond_params *p;
	char *notes = NULL;

	if (!k)
		return;
	fake_kernel_init(k);
	p = &k->links[0].bond.params;
	bw_bond_params_default(p);
	p->mode = BW_MODE_8023AD;
	p->lacp_rate = BW_LACP_FAST;
	p->xmit_hash = BW_XHP_LAYER34;
	p->ad_select = BW_ADS_BANDWIDTH;
	p->min_links = 1;
	p->packets_per_slave = 3;
	p->peer_notif_delay = 200;
	p->mtu = k->links[0].mtu = 9000;
	p->has_mac = k->links[0].has_addr = true;
	memcpy(p->mac, mac, 6);
	memcpy(k->links[0].addr, mac, 6);
	write_sysfs(k, "addr_assign_type", "3\n");
	kernel_case(k, want, true, &notes);
	CHECK_CONTAINS(notes, "kernel: bond0: packets-per-member 3 is not carried over: "
		       "packets-per-member is not available in mode 802.3ad: only round-robin "
		       "counts packets per member");
	CHECK_CONTAINS(notes, "peer-notify-delay 200 is not carried over");
	free(notes);
	/* the same bond with the address it took from its first member
	 * (addr_assign_type 2, stolen): not pinned in the file */
	write_sysfs(k, "addr_assign_type", "2\n");
	{
		char *w2 = strdup(want), *m = w2 ? strstr(w2, "      macaddress:") : NULL;

		if (m)
			memmove(m, strchr(m, '\n') + 1, strlen(strchr(m, '\n') + 1) + 1);
		notes = NULL;
		if (w2)
			kernel_case(k, w2, true, &notes);
		free(w2);
		free(notes);
	}
	fake_kernel_free(k);
	free(k);
}

/* A bond whose IPv4 address is a DHCP lease (it has a lifetime) and whose
 * default route came with it: dhcp4: true instead, both named. */
TEST(import_kernel_dhcp_lease)
{
	static const char want[] =
		"# Made by bondmgr import --from kernel. Read it, then: bondmgr try -c FILE\n"
		"network:\n  version: 2\n  bonds:\n    bond0:\n"
		"      interfaces: [eth0, eth1]\n"
		"      dhcp4: true\n"
		"      parameters:\n        mode: active-backup\n        primary: eth1\n"
		"        fail-over-mac-policy: active\n        mii-monitor-interval: 200\n"
		"        up-delay: 400\n        gratuitous-arp: 2\n";
	struct fake_kernel *k = calloc(1, sizeof(*k));
	char *notes = NULL;

	if (!k)
		return;
	fake_kernel_init(k);
	k->addrs[0].dynamic = true;
	k->addrs[0].valid_lft = 3600;
	k->routes[0].protocol = 16;   /* RTPROT_DHCP */
	kernel_case(k, want, false, &notes);
	CHECK_CONTAINS(notes, "kernel: bond0: address 192.0.2.10/24 is a lease (valid 3600 s "
		       "more): not carried over; dhcp4: true instead");
	CHECK_CONTAINS(notes, "the default route via 192.0.2.1 comes with a lease");
	free(notes);
	fake_kernel_free(k);
	free(k);
}

/* A value bondmgr has no word for (a hash policy a newer kernel may add) is
 * listed, never written: the emitter once wrote "~" for it, which check
 * refuses. */
TEST(import_unknown_value_listed)
{
	static const char want[] =
		"# Made by bondmgr import --from kernel. Read it, then: bondmgr try -c FILE\n"
		"network:\n  version: 2\n  bonds:\n    bond0:\n"
		"      interfaces: [eth0, eth1]\n"
		"      addresses: [192.0.2.10/24]\n"
		"      routes:\n        - to: default\n          via: 192.0.2.1\n"
		"          metric: 50\n"
		"      parameters:\n        mode: balance-xor\n        mii-monitor-interval: 100\n";
	struct fake_kernel *k = calloc(1, sizeof(*k));
	struct bw_bond_params *p;
	char *notes = NULL;

	if (!k)
		return;
	fake_kernel_init(k);
	p = &k->links[0].bond.params;
	bw_bond_params_default(p);
	p->mode = BW_MODE_BALANCE_XOR;
	p->xmit_hash = 9;
	kernel_case(k, want, false, &notes);
	CHECK_CONTAINS(notes, "kernel: bond0: transmit-hash-policy is not carried over: "
		       "bondmgr has no word for its value");
	free(notes);
	fake_kernel_free(k);
	free(k);
}
