// SPDX-License-Identifier: GPL-2.0-or-later
/* bond_table.c - bwBondTable: GET and GETNEXT from the model's rows
 * (sorted by ifIndex; table_rows.c finds a row by binary search), SET of
 * bwBondPrimary handed to set_primary.c. */
#include <time.h>
#include "table_rows.h"

static int bond_get(const struct bwa_ctx *ctx, int pos, unsigned col, struct bwa_value *v)
{
	struct timespec now;

	if (col != BWA_BOND_LEASE_REMAINING)
		return bwa_bond_value(&ctx->model.bonds[pos], col, v);
	/* The lease's lifetimes as of the kernel's last word, less the
	 * time since (the clock of bw_kaddr.read_at). */
	clock_gettime(CLOCK_MONOTONIC, &now);
	return bwa_bond_lease_value(&ctx->model.bonds[pos], now.tv_sec, v);
}

/* Only bwBondPrimary is writable; the row is found by its index in every
 * phase (under AgentX each phase is a separate PDU and the rows may have
 * been rebuilt in between). */
static int bond_set(struct bwa_ctx *ctx, netsnmp_agent_request_info *reqinfo,
		    netsnmp_request_info *r)
{
	const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
	int mode = reqinfo->mode;
	/* The same in every phase of one SET (the AgentX transactionID),
	 * so a SET can be told from the next. */
	long txn = reqinfo->asp && reqinfo->asp->pdu ? reqinfo->asp->pdu->transid : 0;

	if (!ti || !ti->indexes || ti->colnum != BWA_BOND_PRIMARY)
		return mode == MODE_SET_RESERVE1 ? SNMP_ERR_NOTWRITABLE : SNMP_ERR_NOERROR;
	return bwa_set_primary(ctx, mode, txn, (int)*ti->indexes->val.integer, r->requestvb);
}

int bwa_bond_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { BW_OID_BOND_TABLE };
	/* index bwBondIfIndex */
	static const struct bwa_table t = {
		"bwBondTable", table_oid, OID_LENGTH(table_oid), BWA_ROWS_BONDS,
		BWA_BOND_NAME, BWA_BOND_COL_MAX, bond_get, bond_set,
	};

	return bwa_table_register(ctx, &t);
}
