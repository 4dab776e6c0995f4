// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config_values.c - the single-value parsers behind the loader. */
#include <string.h>
#include "harness.h"
#include "../../lib/config/config_priv.h"

TEST(config_value_interval)
{
	uint32_t ms = 7;

	CHECK(bw_cv_interval("200", &ms) == NULL);
	CHECK_INT(ms, 200);
	CHECK(bw_cv_interval("200ms", &ms) == NULL);
	CHECK_INT(ms, 200);
	CHECK(bw_cv_interval("2s", &ms) == NULL);
	CHECK_INT(ms, 2000);
	CHECK(bw_cv_interval("2147483647", &ms) == NULL);
	CHECK_INT(ms, 2147483647u);
	CHECK_CONTAINS(bw_cv_interval("-1", &ms), "negative");
	CHECK_CONTAINS(bw_cv_interval("-1s", &ms), "negative");
	CHECK_CONTAINS(bw_cv_interval("2147483648", &ms), "too large");
	CHECK_CONTAINS(bw_cv_interval("2147484s", &ms), "too large");
	CHECK_CONTAINS(bw_cv_interval("18446744073709551617", &ms), "too large");
	CHECK_CONTAINS(bw_cv_interval("", &ms), "not an interval");
	CHECK_CONTAINS(bw_cv_interval("ms", &ms), "not an interval");
	CHECK_CONTAINS(bw_cv_interval("1m", &ms), "not an interval");
	CHECK_CONTAINS(bw_cv_interval("1sec", &ms), "not an interval");
	CHECK_CONTAINS(bw_cv_interval("1 s", &ms), "not an interval");
	CHECK_CONTAINS(bw_cv_interval("0x10", &ms), "not an interval");
	CHECK_CONTAINS(bw_cv_interval("-", &ms), "not an interval");
	CHECK_INT(ms, 2147483647u);    /* untouched by the failures */
}

TEST(config_value_uint)
{
	uint64_t v;

	CHECK(bw_cv_uint("0", 255, &v) == NULL);
	CHECK_INT(v, 0);
	CHECK(bw_cv_uint("255", 255, &v) == NULL);
	CHECK_INT(v, 255);
	CHECK(bw_cv_uint("4294967295", UINT32_MAX, &v) == NULL);
	CHECK_CONTAINS(bw_cv_uint("256", 255, &v), "too large");
	CHECK_CONTAINS(bw_cv_uint("99999999999999999999999", UINT32_MAX, &v), "too large");
	CHECK_CONTAINS(bw_cv_uint("-3", 255, &v), "negative");
	CHECK_CONTAINS(bw_cv_uint("", 255, &v), "not a whole number");
	CHECK_CONTAINS(bw_cv_uint("3a", 255, &v), "not a whole number");
	CHECK_CONTAINS(bw_cv_uint("+3", 255, &v), "not a whole number");
}

TEST(config_value_ifname)
{
	CHECK(bw_ifname_check("eth0") == NULL);
	CHECK(bw_ifname_check("enp5s0f1np1") == NULL);
	CHECK(bw_ifname_check("a") == NULL);
	CHECK(bw_ifname_check("abcdefghijklmno") == NULL);          /* 15 */
	CHECK(bw_ifname_check("wlan0.100") == NULL);
	CHECK(bw_ifname_check("...") == NULL);                      /* the kernel allows it */
	CHECK_CONTAINS(bw_ifname_check("abcdefghijklmnop"), "longer than 15");
	CHECK_CONTAINS(bw_ifname_check(""), "empty");
	CHECK_CONTAINS(bw_ifname_check("."), "'.' and '..'");
	CHECK_CONTAINS(bw_ifname_check(".."), "'.' and '..'");
	CHECK_CONTAINS(bw_ifname_check("a/b"), "'/'");
	CHECK_CONTAINS(bw_ifname_check("eth0:1"), "':'");
	CHECK_CONTAINS(bw_ifname_check("eth 0"), "whitespace");
	CHECK_CONTAINS(bw_ifname_check("eth\t0"), "whitespace");
	/* the kernel's rule exactly (dev_valid_name): its isspace() is
	 * 9-13, 32 and 160; every other byte is a name's */
	CHECK_CONTAINS(bw_ifname_check("eth\v0"), "whitespace");
	CHECK_CONTAINS(bw_ifname_check("eth\r"), "whitespace");
	CHECK_CONTAINS(bw_ifname_check("b\xa0"), "whitespace");
	CHECK(bw_ifname_check("eth\x7f") == NULL);
	CHECK(bw_ifname_check("e\x01") == NULL);
	CHECK(bw_ifname_check("b\xff") == NULL);
	CHECK(bw_ifname_check("\xc3\xa9th0") == NULL);
}

TEST(config_value_domain)
{
	char big[300];

	CHECK(bw_cv_domain("example.org") == NULL);
	CHECK(bw_cv_domain("example.org.") == NULL);
	CHECK(bw_cv_domain("lan") == NULL);
	CHECK(bw_cv_domain("a-b.c_d.e0") == NULL);
	CHECK_CONTAINS(bw_cv_domain(""), "empty");
	CHECK_CONTAINS(bw_cv_domain("."), "empty");
	CHECK_CONTAINS(bw_cv_domain(".org"), "empty label");
	CHECK_CONTAINS(bw_cv_domain("a..b"), "empty label");
	CHECK_CONTAINS(bw_cv_domain("-a.org"), "starts with '-'");
	CHECK_CONTAINS(bw_cv_domain("a-.org"), "ends with '-'");
	CHECK_CONTAINS(bw_cv_domain("a.org-"), "ends with '-'");
	CHECK_CONTAINS(bw_cv_domain("a b.org"), "only letters");
	memset(big, 'a', 64);
	big[64] = '\0';
	CHECK_CONTAINS(bw_cv_domain(big), "longer than 63");
	for (int i = 0; i < 254; i++)
		big[i] = i % 2 ? '.' : 'a';
	big[254] = '\0';
	CHECK_CONTAINS(bw_cv_domain(big), "longer than 253");
	big[253] = '\0';
	CHECK(bw_cv_domain(big) == NULL);
}
