/* SPDX-License-Identifier: GPL-2.0-or-later */
/* table_rows.h - GET and GETNEXT for the agent's tables, straight on the
 * model's sorted rows (bwa_model_seek): no iterator helper, whose GETNEXT
 * walks the rows from the first one on every request, so that a walk of
 * the table cost O(rows^2).
 */
#ifndef BWA_TABLE_ROWS_H
#define BWA_TABLE_ROWS_H

#include "snmp_glue.h"

/* Register a read-only or read-write table at root, indexed like the rows
 * t (one or two INTEGER indexes), with columns min_col..max_col, served by
 * handler. Returns 0 or -1. */
int bwa_table_register(struct bwa_ctx *ctx, const char *name, const oid *root, size_t root_len,
		       int modes, enum bwa_rows t, unsigned min_col, unsigned max_col,
		       Netsnmp_Node_Handler *handler);

/* The row of table t that a GET (MODE_GET) or GETNEXT (MODE_GETNEXT)
 * request r asks for: for a GETNEXT, the next row in the request's column,
 * with r's OID set to that row's instance. Returns the row's position, or
 * -1 with r answered: noSuchInstance for a GET, noSuchObject for a GETNEXT
 * past the column's last row, which the table helper turns into the next
 * column (or the next registration after the last one). */
int bwa_table_row(const struct bwa_ctx *ctx, enum bwa_rows t, netsnmp_handler_registration *reg,
		  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r,
		  const netsnmp_table_request_info *ti);

#endif
