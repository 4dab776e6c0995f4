// SPDX-License-Identifier: GPL-2.0-or-later
/* bond_table.c - bwBondTable: GET and GETNEXT from the model's rows
 * (sorted by ifIndex; table_rows.c finds a row by binary search), SET of
 * bwBondPrimary handed to set_primary.c. */
#include "table_rows.h"

/* The row is valid for this request only: the model is rebuilt between
 * requests, never during one. */
static void bond_get(struct bwa_ctx *ctx, netsnmp_handler_registration *reg,
		     netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r)
{
	const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
	int pos = bwa_table_row(ctx, BWA_ROWS_BONDS, reg, reqinfo, r, ti);
	struct bwa_value v;

	if (pos < 0)
		return;
	if (bwa_bond_value(&ctx->model.bonds[pos], ti->colnum, &v) < 0)
		netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
	else
		bwa_var_set(r->requestvb, &v);
}

/* Only bwBondPrimary is writable; the row is found by its index in every
 * phase (under AgentX each phase is a separate PDU and the rows may have
 * been rebuilt in between). */
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

	for (netsnmp_request_info *r = requests; r; r = r->next) {
		if (r->processed)
			continue;
		if (reqinfo->mode == MODE_GET || reqinfo->mode == MODE_GETNEXT) {
			bond_get(ctx, reg, reqinfo, r);
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

	/* index bwBondIfIndex */
	return bwa_table_register(ctx, "bwBondTable", table_oid, OID_LENGTH(table_oid),
				  HANDLER_CAN_RWRITE, BWA_ROWS_BONDS, BWA_BOND_NAME,
				  BWA_BOND_COL_MAX, bond_handler);
}
