/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lease.h - a bond's DHCP lease as its client's hook recorded it
 * (RUN_DIR/dhcp-BOND.lease, written by config/dhcpcd-hook), for
 * `bondmgr status`. The remaining time is the kernel's (the address's
 * valid lifetime), not computed from this file. */
#ifndef BONDMGR_STATUS_LEASE_H
#define BONDMGR_STATUS_LEASE_H

#include <stdbool.h>
#include <stdint.h>
#include "bondwatch/types.h"

struct status_lease {
	char event[16];          /* dhcpcd's reason: BOUND, RENEW, EXPIRE, ... */
	struct bw_ip address;    /* family 0: none in the last event */
	struct bw_ip server;     /* DHCPv4's server; family 0: none */
	char server_duid[132];   /* DHCPv6's server, "00:03:..."; "": none */
	uint32_t lease_time;     /* seconds granted, 0: unknown */
	long long at;            /* when it was written (Unix time), 0: unknown */
};

/* A bond's DHCPv4 and DHCPv6 leases (RUN_DIR/dhcp-BOND.lease and
 * dhcp6-BOND.lease); has_v4/has_v6 false: no such file. */
struct status_leases {
	bool has_v4, has_v6;
	struct status_lease v4, v6;
};

/* Parse the hook's key=value text (pure; NUL-terminated). Unknown keys and
 * bad values are skipped: the file is written by a root hook, but read as
 * if it were not. */
void status_lease_parse(const char *text, struct status_lease *l);
/* Read run_dir/dhcp-BOND.lease (v6: dhcp6-BOND.lease). Returns 0, or -1
 * when there is none. */
int status_lease_read(const char *run_dir, const char *bond, bool v6, struct status_lease *l);
/* The leases of a bond whose DHCP client bondmgr runs (status and diff
 * show them): false when it runs none, or neither lease is recorded. */
struct bw_client_env;
bool status_leases_read(const struct bw_client_env *ce, const char *bond,
			struct status_leases *ls);

#endif
