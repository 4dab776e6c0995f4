// SPDX-License-Identifier: GPL-2.0-or-later
/* stack_table.c - IF-MIB::ifStackTable rows for bonds: ifStackStatus.B.S =
 * active(1) for every slave S of every bond B, so that an NMS that builds
 * its port stack from ifStackTable (LibreNMS does) shows bond membership.
 * net-snmp's snmpd does not implement ifStackTable on Linux
 * (README.agent-mibs), so this registration takes nothing from it; it is
 * exactly the table's subtree, so ifTable and ifXTable stay snmpd's.
 *
 * Which rows: only (bond, slave). RFC 2863 wants (0, X) and (X, 0) rows
 * for every interface too, but this agent knows only bonds and slaves: a
 * (0, bond0) row would claim nothing runs over bond0 when a VLAN, a bridge
 * or a macvlan often does, and (eth0, 0) would claim eth0 has nothing
 * below it. A row that may be false is worse than a missing one; every row
 * served here is a fact the kernel reported. The table is therefore
 * partial: it holds the bonds' multiplexing rows, which is what an NMS
 * joins ports with.
 *
 * Read-only: IF-MIB's compliance statements allow it ("Write access is not
 * required", only active(1)), and bond membership is bondmgr's business.
 * The registration is HANDLER_CAN_RONLY, so net-snmp itself answers every
 * SET that reaches us with notWritable, which is RFC 3416's answer when no
 * instance under the name could ever be written, existing row or not.
 */
#include "table_rows.h"

/* ifStackTable, from IF-MIB::ifMIBObjects.2; the entry is .1 under it. */
#define IF_STACK_TABLE_OID 1, 3, 6, 1, 2, 1, 31, 1, 2
#define IF_STACK_STATUS 3                  /* the only accessible column */
#define ROW_STATUS_ACTIVE 1

/* The model's slave rows are sorted by (bond ifIndex, slave ifIndex):
 * already the table's (ifStackHigherLayer, ifStackLowerLayer) order, so
 * they are served as they are (table_rows.c). Only GETs and GETNEXTs get
 * here: SETs are refused by net-snmp before any handler. */
static int stack_handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
			 netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	struct bwa_ctx *ctx = h->myvoid;

	for (netsnmp_request_info *r = requests; r; r = r->next) {
		const netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);

		if (r->processed || (reqinfo->mode != MODE_GET && reqinfo->mode != MODE_GETNEXT))
			continue;
		if (bwa_table_row(ctx, BWA_ROWS_SLAVES, reg, reqinfo, r, ti) < 0)
			continue;
		if (ti->colnum != IF_STACK_STATUS)
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
		else
			snmp_set_var_typed_integer(r->requestvb, ASN_INTEGER, ROW_STATUS_ACTIVE);
	}
	return SNMP_ERR_NOERROR;
}

int bwa_stack_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { IF_STACK_TABLE_OID };

	/* ifStackHigherLayer, ifStackLowerLayer (InterfaceIndexOrZero) */
	return bwa_table_register(ctx, "ifStackTable", table_oid, OID_LENGTH(table_oid),
				  HANDLER_CAN_RONLY, BWA_ROWS_SLAVES, IF_STACK_STATUS,
				  IF_STACK_STATUS, stack_handler);
}
