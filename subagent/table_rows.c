// SPDX-License-Identifier: GPL-2.0-or-later
/* table_rows.c - GET and GETNEXT for the agent's tables over the model's
 * sorted rows; see table_rows.h. net-snmp's table helper (below which the
 * handlers sit) parses the request into column and index sub-identifiers,
 * and moves a GETNEXT on to the next column when a column is exhausted. */
#include <string.h>
#include "table_rows.h"

/* net-snmp's table handler keeps a table's registration info for the life
 * of the process and has no hook to free it, so it lives here rather than
 * on the heap: a registration that fails leaks nothing. One a table. */
#define BWA_TABLES 3                     /* bwBondTable, bwSlaveTable, ifStackTable */
static netsnmp_table_registration_info table_infos[BWA_TABLES];
static unsigned n_table_infos;

int bwa_table_register(struct bwa_ctx *ctx, const char *name, const oid *root, size_t root_len,
		       int modes, enum bwa_rows t, unsigned min_col, unsigned max_col,
		       Netsnmp_Node_Handler *handler)
{
	netsnmp_handler_registration *reg;
	netsnmp_table_registration_info *ti;

	if (n_table_infos == BWA_TABLES)
		return -1;
	reg = netsnmp_create_handler_registration(name, handler, root, root_len, modes);
	if (!reg)
		return -1;
	ti = &table_infos[n_table_infos++];
	reg->handler->myvoid = ctx;
	if (t == BWA_ROWS_BONDS)
		netsnmp_table_helper_add_indexes(ti, ASN_INTEGER, 0);
	else
		netsnmp_table_helper_add_indexes(ti, ASN_INTEGER, ASN_INTEGER, 0);
	ti->min_column = min_col;
	ti->max_column = max_col;
	return netsnmp_register_table(reg, ti) == MIB_REGISTERED_OK ? 0 : -1;
}

int bwa_table_row(const struct bwa_ctx *ctx, enum bwa_rows t, netsnmp_handler_registration *reg,
		  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r,
		  const netsnmp_table_request_info *ti)
{
	bool next = reqinfo->mode == MODE_GETNEXT;
	oid name[MAX_OID_LEN];
	size_t len = reg->rootoid_len;
	int pos = -1;

	/* the table helper passes the index as sub-identifiers, even when
	 * they are no valid index (a GET then finds no row, as it should) */
	if (ti)
		pos = bwa_model_seek(&ctx->model, t, ti->index_oid, ti->index_oid_len, next);
	if (pos < 0) {
		netsnmp_set_request_error(reqinfo, r, next ? SNMP_NOSUCHOBJECT : SNMP_NOSUCHINSTANCE);
		return -1;
	}
	if (next) {
		/* root.1.column.index; the root is a table's OID, far from
		 * MAX_OID_LEN */
		memcpy(name, reg->rootoid, len * sizeof(oid));
		name[len++] = 1;
		name[len++] = ti->colnum;
		len += bwa_model_index(&ctx->model, t, pos, name + len);
		snmp_set_var_objid(r->requestvb, name, len);
	}
	return pos;
}
