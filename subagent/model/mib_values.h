/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mib_values.h - the value of one BONDWATCH-MIB column of one row, in MIB
 * terms (enumerations shifted to start at 1, DateAndTime encoded, ...).
 *
 * The GET handlers and the notifications both call these, so a trap
 * carries exactly what a GET of the same instance would have returned.
 * Pure code (no net-snmp types), so the unit tests can check the mapping.
 */
#ifndef BWA_MIB_VALUES_H
#define BWA_MIB_VALUES_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

enum bwa_vtype {
	BWA_V_INTEGER,       /* INTEGER enums, InterfaceIndex(OrZero), TruthValue */
	BWA_V_UNSIGNED,      /* Unsigned32 */
	BWA_V_GAUGE,         /* Gauge32 */
	BWA_V_COUNTER,       /* Counter32 */
	BWA_V_OCTETS,        /* DisplayString, MacAddress, DateAndTime */
	BWA_V_IPADDRESS,     /* IpAddress: 4 octets in network order */
};

/* Long enough for 16 ARP targets "255.255.255.255," each. */
#define BWA_VALUE_MAX 272

struct bwa_value {
	enum bwa_vtype type;
	long integer;        /* BWA_V_INTEGER */
	uint32_t u32;        /* BWA_V_UNSIGNED, _GAUGE, _COUNTER */
	size_t len;          /* BWA_V_OCTETS */
	uint8_t octets[BWA_VALUE_MAX];
};

/* Fill v with column col of the row. Returns 0, or -1 for a column that is
 * not readable (an index or out of range). */
int bwa_bond_value(const struct bwa_bond *b, unsigned col, struct bwa_value *v);
int bwa_slave_value(const struct bwa_slave *s, unsigned col, struct bwa_value *v);
/* bwBondLeaseRemaining at now_s (CLOCK_MONOTONIC seconds): the one column
 * that depends on when it is read, so bwa_bond_value leaves it out. */
int bwa_bond_lease_value(const struct bwa_bond *b, int64_t now_s, struct bwa_value *v);
int bwa_wifi_value(const struct bwa_wifi *w, unsigned col, struct bwa_value *v);

/* DateAndTime (SNMPv2-TC), UTC, 11 octets; 8 zero octets for tv_sec 0.
 * Returns the length. */
size_t bwa_date_and_time(const struct timespec *t, uint8_t out[11]);

#endif
