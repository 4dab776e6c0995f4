/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config.h - the YAML file, parsed and validated into what the admin wants.
 *
 * The document is netplan-shaped (network: version: 2, bonds: ...); see
 * bondwatch.yaml(5). Parsing is pure (no system
 * access); the checks that need the running system (members exist, are not
 * enslaved elsewhere, wireless members) are in config_check_system().
 */
#ifndef BW_CONFIG_H
#define BW_CONFIG_H

#include <stdio.h>
#include "bondwatch/types.h"
#include "bondwatch/bond_opts.h"

struct bw_route_cfg {
	struct bw_ip via;       /* gateway; family says v4 or v6 default */
	uint32_t metric;
	bool has_metric;
	struct bw_pos pos;
};

/* The bond's DHCP client (netplan's dhcp4, dhcp6, dhcp-identifier,
 * dhcp4-overrides, accept-ra; config_dhcp.c). Run by bondmgr for the bond
 * only, never for a member. */
enum bw_dhcp_id { BW_DHCP_ID_DUID, BW_DHCP_ID_MAC };

struct bw_dhcp_cfg {
	bool v4, v6;                  /* dhcp4, dhcp6 */
	enum bw_dhcp_id id;           /* dhcp-identifier: duid (default) or mac */
	bool use_dns;                 /* dhcp4-overrides: use-dns (default true) */
	bool use_routes;              /* use-routes (default true) */
	bool send_hostname;           /* send-hostname (default true) */
	bool has_metric;              /* route-metric given */
	uint32_t route_metric;
	char hostname[BW_DOMAIN_LEN]; /* "" = the system's */
	int accept_ra;                /* -1 not named, 0 false, 1 true */
	/* Where each key is, for the rules' messages (line 0: not named). */
	struct bw_pos v4_pos, v6_pos, id_pos, overrides_pos, use_dns_pos, hostname_pos,
		accept_ra_pos;
};

/* True when the bond runs a DHCP client (dhcp4, dhcp6 or accept-ra: true). */
bool bw_dhcp_wanted(const struct bw_dhcp_cfg *d);

struct bw_bond_cfg {
	char name[BW_IFNAMSIZ];
	struct bw_pos pos;                    /* the bond's key */

	int n_members;
	char members[BW_MAX_MEMBERS][BW_IFNAMSIZ];
	struct bw_pos member_pos[BW_MAX_MEMBERS];

	struct bw_bond_params params;         /* defaults filled for unnamed keys */
	uint32_t set_mask;                    /* BW_OPT_BIT() of keys the file named */
	struct bw_pos opt_pos[BW_OPT__COUNT]; /* where each named key's value is */

	int n_addrs;
	struct bw_prefix addrs[BW_MAX_ADDRS];
	struct bw_pos addr_pos[BW_MAX_ADDRS];

	int n_routes;
	struct bw_route_cfg routes[BW_MAX_ROUTES];

	int n_nameservers;
	struct bw_ip nameservers[BW_MAX_NAMESERVERS];
	int n_search;
	char search[BW_MAX_SEARCH][BW_DOMAIN_LEN];

	struct bw_dhcp_cfg dhcp;
};

/* An ethernets: entry of a netplan file: a bond member's own keys
 * (config_members.c). Only members have one; what it may say is what makes
 * sense on an enslaved link. */
struct bw_member_cfg {
	char id[BW_IFNAMSIZ];                 /* the entry's key, as interfaces: names it */
	char name[BW_IFNAMSIZ];               /* the kernel's name: set-name, else id */
	struct bw_pos pos;                    /* the entry's key */
	bool optional;                        /* optional: true */
	bool has_mac;                         /* match: {macaddress: ...} */
	uint8_t mac[6];
	struct bw_pos mac_pos;
	bool found;                           /* some bond names it in interfaces: */
};

/* A wifis: entry (config_wifis.c): a wireless bond member's association,
 * which bondmgr hands to a wpa_supplicant it runs for the member. */
enum bw_wifi_key_mgmt { BW_WIFI_PSK, BW_WIFI_SAE, BW_WIFI_OPEN };
enum bw_wifi_band { BW_WIFI_BAND_ANY, BW_WIFI_BAND_2G, BW_WIFI_BAND_5G };

#define BW_WIFI_MAX_APS      8
#define BW_WIFI_SSID_MAX     32        /* octets (IEEE 802.11) */
#define BW_WIFI_PASSWORD_MAX 128       /* SAE; a PSK passphrase is 8-63, or 64 hex */

struct bw_wifi_ap {
	char ssid[BW_WIFI_SSID_MAX + 1];
	char password[BW_WIFI_PASSWORD_MAX + 1];  /* "" for an open network */
	enum bw_wifi_key_mgmt key_mgmt;
	bool hidden;                              /* scan for it by name */
	bool has_bssid;
	uint8_t bssid[6];
	enum bw_wifi_band band;
	struct bw_pos pos;                        /* the SSID's key */
};

struct bw_wifi_cfg {
	char id[BW_IFNAMSIZ];                     /* the entry's key: the kernel's name */
	struct bw_pos pos;
	char regdom[3];                           /* regulatory-domain: "GB"; "" none */
	struct bw_pos regdom_pos;
	int n_aps;
	struct bw_wifi_ap aps[BW_WIFI_MAX_APS];
};

struct bw_config {
	char path[4096];
	int n_bonds;
	struct bw_bond_cfg *bonds;            /* malloc'd, n_bonds entries */
	int n_ethernets;
	struct bw_member_cfg *ethernets;      /* malloc'd, n_ethernets entries */
	int n_wifis;
	struct bw_wifi_cfg *wifis;            /* malloc'd, n_wifis entries */
	struct bw_pos secret_pos;             /* the first password (line 0: none):
					       * the file must be private */
};

/* One diagnostic: where, how bad, what. */
/* A note is information (what bondwatch does with a netplan key it does
 * not need), never a problem. */
enum bw_severity { BW_SEV_ERROR, BW_SEV_WARNING, BW_SEV_NOTE };

struct bw_diag {
	enum bw_severity sev;
	struct bw_pos pos;
	char msg[512];
};

/* Diagnostics are collected, not printed: the caller prints them all (a
 * user fixing a file wants every error at once, not one per run). */
struct bw_diags {
	int n;
	int n_errors;
	struct bw_diag items[64];             /* further ones are counted, not kept */
	int dropped;
};

void bw_diags_add(struct bw_diags *d, enum bw_severity sev, struct bw_pos pos,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Print every diagnostic as
 *   FILE:LINE:COL: error: MESSAGE
 *     the source line
 *         ^
 * re-reading the source lines from path. */
void bw_diags_print(const struct bw_diags *d, const char *path, FILE *out);

/* Parse and validate a file (syntax, keys, types, ranges, enum words and the
 * cross-field rules that need no system access). Returns 0 when there is no
 * error (warnings may be present), -1 otherwise; cfg is usable only on 0.
 * Call bw_config_free() in both cases. */
int bw_config_load(const char *path, struct bw_config *cfg, struct bw_diags *d);
/* Why `bondmgr check` would refuse option o of bond b by the rules between
 * a bond's options (in mode X it means nothing, it needs another option,
 * ...): check's own message in buf, or NULL. For `bondmgr import`, which
 * leaves such an option out rather than write a file check refuses. */
const char *bw_config_opt_refused(const struct bw_bond_cfg *b, enum bw_opt o, char *buf,
				  size_t len);
/* Same, from a buffer (unit tests and the fuzzer); path is only for messages. */
int bw_config_load_buf(const char *path, const char *buf, size_t len,
		       struct bw_config *cfg, struct bw_diags *d);
void bw_config_free(struct bw_config *cfg);

struct bw_kstate;
/* Checks against the running system: each member exists (in ks), is not
 * enslaved to a bond the file does not name for it, and a wireless member
 * (sysfs_root/class/net/X/wireless or phy80211) forces
 * fail-over-mac-policy active. sysfs_root is "/sys" except in tests.
 * Returns 0 when there is no error. */
int bw_config_check_system(const struct bw_config *cfg, const struct bw_kstate *ks,
			   const char *sysfs_root, struct bw_diags *d);

/* The members marked optional: true that the kernel does not have now:
 * taken out of their bond's interfaces: (and primary:) with a note, so
 * that check, apply and try build the bond without them; `bondmgr watch`
 * enslaves them when they appear (it reads the file itself). */
void bw_config_drop_absent_optional(struct bw_config *cfg, const struct bw_kstate *ks,
				    struct bw_diags *d);

/* NULL when s is a valid WPA2-PSK passphrase (8-63 printable ASCII that
 * wpa_supplicant's reader takes whole) or a raw PSK (64 hex), else why not. */
const char *bw_cfg_psk_check(const char *s);

/* The wifis: entry for a kernel interface name, NULL when none. */
const struct bw_wifi_cfg *bw_config_wifi(const struct bw_config *cfg, const char *ifname);

/* True when sysfs_root/class/net/IFNAME/wireless or .../phy80211 exists. */
bool bw_if_is_wireless(const char *sysfs_root, const char *ifname);

#endif
