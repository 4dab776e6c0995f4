// SPDX-License-Identifier: GPL-2.0-or-later
/* mib_values.c - column values of the bond and slave tables; see
 * mib_values.h. Kernel enumerations start at 0, SMIv2 ones at 1: every
 * enum column is the kernel value plus one (the MIB says so). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "mib_oids.h"
#include "mib_values.h"

static void set_int(struct bwa_value *v, long i)
{
	v->type = BWA_V_INTEGER;
	v->integer = i;
}

static void set_u32(struct bwa_value *v, enum bwa_vtype type, uint32_t u)
{
	v->type = type;
	v->u32 = u;
}

static void set_octets(struct bwa_value *v, const void *p, size_t len)
{
	if (len > sizeof(v->octets))
		len = sizeof(v->octets);
	v->type = BWA_V_OCTETS;
	v->len = len;
	memcpy(v->octets, p, len);
}

static void set_string(struct bwa_value *v, const char *s)
{
	set_octets(v, s, strnlen(s, BW_IFNAMSIZ));
}

size_t bwa_date_and_time(const struct timespec *t, uint8_t out[11])
{
	struct tm tm;
	time_t sec = t->tv_sec;

	memset(out, 0, 11);
	if (!sec || !gmtime_r(&sec, &tm))
		return 8;
	out[0] = (uint8_t)((tm.tm_year + 1900) >> 8);
	out[1] = (uint8_t)((tm.tm_year + 1900) & 0xff);
	out[2] = (uint8_t)(tm.tm_mon + 1);
	out[3] = (uint8_t)tm.tm_mday;
	out[4] = (uint8_t)tm.tm_hour;
	out[5] = (uint8_t)tm.tm_min;
	out[6] = (uint8_t)tm.tm_sec;
	out[7] = (uint8_t)(t->tv_nsec / 100000000);
	out[8] = '+';                                         /* UTC: +0:0 */
	return 11;
}

static void set_arp_targets(struct bwa_value *v, const struct bw_bond_params *p)
{
	char buf[BW_ARP_TARGETS_STRLEN];

	bw_arp_targets_str(p, ",", buf, sizeof(buf));
	set_octets(v, buf, strlen(buf));
}

static void set_truth(struct bwa_value *v, bool t)
{
	set_int(v, t ? 1 : 2);                              /* TruthValue */
}

/* The other modes' options and the active aggregator (columns 20-30): a
 * bond not in 802.3ad, or with no active aggregator, has aggregator 0,
 * keys 0 and an all-zero partner MAC. */
static int bond_ad_value(const struct bwa_bond *b, unsigned col, struct bwa_value *v)
{
	const struct bw_bond_ad *ad = &b->ad;

	switch (col) {
	case BWA_BOND_XMIT_HASH_POLICY: set_int(v, b->params.xmit_hash + 1L); break;
	case BWA_BOND_LACP_RATE: set_int(v, b->params.lacp_rate + 1L); break;
	case BWA_BOND_AD_SELECT: set_int(v, b->params.ad_select + 1L); break;
	case BWA_BOND_MIN_LINKS: set_u32(v, BWA_V_UNSIGNED, b->params.min_links); break;
	case BWA_BOND_AD_AGGREGATOR_ID: set_u32(v, BWA_V_UNSIGNED, ad->aggregator_id); break;
	case BWA_BOND_AD_NUM_PORTS: set_u32(v, BWA_V_GAUGE, ad->num_ports); break;
	case BWA_BOND_AD_ACTOR_KEY: set_u32(v, BWA_V_UNSIGNED, ad->actor_key); break;
	case BWA_BOND_AD_PARTNER_KEY: set_u32(v, BWA_V_UNSIGNED, ad->partner_key); break;
	case BWA_BOND_AD_PARTNER_MAC: set_octets(v, ad->partner_mac, sizeof(ad->partner_mac)); break;
	case BWA_BOND_AD_PREV_AGGREGATOR_ID: set_u32(v, BWA_V_UNSIGNED, b->hist.prev_agg_id); break;
	case BWA_BOND_LINKMODES_DIFFER: set_truth(v, b->linkmodes_differ); break;
	case BWA_BOND_ADDRESS_SOURCE: set_int(v, b->addr.source); break;
	case BWA_BOND_IP_ADDRESS:
		v->type = BWA_V_IPADDRESS;
		v->len = 4;
		memcpy(v->octets, &b->addr.ip, 4);      /* network order, as IpAddress is sent */
		break;
	case BWA_BOND_IP_PREFIX_LEN: set_u32(v, BWA_V_UNSIGNED, b->addr.prefix_len); break;
	default: return -1;  /* BWA_BOND_LEASE_REMAINING needs a clock: bwa_bond_lease_value */
	}
	return 0;
}

int bwa_bond_lease_value(const struct bwa_bond *b, int64_t now_s, struct bwa_value *v)
{
	memset(v, 0, sizeof(*v));
	set_u32(v, BWA_V_UNSIGNED, bwa_bond_lease_left(&b->addr, now_s));
	return 0;
}

int bwa_bond_value(const struct bwa_bond *b, unsigned col, struct bwa_value *v)
{
	uint8_t dt[11];

	memset(v, 0, sizeof(*v));
	switch (col) {
	case BWA_BOND_NAME: set_string(v, b->name); break;
	case BWA_BOND_MODE: set_int(v, b->params.mode + 1L); break;
	case BWA_BOND_STATUS: set_int(v, b->status); break;
	case BWA_BOND_ACTIVE_IFINDEX: set_int(v, b->active_ifindex); break;
	case BWA_BOND_ACTIVE_NAME: set_string(v, b->active); break;
	case BWA_BOND_PREV_ACTIVE_NAME: set_string(v, b->hist.prev_active); break;
	case BWA_BOND_PRIMARY: set_string(v, b->primary); break;
	case BWA_BOND_PRIMARY_RESELECT: set_int(v, b->params.primary_reselect + 1L); break;
	case BWA_BOND_FAIL_OVER_MAC: set_int(v, b->params.fail_over_mac + 1L); break;
	case BWA_BOND_MIIMON: set_u32(v, BWA_V_UNSIGNED, b->params.miimon); break;
	case BWA_BOND_UPDELAY: set_u32(v, BWA_V_UNSIGNED, b->params.updelay); break;
	case BWA_BOND_DOWNDELAY: set_u32(v, BWA_V_UNSIGNED, b->params.downdelay); break;
	case BWA_BOND_ARP_INTERVAL: set_u32(v, BWA_V_UNSIGNED, b->params.arp_interval); break;
	case BWA_BOND_ARP_TARGETS: set_arp_targets(v, &b->params); break;
	case BWA_BOND_SLAVE_COUNT: set_u32(v, BWA_V_GAUGE, b->n_slaves); break;
	case BWA_BOND_SLAVES_UP: set_u32(v, BWA_V_GAUGE, b->n_up); break;
	case BWA_BOND_FAILOVER_COUNT: set_u32(v, BWA_V_COUNTER, b->hist.failovers); break;
	case BWA_BOND_LAST_FAILOVER:
		set_octets(v, dt, bwa_date_and_time(&b->hist.last_failover, dt));
		break;
	default: return bond_ad_value(b, col, v);
	}
	return 0;
}

/* bwSlaveDuplex: half(1), full(2), unknown(3). */
static long duplex_value(const struct bwa_slave *s)
{
	switch (s->duplex) {
	case BW_DUPLEX_HALF: return 1;
	case BW_DUPLEX_FULL: return 2;
	}
	return 3;
}

/* Churn: the kernel's state plus one; notApplicable(4) when the kernel
 * sent none (not 802.3ad, or a kernel without the attributes). */
static long churn_value(const struct bw_slave_ad *ad, uint8_t st)
{
	return ad->has_churn && st <= BW_CHURN_NONE ? st + 1L : 4;
}

/* Speed, duplex and the 802.3ad port (columns 9-16). */
static int slave_link_value(const struct bwa_slave *s, unsigned col, struct bwa_value *v)
{
	const struct bw_slave_ad *ad = &s->ad;

	switch (col) {
	case BWA_SLAVE_SPEED:
		set_u32(v, BWA_V_GAUGE, s->speed == BW_SPEED_UNKNOWN ? 0 : s->speed);
		break;
	case BWA_SLAVE_DUPLEX: set_int(v, duplex_value(s)); break;
	case BWA_SLAVE_AD_AGGREGATOR_ID: set_u32(v, BWA_V_UNSIGNED, ad->aggregator_id); break;
	case BWA_SLAVE_AD_ACTOR_OPER_STATE: set_u32(v, BWA_V_UNSIGNED, ad->actor_oper_state); break;
	case BWA_SLAVE_AD_PARTNER_OPER_STATE:
		set_u32(v, BWA_V_UNSIGNED, ad->partner_oper_state);
		break;
	case BWA_SLAVE_AD_ACTOR_CHURN: set_int(v, churn_value(ad, ad->churn_actor)); break;
	case BWA_SLAVE_AD_PARTNER_CHURN: set_int(v, churn_value(ad, ad->churn_partner)); break;
	case BWA_SLAVE_AD_IN_ACTIVE_AGG: set_truth(v, s->in_active_agg); break;
	default: return -1;
	}
	return 0;
}

int bwa_slave_value(const struct bwa_slave *s, unsigned col, struct bwa_value *v)
{
	memset(v, 0, sizeof(*v));
	switch (col) {
	case BWA_SLAVE_NAME: set_string(v, s->name); break;
	case BWA_SLAVE_MII_STATUS: set_int(v, s->mii_status + 1L); break;
	case BWA_SLAVE_STATE: set_int(v, s->state + 1L); break;
	case BWA_SLAVE_LINK_FAILURES: set_u32(v, BWA_V_COUNTER, s->link_failure_count); break;
	case BWA_SLAVE_PERM_HWADDR: set_octets(v, s->perm_hwaddr, sizeof(s->perm_hwaddr)); break;
	case BWA_SLAVE_IS_PRIMARY: set_truth(v, s->is_primary); break;
	default: return slave_link_value(s, col, v);
	}
	return 0;
}

/* bwWifiTable. The SSID is given as its raw octets (OCTET STRING, not
 * DisplayString: an SSID need not be text, and an escaped form could not
 * be told from an SSID that holds the escape's characters). */
int bwa_wifi_value(const struct bwa_wifi *w, unsigned col, struct bwa_value *v)
{
	memset(v, 0, sizeof(*v));
	switch (col) {
	case BWA_WIFI_ASSOCIATED: set_truth(v, w->associated); break;
	case BWA_WIFI_SSID:
		set_octets(v, w->ssid, w->ssid_len <= BWA_SSID_MAX ? w->ssid_len : BWA_SSID_MAX);
		break;
	case BWA_WIFI_BSSID: set_octets(v, w->bssid, sizeof(w->bssid)); break;
	case BWA_WIFI_SIGNAL: set_int(v, w->signal_dbm); break;
	case BWA_WIFI_TX_BITRATE: set_u32(v, BWA_V_UNSIGNED, w->tx_kbps); break;
	case BWA_WIFI_SIGNAL_WEAK: set_truth(v, w->weak); break;
	default: return -1;
	}
	return 0;
}
