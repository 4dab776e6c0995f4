// SPDX-License-Identifier: GPL-2.0-or-later
/* import_fit.c - what a source says, fitted to what `bondmgr check`
 * takes: the loader refuses an option in a mode that has no use for it
 * (config_rules.c, after the kernel's mode dependencies), so such an
 * option is named on the notes instead of written. A source may say it
 * anyway: ifenslave writes what the file says and the kernel keeps
 * lacp_rate across a mode change. */
#include <stdio.h>
#include <string.h>
#include "import.h"

#define BIT(o) BW_OPT_BIT(o)

/* Why option o cannot be written for b, or NULL when it can. */
static const char *why_not(const struct bw_bond_cfg *b, enum bw_opt o, char *buf, size_t len)
{
	const struct bw_bond_params *p = &b->params;

	char v[BW_NS_TARGETS_STRLEN + 8];

	if (!bw_import_value(p, o, v, sizeof(v)))
		return "bondmgr has no word for its value";
	switch (o) {
	case BW_OPT_ARP_INTERVAL:
	case BW_OPT_ARP_IP_TARGETS:
	case BW_OPT_ARP_VALIDATE:
	case BW_OPT_ARP_ALL_TARGETS:
		if (bw_mode_has_arp(p->mode))
			return NULL;
		break;
	case BW_OPT_PRIMARY:
		if (bw_mode_has_primary(p->mode))
			return NULL;
		break;
	case BW_OPT_FAIL_OVER_MAC:
		if (p->fail_over_mac == BW_FOM_NONE || p->mode == BW_MODE_ACTIVE_BACKUP)
			return NULL;
		break;
	case BW_OPT_MISSED_MAX:
	case BW_OPT_NS_IP6_TARGETS:
		if (bw_opt_in_mode(o, p->mode) && !p->arp_interval)
			return "it needs arp-interval > 0 (the ARP monitor is off)";
		if (bw_opt_in_mode(o, p->mode))
			return NULL;
		break;
	case BW_OPT_PEER_NOTIF_DELAY:
		if (bw_opt_in_mode(o, p->mode) && (!p->miimon || p->peer_notif_delay % p->miimon))
			return "it needs mii-monitor-interval > 0 and a multiple of it";
		if (bw_opt_in_mode(o, p->mode))
			return NULL;
		break;
	case BW_OPT_MACADDRESS:
		if (p->fail_over_mac == BW_FOM_ACTIVE)
			return "with fail-over-mac-policy active the bond takes the active "
			       "member's address";
		return NULL;
	case BW_OPT_MTU:
		return p->mtu >= 68 && p->mtu <= 65535 ? NULL : "not an MTU a bond takes";
	default:
		if (bw_opt_in_mode(o, p->mode))
			return NULL;
		break;
	}
	snprintf(buf, len, "it means nothing in mode %s (bondmgr check refuses it there)",
		 bw_mode_name(p->mode));
	return buf;
}

void bw_import_fit(struct bw_bond_cfg *b, const char *where, FILE *notes)
{
	for (int o = 0; o < BW_OPT__COUNT; o++) {
		char buf[128], val[BW_NS_TARGETS_STRLEN + 8];
		const char *why;

		if (!(b->set_mask & BIT(o)) || !(why = why_not(b, (enum bw_opt)o, buf, sizeof(buf))))
			continue;
		b->set_mask &= ~BIT(o);
		if (!bw_import_value(&b->params, (enum bw_opt)o, val, sizeof(val)))
			val[0] = '\0';
		bw_import_note(notes, where, "%s%s%s is not carried over: %s",
			       bw_opt_key((enum bw_opt)o), val[0] ? " " : "", val, why);
	}
}
