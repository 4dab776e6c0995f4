/* SPDX-License-Identifier: GPL-2.0-or-later */
/* table_rows.h - the agent's tables, served straight from the model's
 * sorted rows (bwa_model_seek): no iterator helper, whose GETNEXT walks the
 * rows from the first one on every request, so that a walk of the table
 * cost O(rows^2). One handler for every table; a table says how to read a
 * column of a row, and (when writable) how to set one.
 */
#ifndef BWA_TABLE_ROWS_H
#define BWA_TABLE_ROWS_H

#include "snmp_glue.h"

struct bwa_table {
	const char *name;
	const oid *root;              /* the table's OID; its entry is .1 */
	size_t root_len;
	enum bwa_rows rows;           /* the model's rows it serves, and so its index */
	unsigned min_col, max_col;    /* the accessible columns */
	/* Column col of row pos (a position in the model's rows t), for a GET
	 * or GETNEXT. Returns 0, or -1 for a column without a value there. */
	int (*get)(const struct bwa_ctx *ctx, int pos, unsigned col, struct bwa_value *v);
	/* One phase (reqinfo->mode, a MODE_SET_*) of a SET of the varbind r;
	 * returns an SNMP_ERR_* code. NULL: the table is read-only, and
	 * net-snmp answers a SET with notWritable before any handler runs. */
	int (*set)(struct bwa_ctx *ctx, netsnmp_agent_request_info *reqinfo,
		   netsnmp_request_info *r);
};

/* Register t (kept: static storage) for ctx. Returns 0 or -1. */
int bwa_table_register(struct bwa_ctx *ctx, const struct bwa_table *t);

#endif
