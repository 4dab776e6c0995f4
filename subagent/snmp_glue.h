/* SPDX-License-Identifier: GPL-2.0-or-later */
/* snmp_glue.h - what the net-snmp facing files share: net-snmp's headers,
 * turning a struct bwa_value into a varbind, and the SET of the primary.
 */
#ifndef BWA_SNMP_GLUE_H
#define BWA_SNMP_GLUE_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include "agent.h"
#include "model/mib_oids.h"
#include "model/mib_values.h"

/* The ASN.1 type of a value, and the value set into var. */
u_char bwa_asn_type(const struct bwa_value *v);
void bwa_var_set(netsnmp_variable_list *var, const struct bwa_value *v);
/* Append name = v to *list. Returns 0 or -ENOMEM. */
int bwa_varlist_add(netsnmp_variable_list **list, const oid *name, size_t len,
		    const struct bwa_value *v);

/* One phase of a SET of bwBondPrimary.<bond_ifindex> (bond_table.c calls
 * it for each varbind); txn tells one SET from another. Returns an
 * SNMP_ERR_* code. */
int bwa_set_primary(struct bwa_ctx *ctx, int mode, long txn, int bond_ifindex,
		    const netsnmp_variable_list *var);

#endif
