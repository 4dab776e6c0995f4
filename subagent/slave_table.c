// SPDX-License-Identifier: GPL-2.0-or-later
/* slave_table.c - bwSlaveTable, indexed by (bond ifIndex, slave ifIndex):
 * read-only, GET and GETNEXT from the model's slave rows, which are kept
 * in that order (table_rows.c finds a row by binary search). */
#include "table_rows.h"

static int slave_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			 netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	struct bwa_ctx *ctx = h->myvoid;

	for (netsnmp_request_info *r = requests; r; r = r->next) {
		const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
		struct bwa_value v;
		int pos;

		if (r->processed || (reqinfo->mode != MODE_GET && reqinfo->mode != MODE_GETNEXT))
			continue;
		pos = bwa_table_row(ctx, BWA_ROWS_SLAVES, reg, reqinfo, r, ti);
		if (pos < 0)
			continue;
		if (bwa_slave_value(&ctx->model.slaves[pos], ti->colnum, &v) < 0)
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		else
			bwa_var_set(r->requestvb, &v);
	}
	return SNMP_ERR_NOERROR;
}

int bwa_slave_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { BW_OID_SLAVE_TABLE };

	/* indexes bwSlaveBondIfIndex, bwSlaveIfIndex */
	return bwa_table_register(ctx, "bwSlaveTable", table_oid, OID_LENGTH(table_oid),
				  HANDLER_CAN_RONLY, BWA_ROWS_SLAVES, BWA_SLAVE_NAME,
				  BWA_SLAVE_COL_MAX, slave_handler);
}
