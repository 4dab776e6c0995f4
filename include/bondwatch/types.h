/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bw_types.h - small value types shared by every part of libbondwatch.
 *
 * Fixed-size arrays on purpose: a bond has at most a handful of members and
 * addresses, and fixed sizes keep config, kernel state and plans trivially
 * copyable (the planner compares and snapshots them by value).
 */
#ifndef BW_TYPES_H
#define BW_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#define BW_IFNAMSIZ        16   /* IFNAMSIZ, including the NUL */
#define BW_MAX_MEMBERS     16
#define BW_MAX_ARP_TARGETS 16   /* BOND_MAX_ARP_TARGETS in the kernel */
#define BW_MAX_ADDRS       16
#define BW_MAX_ROUTES      4
#define BW_MAX_NAMESERVERS 8
#define BW_MAX_SEARCH      8
#define BW_DOMAIN_LEN      254

/* Errors are returned, not printed deep inside: a function that fails fills
 * a bw_err (when given one) and returns a negative errno-style code. */
struct bw_err {
	int code;         /* negative errno, or -1 */
	char msg[512];
};

void bw_err_set(struct bw_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* NULL when s is a name the kernel accepts for an interface (its
 * dev_valid_name(): it may hold bytes that do not print, which whoever
 * shows it escapes), else why not. */
const char *bw_ifname_check(const char *s);

/* A place in the YAML file: 1-based line and column (libyaml marks are
 * 0-based; the parser adds 1). line == 0 means "no position". */
struct bw_pos {
	int line;
	int col;
};

struct bw_ip {
	int family;       /* AF_INET or AF_INET6; 0 = unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} a;
};

struct bw_prefix {
	struct bw_ip ip;
	uint8_t len;
};

bool bw_ip_equal(const struct bw_ip *a, const struct bw_ip *b);
bool bw_prefix_equal(const struct bw_prefix *a, const struct bw_prefix *b);
/* "192.0.2.10" / "2001:db8::1"; buf must hold INET6_ADDRSTRLEN. */
const char *bw_ip_str(const struct bw_ip *ip, char *buf, size_t len);
/* "192.0.2.10/24"; buf must hold INET6_ADDRSTRLEN + 4. */
const char *bw_prefix_str(const struct bw_prefix *p, char *buf, size_t len);
/* Parse "A.B.C.D", "X:..:Y". Returns 0 or -EINVAL. */
int bw_ip_parse(const char *s, struct bw_ip *out);
/* Parse "A.B.C.D/N" or "X::Y/N" (prefix required). Returns 0 or -EINVAL. */
int bw_prefix_parse(const char *s, struct bw_prefix *out);

#endif
