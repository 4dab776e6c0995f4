// SPDX-License-Identifier: GPL-2.0-or-later
/* status_modes.c - the other modes' options (issue 17) and the bond's MTU
 * and address in `bondmgr status`: as text, the options that mean
 * something in the bond's mode under the file's key names; as JSON, all of
 * them under the kernel's names. */
#include <arpa/inet.h>
#include "bondwatch/bond_opts.h"
#include "status_fmt.h"

static void mac_str(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* "  key:  value" with the keys aligned as status_print_text aligns them. */
#define LINE(f, key, fmt, ...) fprintf(f, "  %-17s " fmt "\n", key ":", __VA_ARGS__)

void status_modes_text(FILE *f, const struct bw_link *bond)
{
	const struct bw_bond_params *p = &bond->bond.params;
	unsigned m = p->mode;
	char buf[BW_NS_TARGETS_STRLEN];

	if (bw_opt_in_mode(BW_OPT_XMIT_HASH, m))
		LINE(f, "transmit-hash", "%s", bw_xhp_name(p->xmit_hash));
	if (bw_opt_in_mode(BW_OPT_LACP_RATE, m))
		LINE(f, "lacp-rate", "%s", bw_lacp_name(p->lacp_rate));
	if (bw_opt_in_mode(BW_OPT_AD_SELECT, m))
		LINE(f, "ad-select", "%s", bw_ads_name(p->ad_select));
	if (bw_opt_in_mode(BW_OPT_MIN_LINKS, m))
		LINE(f, "min-links", "%u", p->min_links);
	if (bw_opt_in_mode(BW_OPT_ALL_SLAVES_ACTIVE, m))
		LINE(f, "all-members-active", "%s", p->all_slaves_active ? "true" : "false");
	if (bw_opt_in_mode(BW_OPT_PACKETS_PER_SLAVE, m))
		LINE(f, "packets-per-member", "%u", p->packets_per_slave);
	if (bw_opt_in_mode(BW_OPT_LP_INTERVAL, m))
		LINE(f, "learn-packet-int", "%u s", p->lp_interval);
	if (bw_opt_in_mode(BW_OPT_RESEND_IGMP, m))
		LINE(f, "resend-igmp", "%u", p->resend_igmp);
	if (bw_opt_in_mode(BW_OPT_PEER_NOTIF_DELAY, m) && p->miimon)
		LINE(f, "peer-notify-delay", "%u ms (gratuitous-arp %u)", p->peer_notif_delay,
		     p->num_grat_arp);
	if (bw_mode_has_arp(m) && p->arp_interval) {
		LINE(f, "arp-missed-max", "%u", p->missed_max);
		if (p->n_ns_targets)
			LINE(f, "ns-ip6-targets", "%s", bw_ns_targets_str(p, " ", buf, sizeof(buf)));
	}
	mac_str(p->mac, buf, sizeof(buf));
	LINE(f, "mtu", "%u, address %s", p->mtu, p->has_mac ? buf : "none");
}

void status_modes_json(FILE *f, const struct bw_link *bond)
{
	const struct bw_bond_params *p = &bond->bond.params;
	char mac[18];

	mac_str(p->mac, mac, sizeof(mac));
	fprintf(f, ",\"xmit_hash_policy\":\"%s\",\"lacp_rate\":\"%s\",\"ad_select\":\"%s\","
		   "\"min_links\":%u,\"all_slaves_active\":%s,\"packets_per_slave\":%u,"
		   "\"lp_interval\":%u,\"resend_igmp\":%u,\"num_grat_arp\":%u,"
		   "\"peer_notif_delay\":%u,\"arp_missed_max\":%u,\"ns_ip6_targets\":[",
		bw_xhp_name(p->xmit_hash), bw_lacp_name(p->lacp_rate), bw_ads_name(p->ad_select),
		p->min_links, p->all_slaves_active ? "true" : "false", p->packets_per_slave,
		p->lp_interval, p->resend_igmp, p->num_grat_arp, p->peer_notif_delay, p->missed_max);
	for (int i = 0; i < p->n_ns_targets; i++) {
		char ip[INET6_ADDRSTRLEN];

		fprintf(f, "%s\"%s\"", i ? "," : "",
			inet_ntop(AF_INET6, &p->ns_targets[i], ip, sizeof(ip)) ? ip : "");
	}
	fprintf(f, "],\"mtu\":%u,\"macaddress\":\"%s\"", p->mtu, p->has_mac ? mac : "");
}
