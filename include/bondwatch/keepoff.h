/* SPDX-License-Identifier: GPL-2.0-or-later */
/* keepoff.h - other network managers kept off the bonds and their
 * members, and the members' radios unblocked (issue 14), as the planner
 * sees them: what each file holds now and what it should hold, what each
 * radio's rfkill switch says. Pure: the files are read and written, the
 * switches read and flipped, by lib/apply (keepoff_sys.h).
 *
 *  - NetworkManager: a drop-in in its conf.d listing every bond and
 *    member of the file as unmanaged-devices (NetworkManager.conf(5));
 *  - dhcpcd, when installed as a service: a marked denyinterfaces block
 *    in its dhcpcd.conf (dhcpcd.conf(5));
 *  - rfkill: a wireless member's radio soft-unblocked before it is
 *    brought up and enslaved; a hard block is reported, never fought.
 */
#ifndef BW_KEEPOFF_H
#define BW_KEEPOFF_H

#include <stdbool.h>
#include <stddef.h>
#include "bondwatch/config.h"

enum bw_keepoff_kind { BW_KEEPOFF_NM, BW_KEEPOFF_DHCPCD, BW_KEEPOFF__COUNT };

/* Where the other managers are (filled by the caller). */
struct bw_keepoff_env {
	const char *nm_dir;           /* NetworkManager's conf.d: /etc/NetworkManager/conf.d */
	const char *nm_pidfile;       /* /run/NetworkManager/NetworkManager.pid */
	const char *nmcli;            /* /usr/bin/nmcli */
	const char *dhcpcd_conf;      /* /etc/dhcpcd.conf */
	const char *dhcpcd_units;     /* ':'-separated files whose presence says dhcpcd
				       * runs as a service (systemd unit, init script) */
	const char *sysfs;            /* /sys */
	const char *rfkill_dev;       /* /dev/rfkill */
};

/* One file another manager reads. */
struct bw_keepoff_file {
	enum bw_keepoff_kind kind;
	bool managed;                 /* the manager is installed: the file is ours to keep */
	char path[4096];
	char *have;                   /* its content now (malloc'd); NULL: absent */
	char *want;                   /* what it should hold (malloc'd); NULL: absent */
	char why[256];                /* not managed: why ("not installed", ...) */
};

/* One wireless member's radio (its phy's rfkill switch). */
struct bw_radio {
	char ifname[BW_IFNAMSIZ];
	int idx;                      /* rfkillN; -1: the phy has no switch */
	char name[64];                /* the switch's name (phy0), for messages */
	bool soft, hard;              /* blocked now */
	bool want_soft;               /* soft block wanted (false, but a rollback's) */
};

struct bw_keepoff {
	const struct bw_keepoff_env *env;
	struct bw_keepoff_file files[BW_KEEPOFF__COUNT];
	int n_radios;
	struct bw_radio radios[BW_MAX_MEMBERS * 4];
};

/* The drop-in's text for cfg's bonds and members (malloc'd into *out;
 * NULL when cfg has no bond: the file goes). Returns 0 or -ENOMEM. */
int bw_keepoff_nm_render(const struct bw_config *cfg, char **out);

/* dhcpcd.conf's text have (NULL: none) with bondwatch's block put in,
 * replaced or (cfg NULL or without bonds) taken out; every other byte is
 * kept. *out is malloc'd (NULL only when have was NULL and no block is
 * wanted). Returns 0, -ENOMEM, or -EINVAL when have holds a begin marker
 * without its end (the block cannot be told from the admin's lines). */
int bw_keepoff_dhcpcd_edit(const char *have, const struct bw_config *cfg, char **out);

/* The line bondwatch's block holds: "denyinterfaces bond0 eth0 wlan0". */
int bw_keepoff_deny_line(const struct bw_config *cfg, char *buf, size_t len);

void bw_keepoff_free(struct bw_keepoff *ko);

#endif
