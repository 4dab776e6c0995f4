// SPDX-License-Identifier: GPL-2.0-or-later
/* bw_types.c - errors and IP address helpers. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/types.h"

void bw_err_set(struct bw_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

bool bw_ip_equal(const struct bw_ip *a, const struct bw_ip *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->a.v4.s_addr == b->a.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->a.v6, &b->a.v6, sizeof(a->a.v6)) == 0;
	return true;
}

bool bw_prefix_equal(const struct bw_prefix *a, const struct bw_prefix *b)
{
	return a->len == b->len && bw_ip_equal(&a->ip, &b->ip);
}

const char *bw_ip_str(const struct bw_ip *ip, char *buf, size_t len)
{
	if (!ip->family || !inet_ntop(ip->family, &ip->a, buf, len))
		snprintf(buf, len, "-");
	return buf;
}

const char *bw_prefix_str(const struct bw_prefix *p, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", bw_ip_str(&p->ip, ip, sizeof(ip)), p->len);
	return buf;
}

int bw_ip_parse(const char *s, struct bw_ip *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, &out->a.v4) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &out->a.v6) == 1) {
		out->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

int bw_prefix_parse(const char *s, struct bw_prefix *out)
{
	char ip[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	char *end;
	unsigned long len;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!slash || slash == s || !slash[1])
		return -EINVAL;
	n = (size_t)(slash - s);
	if (n >= sizeof(ip))
		return -EINVAL;
	memcpy(ip, s, n);
	ip[n] = '\0';
	if (bw_ip_parse(ip, &out->ip) < 0)
		return -EINVAL;
	if (slash[1] < '0' || slash[1] > '9')
		return -EINVAL;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (errno || *end || len > (out->ip.family == AF_INET ? 32u : 128u))
		return -EINVAL;
	out->len = (uint8_t)len;
	return 0;
}
