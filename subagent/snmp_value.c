// SPDX-License-Identifier: GPL-2.0-or-later
/* snmp_value.c - struct bwa_value (mib_values.h) to net-snmp varbinds. */
#include <errno.h>
#include "snmp_glue.h"

u_char bwa_asn_type(const struct bwa_value *v)
{
	switch (v->type) {
	case BWA_V_INTEGER: return ASN_INTEGER;
	case BWA_V_UNSIGNED:   /* Unsigned32 and Gauge32 share one tag (0x42) */
	case BWA_V_GAUGE: return ASN_GAUGE;
	case BWA_V_COUNTER: return ASN_COUNTER;
	case BWA_V_OCTETS: return ASN_OCTET_STR;
	case BWA_V_IPADDRESS: return ASN_IPADDRESS;
	}
	return ASN_NULL;
}

void bwa_var_set(netsnmp_variable_list *var, const struct bwa_value *v)
{
	u_long u = v->u32;

	switch (v->type) {
	case BWA_V_INTEGER:
		snmp_set_var_typed_value(var, ASN_INTEGER, &v->integer, sizeof(v->integer));
		break;
	case BWA_V_UNSIGNED:
	case BWA_V_GAUGE:
	case BWA_V_COUNTER:
		snmp_set_var_typed_value(var, bwa_asn_type(v), &u, sizeof(u));
		break;
	case BWA_V_OCTETS:
		snmp_set_var_typed_value(var, ASN_OCTET_STR, v->octets, v->len);
		break;
	case BWA_V_IPADDRESS:
		snmp_set_var_typed_value(var, ASN_IPADDRESS, v->octets, 4);
		break;
	}
}

int bwa_varlist_add(netsnmp_variable_list **list, const oid *name, size_t len,
		    const struct bwa_value *v)
{
	netsnmp_variable_list *var = snmp_varlist_add_variable(list, name, len, ASN_NULL, NULL, 0);

	if (!var)
		return -ENOMEM;
	bwa_var_set(var, v);
	return 0;
}
