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
#define BWA_TABLES 4                     /* bwBondTable, bwSlaveTable, bwWifiTable, ifStackTable */
static struct registered {
	netsnmp_table_registration_info info;
	struct bwa_ctx *ctx;
	const struct bwa_table *t;
} tables[BWA_TABLES];
static unsigned n_tables;

/* The row of table t that a GET (MODE_GET) or GETNEXT (MODE_GETNEXT)
 * request r asks for: for a GETNEXT, the next row in the request's column,
 * with r's OID set to that row's instance. Returns the row's position, or
 * -1 with r answered: noSuchInstance for a GET, noSuchObject for a GETNEXT
 * past the column's last row, which the table helper turns into the next
 * column (or the next registration after the last one). */
static int find_row(const struct bwa_ctx *ctx, enum bwa_rows t,
		    netsnmp_handler_registration *reg, netsnmp_agent_request_info *reqinfo,
		    netsnmp_request_info *r, const netsnmp_table_request_info *ti)
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

/* A GET or GETNEXT of one varbind. The row is valid for this request
 * only: the model is rebuilt between requests, never during one. */
static void get_one(const struct registered *reg_t, netsnmp_handler_registration *reg,
		    netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r)
{
	const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
	int pos = find_row(reg_t->ctx, reg_t->t->rows, reg, reqinfo, r, ti);
	struct bwa_value v;

	if (pos < 0)
		return;
	if (reg_t->t->get(reg_t->ctx, pos, ti->colnum, &v) < 0)
		netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
	else
		bwa_var_set(r->requestvb, &v);
}

static int table_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			 netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct registered *reg_t = h->myvoid;
	int rc;

	for (netsnmp_request_info *r = requests; r; r = r->next) {
		if (r->processed)
			continue;
		if (reqinfo->mode == MODE_GET || reqinfo->mode == MODE_GETNEXT)
			get_one(reg_t, reg, reqinfo, r);
		else if (reg_t->t->set &&
			 (rc = reg_t->t->set(reg_t->ctx, reqinfo, r)) != SNMP_ERR_NOERROR)
			netsnmp_set_request_error(reqinfo, r, rc);
	}
	return SNMP_ERR_NOERROR;
}

int bwa_table_register(struct bwa_ctx *ctx, const struct bwa_table *t)
{
	netsnmp_handler_registration *reg;
	struct registered *r;

	if (n_tables == BWA_TABLES)
		return -1;
	reg = netsnmp_create_handler_registration(t->name, table_handler, t->root, t->root_len,
						  t->set ? HANDLER_CAN_RWRITE : HANDLER_CAN_RONLY);
	if (!reg)
		return -1;
	r = &tables[n_tables++];
	r->ctx = ctx;
	r->t = t;
	reg->handler->myvoid = r;
	if (t->rows == BWA_ROWS_BONDS)
		netsnmp_table_helper_add_indexes(&r->info, ASN_INTEGER, 0);
	else
		netsnmp_table_helper_add_indexes(&r->info, ASN_INTEGER, ASN_INTEGER, 0);
	r->info.min_column = t->min_col;
	r->info.max_column = t->max_col;
	return netsnmp_register_table(reg, &r->info) == MIB_REGISTERED_OK ? 0 : -1;
}
