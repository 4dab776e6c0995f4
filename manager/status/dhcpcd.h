/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dhcpcd.h - would dhcpcd manage an interface? Read from dhcpcd.conf's
 * global allowinterfaces / denyinterfaces lists, matched the way dhcpcd
 * matches them (fnmatch(3) patterns), so `bondmgr status` can warn that
 * dhcpcd will fight bondmgr over a member's or the bond's address. */
#ifndef BW_DHCPCD_H
#define BW_DHCPCD_H

#include <stdbool.h>

#define BW_DHCPCD_MAX_PATTERNS 64
#define BW_DHCPCD_PATTERN_LEN  64

struct bw_dhcpcd_conf {
	int n_allow, n_deny;
	char allow[BW_DHCPCD_MAX_PATTERNS][BW_DHCPCD_PATTERN_LEN];
	char deny[BW_DHCPCD_MAX_PATTERNS][BW_DHCPCD_PATTERN_LEN];
};

/* Parse dhcpcd.conf text (pure; NUL-terminated). Patterns beyond the
 * limits are dropped. */
void bw_dhcpcd_parse(const char *text, struct bw_dhcpcd_conf *c);

/* Read and parse path. Returns -1 (errno set) when it cannot be read:
 * no dhcpcd configuration, so nothing to warn about. */
int bw_dhcpcd_load(const char *path, struct bw_dhcpcd_conf *c);

/* True when dhcpcd, started without interface arguments, would configure
 * ifname: no deny pattern matches it, and allow is empty or one of its
 * patterns matches (a deny wins over an allow, as in dhcpcd). */
bool bw_dhcpcd_manages(const struct bw_dhcpcd_conf *c, const char *ifname);

#endif
