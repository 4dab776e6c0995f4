// SPDX-License-Identifier: GPL-2.0-or-later
/* test_dhcp.c - a bond's DHCP keys parse into the values the client is
 * started with (defaults included), and the planner leaves the client's
 * addresses and routes alone; the lease file the hook writes is read
 * strictly. Bad DHCP input is in tests/config/bad/dhcp*. */
#include <stdlib.h>
#include <string.h>
#include "../../manager/status/lease.h"
#include "harness.h"
#include "bondwatch/config.h"

static int load_str(const char *yaml, struct bw_config *cfg, struct bw_diags *d)
{
	size_t len = strlen(yaml);
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, yaml, len);
	rc = bw_config_load_buf("test.yaml", copy, len, cfg, d);
	free(copy);
	return rc;
}

TEST(dhcp_config_defaults)
{
	struct bw_config cfg;
	struct bw_diags d;
	const struct bw_dhcp_cfg *h;

	CHECK_INT(load_str("network: {version: 2, bonds: {bond0: {interfaces: [e], dhcp4: true}}}",
			   &cfg, &d), 0);
	CHECK_INT(d.n_errors, 0);
	if (cfg.n_bonds == 1) {
		h = &cfg.bonds[0].dhcp;
		CHECK(h->v4);
		CHECK(!h->v6);
		CHECK_INT(h->id, BW_DHCP_ID_DUID);
		CHECK(h->use_dns && h->use_routes && h->send_hostname);
		CHECK(!h->has_metric);
		CHECK_INT(h->accept_ra, -1);
		CHECK(bw_dhcp_wanted(h));
	}
	bw_config_free(&cfg);
	/* A static bond runs no client. */
	CHECK_INT(load_str("network: {version: 2, bonds: {bond0: {interfaces: [e], "
			   "addresses: [192.0.2.1/24]}}}", &cfg, &d), 0);
	if (cfg.n_bonds == 1)
		CHECK(!bw_dhcp_wanted(&cfg.bonds[0].dhcp));
	bw_config_free(&cfg);
}

TEST(dhcp_config_overrides)
{
	struct bw_config cfg;
	struct bw_diags d;
	const struct bw_dhcp_cfg *h;

	CHECK_INT(load_str("network: {version: 2, bonds: {bond0: {interfaces: [e], dhcp4: yes, "
			   "dhcp6: on, dhcp-identifier: mac, accept-ra: false, dhcp4-overrides: "
			   "{use-dns: false, use-routes: false, route-metric: 300, "
			   "hostname: pi.example.org}}}}", &cfg, &d), 0);
	CHECK_INT(d.n_errors, 0);
	if (cfg.n_bonds == 1) {
		h = &cfg.bonds[0].dhcp;
		CHECK(h->v4 && h->v6);
		CHECK_INT(h->id, BW_DHCP_ID_MAC);
		CHECK(!h->use_dns && !h->use_routes && h->send_hostname);
		CHECK(h->has_metric);
		CHECK_INT(h->route_metric, 300);
		CHECK_STR(h->hostname, "pi.example.org");
		CHECK_INT(h->accept_ra, 0);
	}
	bw_config_free(&cfg);
}

TEST(dhcp_lease_file)
{
	struct status_lease l;
	char ip[64];

	status_lease_parse("reason=BOUND\ntime=1796504221\naddress=198.51.100.56\nprefix=24\n"
			   "server=198.51.100.1\nlease_time=600\nrouters=198.51.100.1\n", &l);
	CHECK_STR(l.event, "BOUND");
	CHECK_STR(bw_ip_str(&l.address, ip, sizeof(ip)), "198.51.100.56");
	CHECK_STR(bw_ip_str(&l.server, ip, sizeof(ip)), "198.51.100.1");
	CHECK_INT(l.lease_time, 600);
	CHECK(l.at == 1796504221LL);
	/* Hostile or broken values are dropped, one by one. */
	status_lease_parse("reason=BOUND; rm -rf /\naddress=198.51.100.999\nserver=\n"
			   "lease_time=-5\ntime=99999999999999999999\nunknown=1\n"
			   "lease_time=4294967296", &l);
	CHECK_STR(l.event, "");
	CHECK_INT(l.address.family, 0);
	CHECK_INT(l.server.family, 0);
	CHECK_INT(l.lease_time, 0);
	CHECK(l.at == 0);
	status_lease_parse("", &l);
	CHECK_STR(l.event, "");

	/* DHCPv6 (dhcp6-BOND.lease): the server is a DUID, hex and colons. */
	status_lease_parse("reason=BOUND6\ntime=1796504221\naddress=2001:db8:1::1a2\n"
			   "lease_time=600\nserver_duid=00:03:00:01:02:00:00:00:00:01\n", &l);
	CHECK_STR(l.event, "BOUND6");
	CHECK_STR(bw_ip_str(&l.address, ip, sizeof(ip)), "2001:db8:1::1a2");
	CHECK_STR(l.server_duid, "00:03:00:01:02:00:00:00:00:01");
	CHECK_INT(l.server.family, 0);
	CHECK_INT(l.lease_time, 600);
	status_lease_parse("server_duid=00:03\x1b[2J\n", &l);
	CHECK_STR(l.server_duid, "");
}
