/* slave_table.c - bwSlaveTable, indexed by (bond ifIndex, slave ifIndex):
 * a read-only table iterator over the model's slave rows, which are kept
 * in that order. */
#include <stdint.h>
#include "snmp_glue.h"

static netsnmp_variable_list *slave_next(void **loop, void **data, netsnmp_variable_list *idx,
					 netsnmp_iterator_info *ii)
{
	const struct bwa_ctx *ctx = ii->myvoid;
	intptr_t pos = (intptr_t)*loop;
	const struct bwa_slave *s;

	if (pos >= ctx->model.n_slaves)
		return NULL;
	s = &ctx->model.slaves[pos];
	snmp_set_var_typed_integer(idx, ASN_INTEGER, s->bond_ifindex);
	snmp_set_var_typed_integer(idx->next_variable, ASN_INTEGER, s->ifindex);
	*data = (void *)(uintptr_t)s;
	*loop = (void *)(pos + 1);
	return idx;
}

static netsnmp_variable_list *slave_first(void **loop, void **data, netsnmp_variable_list *idx,
					  netsnmp_iterator_info *ii)
{
	*loop = (void *)(intptr_t)0;
	return slave_next(loop, data, idx, ii);
}

static int slave_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			 netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	(void)h;
	(void)reg;
	for (netsnmp_request_info *r = requests; r; r = r->next) {
		const struct bwa_slave *s = netsnmp_extract_iterator_context(r);
		const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
		struct bwa_value v;

		if (r->processed || reqinfo->mode != MODE_GET)
			continue;
		if (!s || !ti || bwa_slave_value(s, ti->colnum, &v) < 0)
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		else
			bwa_var_set(r->requestvb, &v);
	}
	return SNMP_ERR_NOERROR;
}

int bwa_slave_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { BW_OID_SLAVE_TABLE };
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *ti;
	netsnmp_iterator_info *ii;

	reg = netsnmp_create_handler_registration("bwSlaveTable", slave_handler, table_oid,
						  OID_LENGTH(table_oid), HANDLER_CAN_RONLY);
	ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	ii = SNMP_MALLOC_TYPEDEF(netsnmp_iterator_info);
	if (!reg || !ti || !ii) {
		free(ti);
		free(ii);
		netsnmp_handler_registration_free(reg);
		return -1;
	}
	/* bwSlaveBondIfIndex, bwSlaveIfIndex */
	netsnmp_table_helper_add_indexes(ti, ASN_INTEGER, ASN_INTEGER, 0);
	ti->min_column = BWA_SLAVE_NAME;
	ti->max_column = BWA_SLAVE_COL_MAX;
	ii->get_first_data_point = slave_first;
	ii->get_next_data_point = slave_next;
	ii->myvoid = ctx;
	ii->flags = NETSNMP_ITERATOR_FLAG_SORTED;
	ii->table_reginfo = ti;
	return netsnmp_register_table_iterator2(reg, ii) == MIB_REGISTERED_OK ? 0 : -1;
}
