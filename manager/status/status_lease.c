// SPDX-License-Identifier: GPL-2.0-or-later
/* status_lease.c - a bond's DHCPv4 and DHCPv6 leases in `bondmgr status`:
 * what the client's hook recorded (lease.h), next to what the kernel holds.
 * The remaining time is the kernel's, the address's valid lifetime. */
#include <arpa/inet.h>
#include "status_fmt.h"

/* The kernel's address for the lease; NULL when the bond does not have it
 * (expired, released, not yet bound). */
static const struct bw_kaddr *lease_addr(const struct bw_kstate *ks, const struct bw_link *bond,
					 const struct status_lease *lease)
{
	for (int i = 0; i < ks->n_addrs; i++)
		if (ks->addrs[i].ifindex == bond->ifindex && ks->addrs[i].dynamic &&
		    bw_ip_equal(&ks->addrs[i].prefix.ip, &lease->address))
			return &ks->addrs[i];
	return NULL;
}

/* "from server 198.51.100.1" (v4), "from server DUID 00:03:..." (v6), or
 * nothing when the hook did not record it. */
static const char *server_text(const struct status_lease *l, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (l->server.family)
		snprintf(buf, len, " from server %s", bw_ip_str(&l->server, ip, sizeof(ip)));
	else if (l->server_duid[0])
		snprintf(buf, len, " from server DUID %s", l->server_duid);
	else
		buf[0] = '\0';
	return buf;
}

static void one_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		     const char *label, const struct status_lease *lease)
{
	const struct bw_kaddr *a = lease_addr(ks, bond, lease);
	char ip[INET6_ADDRSTRLEN], srv[sizeof(lease->server_duid) + 32];

	if (!lease->address.family) {
		fprintf(f, "  %-18sno lease (last event %s)\n", label,
			lease->event[0] ? lease->event : "none");
		return;
	}
	bw_ip_str(&lease->address, ip, sizeof(ip));
	server_text(lease, srv, sizeof(srv));
	if (a)
		fprintf(f, "  %-18s%s%s, %u s left of %u s (%s)\n", label, ip, srv, a->valid_lft,
			lease->lease_time, lease->event);
	else
		fprintf(f, "  %-18s%s%s is not on the bond any more (expired or released; "
			"last event %s)\n", label, ip, srv, lease->event);
}

void status_leases_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
			const struct status_leases *ls)
{
	if (ls && ls->has_v4)
		one_text(f, ks, bond, "dhcp:", &ls->v4);
	if (ls && ls->has_v6)
		one_text(f, ks, bond, "dhcp6:", &ls->v6);
}

static void one_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		     const char *key, const struct status_lease *lease)
{
	const struct bw_kaddr *a;
	char ip[INET6_ADDRSTRLEN] = "", srv[INET6_ADDRSTRLEN] = "";

	if (!lease) {
		fprintf(f, ",\"%s\":null", key);
		return;
	}
	a = lease_addr(ks, bond, lease);
	if (lease->address.family)
		bw_ip_str(&lease->address, ip, sizeof(ip));
	if (lease->server.family)
		bw_ip_str(&lease->server, srv, sizeof(srv));
	/* The DUID's characters were checked when read (lease.c). */
	fprintf(f, ",\"%s\":{\"address\":\"%s\",\"server\":\"%s\",\"server_duid\":\"%s\","
		   "\"lease_time\":%u,\"remaining\":%u,\"bound\":%s,\"event\":\"%s\"}", key, ip, srv,
		lease->server_duid, lease->lease_time, a ? a->valid_lft : 0, a ? "true" : "false",
		lease->event);
}

void status_leases_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
			const struct status_leases *ls)
{
	one_json(f, ks, bond, "dhcp", ls && ls->has_v4 ? &ls->v4 : NULL);
	one_json(f, ks, bond, "dhcp6", ls && ls->has_v6 ? &ls->v6 : NULL);
}
