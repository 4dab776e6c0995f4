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
	case BWA_SLAVE_IS_PRIMARY: set_int(v, s->is_primary ? 1 : 2); break; /* TruthValue */
	default: return -1;
	}
	return 0;
}
