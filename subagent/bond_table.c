/* bond_table.c - bwBondTable: a table iterator over the rows of the model
 * (kept sorted by ifIndex, so the iterator can stop early), GET from
 * memory, SET of bwBondPrimary handed to set_primary.c. */
#include <stdint.h>
#include "snmp_glue.h"

/* The loop context is the position of the next row in ctx->model.bonds;
 * the data context points at the row, valid for this request only (the
 * model is rebuilt between requests, never during one). */
static netsnmp_variable_list *bond_next(void **loop, void **data, netsnmp_variable_list *idx,
					netsnmp_iterator_info *ii)
{
	const struct bwa_ctx *ctx = ii->myvoid;
	intptr_t pos = (intptr_t)*loop;
	const struct bwa_bond *b;

	if (pos >= ctx->model.n_bonds)
		return NULL;
	b = &ctx->model.bonds[pos];
	snmp_set_var_typed_integer(idx, ASN_INTEGER, b->ifindex);
	*data = (void *)(uintptr_t)b;
	*loop = (void *)(pos + 1);
	return idx;
}

static netsnmp_variable_list *bond_first(void **loop, void **data, netsnmp_variable_list *idx,
					 netsnmp_iterator_info *ii)
{
	*loop = (void *)(intptr_t)0;
	return bond_next(loop, data, idx, ii);
}

static void bond_get(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r)
{
	const struct bwa_bond *b = netsnmp_extract_iterator_context(r);
	const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
	struct bwa_value v;

	if (!b || !ti || bwa_bond_value(b, ti->colnum, &v) < 0) {
		netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		return;
	}
	bwa_var_set(r->requestvb, &v);
}

/* Only bwBondPrimary is writable; the row is found by its index in every
 * phase (not through the iterator's context: under AgentX each phase is a
 * separate PDU and the rows may have been rebuilt in between). */
static int bond_set(struct bwa_ctx *ctx, int mode, netsnmp_request_info *r)
{
	const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);

	if (!ti || !ti->indexes || ti->colnum != BWA_BOND_PRIMARY)
		return mode == MODE_SET_RESERVE1 ? SNMP_ERR_NOTWRITABLE : SNMP_ERR_NOERROR;
	return bwa_set_primary(ctx, mode, (int)*ti->indexes->val.integer, r->requestvb);
}

static int bond_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	struct bwa_ctx *ctx = h->myvoid;
	int rc;

	(void)reg;
	for (netsnmp_request_info *r = requests; r; r = r->next) {
		if (r->processed)
			continue;
		if (reqinfo->mode == MODE_GET) {
			bond_get(reqinfo, r);
			continue;
		}
		rc = bond_set(ctx, reqinfo->mode, r);
		if (rc != SNMP_ERR_NOERROR)
			netsnmp_set_request_error(reqinfo, r, rc);
	}
	return SNMP_ERR_NOERROR;
}

int bwa_bond_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { BW_OID_BOND_TABLE };
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *ti;
	netsnmp_iterator_info *ii;

	reg = netsnmp_create_handler_registration("bwBondTable", bond_handler, table_oid,
						  OID_LENGTH(table_oid), HANDLER_CAN_RWRITE);
	ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	ii = SNMP_MALLOC_TYPEDEF(netsnmp_iterator_info);
	if (!reg || !ti || !ii) {
		free(ti);
		free(ii);
		netsnmp_handler_registration_free(reg);
		return -1;
	}
	reg->handler->myvoid = ctx;
	netsnmp_table_helper_add_indexes(ti, ASN_INTEGER, 0);   /* bwBondIfIndex */
	ti->min_column = BWA_BOND_NAME;
	ti->max_column = BWA_BOND_COL_MAX;
	ii->get_first_data_point = bond_first;
	ii->get_next_data_point = bond_next;
	ii->myvoid = ctx;
	ii->flags = NETSNMP_ITERATOR_FLAG_SORTED;
	ii->table_reginfo = ti;
	return netsnmp_register_table_iterator2(reg, ii) == MIB_REGISTERED_OK ? 0 : -1;
}
