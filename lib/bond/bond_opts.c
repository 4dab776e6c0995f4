// SPDX-License-Identifier: GPL-2.0-or-later
/* bond_opts.c - value tables for the bonding options, indexed by the
 * kernel's wire value (drivers/net/bonding/bond_options.c). */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "bondwatch/bond_opts.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const mode_tbl[] = {
	[BW_MODE_BALANCE_RR] = "balance-rr",
	[BW_MODE_ACTIVE_BACKUP] = "active-backup",
	[BW_MODE_BALANCE_XOR] = "balance-xor",
	[BW_MODE_BROADCAST] = "broadcast",
	[BW_MODE_8023AD] = "802.3ad",
	[BW_MODE_BALANCE_TLB] = "balance-tlb",
	[BW_MODE_BALANCE_ALB] = "balance-alb",
};
static const char *const fom_tbl[] = {
	[BW_FOM_NONE] = "none", [BW_FOM_ACTIVE] = "active", [BW_FOM_FOLLOW] = "follow",
};
static const char *const prs_tbl[] = {
	[BW_PRS_ALWAYS] = "always", [BW_PRS_BETTER] = "better", [BW_PRS_FAILURE] = "failure",
};
static const char *const av_tbl[] = {
	[BW_AV_NONE] = "none", [BW_AV_ACTIVE] = "active", [BW_AV_BACKUP] = "backup",
	[BW_AV_ALL] = "all", [BW_AV_FILTER] = "filter",
	[BW_AV_FILTER_ACTIVE] = "filter_active", [BW_AV_FILTER_BACKUP] = "filter_backup",
};
static const char *const aat_tbl[] = { [BW_AAT_ANY] = "any", [BW_AAT_ALL] = "all" };
static const char *const xhp_tbl[] = {
	[BW_XHP_LAYER2] = "layer2", [BW_XHP_LAYER34] = "layer3+4", [BW_XHP_LAYER23] = "layer2+3",
	[BW_XHP_ENCAP23] = "encap2+3", [BW_XHP_ENCAP34] = "encap3+4",
	[BW_XHP_VLAN_SRCMAC] = "vlan+srcmac",
};
static const char *const lacp_tbl[] = { [BW_LACP_SLOW] = "slow", [BW_LACP_FAST] = "fast" };
static const char *const ads_tbl[] = {
	[BW_ADS_STABLE] = "stable", [BW_ADS_BANDWIDTH] = "bandwidth", [BW_ADS_COUNT] = "count",
};
static const char *const slave_state_tbl[] = {
	[BW_SLAVE_ACTIVE] = "active", [BW_SLAVE_BACKUP] = "backup",
};
static const char *const mii_tbl[] = {
	[BW_MII_UP] = "up", [BW_MII_GOING_DOWN] = "going-down",
	[BW_MII_DOWN] = "down", [BW_MII_GOING_BACK] = "going-back",
};
static const char *const opt_keys[BW_OPT__COUNT] = {
	[BW_OPT_MODE] = "mode",
	[BW_OPT_PRIMARY] = "primary",
	[BW_OPT_PRIMARY_RESELECT] = "primary-reselect-policy",
	[BW_OPT_FAIL_OVER_MAC] = "fail-over-mac-policy",
	[BW_OPT_MIIMON] = "mii-monitor-interval",
	[BW_OPT_UPDELAY] = "up-delay",
	[BW_OPT_DOWNDELAY] = "down-delay",
	[BW_OPT_ARP_INTERVAL] = "arp-interval",
	[BW_OPT_ARP_IP_TARGETS] = "arp-ip-targets",
	[BW_OPT_ARP_VALIDATE] = "arp-validate",
	[BW_OPT_ARP_ALL_TARGETS] = "arp-all-targets",
	[BW_OPT_NUM_GRAT_ARP] = "gratuitous-arp",
	[BW_OPT_PEER_NOTIF_DELAY] = "peer-notify-delay",
	[BW_OPT_NS_IP6_TARGETS] = "ns-ip6-targets",
	[BW_OPT_XMIT_HASH] = "transmit-hash-policy",
	[BW_OPT_RESEND_IGMP] = "resend-igmp",
	[BW_OPT_ALL_SLAVES_ACTIVE] = "all-members-active",
	[BW_OPT_MIN_LINKS] = "min-links",
	[BW_OPT_LP_INTERVAL] = "learn-packet-interval",
	[BW_OPT_PACKETS_PER_SLAVE] = "packets-per-member",
	[BW_OPT_LACP_RATE] = "lacp-rate",
	[BW_OPT_AD_SELECT] = "ad-select",
	[BW_OPT_MISSED_MAX] = "arp-missed-max",
	[BW_OPT_MTU] = "mtu",
	[BW_OPT_MACADDRESS] = "macaddress",
};

static const char *tbl_name(const char *const *tbl, size_t n, unsigned v)
{
	return v < n && tbl[v] ? tbl[v] : "unknown";
}

static int tbl_parse(const char *const *tbl, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (tbl[i] && strcmp(tbl[i], s) == 0)
			return (int)i;
	return -1;
}

static const char *tbl_words(const char *const *tbl, size_t n, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off < len; i++) {
		size_t w = strlen(tbl[i]);

		if (off + w + 2 > len)
			break;
		if (off)
			buf[off++] = ' ';
		memcpy(buf + off, tbl[i], w + 1);
		off += w;
	}
	return buf;
}

#define TABLE_FUNCS(prefix, tbl)                                              \
	const char *prefix##_name(unsigned v) { return tbl_name(tbl, N(tbl), v); } \
	int prefix##_parse(const char *s) { return tbl_parse(tbl, N(tbl), s); }    \
	const char *prefix##_words(void)                                      \
	{                                                                     \
		static char buf[160];                                         \
		return buf[0] ? buf : tbl_words(tbl, N(tbl), buf, sizeof(buf)); \
	}

TABLE_FUNCS(bw_mode, mode_tbl)
TABLE_FUNCS(bw_fom, fom_tbl)
TABLE_FUNCS(bw_prs, prs_tbl)
TABLE_FUNCS(bw_av, av_tbl)
TABLE_FUNCS(bw_aat, aat_tbl)
TABLE_FUNCS(bw_xhp, xhp_tbl)
TABLE_FUNCS(bw_lacp, lacp_tbl)
TABLE_FUNCS(bw_ads, ads_tbl)

const char *bw_slave_state_name(unsigned v)
{
	return tbl_name(slave_state_tbl, N(slave_state_tbl), v);
}

const char *bw_mii_name(unsigned v)
{
	return tbl_name(mii_tbl, N(mii_tbl), v);
}

const char *bw_opt_key(enum bw_opt o)
{
	return (unsigned)o < BW_OPT__COUNT ? opt_keys[o] : "unknown";
}

void bw_bond_params_default(struct bw_bond_params *p)
{
	memset(p, 0, sizeof(*p));
	p->mode = BW_MODE_BALANCE_RR;
	p->fail_over_mac = BW_FOM_NONE;
	p->primary_reselect = BW_PRS_ALWAYS;
	p->num_grat_arp = 1;
	p->miimon = 100;
	p->arp_validate = BW_AV_NONE;
	p->arp_all_targets = BW_AAT_ANY;
	/* bond_options.c's BOND_VALFLAG_DEFAULT values. */
	p->xmit_hash = BW_XHP_LAYER2;
	p->lacp_rate = BW_LACP_SLOW;
	p->ad_select = BW_ADS_STABLE;
	p->missed_max = 2;
	p->lp_interval = 1;
	p->packets_per_slave = 1;
	p->resend_igmp = 1;
}

bool bw_mode_has_primary(unsigned mode)
{
	return mode == BW_MODE_ACTIVE_BACKUP || mode == BW_MODE_BALANCE_TLB ||
	       mode == BW_MODE_BALANCE_ALB;
}

bool bw_mode_has_arp(unsigned mode)
{
	return mode != BW_MODE_8023AD && mode != BW_MODE_BALANCE_TLB &&
	       mode != BW_MODE_BALANCE_ALB;
}

#define M(m) (1u << (m))
/* Modes in which each option of the other modes means something. */
static const unsigned opt_modes[BW_OPT__COUNT] = {
	/* bond_change_active_slave notifies peers in active-backup only. */
	[BW_OPT_PEER_NOTIF_DELAY] = M(BW_MODE_ACTIVE_BACKUP),
	/* The ARP monitor's IPv6 half: where the ARP monitor runs. */
	[BW_OPT_NS_IP6_TARGETS] = M(BW_MODE_BALANCE_RR) | M(BW_MODE_ACTIVE_BACKUP) |
				  M(BW_MODE_BALANCE_XOR) | M(BW_MODE_BROADCAST),
	[BW_OPT_MISSED_MAX] = M(BW_MODE_BALANCE_RR) | M(BW_MODE_ACTIVE_BACKUP) |
			      M(BW_MODE_BALANCE_XOR) | M(BW_MODE_BROADCAST),
	/* "balance-xor, 802.3ad, and tlb hashing method" */
	[BW_OPT_XMIT_HASH] = M(BW_MODE_BALANCE_XOR) | M(BW_MODE_8023AD) | M(BW_MODE_BALANCE_TLB),
	/* Reports are resent when the active slave changes, or in
	 * balance-rr (bond_change_active_slave). */
	[BW_OPT_RESEND_IGMP] = M(BW_MODE_BALANCE_RR) | M(BW_MODE_ACTIVE_BACKUP) |
			       M(BW_MODE_BALANCE_TLB) | M(BW_MODE_BALANCE_ALB),
	/* Only modes that have inactive slaves drop what those receive. */
	[BW_OPT_ALL_SLAVES_ACTIVE] = M(BW_MODE_ACTIVE_BACKUP) | M(BW_MODE_8023AD) |
				     M(BW_MODE_BALANCE_TLB) | M(BW_MODE_BALANCE_ALB),
	[BW_OPT_MIN_LINKS] = M(BW_MODE_8023AD),
	[BW_OPT_LP_INTERVAL] = M(BW_MODE_BALANCE_TLB) | M(BW_MODE_BALANCE_ALB),
	[BW_OPT_PACKETS_PER_SLAVE] = M(BW_MODE_BALANCE_RR),
	[BW_OPT_LACP_RATE] = M(BW_MODE_8023AD),
	[BW_OPT_AD_SELECT] = M(BW_MODE_8023AD),
};

bool bw_opt_in_mode(enum bw_opt o, unsigned mode)
{
	if ((unsigned)o >= BW_OPT__COUNT || mode > BW_MODE_BALANCE_ALB)
		return false;
	return opt_modes[o] == 0 || (opt_modes[o] & M(mode));
}

/* Addresses of family AF (n of them, each size bytes apart from addrs)
 * joined with sep into buf; only whole addresses, so a short buffer ends
 * the list rather than cutting one. */
static const char *join_addrs(int af, const void *addrs, size_t size, int n, const char *sep,
			      char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && i < BW_MAX_ARP_TARGETS; i++) {
		char ip[INET6_ADDRSTRLEN];
		int w;

		if (!inet_ntop(af, (const char *)addrs + (size_t)i * size, ip, sizeof(ip)))
			continue;
		w = snprintf(buf + off, len - off, "%s%s", off ? sep : "", ip);
		if (w < 0 || (size_t)w >= len - off) {
			buf[off] = '\0';
			break;
		}
		off += (size_t)w;
	}
	return buf;
}

const char *bw_ns_targets_str(const struct bw_bond_params *p, const char *sep, char *buf,
			      size_t len)
{
	return join_addrs(AF_INET6, p->ns_targets, sizeof(p->ns_targets[0]), p->n_ns_targets,
			  sep, buf, len);
}

const char *bw_arp_targets_str(const struct bw_bond_params *p, const char *sep, char *buf,
			       size_t len)
{
	return join_addrs(AF_INET, p->arp_targets, sizeof(p->arp_targets[0]), p->n_arp_targets,
			  sep, buf, len);
}
