// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_modes.c - the other modes' parameters (issue 17): for each,
 * a good value (parsed to the kernel's value), a bad value and a mode it
 * means nothing in, each error at its FILE:LINE:COL. Positions are found
 * by the text they point at, so a table row says what it points at. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "bondwatch/config.h"

/* One bond b over e and f, in mode MODE, with the parameters P (flow style,
 * one line: the column of a value is its offset + 1). */
#define Y(mode, p) "network: {version: 2, bonds: {b: {interfaces: [e, f], " \
		   "parameters: {mode: " mode ", " p "}}}}"

static int load(const char *yaml, struct bw_config *cfg, struct bw_diags *d)
{
	return bw_config_load_buf("t.yaml", yaml, strlen(yaml), cfg, d);
}

/* The first error is at line 1, at the first occurrence of at after the
 * "parameters:" key (else in the whole text), and contains text. */
static void expect_err(const char *yaml, const char *at, const char *text, int src_line)
{
	struct bw_config cfg;
	struct bw_diags *d = malloc(sizeof(*d));
	const char *params = strstr(yaml, "parameters:");
	const char *p = params && strstr(params, at) ? strstr(params, at) : strstr(yaml, at);
	int col = p ? (int)(p - yaml) + 1 : -1;
	int rc = load(yaml, &cfg, d);
	const struct bw_diag *it = NULL;

	for (int i = 0; i < d->n && !it; i++)
		if (d->items[i].sev == BW_SEV_ERROR)
			it = &d->items[i];
	if (rc != -1 || !it || it->pos.line != 1 || it->pos.col != col || !strstr(it->msg, text))
		bw_test_fail(__FILE__, src_line, "want t.yaml:1:%d: %s; got rc %d, %d:%d: %s", col,
			     text, rc, it ? it->pos.line : -1, it ? it->pos.col : -1,
			     it ? it->msg : "(no error)");
	bw_config_free(&cfg);
	free(d);
}
#define EXPECT_ERR(yaml, at, text) expect_err(yaml, at, text, __LINE__)

/* Loads without error; *out gets the bond's parameters. */
static bool load_ok(const char *yaml, struct bw_bond_params *out, uint32_t *set_mask)
{
	struct bw_config cfg;
	struct bw_diags *d = malloc(sizeof(*d));
	int rc = load(yaml, &cfg, d);

	if (rc == 0 && cfg.n_bonds == 1) {
		*out = cfg.bonds[0].params;
		*set_mask = cfg.bonds[0].set_mask;
	} else {
		bw_test_fail(__FILE__, __LINE__, "%s: rc %d, first: %s", yaml, rc,
			     d->n ? d->items[0].msg : "");
	}
	bw_config_free(&cfg);
	free(d);
	return rc == 0;
}

TEST(config_modes_good_values)
{
	struct bw_bond_params p;
	uint32_t m;
	char buf[BW_NS_TARGETS_STRLEN];

	if (load_ok(Y("802.3ad", "lacp-rate: fast, transmit-hash-policy: layer3+4, "
			  "ad-select: count, min-links: 2, all-members-active: yes"), &p, &m)) {
		CHECK_INT(p.lacp_rate, BW_LACP_FAST);
		CHECK_INT(p.xmit_hash, BW_XHP_LAYER34);
		CHECK_INT(p.ad_select, BW_ADS_COUNT);
		CHECK_INT(p.min_links, 2);
		CHECK_INT(p.all_slaves_active, 1);
		CHECK(m & BW_OPT_BIT(BW_OPT_LACP_RATE));
	}
	if (load_ok(Y("balance-xor", "transmit-hash-policy: vlan+srcmac"), &p, &m))
		CHECK_INT(p.xmit_hash, BW_XHP_VLAN_SRCMAC);
	/* netplan's older spellings */
	if (load_ok(Y("balance-rr", "packets-per-slave: 65535, resend-igmp: 255"), &p, &m)) {
		CHECK_INT(p.packets_per_slave, 65535);
		CHECK_INT(p.resend_igmp, 255);
	}
	if (load_ok(Y("balance-alb", "all-slaves-active: false, learn-packet-interval: 5"), &p, &m)) {
		CHECK_INT(p.all_slaves_active, 0);
		CHECK_INT(p.lp_interval, 5);
	}
	if (load_ok(Y("balance-tlb", "learn-packet-interval: 3000ms"), &p, &m))
		CHECK_INT(p.lp_interval, 3);
	if (load_ok(Y("active-backup", "mii-monitor-interval: 100, peer-notify-delay: 300, "
			  "gratuitous-arp: 3"), &p, &m))
		CHECK_INT(p.peer_notif_delay, 300);
	if (load_ok(Y("active-backup", "arp-interval: 100, arp-missed-max: 255, "
			  "ns-ip6-targets: ['2001:db8::1', '2001:db8::2']"), &p, &m)) {
		CHECK_INT(p.missed_max, 255);
		CHECK_INT(p.n_ns_targets, 2);
		CHECK_STR(bw_ns_targets_str(&p, " ", buf, sizeof(buf)), "2001:db8::1 2001:db8::2");
		CHECK_INT(p.miimon, 0);   /* ARP monitoring: miimon's default is 0 */
	}
	if (load_ok("network: {version: 2, bonds: {b: {interfaces: [e], mtu: 9000, "
		    "macaddress: '02:00:5E:10:00:01'}}}", &p, &m)) {
		static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };

		CHECK_INT(p.mtu, 9000);
		CHECK(p.has_mac && !memcmp(p.mac, mac, 6));
	}
	/* Defaults: the kernel's, so an unnamed option converges to them. */
	if (load_ok(Y("802.3ad", "mii-monitor-interval: 100"), &p, &m)) {
		CHECK_INT(p.lacp_rate, BW_LACP_SLOW);
		CHECK_INT(p.lp_interval, 1);
		CHECK_INT(p.packets_per_slave, 1);
		CHECK_INT(p.resend_igmp, 1);
		CHECK_INT(p.missed_max, 2);
		CHECK_INT(p.mtu, 0);
		CHECK(!p.has_mac);
	}
}

TEST(config_modes_bad_values)
{
	EXPECT_ERR(Y("802.3ad", "lacp-rate: 1"), "1}", "unknown lacp-rate '1'; valid values: slow fast");
	EXPECT_ERR(Y("802.3ad", "transmit-hash-policy: l34"), "l34",
		   "valid values: layer2 layer3+4 layer2+3 encap2+3 encap3+4 vlan+srcmac");
	EXPECT_ERR(Y("802.3ad", "ad-select: best"), "best", "valid values: stable bandwidth count");
	EXPECT_ERR(Y("802.3ad", "min-links: 2147483648"), "2147483648",
		   "invalid min-links '2147483648': must be a whole number from 0 to 2147483647");
	EXPECT_ERR(Y("802.3ad", "all-members-active: 2"), "2}",
		   "invalid all-members-active '2': must be true or false");
	EXPECT_ERR(Y("balance-rr", "packets-per-member: 65536"), "65536",
		   "from 0 to 65535");
	EXPECT_ERR(Y("balance-rr", "resend-igmp: 256"), "256", "from 0 to 255");
	EXPECT_ERR(Y("balance-tlb", "learn-packet-interval: 0"), "0}", "at least 1 second");
	EXPECT_ERR(Y("balance-tlb", "learn-packet-interval: 1500ms"), "1500ms",
		   "not a whole number of seconds");
	EXPECT_ERR(Y("active-backup", "arp-interval: 100, arp-ip-targets: [192.0.2.1], "
		     "arp-missed-max: 256"), "256", "from 1 to 255");
	EXPECT_ERR(Y("active-backup", "arp-interval: 100, ns-ip6-targets: ['ff02::1']"), "'ff02",
		   "refuses ::, ::1 and multicast");
	EXPECT_ERR(Y("active-backup", "arp-interval: 100, ns-ip6-targets: ['2001:db8::1', "
		     "'2001:db8::1']"), "'2001:db8::1']", "listed twice");
	EXPECT_ERR(Y("active-backup", "peer-notify-delay: 1h"), "1h", "not an interval");
	EXPECT_ERR(Y("active-backup", "peer-notify-delay: 150"), "150",
		   "peer-notify-delay 150 is not a multiple of mii-monitor-interval 100 (the default)");
	EXPECT_ERR(Y("active-backup", "arp-interval: 100, arp-ip-targets: [192.0.2.1], "
		     "peer-notify-delay: 200"), "200}", "peer-notify-delay needs mii-monitor-interval > 0");
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {}, mtu: 67}}}",
		   "67", "invalid mtu '67': must be a whole number from 68 to 65535");
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {}, "
		   "macaddress: 01:00:5e:00:00:01}}}", "01:", "a multicast address");
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {}, "
		   "macaddress: '02:00:5e:00:00'}}}", "'02", "not a MAC address");
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {}, "
		   "macaddress: '00:00:00:00:00:00'}}}", "'00", "all zeros");
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {}, "
		   "macaddress: ' 2:00:5e:00:00:01'}}}", "' 2", "not a MAC address");
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {}, "
		   "macaddress: '02-00-5e-00-00-01'}}}", "'02", "not a MAC address");
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {}, "
		   "macaddress: '02:00:5e:00:00:0g'}}}", "'02", "not a MAC address");
	/* Given twice under netplan's two spellings. */
	EXPECT_ERR(Y("balance-rr", "packets-per-slave: 2, packets-per-member: 3"), "packets-per-member",
		   "duplicate key 'packets-per-member': netplan spells it both ways");
}

TEST(config_modes_wrong_mode)
{
	EXPECT_ERR(Y("active-backup", "lacp-rate: fast"), "fast",
		   "lacp-rate is not available in mode active-backup: LACP runs in 802.3ad only "
		   "(it is for 802.3ad)");
	EXPECT_ERR(Y("balance-xor", "ad-select: count"), "count",
		   "ad-select is not available in mode balance-xor");
	EXPECT_ERR(Y("balance-xor", "min-links: 1"), "1}", "min-links is not available in mode balance-xor");
	EXPECT_ERR(Y("active-backup", "transmit-hash-policy: layer2+3"), "layer2+3",
		   "(it is for balance-xor, 802.3ad and balance-tlb)");
	EXPECT_ERR(Y("broadcast", "all-members-active: true"), "true",
		   "all-members-active is not available in mode broadcast: it lets inactive members "
		   "receive, and every member is active in this mode");
	EXPECT_ERR(Y("802.3ad", "learn-packet-interval: 2"), "2}",
		   "(it is for balance-tlb and balance-alb)");
	EXPECT_ERR(Y("balance-xor", "packets-per-member: 2"), "2}", "(it is for balance-rr)");
	EXPECT_ERR(Y("broadcast", "resend-igmp: 2"), "2}", "resend-igmp is not available in mode broadcast");
	EXPECT_ERR(Y("balance-tlb", "arp-missed-max: 3"), "3}",
		   "arp-missed-max is not available in mode balance-tlb");
	EXPECT_ERR(Y("balance-alb", "ns-ip6-targets: ['2001:db8::1']"), "['2001",
		   "ns-ip6-targets is not available in mode balance-alb");
	EXPECT_ERR(Y("balance-rr", "peer-notify-delay: 100"), "100}",
		   "peer-notify-delay is not available in mode balance-rr");
	/* The default mode is named as such. */
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], parameters: {lacp-rate: fast}}}}",
		   "fast", "not available in mode balance-rr (the default)");
	/* The ARP monitor's options need it on. */
	EXPECT_ERR(Y("active-backup", "arp-missed-max: 3"), "3}",
		   "arp-missed-max needs arp-interval > 0");
	EXPECT_ERR(Y("active-backup", "ns-ip6-targets: ['2001:db8::1']"), "['2001",
		   "ns-ip6-targets needs arp-interval > 0");
	/* The bond's address cannot stay its own with fail_over_mac active. */
	EXPECT_ERR("network: {version: 2, bonds: {b: {interfaces: [e], macaddress: '02:00:00:00:00:01', "
		   "parameters: {mode: active-backup, fail-over-mac-policy: active}}}}",
		   "'02:", "macaddress cannot be kept with fail-over-mac-policy active");
}

/* The shipped 802.3ad example loads, with the values its comments promise. */
TEST(config_modes_lacp_example)
{
	const char *src = getenv("BW_SRCDIR");
	struct bw_diags *d = malloc(sizeof(*d));
	struct bw_config cfg;
	char path[4096];

	snprintf(path, sizeof(path), "%s/config/bond-lacp.yaml", src && *src ? src : ".");
	CHECK_INT(bw_config_load(path, &cfg, d), 0);
	CHECK_INT(d->n, 0);
	if (cfg.n_bonds == 1) {
		const struct bw_bond_params *p = &cfg.bonds[0].params;

		CHECK_INT(p->mode, BW_MODE_8023AD);
		CHECK_INT(p->lacp_rate, BW_LACP_FAST);
		CHECK_INT(p->xmit_hash, BW_XHP_LAYER34);
		CHECK_INT(p->ad_select, BW_ADS_STABLE);
		CHECK_INT(p->min_links, 1);
		CHECK_INT(p->mtu, 9000);
	} else {
		CHECK_INT(cfg.n_bonds, 1);
	}
	bw_config_free(&cfg);
	free(d);
}
