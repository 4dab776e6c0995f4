/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kstate.h - the kernel's network state as bondwatch sees it: links (with
 * bond and bond-slave details), addresses and routes, read in one RTM_GETLINK
 * dump plus RTM_GETADDR and RTM_GETROUTE dumps, or kept up to date from
 * RTNLGRP_LINK events (the subagent).
 *
 * libnl 3.7 parses neither IFLA_INFO_DATA for bonds nor IFLA_INFO_SLAVE_DATA,
 * so links are parsed from the raw message here (link_parse.c, after the
 * kernel's bond_fill_info / bond_fill_slave_info); libnl is used for
 * sockets and message plumbing.
 */
#ifndef BW_KSTATE_H
#define BW_KSTATE_H

#include <linux/netlink.h>
#include "bondwatch/types.h"
#include "bondwatch/bond_opts.h"
#include "bondwatch/bond_ad.h"

/* What an 802.3ad slave says of its LACP port (bond_fill_slave_info):
 * present only in 802.3ad mode. The churn states came with the kernel's
 * IFLA_BOND_SLAVE_AD_CHURN_* attributes; has_churn says whether this
 * kernel sent them. */
struct bw_slave_ad {
	bool present;                  /* IFLA_BOND_SLAVE_AD_AGGREGATOR_ID seen */
	uint16_t aggregator_id;
	uint8_t actor_oper_state;      /* LACP port state bits, as the kernel sends them */
	uint16_t partner_oper_state;
	bool has_churn;
	uint8_t churn_actor;           /* enum bw_ad_churn */
	uint8_t churn_partner;
};

struct bw_slave_info {
	uint8_t state;                 /* enum bw_slave_state */
	uint8_t mii_status;            /* enum bw_mii_status */
	uint32_t link_failure_count;
	uint8_t perm_hwaddr[6];
	uint16_t queue_id;
	struct bw_slave_ad ad;
};

/* The bond options of the other modes and the bond's active aggregator,
 * as the kernel reports them (IFLA_BOND_XMIT_HASH_POLICY, _AD_LACP_RATE,
 * _AD_SELECT, _MIN_LINKS, and the IFLA_BOND_AD_INFO nest, which the
 * kernel sends only in 802.3ad mode while an aggregator is active). */
struct bw_bond_ad {
	/* The options (transmit hash, LACP rate, ad_select, min_links) are
	 * in bw_bond_params; this is what the kernel reports of the
	 * aggregator. */
	bool has_info;                 /* IFLA_BOND_AD_INFO seen */
	uint16_t aggregator_id;
	uint16_t num_ports;
	uint16_t actor_key;
	uint16_t partner_key;
	uint8_t partner_mac[6];
};

struct bw_bond_info {
	struct bw_bond_params params;  /* params.primary filled from primary_ifindex by name */
	int active_slave_ifindex;      /* 0 = none */
	int primary_ifindex;           /* 0 = none (or recorded but not enslaved) */
	struct bw_bond_ad ad;
};

struct bw_link {
	int ifindex;
	char name[BW_IFNAMSIZ];
	unsigned flags;                /* IFF_* from ifinfomsg */
	int master_ifindex;            /* IFLA_MASTER, 0 = none */
	bool carrier;                  /* IFLA_CARRIER */
	char kind[16];                 /* IFLA_INFO_KIND ("bond", "veth", ...) */
	char slave_kind[16];           /* IFLA_INFO_SLAVE_KIND ("bond" for a bond slave) */
	bool is_bond;                  /* kind == "bond" and INFO_DATA parsed */
	struct bw_bond_info bond;
	bool is_bond_slave;            /* slave_kind == "bond" and SLAVE_DATA parsed */
	struct bw_slave_info slave;
	uint32_t event;                /* IFLA_EVENT of this message, 0 = none */
	uint32_t mtu;                  /* IFLA_MTU, 0 = not in the message */
	uint8_t addr[6];               /* IFLA_ADDRESS (Ethernet links) */
	bool has_addr;
	/* Speed and duplex come from ethtool netlink, not from the link
	 * message (rtnetlink has no attribute for them): bw_link_parse
	 * leaves them unset, the reader fills them (bw_ethnl_linkmodes). */
	bool has_linkmodes;
	uint32_t speed;                /* Mb/s; BW_SPEED_UNKNOWN when the driver does not know */
	uint8_t duplex;                /* enum bw_duplex */
};

struct bw_kaddr {
	int ifindex;
	struct bw_prefix prefix;
	uint8_t scope;
	bool dynamic;                  /* has a lifetime (a lease, an RA): not permanent */
	bool secondary;                /* IFA_F_SECONDARY: another address of its subnet is primary */
	uint32_t valid_lft;            /* seconds left when dynamic (IFA_CACHEINFO), at read_at */
	int64_t read_at;               /* CLOCK_MONOTONIC seconds when the kernel said so */
};

struct bw_kroute {                     /* default routes only (main table) */
	int ifindex;                   /* output interface */
	struct bw_ip via;
	uint32_t metric;               /* RTA_PRIORITY */
	uint8_t protocol;
};

/* An address or default route someone's protocol keeps up to date (a DHCP
 * client's lease, a router advertisement): an address with a lifetime, or
 * a route of protocol dhcp or ra. bondmgr adds permanent addresses and
 * boot-protocol routes only, so these are never its own. */
bool bw_kaddr_is_dynamic(const struct bw_kaddr *a);
bool bw_kroute_is_dynamic(const struct bw_kroute *r);

struct bw_kstate {
	int n_links;
	struct bw_link *links;
	int n_addrs;
	struct bw_kaddr *addrs;
	int n_routes;
	struct bw_kroute *routes;
};

void bw_kstate_free(struct bw_kstate *ks);
/* The link called name / with ifindex in ks, NULL when none (or ks NULL). */
const struct bw_link *bw_kstate_link_by_name(const struct bw_kstate *ks, const char *name);
const struct bw_link *bw_kstate_link_by_index(const struct bw_kstate *ks, int ifindex);

/* The bond slaves of bond in ks, one after the other: prev NULL gives the
 * first, NULL says there is no more. */
const struct bw_link *bw_kstate_next_slave(const struct bw_kstate *ks, const struct bw_link *bond,
					   const struct bw_link *prev);

/* Parse one RTM_NEWLINK / RTM_DELLINK message into *out (zeroed first).
 * Returns 0; -ENOMSG for a message that describes only part of a link (a
 * bridge port's AF_BRIDGE message, a wireless event carrying IFLA_WIRELESS),
 * which the caller must ignore; -EINVAL for a malformed message (never
 * crashes on one: this is a fuzz target). */
int bw_link_parse(const struct nlmsghdr *nlh, struct bw_link *out);
/* Parse one RTM_NEWADDR / RTM_DELADDR message into *out (zeroed first;
 * read_at is the caller's). Returns 0; -ENOMSG for a family other than
 * IPv4 and IPv6; -EINVAL for a malformed message. */
int bw_addr_parse(const struct nlmsghdr *nlh, struct bw_kaddr *out);
/* Event-driven upkeep of addresses: insert or replace the address with
 * a's ifindex, address and prefix length (a renewal replaces its
 * lifetimes); remove one. Returns 0 or -ENOMEM. */
int bw_kstate_upsert_addr(struct bw_kstate *ks, const struct bw_kaddr *a);
void bw_kstate_remove_addr(struct bw_kstate *ks, const struct bw_kaddr *a);
/* The link's IPv4 address as bondwatch reports it (the MIB's
 * bwBondIpAddress, `bondmgr status`): among its IPv4 addresses of global
 * scope that are not secondary, one with a lifetime (a DHCP lease: IPv4
 * has no other source of them) first, then the numerically lowest. NULL
 * when it has none. */
const struct bw_kaddr *bw_kstate_link_ipv4(const struct bw_kstate *ks, int ifindex);
/* How many addresses ks holds for ifindex. */
int bw_kstate_count_addrs(const struct bw_kstate *ks, int ifindex);
/* Event-driven upkeep (the subagent, bondmgr watch): insert or replace the
 * link with l->ifindex; remove one. Returns 0 or -ENOMEM. */
int bw_kstate_upsert_link(struct bw_kstate *ks, const struct bw_link *l);
void bw_kstate_remove_link(struct bw_kstate *ks, int ifindex);
/* After a dump: fill each bond's params.primary from primary_ifindex. */
void bw_kstate_resolve_names(struct bw_kstate *ks);
/* Set the speed and duplex of the link with ifindex (no-op when absent). */
void bw_kstate_set_linkmodes(struct bw_kstate *ks, int ifindex, uint32_t speed, uint8_t duplex);

#endif
