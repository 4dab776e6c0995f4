// SPDX-License-Identifier: GPL-2.0-or-later
/* status_lacp.c - see status_lacp.h. Words are the kernel's
 * (/proc/net/bonding), numbers as the kernel reports them. */
#include "bondwatch/bond_ad.h"
#include "bondwatch/bond_opts.h"
#include "status_lacp.h"

static void mac_str(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

void status_lacp_text_bond(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond)
{
	const struct bw_bond_ad *ad = &bond->bond.ad;
	unsigned mode = bond->bond.params.mode;
	char mac[18];

	/* The options themselves are status_modes.c's lines. */
	if (mode == BW_MODE_8023AD) {
		if (ad->has_info && ad->aggregator_id) {
			mac_str(ad->partner_mac, mac, sizeof(mac));
			fprintf(f, "  aggregator:       %u, %u ports, actor key %u, partner %s key %u\n",
				ad->aggregator_id, ad->num_ports, ad->actor_key, mac, ad->partner_key);
		} else {
			fprintf(f, "  aggregator:       none active\n");
		}
	}
	if (bw_bond_linkmodes_differ(ks, bond))
		fprintf(f, "  speed/duplex:     the members that are up differ\n");
}

void status_lacp_text_slave(FILE *f, const struct bw_link *bond, const struct bw_link *slave)
{
	const struct bw_slave_ad *ad = &slave->slave.ad;

	if (slave->has_linkmodes && slave->speed != BW_SPEED_UNKNOWN)
		fprintf(f, "  %uMb/s %s", slave->speed, bw_duplex_word(slave->duplex));
	else
		fprintf(f, "  speed unknown");
	if (bond->bond.params.mode != BW_MODE_8023AD || !ad->present)
		return;
	fprintf(f, "  aggregator %u%s, actor state %u, partner state %u", ad->aggregator_id,
		bw_ad_working_member(&bond->bond.ad, ad) ? " (active)" : "",
		ad->actor_oper_state, ad->partner_oper_state);
	if (ad->has_churn)
		fprintf(f, ", churn %s/%s", bw_ad_churn_word(ad->churn_actor),
			bw_ad_churn_word(ad->churn_partner));
}

void status_lacp_json_bond(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond)
{
	const struct bw_bond_ad *ad = &bond->bond.ad;
	char mac[18];

	fprintf(f, ",\"speed_duplex_differ\":%s,\"ad_info\":",
		bw_bond_linkmodes_differ(ks, bond) ? "true" : "false");
	if (!ad->has_info) {
		fprintf(f, "null");
		return;
	}
	mac_str(ad->partner_mac, mac, sizeof(mac));
	fprintf(f, "{\"aggregator\":%u,\"num_ports\":%u,\"actor_key\":%u,\"partner_key\":%u,"
		   "\"partner_mac\":\"%s\"}",
		ad->aggregator_id, ad->num_ports, ad->actor_key, ad->partner_key, mac);
}

void status_lacp_json_slave(FILE *f, const struct bw_link *bond, const struct bw_link *slave)
{
	const struct bw_slave_ad *ad = &slave->slave.ad;

	if (slave->has_linkmodes && slave->speed != BW_SPEED_UNKNOWN)
		fprintf(f, ",\"speed\":%u", slave->speed);
	else
		fprintf(f, ",\"speed\":null");
	fprintf(f, ",\"duplex\":\"%s\",\"ad\":",
		bw_duplex_word(slave->has_linkmodes ? slave->duplex : BW_DUPLEX_UNKNOWN));
	if (!ad->present) {
		fprintf(f, "null");
		return;
	}
	fprintf(f, "{\"aggregator\":%u,\"in_active_aggregator\":%s,\"actor_oper_state\":%u,"
		   "\"partner_oper_state\":%u,\"churn_actor\":",
		ad->aggregator_id, bw_ad_working_member(&bond->bond.ad, ad) ? "true" : "false",
		ad->actor_oper_state, ad->partner_oper_state);
	if (ad->has_churn)
		fprintf(f, "\"%s\",\"churn_partner\":\"%s\"}", bw_ad_churn_word(ad->churn_actor),
			bw_ad_churn_word(ad->churn_partner));
	else
		fprintf(f, "null,\"churn_partner\":null}");
}
