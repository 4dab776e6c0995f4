// SPDX-License-Identifier: GPL-2.0-or-later
/* import_opts.c - one bonding option by the kernel's name (as ifenslave's
 * bond-* lines and the bonding module's parameters spell it) into
 * bondwatch's parameters. Values are words or the kernel's numbers
 * ("active-backup" or "1"), as the kernel's sysfs files take them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "bondwatch/types.h"
#include "import_priv.h"

#define BIT(o) BW_OPT_BIT(o)

int bw_import_words(char *s, bool commas, char **w, int max)
{
	int n = 0;
	char *save = NULL;

	for (char *t = strtok_r(s, commas ? " \t," : " \t", &save); t && n < max;
	     t = strtok_r(NULL, commas ? " \t," : " \t", &save))
		w[n++] = t;
	return n;
}

/* A word from the table, or its number (0..n-1). */
static int enum_val(int (*parse)(const char *), const char *(*name)(unsigned), const char *s)
{
	int v = parse(s);
	unsigned long u;
	char *end;

	if (v >= 0)
		return v;
	u = strtoul(s, &end, 10);
	if (end == s || *end || u > 16 || !strcmp(name((unsigned)u), "unknown"))
		return -1;
	return (int)u;
}

static bool uint_val(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;

	if (!*s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned)(*p - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

static bool targets(struct bw_bond_params *p, char *val)
{
	char *w[BW_MAX_ARP_TARGETS + 1];
	int n = bw_import_words(val, true, w, BW_MAX_ARP_TARGETS + 1);
	struct bw_ip ip;

	if (n > BW_MAX_ARP_TARGETS)
		return false;
	p->n_arp_targets = 0;
	for (int i = 0; i < n; i++) {
		if (bw_ip_parse(w[i], &ip) < 0 || ip.family != AF_INET)
			return false;
		p->arp_targets[p->n_arp_targets++] = ip.a.v4;
	}
	return n > 0;
}

static const struct {
	const char *key;
	enum bw_opt opt;
} known[] = {
	{ "mode", BW_OPT_MODE },
	{ "primary", BW_OPT_PRIMARY },
	{ "primary_reselect", BW_OPT_PRIMARY_RESELECT },
	{ "fail_over_mac", BW_OPT_FAIL_OVER_MAC },
	{ "miimon", BW_OPT_MIIMON },
	{ "updelay", BW_OPT_UPDELAY },
	{ "downdelay", BW_OPT_DOWNDELAY },
	{ "arp_interval", BW_OPT_ARP_INTERVAL },
	{ "arp_ip_target", BW_OPT_ARP_IP_TARGETS },
	{ "arp_validate", BW_OPT_ARP_VALIDATE },
	{ "arp_all_targets", BW_OPT_ARP_ALL_TARGETS },
	{ "num_grat_arp", BW_OPT_NUM_GRAT_ARP },
	{ "num_unsol_na", BW_OPT_NUM_GRAT_ARP },   /* the same setting in the kernel */
	/* The other modes' options (bondwatch.yaml(5)); whether the bond's
	 * mode takes them is bw_import_fit's business. */
	{ "xmit_hash_policy", BW_OPT_XMIT_HASH },
	{ "lacp_rate", BW_OPT_LACP_RATE },
	{ "ad_select", BW_OPT_AD_SELECT },
	{ "min_links", BW_OPT_MIN_LINKS },
	{ "all_slaves_active", BW_OPT_ALL_SLAVES_ACTIVE },
	{ "lp_interval", BW_OPT_LP_INTERVAL },
	{ "packets_per_slave", BW_OPT_PACKETS_PER_SLAVE },
	{ "resend_igmp", BW_OPT_RESEND_IGMP },
	{ "arp_missed_max", BW_OPT_MISSED_MAX },
	{ "peer_notif_delay", BW_OPT_PEER_NOTIF_DELAY },
};

static bool set(struct bw_bond_params *p, enum bw_opt o, char *val)
{
	int v = 0;
	uint32_t u = 0;

	switch (o) {
	case BW_OPT_MODE: v = enum_val(bw_mode_parse, bw_mode_name, val); p->mode = (uint8_t)v; break;
	case BW_OPT_PRIMARY_RESELECT:
		v = enum_val(bw_prs_parse, bw_prs_name, val);
		p->primary_reselect = (uint8_t)v;
		break;
	case BW_OPT_FAIL_OVER_MAC:
		v = enum_val(bw_fom_parse, bw_fom_name, val);
		p->fail_over_mac = (uint8_t)v;
		break;
	case BW_OPT_ARP_VALIDATE:
		v = enum_val(bw_av_parse, bw_av_name, val);
		p->arp_validate = (uint32_t)v;
		break;
	case BW_OPT_ARP_ALL_TARGETS:
		v = enum_val(bw_aat_parse, bw_aat_name, val);
		p->arp_all_targets = (uint32_t)v;
		break;
	case BW_OPT_PRIMARY:
		if (bw_ifname_check(val) || strlen(val) >= sizeof(p->primary))
			return false;
		memcpy(p->primary, val, strlen(val) + 1);
		return true;
	case BW_OPT_ARP_IP_TARGETS: return targets(p, val);
	case BW_OPT_NUM_GRAT_ARP:
		if (!uint_val(val, 255, &u))
			return false;
		p->num_grat_arp = (uint8_t)u;
		return true;
	case BW_OPT_MIIMON: return uint_val(val, 2147483647u, &p->miimon);
	case BW_OPT_UPDELAY: return uint_val(val, 2147483647u, &p->updelay);
	case BW_OPT_DOWNDELAY: return uint_val(val, 2147483647u, &p->downdelay);
	case BW_OPT_ARP_INTERVAL: return uint_val(val, 2147483647u, &p->arp_interval);
	case BW_OPT_PEER_NOTIF_DELAY: return uint_val(val, 2147483647u, &p->peer_notif_delay);
	case BW_OPT_XMIT_HASH:
		v = enum_val(bw_xhp_parse, bw_xhp_name, val);
		p->xmit_hash = (uint8_t)v;
		break;
	case BW_OPT_LACP_RATE:
		v = enum_val(bw_lacp_parse, bw_lacp_name, val);
		p->lacp_rate = (uint8_t)v;
		break;
	case BW_OPT_AD_SELECT:
		v = enum_val(bw_ads_parse, bw_ads_name, val);
		p->ad_select = (uint8_t)v;
		break;
	case BW_OPT_MIN_LINKS: return uint_val(val, 2147483647u, &p->min_links);
	case BW_OPT_ALL_SLAVES_ACTIVE:
		if (!uint_val(val, 1, &u))
			return false;
		p->all_slaves_active = (uint8_t)u;
		return true;
	case BW_OPT_LP_INTERVAL:
		return uint_val(val, 2147483647u, &p->lp_interval) && p->lp_interval > 0;
	case BW_OPT_PACKETS_PER_SLAVE: return uint_val(val, 65535, &p->packets_per_slave);
	case BW_OPT_RESEND_IGMP: return uint_val(val, 255, &p->resend_igmp);
	case BW_OPT_MISSED_MAX:
		if (!uint_val(val, 255, &u) || u == 0)
			return false;
		p->missed_max = (uint8_t)u;
		return true;
	default: return false;
	}
	return v >= 0;
}

int bw_import_bond_opt(struct bw_bond_params *p, uint32_t *mask, const char *key,
		       const char *shown, const char *val, const char *where, FILE *notes)
{
	char k[64], v[1024];
	struct bw_bond_params copy = *p;

	snprintf(k, sizeof(k), "%s", key);
	for (char *c = k; *c; c++)
		if (*c == '-')
			*c = '_';
	snprintf(v, sizeof(v), "%s", val);
	v[strcspn(v, "\r\n")] = '\0';
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(k, known[i].key))
			continue;
		/* one word, but arp_ip_target is a list */
		if (known[i].opt != BW_OPT_ARP_IP_TARGETS)
			v[strcspn(v, " \t")] = '\0';
		if (!set(&copy, known[i].opt, v)) {
			bw_import_note(notes, where, "%s '%s' is not carried over: not a value "
				       "the bonding driver takes", shown, val);
			return 0;
		}
		*p = copy;
		*mask |= BIT(known[i].opt);
		return 1;
	}
	bw_import_note(notes, where, "%s %s is not carried over: bondmgr does not manage "
		       "%s", shown, val, shown);
	return 0;
}

/* "02:00:00:00:00:01" (or with '-'), a unicast address not all zeros: the
 * loader's macaddress rule. */
static bool mac_val(const char *s, uint8_t mac[6])
{
	static const char hex[] = "0123456789abcdef";

	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++) {
		int c = tolower((unsigned char)s[i]);
		const char *d = c ? strchr(hex, c) : NULL;

		if (i % 3 == 2 ? (c != ':' && c != '-') : !d)
			return false;
		if (i % 3 == 0)
			mac[i / 3] = (uint8_t)((d - hex) << 4);
		else if (i % 3 == 1)
			mac[i / 3] |= (uint8_t)(d - hex);
	}
	return !(mac[0] & 1) && (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

int bw_import_link_opt(struct bw_bond_cfg *b, enum bw_opt o, const char *shown, const char *val,
		       const char *where, FILE *notes)
{
	char v[64];
	uint32_t mtu = 0;

	snprintf(v, sizeof(v), "%s", val);
	v[strcspn(v, " \t\r\n")] = '\0';
	if (o == BW_OPT_MTU && uint_val(v, 65535, &mtu) && mtu >= 68) {
		b->params.mtu = mtu;
	} else if (o == BW_OPT_MACADDRESS && mac_val(v, b->params.mac)) {
		b->params.has_mac = true;
	} else {
		bw_import_note(notes, where, "%s %s is not carried over: bondmgr takes %s", shown, val,
			       o == BW_OPT_MTU ? "an MTU from 68 to 65535" :
			       "a fixed unicast MAC address (XX:XX:XX:XX:XX:XX)");
		return 0;
	}
	b->set_mask |= BIT(o);
	return 1;
}

char *bw_import_next_line(char **cursor, int *lineno, int *start)
{
	char *s = *cursor, *nl;

	if (!*s)
		return NULL;
	nl = s + strcspn(s, "\n");
	*start = ++*lineno;
	while (nl > s && nl[-1] == '\\' && *nl) {   /* join continued lines */
		nl[-1] = ' ';
		*nl = ' ';
		nl += 1 + strcspn(nl + 1, "\n");
		++*lineno;
	}
	if (*nl)
		*nl++ = '\0';
	*cursor = nl;
	return s;
}
