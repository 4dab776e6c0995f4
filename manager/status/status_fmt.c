// SPDX-License-Identifier: GPL-2.0-or-later
/* status_fmt.c - what /proc/net/bonding/BOND says, readable, from netlink. */
#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>
#include "bondwatch/bond_opts.h"
#include "bondwatch/config.h"
#include "bondwatch/health.h"
#include "bondwatch/text.h"
#include "status_fmt.h"
#include "status_lacp.h"
#include "status_wifi.h"

/* A name for a terminal: the kernel allows bytes that do not print. */
#define SAFE_NAME (BW_IFNAMSIZ * 4)
static const char *safe(const char *name, char buf[SAFE_NAME])
{
	return bw_text_escape(name, strlen(name), buf, SAFE_NAME);
}

static const char *ifname(const struct bw_kstate *ks, int ifindex)
{
	const struct bw_link *l = ifindex ? bw_kstate_link_by_index(ks, ifindex) : NULL;

	return l ? l->name : "";
}

static void mac_str(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The bond's IPv4 address as the MIB reports it (bwBondIpAddress,
 * bwBondAddressSource, bwBondLeaseRemaining: the library's one rule). */
static void ipv4_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond)
{
	const struct bw_kaddr *a = bw_kstate_link_ipv4(ks, bond->ifindex);
	char buf[INET6_ADDRSTRLEN + 8];

	if (!a) {
		fprintf(f, ",\"ipv4\":null");
		return;
	}
	fprintf(f, ",\"ipv4\":{\"address\":\"%s\",\"source\":\"%s\",\"remaining\":%u}",
		bw_prefix_str(&a->prefix, buf, sizeof(buf)), a->dynamic ? "dhcp" : "static",
		a->dynamic ? a->valid_lft : 0);
}

void status_print_text(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs, const struct status_leases *leases,
		       const struct status_wifi_ctx *wifi)
{
	const struct bw_bond_params *p = &bond->bond.params;
	char buf[INET6_ADDRSTRLEN + 8];

	char n1[SAFE_NAME];

	fprintf(f, "%s: %s, %s\n", safe(bond->name, n1), bw_mode_name(p->mode),
		bw_health_name(bw_bond_health(ks, bond)));
	fprintf(f, "  active slave:     %s\n", bond->bond.active_slave_ifindex
		? safe(ifname(ks, bond->bond.active_slave_ifindex), n1) : "none");
	if (bw_mode_has_primary(p->mode))
		fprintf(f, "  primary:          %s (reselect %s)\n",
			p->primary[0] ? safe(p->primary, n1) : "none", bw_prs_name(p->primary_reselect));
	fprintf(f, "  fail-over-mac:    %s\n", bw_fom_name(p->fail_over_mac));
	if (p->arp_interval) {
		char t[BW_ARP_TARGETS_STRLEN];

		bw_arp_targets_str(p, " ", t, sizeof(t));
		fprintf(f, "  monitor:          ARP every %u ms to %s (validate %s, %s targets)\n",
			p->arp_interval, t, bw_av_name(p->arp_validate), bw_aat_name(p->arp_all_targets));
	} else if (p->miimon) {
		fprintf(f, "  monitor:          MII every %u ms, up delay %u ms, down delay %u ms\n",
			p->miimon, p->updelay, p->downdelay);
	} else {
		fprintf(f, "  monitor:          none (failures are never detected)\n");
	}
	status_modes_text(f, bond);
	status_lacp_text_bond(f, ks, bond);
	for (int i = 0; i < ks->n_addrs; i++)
		if (ks->addrs[i].ifindex == bond->ifindex)
			fprintf(f, "  address:          %s%s\n",
				bw_prefix_str(&ks->addrs[i].prefix, buf, sizeof(buf)),
				ks->addrs[i].dynamic ? " (dynamic)" : "");
	status_leases_text(f, ks, bond, leases);
	for (int i = 0; i < ks->n_routes; i++)
		if (ks->routes[i].ifindex == bond->ifindex)
			fprintf(f, "  default route:    via %s metric %u\n",
				bw_ip_str(&ks->routes[i].via, buf, sizeof(buf)), ks->routes[i].metric);
	for (const struct bw_link *l = NULL; (l = bw_kstate_next_slave(ks, bond, l));) {
		char mac[18];

		mac_str(l->slave.perm_hwaddr, mac, sizeof(mac));
		fprintf(f, "  slave %-10s  mii %-10s %-6s link failures %-4u perm %s", safe(l->name, n1),
			bw_mii_name(l->slave.mii_status), bw_slave_state_name(l->slave.state),
			l->slave.link_failure_count, mac);
		status_lacp_text_slave(f, bond, l);
		/* Last on the line: what kind of member it is. */
		if (bw_if_is_wireless(sysfs, l->name)) {
			fprintf(f, "  wireless\n");
			status_wifi_text(f, wifi, l);
		} else {
			fputc('\n', f);
		}
	}
}

void status_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void status_print_json(FILE *f, const struct bw_kstate *ks, const struct bw_link *bond,
		       const char *sysfs, const struct status_leases *leases,
		       const struct status_wifi_ctx *wifi)
{
	const struct bw_bond_params *p = &bond->bond.params;
	char buf[INET6_ADDRSTRLEN + 8];
	bool first = true;

	fprintf(f, "{\"name\":");
	status_json_str(f, bond->name);
	fprintf(f, ",\"ifindex\":%d,\"mode\":\"%s\",\"status\":\"%s\",\"active_slave\":",
		bond->ifindex, bw_mode_name(p->mode), bw_health_name(bw_bond_health(ks, bond)));
	status_json_str(f, ifname(ks, bond->bond.active_slave_ifindex));
	fprintf(f, ",\"primary\":");
	status_json_str(f, p->primary);
	fprintf(f, ",\"primary_reselect\":\"%s\",\"fail_over_mac\":\"%s\",\"miimon\":%u,"
		   "\"updelay\":%u,\"downdelay\":%u,\"arp_interval\":%u,\"arp_validate\":\"%s\","
		   "\"arp_all_targets\":\"%s\",\"arp_ip_targets\":[",
		bw_prs_name(p->primary_reselect), bw_fom_name(p->fail_over_mac), p->miimon, p->updelay,
		p->downdelay, p->arp_interval, bw_av_name(p->arp_validate),
		bw_aat_name(p->arp_all_targets));
	for (int i = 0; i < p->n_arp_targets; i++) {
		char ip[INET_ADDRSTRLEN];

		fprintf(f, "%s\"%s\"", i ? "," : "", inet_ntop(AF_INET, &p->arp_targets[i], ip, sizeof(ip)));
	}
	fprintf(f, "]");
	status_modes_json(f, bond);
	status_lacp_json_bond(f, ks, bond);
	fprintf(f, ",\"addresses\":[");
	for (int i = 0; i < ks->n_addrs; i++)
		if (ks->addrs[i].ifindex == bond->ifindex) {
			fprintf(f, "%s\"%s\"", first ? "" : ",",
				bw_prefix_str(&ks->addrs[i].prefix, buf, sizeof(buf)));
			first = false;
		}
	fprintf(f, "]");
	ipv4_json(f, ks, bond);
	fprintf(f, ",\"default_routes\":[");
	first = true;
	for (int i = 0; i < ks->n_routes; i++)
		if (ks->routes[i].ifindex == bond->ifindex) {
			fprintf(f, "%s{\"via\":\"%s\",\"metric\":%u}", first ? "" : ",",
				bw_ip_str(&ks->routes[i].via, buf, sizeof(buf)), ks->routes[i].metric);
			first = false;
		}
	fprintf(f, "]");
	status_leases_json(f, ks, bond, leases);
	fprintf(f, ",\"slaves\":[");
	first = true;
	for (const struct bw_link *l = NULL; (l = bw_kstate_next_slave(ks, bond, l));) {
		char mac[18];

		mac_str(l->slave.perm_hwaddr, mac, sizeof(mac));
		fprintf(f, "%s{\"name\":", first ? "" : ",");
		status_json_str(f, l->name);
		fprintf(f, ",\"ifindex\":%d,\"mii_status\":\"%s\",\"state\":\"%s\","
			   "\"link_failure_count\":%u,\"perm_hwaddr\":\"%s\",\"wireless\":%s",
			l->ifindex, bw_mii_name(l->slave.mii_status), bw_slave_state_name(l->slave.state),
			l->slave.link_failure_count, mac,
			bw_if_is_wireless(sysfs, l->name) ? "true" : "false");
		status_lacp_json_slave(f, bond, l);
		if (bw_if_is_wireless(sysfs, l->name))
			status_wifi_json(f, wifi, l);
		fputc('}', f);
		first = false;
	}
	fprintf(f, "]}");
}
