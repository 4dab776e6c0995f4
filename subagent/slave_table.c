// SPDX-License-Identifier: GPL-2.0-or-later
/* slave_table.c - bwSlaveTable, indexed by (bond ifIndex, slave ifIndex):
 * read-only, GET and GETNEXT from the model's slave rows, which are kept
 * in that order (table_rows.c finds a row by binary search). */
#include "table_rows.h"

static int slave_get(const struct bwa_ctx *ctx, int pos, unsigned col, struct bwa_value *v)
{
	return bwa_slave_value(&ctx->model.slaves[pos], col, v);
}

int bwa_slave_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { BW_OID_SLAVE_TABLE };
	/* indexes bwSlaveBondIfIndex, bwSlaveIfIndex */
	static const struct bwa_table t = {
		"bwSlaveTable", table_oid, OID_LENGTH(table_oid), BWA_ROWS_SLAVES,
		BWA_SLAVE_NAME, BWA_SLAVE_COL_MAX, slave_get, NULL,
	};

	return bwa_table_register(ctx, &t);
}
