// SPDX-License-Identifier: GPL-2.0-or-later
/* opt_value.c - an option's value written out, one switch for the two
 * readers of it: a plan line ("mii-monitor-interval 100ms", "none" for an
 * empty list) and the YAML that `bondmgr import` prints ("100", "[]",
 * a quoted MAC). */
#include <stdio.h>
#include "bondwatch/bond_opts.h"

/* The unit a plan line gives a time option: netplan's numbers are ms,
 * learn-packet-interval's seconds. */
static const char *unit(enum bw_opt o)
{
	switch (o) {
	case BW_OPT_MIIMON:
	case BW_OPT_UPDELAY:
	case BW_OPT_DOWNDELAY:
	case BW_OPT_ARP_INTERVAL:
	case BW_OPT_PEER_NOTIF_DELAY:
		return "ms";
	case BW_OPT_LP_INTERVAL:
		return "s";
	default:
		return "";
	}
}

static bool number(enum bw_opt o, const struct bw_bond_params *p, unsigned *v)
{
	switch (o) {
	case BW_OPT_MIIMON: *v = p->miimon; return true;
	case BW_OPT_UPDELAY: *v = p->updelay; return true;
	case BW_OPT_DOWNDELAY: *v = p->downdelay; return true;
	case BW_OPT_ARP_INTERVAL: *v = p->arp_interval; return true;
	case BW_OPT_PEER_NOTIF_DELAY: *v = p->peer_notif_delay; return true;
	case BW_OPT_LP_INTERVAL: *v = p->lp_interval; return true;
	case BW_OPT_NUM_GRAT_ARP: *v = p->num_grat_arp; return true;
	case BW_OPT_RESEND_IGMP: *v = p->resend_igmp; return true;
	case BW_OPT_MIN_LINKS: *v = p->min_links; return true;
	case BW_OPT_PACKETS_PER_SLAVE: *v = p->packets_per_slave; return true;
	case BW_OPT_MISSED_MAX: *v = p->missed_max; return true;
	case BW_OPT_MTU: *v = p->mtu; return true;
	default: return false;
	}
}

static const char *word(enum bw_opt o, const struct bw_bond_params *p)
{
	switch (o) {
	case BW_OPT_MODE: return bw_mode_name(p->mode);
	case BW_OPT_FAIL_OVER_MAC: return bw_fom_name(p->fail_over_mac);
	case BW_OPT_PRIMARY_RESELECT: return bw_prs_name(p->primary_reselect);
	case BW_OPT_ARP_VALIDATE: return bw_av_name(p->arp_validate);
	case BW_OPT_ARP_ALL_TARGETS: return bw_aat_name(p->arp_all_targets);
	case BW_OPT_XMIT_HASH: return bw_xhp_name(p->xmit_hash);
	case BW_OPT_LACP_RATE: return bw_lacp_name(p->lacp_rate);
	case BW_OPT_AD_SELECT: return bw_ads_name(p->ad_select);
	case BW_OPT_ALL_SLAVES_ACTIVE: return p->all_slaves_active ? "true" : "false";
	default: return NULL;
	}
}

const char *bw_opt_value(enum bw_opt o, const struct bw_bond_params *p, enum bw_opt_style st,
			 char *buf, size_t len)
{
	bool yaml = st == BW_OPT_STYLE_YAML;
	char list[BW_NS_TARGETS_STRLEN];
	const char *w = word(o, p);
	const uint8_t *m = p->mac;
	unsigned v;

	if (w)
		snprintf(buf, len, "%s", w);
	else if (number(o, p, &v))
		snprintf(buf, len, "%u%s", v, yaml ? "" : unit(o));
	else if (o == BW_OPT_PRIMARY)
		snprintf(buf, len, "%s", p->primary[0] || yaml ? p->primary : "none");
	else if (o == BW_OPT_ARP_IP_TARGETS || o == BW_OPT_NS_IP6_TARGETS) {
		bool empty = o == BW_OPT_ARP_IP_TARGETS ? !p->n_arp_targets : !p->n_ns_targets;
		const char *sep = yaml ? ", " : ",";

		if (o == BW_OPT_ARP_IP_TARGETS)
			bw_arp_targets_str(p, sep, list, sizeof(list));
		else
			bw_ns_targets_str(p, sep, list, sizeof(list));
		if (yaml)
			snprintf(buf, len, "[%s]", list);
		else
			snprintf(buf, len, "%s", empty ? "none" : list);
	} else if (o == BW_OPT_MACADDRESS) {
		if (!yaml && !p->has_mac)
			snprintf(buf, len, "none");
		else
			snprintf(buf, len, "%s%02x:%02x:%02x:%02x:%02x:%02x%s", yaml ? "\"" : "", m[0],
				 m[1], m[2], m[3], m[4], m[5], yaml ? "\"" : "");
	} else {
		return NULL;
	}
	return buf;
}
