/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bond_opts.h - the bonding options we manage, their netlink wire values and
 * their names, in one place (the iproute2 ip/iplink_bond.c pattern: tables
 * indexed by the kernel's value).
 *
 * Values are the kernel's (include/uapi/linux/if_bonding.h,
 * drivers/net/bonding/bond_options.c). Names are netplan's where netplan
 * has a word, the kernel's otherwise.
 */
#ifndef BW_BOND_OPTS_H
#define BW_BOND_OPTS_H

#include "bondwatch/types.h"

enum bw_mode {
	BW_MODE_BALANCE_RR = 0,
	BW_MODE_ACTIVE_BACKUP = 1,
	BW_MODE_BALANCE_XOR = 2,
	BW_MODE_BROADCAST = 3,
	BW_MODE_8023AD = 4,
	BW_MODE_BALANCE_TLB = 5,
	BW_MODE_BALANCE_ALB = 6,
};

enum bw_fail_over_mac { BW_FOM_NONE = 0, BW_FOM_ACTIVE = 1, BW_FOM_FOLLOW = 2 };
enum bw_primary_reselect { BW_PRS_ALWAYS = 0, BW_PRS_BETTER = 1, BW_PRS_FAILURE = 2 };
enum bw_arp_validate {
	BW_AV_NONE = 0, BW_AV_ACTIVE = 1, BW_AV_BACKUP = 2, BW_AV_ALL = 3,
	BW_AV_FILTER = 4, BW_AV_FILTER_ACTIVE = 5, BW_AV_FILTER_BACKUP = 6,
};
enum bw_arp_all_targets { BW_AAT_ANY = 0, BW_AAT_ALL = 1 };
enum bw_xmit_hash {
	BW_XHP_LAYER2 = 0, BW_XHP_LAYER34 = 1, BW_XHP_LAYER23 = 2, BW_XHP_ENCAP23 = 3,
	BW_XHP_ENCAP34 = 4, BW_XHP_VLAN_SRCMAC = 5,
};
enum bw_lacp_rate { BW_LACP_SLOW = 0, BW_LACP_FAST = 1 };
enum bw_ad_select { BW_ADS_STABLE = 0, BW_ADS_BANDWIDTH = 1, BW_ADS_COUNT = 2 };

/* Per-slave values (IFLA_BOND_SLAVE_STATE / _MII_STATUS). */
enum bw_slave_state { BW_SLAVE_ACTIVE = 0, BW_SLAVE_BACKUP = 1 };
enum bw_mii_status {
	BW_MII_UP = 0, BW_MII_GOING_DOWN = 1, BW_MII_DOWN = 2, BW_MII_GOING_BACK = 3,
};

/* One bit per option we manage, so a change can say which attributes to send
 * and the config can say which keys the file named. */
enum bw_opt {
	BW_OPT_MODE,
	BW_OPT_PRIMARY,
	BW_OPT_PRIMARY_RESELECT,
	BW_OPT_FAIL_OVER_MAC,
	BW_OPT_MIIMON,
	BW_OPT_UPDELAY,
	BW_OPT_DOWNDELAY,
	BW_OPT_ARP_INTERVAL,
	BW_OPT_ARP_IP_TARGETS,
	BW_OPT_ARP_VALIDATE,
	BW_OPT_ARP_ALL_TARGETS,
	BW_OPT_NUM_GRAT_ARP,
	/* The other modes' options (issue 17), in bond_changelink's order. */
	BW_OPT_PEER_NOTIF_DELAY,       /* bondwatch extension: peer-notify-delay */
	BW_OPT_NS_IP6_TARGETS,         /* bondwatch extension: ns-ip6-targets */
	BW_OPT_XMIT_HASH,
	BW_OPT_RESEND_IGMP,
	BW_OPT_ALL_SLAVES_ACTIVE,
	BW_OPT_MIN_LINKS,
	BW_OPT_LP_INTERVAL,
	BW_OPT_PACKETS_PER_SLAVE,
	BW_OPT_LACP_RATE,
	BW_OPT_AD_SELECT,
	BW_OPT_MISSED_MAX,             /* bondwatch extension: arp-missed-max */
	/* Link attributes of the bond itself (IFLA_MTU, IFLA_ADDRESS). */
	BW_OPT_MTU,
	BW_OPT_MACADDRESS,
	BW_OPT__COUNT
};
#define BW_OPT_BIT(o) (1u << (o))

/* The options of one bond, as the file wants them or as the kernel has them.
 * Delays are in milliseconds, as the kernel reports them (multiples of
 * miimon). primary is a name ("" = none). */
struct bw_bond_params {
	uint8_t mode;
	uint8_t fail_over_mac;
	uint8_t primary_reselect;
	uint8_t num_grat_arp;
	uint32_t miimon;
	uint32_t updelay;
	uint32_t downdelay;
	uint32_t arp_interval;
	uint32_t arp_validate;
	uint32_t arp_all_targets;
	int n_arp_targets;
	struct in_addr arp_targets[BW_MAX_ARP_TARGETS];
	char primary[BW_IFNAMSIZ];
	/* The other modes (IFLA_BOND_* of the same names). */
	uint8_t xmit_hash;             /* enum bw_xmit_hash */
	uint8_t lacp_rate;             /* enum bw_lacp_rate */
	uint8_t ad_select;             /* enum bw_ad_select */
	uint8_t all_slaves_active;     /* 0 / 1 */
	uint8_t missed_max;            /* 1..255 */
	uint32_t min_links;
	uint32_t lp_interval;          /* seconds, 1..INT_MAX */
	uint32_t packets_per_slave;    /* 0..65535 */
	uint32_t resend_igmp;          /* 0..255 */
	uint32_t peer_notif_delay;     /* ms, a multiple of miimon like the delays */
	int n_ns_targets;
	struct in6_addr ns_targets[BW_MAX_ARP_TARGETS];
	/* The bond's link: mtu 0 = not managed (the file names none);
	 * has_mac false = not managed. */
	uint32_t mtu;
	bool has_mac;
	uint8_t mac[6];
};

/* The kernel's defaults for a bond created over netlink by a bonding module
 * loaded without parameters (bond_check_params: miimon becomes 100 when
 * neither miimon nor arp_interval is given). */
void bw_bond_params_default(struct bw_bond_params *p);

/* Name <-> value for each enum option. Names are returned as static strings,
 * "unknown" when out of range. *_parse return the value or -1. */
const char *bw_mode_name(unsigned v);
int bw_mode_parse(const char *s);
const char *bw_fom_name(unsigned v);
int bw_fom_parse(const char *s);
const char *bw_prs_name(unsigned v);
int bw_prs_parse(const char *s);
const char *bw_av_name(unsigned v);
int bw_av_parse(const char *s);
const char *bw_aat_name(unsigned v);
int bw_aat_parse(const char *s);
const char *bw_xhp_name(unsigned v);
int bw_xhp_parse(const char *s);
const char *bw_lacp_name(unsigned v);
int bw_lacp_parse(const char *s);
const char *bw_ads_name(unsigned v);
int bw_ads_parse(const char *s);
const char *bw_slave_state_name(unsigned v);
const char *bw_mii_name(unsigned v);
/* An option's value written out (opt_value.c), into buf; NULL for an
 * option it does not know. PLAN: as a plan line shows it ("100ms",
 * "none" for an empty list or primary, "a,b"); YAML: as the file writes
 * it ("100", "[a, b]", a quoted MAC, the primary as it is). */
enum bw_opt_style { BW_OPT_STYLE_PLAN, BW_OPT_STYLE_YAML };
const char *bw_opt_value(enum bw_opt o, const struct bw_bond_params *p, enum bw_opt_style st,
			 char *buf, size_t len);
/* The netplan key for an option ("mii-monitor-interval", ...). */
const char *bw_opt_key(enum bw_opt o);
/* A space-separated list of the valid words, for error messages. */
const char *bw_mode_words(void);
const char *bw_fom_words(void);
const char *bw_prs_words(void);
const char *bw_av_words(void);
const char *bw_aat_words(void);
const char *bw_xhp_words(void);
const char *bw_lacp_words(void);
const char *bw_ads_words(void);

/* The ARP targets, "A.B.C.D" each, sep between them ("" for none), into
 * buf (NUL-terminated; BW_ARP_TARGETS_STRLEN holds any list with a sep of
 * one character). Returns buf. */
#define BW_ARP_TARGETS_STRLEN (BW_MAX_ARP_TARGETS * 16 + 1)
const char *bw_arp_targets_str(const struct bw_bond_params *p, const char *sep, char *buf,
			       size_t len);

/* Modes in which primary / fail_over_mac / arp monitoring mean something
 * (bond_options.c mode dependencies). */
bool bw_mode_has_primary(unsigned mode);
bool bw_mode_has_arp(unsigned mode);
/* Whether option o means something in mode (the config refuses it
 * elsewhere, the planner neither compares nor sends it elsewhere). For the
 * options above it follows the kernel's mode dependencies where the kernel
 * has one (lacp_rate, packets_per_slave, arp_missed_max) and bonding.rst's
 * "only affects" notes where the kernel accepts and ignores the value. */
bool bw_opt_in_mode(enum bw_opt o, unsigned mode);
/* The IPv6 NS targets, like bw_arp_targets_str; BW_NS_TARGETS_STRLEN
 * holds any list. */
#define BW_NS_TARGETS_STRLEN (BW_MAX_ARP_TARGETS * 46 + 1)
const char *bw_ns_targets_str(const struct bw_bond_params *p, const char *sep, char *buf,
			      size_t len);

#endif
