// SPDX-License-Identifier: GPL-2.0-or-later
/* test_dhcpcd.c - which interfaces dhcpcd.conf leaves to dhcpcd: the
 * matcher behind `bondmgr status`'s dhcpcd warning. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "../../manager/status/dhcpcd.h"
#include "harness.h"

static struct bw_dhcpcd_conf conf;

static bool manages(const char *text, const char *ifname)
{
	bw_dhcpcd_parse(text, &conf);
	return bw_dhcpcd_manages(&conf, ifname);
}

TEST(dhcpcd_default_manages_everything)
{
	CHECK(manages("", "eth0"));
	CHECK(manages("# a comment\nhostname\noption rapid_commit\n", "bond0"));
}

TEST(dhcpcd_deny_exact_names)
{
	const char *t = "denyinterfaces eth0 wlan0\n";

	CHECK(!manages(t, "eth0"));
	CHECK(!manages(t, "wlan0"));
	CHECK(manages(t, "bond0"));
	CHECK(manages(t, "eth01"));   /* a pattern, not a prefix */
}

TEST(dhcpcd_deny_globs)
{
	CHECK(!manages("denyinterfaces eth*\n", "eth0"));
	CHECK(manages("denyinterfaces eth*\n", "wlan0"));
	CHECK(!manages("denyinterfaces wlan[0-9]\n", "wlan3"));
	CHECK(manages("denyinterfaces wlan[0-9]\n", "wlan10"));
	CHECK(!manages("denyinterfaces bond?\n", "bond0"));
	CHECK(!manages("denyinterfaces *\n", "anything"));
}

TEST(dhcpcd_commas_blanks_and_repeats_add_up)
{
	const char *t = "  denyinterfaces\teth0,wlan0 ,, bond0  \r\ndenyinterfaces veth*\n";

	CHECK(!manages(t, "eth0"));
	CHECK(!manages(t, "wlan0"));
	CHECK(!manages(t, "bond0"));
	CHECK(!manages(t, "veth12"));
	CHECK(manages(t, "usb0"));
	CHECK_INT(conf.n_deny, 4);
}

TEST(dhcpcd_allow_excludes_the_rest)
{
	const char *t = "allowinterfaces usb* eth1\n";

	CHECK(manages(t, "usb0"));
	CHECK(manages(t, "eth1"));
	CHECK(!manages(t, "eth0"));
	CHECK(!manages(t, "bond0"));
}

TEST(dhcpcd_deny_wins_over_allow)
{
	CHECK(!manages("allowinterfaces eth*\ndenyinterfaces eth0\n", "eth0"));
	CHECK(manages("allowinterfaces eth*\ndenyinterfaces eth0\n", "eth1"));
}

/* Inside interface/ssid/profile blocks, dhcpcd ignores these lists. */
TEST(dhcpcd_lists_in_blocks_do_not_count)
{
	const char *t = "hostname\n"
			"interface eth0\n"
			"  static ip_address=192.0.2.5/24\n"
			"  denyinterfaces wlan0\n"
			"ssid home\n"
			"  allowinterfaces eth9\n";

	CHECK(manages(t, "wlan0"));
	CHECK(manages(t, "bond0"));
	CHECK_INT(conf.n_deny, 0);
	CHECK_INT(conf.n_allow, 0);
	/* Before the first block, they count. */
	CHECK(!manages("denyinterfaces wlan0\ninterface eth0\n", "wlan0"));
}

TEST(dhcpcd_comments_and_lookalike_keys)
{
	CHECK(manages("#denyinterfaces eth0\n", "eth0"));
	CHECK(manages("   # denyinterfaces eth0\n", "eth0"));
	CHECK(manages("denyinterfacesx eth0\n", "eth0"));
	CHECK(manages("interfaces eth0\ndenyinterfaces\n", "eth0"));
	/* "interfaces" is no block keyword: a later deny still counts. */
	CHECK(!manages("interfaces eth0\ndenyinterfaces eth0\n", "eth0"));
	CHECK(!manages("denyinterfaces eth0", "eth0"));   /* no final newline */
}

TEST(dhcpcd_load_file_and_missing_file)
{
	char path[] = "/tmp/bw-dhcpcd-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	CHECK(f != NULL);
	if (!f)
		return;
	fputs("# Raspberry Pi OS, after the bonding recipe\ndenyinterfaces eth0 wlan0\n", f);
	fclose(f);
	CHECK_INT(bw_dhcpcd_load(path, &conf), 0);
	CHECK(!bw_dhcpcd_manages(&conf, "eth0"));
	CHECK(bw_dhcpcd_manages(&conf, "bond0"));
	unlink(path);
	CHECK_INT(bw_dhcpcd_load(path, &conf), -1);
}
