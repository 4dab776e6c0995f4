// SPDX-License-Identifier: GPL-2.0-or-later
/* test_agent_model.c - the subagent's pure parts: BONDWATCH-MIB rows from a
 * hand-built struct bw_kstate, column values in MIB terms, and the
 * transitions that become notifications.
 *
 * The unit-test binary links the agent's model library (libbwamodel.a:
 * no net-snmp), as the agent itself does.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "../../subagent/model/mib_oids.h"
#include "../../subagent/model/mib_values.h"
#include "../../subagent/model/model.h"

static struct bw_link *add_link(struct bw_kstate *ks, int ifindex, const char *name)
{
	struct bw_link *l;

	ks->links = realloc(ks->links, ((size_t)ks->n_links + 1) * sizeof(*ks->links));
	l = &ks->links[ks->n_links++];
	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->flags = IFF_UP;
	return l;
}

static void add_slave(struct bw_kstate *ks, int ifindex, const char *name, int master, int mii)
{
	struct bw_link *l = add_link(ks, ifindex, name);

	l->master_ifindex = master;
	l->is_bond_slave = true;
	l->slave.mii_status = (uint8_t)mii;
	l->slave.state = BW_SLAVE_BACKUP;
	l->slave.perm_hwaddr[0] = 0x02;
	l->slave.perm_hwaddr[5] = (uint8_t)ifindex;
}

static struct bw_link *bond(struct bw_kstate *ks, int ifindex)
{
	for (int i = 0; i < ks->n_links; i++)
		if (ks->links[i].ifindex == ifindex)
			return &ks->links[i];
	return NULL;
}

static struct bw_link *slave(struct bw_kstate *ks, int ifindex)
{
	return bond(ks, ifindex);
}

/* bond0 (5): eth1 (6, up), eth0 (7, up, active, primary); lo (1); a slave
 * (9) whose bond (8) is not in the state, and its rows must not appear. */
static void sample(struct bw_kstate *ks)
{
	struct bw_link *b;

	memset(ks, 0, sizeof(*ks));
	add_link(ks, 1, "lo");
	add_slave(ks, 7, "eth0", 5, BW_MII_UP);
	b = add_link(ks, 5, "bond0");
	b->is_bond = true;
	b->bond.params.mode = BW_MODE_ACTIVE_BACKUP;
	b->bond.params.miimon = 100;
	b->bond.params.fail_over_mac = BW_FOM_ACTIVE;
	b->bond.params.n_arp_targets = 2;
	inet_pton(AF_INET, "192.0.2.1", &b->bond.params.arp_targets[0]);
	inet_pton(AF_INET, "192.0.2.2", &b->bond.params.arp_targets[1]);
	b->bond.active_slave_ifindex = 7;
	b->bond.primary_ifindex = 7;
	add_slave(ks, 6, "eth1", 5, BW_MII_UP);
	add_slave(ks, 9, "eth9", 8, BW_MII_UP);
	slave(ks, 7)->slave.state = BW_SLAVE_ACTIVE;
}

TEST(agent_model_rows_from_kstate)
{
	struct bw_kstate ks;
	struct bwa_model m;

	sample(&ks);
	CHECK_INT(bwa_model_build(&m, &ks), 0);
	CHECK_INT(m.n_bonds, 1);
	CHECK_INT(m.n_slaves, 2);
	CHECK_STR(m.bonds[0].name, "bond0");
	CHECK_STR(m.bonds[0].active, "eth0");
	CHECK_STR(m.bonds[0].primary, "eth0");
	CHECK_INT(m.bonds[0].n_slaves, 2);
	CHECK_INT(m.bonds[0].n_up, 2);
	CHECK_INT(m.bonds[0].status, BW_HEALTH_UP);
	/* GETNEXT order: (5,6) before (5,7) although eth0 came first. */
	CHECK_INT(m.slaves[0].ifindex, 6);
	CHECK_INT(m.slaves[1].ifindex, 7);
	CHECK(!m.slaves[0].is_primary);
	CHECK(m.slaves[1].is_primary);
	CHECK(bwa_model_slave_by_name(&m, 5, "eth1") == &m.slaves[0]);
	CHECK(bwa_model_slave_by_name(&m, 5, "eth9") == NULL);
	CHECK(bwa_model_bond(&m, 8) == NULL);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(agent_model_status)
{
	struct bw_kstate ks;
	struct bwa_model m;

	sample(&ks);
	slave(&ks, 6)->slave.mii_status = BW_MII_DOWN;
	bwa_model_build(&m, &ks);
	CHECK_INT(m.bonds[0].status, BW_HEALTH_DEGRADED);
	CHECK_INT(m.bonds[0].n_up, 1);
	bwa_model_free(&m);
	slave(&ks, 7)->slave.mii_status = BW_MII_GOING_DOWN;
	bwa_model_build(&m, &ks);
	CHECK_INT(m.bonds[0].status, BW_HEALTH_DOWN);
	bwa_model_free(&m);
	slave(&ks, 7)->slave.mii_status = BW_MII_UP;
	slave(&ks, 6)->slave.mii_status = BW_MII_UP;
	bond(&ks, 5)->flags = 0;                        /* admin down */
	bwa_model_build(&m, &ks);
	CHECK_INT(m.bonds[0].status, BW_HEALTH_DOWN);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(agent_mib_values)
{
	struct bw_kstate ks;
	struct bwa_model m;
	struct bwa_value v;

	sample(&ks);
	bwa_model_build(&m, &ks);
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_MODE, &v), 0);
	CHECK_INT(v.type, BWA_V_INTEGER);
	CHECK_INT(v.integer, 2);                        /* activeBackup(2) */
	bwa_bond_value(&m.bonds[0], BWA_BOND_FAIL_OVER_MAC, &v);
	CHECK_INT(v.integer, 2);                        /* active(2) */
	bwa_bond_value(&m.bonds[0], BWA_BOND_PRIMARY_RESELECT, &v);
	CHECK_INT(v.integer, 1);                        /* always(1) */
	bwa_bond_value(&m.bonds[0], BWA_BOND_MIIMON, &v);
	CHECK_INT(v.type, BWA_V_UNSIGNED);
	CHECK_INT(v.u32, 100);
	bwa_bond_value(&m.bonds[0], BWA_BOND_ARP_TARGETS, &v);
	CHECK_INT(v.len, strlen("192.0.2.1,192.0.2.2"));
	CHECK(!memcmp(v.octets, "192.0.2.1,192.0.2.2", v.len));
	bwa_bond_value(&m.bonds[0], BWA_BOND_ACTIVE_IFINDEX, &v);
	CHECK_INT(v.integer, 7);
	bwa_bond_value(&m.bonds[0], BWA_BOND_LAST_FAILOVER, &v);
	CHECK_INT(v.len, 8);                            /* never: 8 zero octets */
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_IFINDEX, &v), -1);   /* not-accessible */
	CHECK_INT(bwa_bond_value(&m.bonds[0], BWA_BOND_COL_MAX + 1, &v), -1);

	bwa_slave_value(&m.slaves[1], BWA_SLAVE_MII_STATUS, &v);
	CHECK_INT(v.integer, 1);                        /* up(1) */
	bwa_slave_value(&m.slaves[1], BWA_SLAVE_STATE, &v);
	CHECK_INT(v.integer, 1);                        /* active(1) */
	bwa_slave_value(&m.slaves[0], BWA_SLAVE_STATE, &v);
	CHECK_INT(v.integer, 2);                        /* backup(2) */
	bwa_slave_value(&m.slaves[1], BWA_SLAVE_IS_PRIMARY, &v);
	CHECK_INT(v.integer, 1);                        /* true(1) */
	bwa_slave_value(&m.slaves[0], BWA_SLAVE_IS_PRIMARY, &v);
	CHECK_INT(v.integer, 2);                        /* false(2) */
	bwa_slave_value(&m.slaves[1], BWA_SLAVE_PERM_HWADDR, &v);
	CHECK_INT(v.len, 6);
	CHECK_INT(v.octets[5], 7);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(agent_date_and_time)
{
	struct timespec t = { .tv_sec = 1795780800, .tv_nsec = 300000000 }; /* 2026-11-27 12:00:00.3 UTC */
	uint8_t o[11];

	CHECK_INT(bwa_date_and_time(&t, o), 11);
	CHECK_INT(o[0] * 256 + o[1], 2026);
	CHECK_INT(o[2], 11);
	CHECK_INT(o[3], 27);
	CHECK_INT(o[4], 12);
	CHECK_INT(o[7], 3);
	CHECK_INT(o[8], '+');
}

/* Recorded events: "failover bond0", "link-down eth0", ... */
struct rec {
	int n;
	char ev[8][40];
};

static void record(void *arg, enum bwa_event ev, const struct bwa_bond *b, const struct bwa_slave *s)
{
	struct rec *r = arg;

	if (r->n < 8)
		snprintf(r->ev[r->n++], sizeof(r->ev[0]), "%s %s", bwa_event_name(ev),
			 s ? s->name : b->name);
}

/* Apply ks to *cur as the subagent does: build, diff, replace. */
static void step(struct bwa_model *cur, struct bw_kstate *ks, struct rec *r, time_t sec)
{
	struct bwa_model next;
	struct timespec now = { .tv_sec = sec };

	bwa_model_build(&next, ks);
	bwa_model_update(&next, cur, &now, record, r);
	bwa_model_move(cur, &next);
}

TEST(agent_model_failover_events)
{
	struct bw_kstate ks;
	struct bwa_model m = { 0 };
	struct rec r = { 0 };

	sample(&ks);
	step(&m, &ks, &r, 1000);
	CHECK_INT(r.n, 0);                              /* a new bond is not a change */

	/* eth0 loses its link; the bond moves to eth1. */
	slave(&ks, 7)->slave.mii_status = BW_MII_DOWN;
	step(&m, &ks, &r, 1001);
	bond(&ks, 5)->bond.active_slave_ifindex = 6;
	step(&m, &ks, &r, 1002);
	step(&m, &ks, &r, 1003);                        /* same state again: nothing */
	CHECK_INT(r.n, 2);
	CHECK_STR(r.ev[0], "slave link down eth0");
	CHECK_STR(r.ev[1], "failover bond0");
	CHECK_INT(m.bonds[0].hist.failovers, 1);
	CHECK_STR(m.bonds[0].hist.prev_active, "eth0");
	CHECK_STR(m.bonds[0].active, "eth1");
	CHECK_INT(m.bonds[0].hist.last_failover.tv_sec, 1002);

	/* eth1 fails too: no active slave, bond down; then eth0 returns. */
	slave(&ks, 6)->slave.mii_status = BW_MII_DOWN;
	bond(&ks, 5)->bond.active_slave_ifindex = 0;
	step(&m, &ks, &r, 1004);
	CHECK_INT(r.n, 4);
	CHECK_STR(r.ev[2], "slave link down eth1");
	CHECK_STR(r.ev[3], "bond down bond0");
	slave(&ks, 7)->slave.mii_status = BW_MII_UP;
	bond(&ks, 5)->bond.active_slave_ifindex = 7;
	step(&m, &ks, &r, 1005);
	CHECK_INT(r.n, 6);
	CHECK_STR(r.ev[4], "slave link up eth0");
	CHECK_STR(r.ev[5], "failover bond0");           /* eth1 -> (none) -> eth0 */
	CHECK_STR(m.bonds[0].hist.prev_active, "eth1");
	CHECK_INT(m.bonds[0].hist.failovers, 2);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(agent_model_rows_follow_links)
{
	struct bw_kstate ks;
	struct bwa_model m = { 0 };
	struct rec r = { 0 };

	sample(&ks);
	step(&m, &ks, &r, 1);
	bw_kstate_remove_link(&ks, 6);                  /* eth1 deleted */
	step(&m, &ks, &r, 2);
	CHECK_INT(m.n_slaves, 1);
	CHECK_INT(m.bonds[0].n_slaves, 1);
	bw_kstate_remove_link(&ks, 5);                  /* bond0 deleted */
	step(&m, &ks, &r, 3);
	CHECK_INT(m.n_bonds, 0);
	CHECK_INT(m.n_slaves, 0);                       /* its slave row goes with it */
	CHECK_INT(r.n, 0);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

TEST(agent_model_reset_hist)
{
	struct bw_kstate ks;
	struct bwa_model m = { 0 };
	struct rec r = { 0 };

	sample(&ks);
	step(&m, &ks, &r, 1);
	bond(&ks, 5)->bond.active_slave_ifindex = 6;
	step(&m, &ks, &r, 2);
	CHECK_INT(m.bonds[0].hist.failovers, 1);
	bwa_model_reset_hist(&m);
	CHECK_INT(m.bonds[0].hist.failovers, 0);
	CHECK_STR(m.bonds[0].hist.prev_active, "");
	CHECK_INT(m.bonds[0].hist.last_failover.tv_sec, 0);
	bond(&ks, 5)->bond.active_slave_ifindex = 7;   /* eth1 -> eth0 still counts */
	step(&m, &ks, &r, 3);
	CHECK_INT(m.bonds[0].hist.failovers, 1);
	CHECK_STR(m.bonds[0].hist.prev_active, "eth1");
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

/* GET and GETNEXT find rows by binary search (table_rows.c): exact rows,
 * the row after a full, partial, empty or absent index, past the end. */
TEST(agent_model_seek)
{
	struct bw_kstate ks;
	struct bwa_model m;
	struct bw_link *b;
	unsigned long out[2];
	static const unsigned long i4[] = { 4 }, i5[] = { 5 }, i6[] = { 6 }, i20[] = { 20 },
		i5_0[] = { 5, 0 }, i5_6[] = { 5, 6 }, i5_7[] = { 5, 7 }, i5_8[] = { 5, 8 },
		i5_7_0[] = { 5, 7, 0 }, i19_99[] = { 19, 99 }, i20_21[] = { 20, 21 },
		imax[] = { 4294967295UL };

	sample(&ks);                     /* bond0 (5): 6, 7 */
	b = add_link(&ks, 20, "bond1");
	b->is_bond = true;
	add_slave(&ks, 21, "eth2", 20, BW_MII_UP);
	CHECK_INT(bwa_model_build(&m, &ks), 0);
	CHECK_INT(m.n_bonds, 2);
	CHECK_INT(m.n_slaves, 3);

	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i5, 1, false), 0);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i20, 1, false), 1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i6, 1, false), -1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i5_0, 2, false), -1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, NULL, 0, false), -1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, NULL, 0, true), 0);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i4, 1, true), 0);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i5, 1, true), 1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i5_0, 2, true), 1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i19_99, 2, true), 1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, i20, 1, true), -1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_BONDS, imax, 1, true), -1);

	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i5_7, 2, false), 1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i5_8, 2, false), -1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i5, 1, false), -1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, NULL, 0, true), 0);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i5, 1, true), 0);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i5_6, 2, true), 1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i5_7, 2, true), 2);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i5_7_0, 3, true), 2);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i6, 1, true), 2);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, i20_21, 2, true), -1);

	CHECK_INT(bwa_model_index(&m, BWA_ROWS_BONDS, 1, out), 1);
	CHECK_INT(out[0], 20);
	CHECK_INT(bwa_model_index(&m, BWA_ROWS_SLAVES, 2, out), 2);
	CHECK_INT(out[0], 20);
	CHECK_INT(out[1], 21);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}

/* A walk by GETNEXT from the empty index visits every slave row once, in
 * order, on a table large enough for the binary search to matter. */
TEST(agent_model_seek_walk)
{
	struct bw_kstate ks = { 0 };
	struct bwa_model m;
	unsigned long idx[2] = { 0, 0 };
	size_t len = 0;
	int pos, seen = 0, ifindex = 1000;

	for (int b = 0; b < 100; b++) {
		int bi = ifindex--;

		add_link(&ks, bi, "bond")->is_bond = true;   /* (add_* realloc) */
		for (int s = 0; s < 3; s++)
			add_slave(&ks, ifindex--, "eth", bi, BW_MII_UP);
	}
	CHECK_INT(bwa_model_build(&m, &ks), 0);
	while ((pos = bwa_model_seek(&m, BWA_ROWS_SLAVES, idx, len, true)) >= 0) {
		CHECK_INT(pos, seen);
		seen++;
		len = bwa_model_index(&m, BWA_ROWS_SLAVES, pos, idx);
		CHECK_INT(bwa_model_seek(&m, BWA_ROWS_SLAVES, idx, len, false), pos);
	}
	CHECK_INT(seen, 300);
	bwa_model_free(&m);
	bw_kstate_free(&ks);
}
