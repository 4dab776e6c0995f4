// SPDX-License-Identifier: GPL-2.0-or-later
/* lease.c - the lease file the DHCP client's hook writes (lease.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/apply.h"
#include "bondwatch/file.h"
#include "lease.h"

static bool number(const char *s, size_t n, long long max, long long *out)
{
	long long v = 0;

	if (n == 0 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

static void ip_of(const char *s, size_t n, struct bw_ip *ip)
{
	char buf[64];

	if (n == 0 || n >= sizeof(buf))
		return;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (bw_ip_parse(buf, ip) < 0)
		memset(ip, 0, sizeof(*ip));
}

static void event_of(const char *s, size_t n, char *out, size_t len)
{
	if (n == 0 || n >= len)
		return;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* A DUID as dhcpcd prints it: hex pairs and colons, nothing else. */
static void duid_of(const char *s, size_t n, char *out, size_t len)
{
	if (n == 0 || n >= len)
		return;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || s[i] == ':'))
			return;
	memcpy(out, s, n);
	out[n] = '\0';
}

void status_lease_parse(const char *text, struct status_lease *l)
{
	memset(l, 0, sizeof(*l));
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n'), *eq;
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		long long v;

		eq = memchr(p, '=', len);
		if (eq) {
			size_t k = (size_t)(eq - p), n = len - k - 1;
			const char *val = eq + 1;

			if (k == 6 && !memcmp(p, "reason", 6))
				event_of(val, n, l->event, sizeof(l->event));
			else if (k == 7 && !memcmp(p, "address", 7))
				ip_of(val, n, &l->address);
			else if (k == 6 && !memcmp(p, "server", 6))
				ip_of(val, n, &l->server);
			else if (k == 11 && !memcmp(p, "server_duid", 11))
				duid_of(val, n, l->server_duid, sizeof(l->server_duid));
			else if (k == 10 && !memcmp(p, "lease_time", 10) && number(val, n, UINT32_MAX, &v))
				l->lease_time = (uint32_t)v;
			else if (k == 4 && !memcmp(p, "time", 4) && number(val, n, 1LL << 40, &v))
				l->at = v;
		}
		p += len + (nl ? 1 : 0);
	}
}

int status_lease_read(const char *run_dir, const char *bond, bool v6, struct status_lease *l)
{
	char path[4096], *text = NULL;

	snprintf(path, sizeof(path), "%s/dhcp%s-%s.lease", run_dir, v6 ? "6" : "", bond);
	if (bw_file_read(path, 4096, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, &text, NULL, NULL) < 0)
		return -1;
	status_lease_parse(text, l);
	free(text);
	return 0;
}

bool status_leases_read(const struct bw_client_env *ce, const char *bond,
			struct status_leases *ls)
{
	if (bw_client_pid(ce, bond) <= 0)
		return false;
	ls->has_v4 = status_lease_read(ce->run_dir, bond, false, &ls->v4) == 0;
	ls->has_v6 = status_lease_read(ce->run_dir, bond, true, &ls->v6) == 0;
	return ls->has_v4 || ls->has_v6;
}
