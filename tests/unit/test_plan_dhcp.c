// SPDX-License-Identifier: GPL-2.0-or-later
/* test_plan_dhcp.c - the planner with a bond's DHCP client: a lease's
 * address and routes (an address with a lifetime, routes of protocol dhcp)
 * are the client's while it runs; the client is stopped first and started
 * last; an unchanged configuration touches nothing; a snapshot never
 * copies a lease into static addresses. What dhcpcd makes of the rendered
 * configuration is proven in the VM (tests/integration/apply_dhcp.sh). */
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include "harness.h"
#include "bondwatch/plan.h"
#include "plan_fixture.h"

static const struct bw_client_env env = { .run_dir = "/run/bondwatch",
					  .state_dir = "/var/lib/bondwatch",
					  .dhcpcd = "/usr/sbin/dhcpcd",
					  .hook = "/usr/lib/bondwatch/dhcpcd-hook" };

/* bond0 over eth0 + eth1, active-backup; dhcp4 or a static address. */
static void bond_cfg(struct bw_config *cfg, struct bw_bond_cfg *b, bool dhcp)
{
	memset(cfg, 0, sizeof(*cfg));
	memset(b, 0, sizeof(*b));
	cfg->n_bonds = 1;
	cfg->bonds = b;
	snprintf(b->name, sizeof(b->name), "bond0");
	b->n_members = 2;
	snprintf(b->members[0], BW_IFNAMSIZ, "eth0");
	snprintf(b->members[1], BW_IFNAMSIZ, "eth1");
	bw_bond_params_default(&b->params);
	b->params.mode = BW_MODE_ACTIVE_BACKUP;
	b->dhcp.use_dns = b->dhcp.use_routes = b->dhcp.send_hostname = true;
	b->dhcp.accept_ra = -1;
	b->dhcp.v4 = dhcp;
	if (!dhcp) {
		b->n_addrs = 1;
		bw_prefix_parse("198.51.100.10/24", &b->addrs[0]);
		b->n_routes = 1;
		bw_ip_parse("198.51.100.1", &b->routes[0].via);
	}
}

/* The kernel with bond0 built; lease: the client's address and route. */
static void kernel(struct fake_kernel *f, const struct bw_bond_cfg *b, bool lease, bool stat)
{
	struct bw_link *bond, *m;

	memset(f, 0, sizeof(*f));
	bond = fk_bond(f, "bond0", &b->params);
	for (int i = 0; i < 2; i++) {
		m = fk_link(f, i ? "eth1" : "eth0", true);
		fk_enslave(m, bond);
	}
	if (lease) {
		fk_addr(f, bond->ifindex, "198.51.100.54/24", true);
		fk_route(f, bond->ifindex, "198.51.100.1", 1002, RTPROT_DHCP);
	}
	if (stat) {
		fk_addr(f, bond->ifindex, "198.51.100.10/24", false);
		fk_route(f, bond->ifindex, "198.51.100.1", 0, RTPROT_BOOT);
	}
}

static void clients(struct bw_target *t, struct bw_client *want, struct bw_client *have,
		    bool want_run, const char *want_conf, bool have_run, const char *have_conf)
{
	memset(want, 0, sizeof(*want));
	memset(have, 0, sizeof(*have));
	snprintf(want->bond, sizeof(want->bond), "bond0");
	snprintf(have->bond, sizeof(have->bond), "bond0");
	want->running = want_run;
	have->running = have_run;
	snprintf(want->conf, sizeof(want->conf), "%s", want_conf);
	snprintf(have->conf, sizeof(have->conf), "%s", have_conf);
	t->client_env = &env;
	t->n_clients = 1;
	t->clients_want = want;
	t->clients_have = have;
}

TEST(dhcp_plan_lease_and_running_client_is_a_no_op)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct bw_client w, h;
	struct fake_kernel f;
	struct bw_plan p;

	bond_cfg(&cfg, &b, true);
	kernel(&f, &b, true, false);
	clients(&t, &w, &h, true, "conf A", true, "conf A");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 0);   /* the lease is not drift; the client is not restarted */
	bw_plan_free(&p);
}

TEST(dhcp_plan_changed_configuration_restarts_the_client)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct bw_client w, h;
	struct fake_kernel f;
	struct bw_plan p;

	bond_cfg(&cfg, &b, true);
	kernel(&f, &b, true, false);
	clients(&t, &w, &h, true, "conf B", true, "conf A");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 2);
	if (p.n == 2) {
		CHECK_INT(p.steps[0].op, BW_STEP_CLIENT_STOP);
		CHECK_STR(p.steps[0].text, "");
		CHECK_INT(p.steps[1].op, BW_STEP_CLIENT_START);
		CHECK_STR(p.steps[1].data, "conf B");
		CHECK_STR(p.steps[1].text, "~ bond0 DHCP client restarted (its configuration changed)");
		CHECK(p.steps[1].client == &env);
	}
	bw_plan_free(&p);
}

TEST(dhcp_plan_to_static_stops_the_client_first_and_leaves_its_lease_to_it)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct bw_client w, h;
	struct fake_kernel f;
	struct bw_plan p;

	bond_cfg(&cfg, &b, false);
	kernel(&f, &b, true, false);
	clients(&t, &w, &h, false, "", true, "conf A");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(fk_find(&p, BW_STEP_CLIENT_STOP, NULL), 0);
	CHECK_STR(p.steps[0].text, "- bond0 DHCP client (its addresses and routes go with it)");
	CHECK_INT(fk_find(&p, BW_STEP_CLIENT_START, NULL), -1);
	CHECK_INT(fk_find(&p, BW_STEP_ADDR_DEL, NULL), -1);    /* dhcpcd removes its own */
	CHECK_INT(fk_find(&p, BW_STEP_ROUTE_DEL, NULL), -1);
	CHECK(fk_find(&p, BW_STEP_ADDR_ADD, NULL) > 0);
	CHECK(fk_find(&p, BW_STEP_ROUTE_ADD, NULL) > fk_find(&p, BW_STEP_ADDR_ADD, NULL));
	bw_plan_free(&p);
}

TEST(dhcp_plan_from_static_removes_the_static_part_then_starts_the_client)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct bw_client w, h;
	struct fake_kernel f;
	struct bw_plan p;

	bond_cfg(&cfg, &b, true);
	kernel(&f, &b, false, true);
	clients(&t, &w, &h, true, "conf A", false, "");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 3);
	CHECK(fk_find(&p, BW_STEP_ROUTE_DEL, NULL) >= 0 && fk_find(&p, BW_STEP_ADDR_DEL, NULL) >= 0);
	CHECK_INT(fk_find(&p, BW_STEP_CLIENT_START, NULL), p.n - 1);
	CHECK_STR(p.steps[p.n - 1].text, "+ bond0 DHCP client (dhcpcd)");
	bw_plan_free(&p);
}

TEST(dhcp_plan_a_stale_lease_without_client_is_removed_only_when_clients_are_managed)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	struct bw_target t = { .cfg = &cfg };
	struct bw_client w, h;
	struct fake_kernel f;
	struct bw_plan p;

	bond_cfg(&cfg, &b, false);
	kernel(&f, &b, true, true);
	/* Not managed (a caller that does not read clients): not ours. */
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 0);
	bw_plan_free(&p);
	/* Managed, no client runs or is wanted: a leftover, deleted. */
	clients(&t, &w, &h, false, "", false, "");
	CHECK_INT(bw_plan_make(&t, &f.ks, &p), 0);
	CHECK_INT(p.n, 2);
	CHECK(fk_find(&p, BW_STEP_ADDR_DEL, NULL) >= 0 && fk_find(&p, BW_STEP_ROUTE_DEL, NULL) >= 0);
	bw_plan_free(&p);
}

TEST(dhcp_plan_snapshot_never_copies_a_lease)
{
	struct bw_config cfg, snap_cfg;
	struct bw_bond_cfg b;
	struct bw_target t;
	struct fake_kernel f;

	bond_cfg(&cfg, &b, true);
	kernel(&f, &b, true, true);
	CHECK_INT(bw_target_from_snapshot(&cfg, &f.ks, &snap_cfg, &t), 0);
	CHECK_INT(snap_cfg.n_bonds, 1);
	if (snap_cfg.n_bonds == 1) {
		char buf[64];

		CHECK_INT(snap_cfg.bonds[0].n_addrs, 1);
		CHECK_STR(bw_prefix_str(&snap_cfg.bonds[0].addrs[0], buf, sizeof(buf)),
			  "198.51.100.10/24");
		CHECK_INT(snap_cfg.bonds[0].n_routes, 1);
		CHECK_INT(snap_cfg.bonds[0].routes[0].metric, 0);
	}
	bw_config_free(&snap_cfg);
}

TEST(dhcp_conf_render)
{
	struct bw_config cfg;
	struct bw_bond_cfg b;
	char buf[2048], iaid[32];

	bond_cfg(&cfg, &b, true);
	CHECK(bw_client_conf_render(&b, "00:04:aa:bb", &env, buf, sizeof(buf)) < sizeof(buf));
	/* Too small a buffer is said, not silently cut. */
	CHECK(bw_client_conf_render(&b, "00:04:aa:bb", &env, iaid, sizeof(iaid)) >= sizeof(iaid));
	snprintf(iaid, sizeof(iaid), "  iaid %u\n", bw_client_iaid("bond0"));
	CHECK_CONTAINS(buf, "\nduid 00:04:aa:bb\n");
	CHECK_CONTAINS(buf, "\nipv4only\n");
	CHECK_CONTAINS(buf, "\nscript /usr/lib/bondwatch/dhcpcd-hook\n");
	CHECK_CONTAINS(buf, "\nenv bondwatch_run=/run/bondwatch\n");
	CHECK_CONTAINS(buf, "\ninterface bond0\n");
	CHECK_CONTAINS(buf, iaid);
	CHECK(!strstr(buf, "clientid") && !strstr(buf, "nohook") && !strstr(buf, "nogateway"));
	CHECK(!strstr(buf, "nooption"));
	CHECK(!strstr(buf, "nooption") && !strstr(buf, "slaac"));
	/* use-dns and use-routes (both true): what dhcpcd must ask for. */
	CHECK_CONTAINS(buf, "\noption domain_name_servers, domain_name, domain_search\n");
	CHECK_CONTAINS(buf, "\noption classless_static_routes\n");
	CHECK_CONTAINS(buf, "\nrequire dhcp_server_identifier\n");
	CHECK(!strstr(buf, "dhcp6_name_servers"));
	/* The IAID depends on the name only: the same after a failover. */
	CHECK_INT(bw_client_iaid("bond0"), bw_client_iaid("bond0"));
	CHECK(bw_client_iaid("bond0") != bw_client_iaid("bond1"));

	b.dhcp.id = BW_DHCP_ID_MAC;
	b.dhcp.use_dns = b.dhcp.use_routes = b.dhcp.send_hostname = false;
	b.dhcp.has_metric = true;
	b.dhcp.route_metric = 300;
	b.dhcp.v6 = true;
	b.dhcp.accept_ra = 0;
	bw_client_conf_render(&b, "00:04:aa:bb", &env, buf, sizeof(buf));
	CHECK(!strstr(buf, "duid"));
	CHECK_CONTAINS(buf, "\nclientid\n");
	CHECK_CONTAINS(buf, "\nnohook resolv.conf\n");
	CHECK_CONTAINS(buf, "\nnooption routers classless_static_routes static_routes "
		       "ms_classless_static_routes\n");
	/* Not nogateway: the routers' IPv6 default route is not the lease's. */
	CHECK(!strstr(buf, "nogateway"));
	CHECK_CONTAINS(buf, "\nmetric 300\n");
	CHECK_CONTAINS(buf, "\nnoipv6rs\n");
	CHECK(!strstr(buf, "slaac"));
	CHECK(!strstr(buf, "\noption domain_name_servers") && !strstr(buf, "\noption classless"));
	CHECK_CONTAINS(buf, "  ia_na\n");
	CHECK(!strstr(buf, "hostname") && !strstr(buf, "ipv4only") && !strstr(buf, "ipv6only"));

	/* Routers heard: SLAAC addresses that do not follow the MAC. */
	b.dhcp.accept_ra = -1;
	bw_client_conf_render(&b, "00:04:aa:bb", &env, buf, sizeof(buf));
	CHECK_CONTAINS(buf, "\nslaac private\n");
	b.dhcp.v6 = false;
	b.dhcp.v4 = true;
	bw_client_conf_render(&b, "00:04:aa:bb", &env, buf, sizeof(buf));
	CHECK(!strstr(buf, "slaac"));
}
