// SPDX-License-Identifier: GPL-2.0-or-later
/* test_types.c - address parsing and the option value tables. */
#include <arpa/inet.h>
#include "harness.h"
#include "bondwatch/types.h"
#include "bondwatch/bond_opts.h"

TEST(prefix_parse_v4)
{
	struct bw_prefix p;
	char buf[64];

	CHECK_INT(bw_prefix_parse("192.0.2.10/24", &p), 0);
	CHECK_INT(p.ip.family, AF_INET);
	CHECK_INT(p.len, 24);
	CHECK_STR(bw_prefix_str(&p, buf, sizeof(buf)), "192.0.2.10/24");
}

TEST(prefix_parse_v6)
{
	struct bw_prefix p;
	char buf[64];

	CHECK_INT(bw_prefix_parse("2001:db8::10/64", &p), 0);
	CHECK_INT(p.ip.family, AF_INET6);
	CHECK_STR(bw_prefix_str(&p, buf, sizeof(buf)), "2001:db8::10/64");
}

TEST(prefix_parse_rejects)
{
	struct bw_prefix p;

	CHECK(bw_prefix_parse("192.0.2.10", &p) < 0);     /* no length */
	CHECK(bw_prefix_parse("192.0.2.10/33", &p) < 0);
	CHECK(bw_prefix_parse("192.0.2.10/", &p) < 0);
	CHECK(bw_prefix_parse("192.0.2.10/-1", &p) < 0);
	CHECK(bw_prefix_parse("192.0.2.300/24", &p) < 0);
	CHECK(bw_prefix_parse("2001:db8::1/129", &p) < 0);
	CHECK(bw_prefix_parse("/24", &p) < 0);
}

TEST(mode_table_round_trip)
{
	for (unsigned v = 0; v <= BW_MODE_BALANCE_ALB; v++)
		CHECK_INT(bw_mode_parse(bw_mode_name(v)), v);
	CHECK_INT(bw_mode_parse("active-backup"), 1);
	CHECK_INT(bw_mode_parse("active_backup"), -1);
	CHECK_STR(bw_mode_name(42), "unknown");
	CHECK_CONTAINS(bw_mode_words(), "balance-rr active-backup");
}

TEST(enum_tables)
{
	CHECK_INT(bw_fom_parse("active"), BW_FOM_ACTIVE);
	CHECK_INT(bw_prs_parse("failure"), BW_PRS_FAILURE);
	CHECK_INT(bw_av_parse("filter_backup"), BW_AV_FILTER_BACKUP);
	CHECK_INT(bw_aat_parse("all"), BW_AAT_ALL);
	CHECK_INT(bw_fom_parse("Active"), -1);
	CHECK_STR(bw_mii_name(BW_MII_GOING_BACK), "going-back");
	CHECK_STR(bw_opt_key(BW_OPT_MIIMON), "mii-monitor-interval");
}
