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
#include <string.h>
#include "table_rows.h"

/* ifStackTable, from IF-MIB::ifMIBObjects.2; the entry is .1 under it. */
#define IF_STACK_TABLE_OID 1, 3, 6, 1, 2, 1, 31, 1, 2
#define IF_STACK_STATUS 3                  /* the only accessible column */
#define ROW_STATUS_ACTIVE 1

/* The model's slave rows are sorted by (bond ifIndex, slave ifIndex):
 * already the table's (ifStackHigherLayer, ifStackLowerLayer) order, so
 * they are served as they are (table_rows.c). Every row is active. */
static int stack_get(const struct bwa_ctx *ctx, int pos, unsigned col, struct bwa_value *v)
{
	(void)ctx, (void)pos;
	if (col != IF_STACK_STATUS)
		return -1;
	memset(v, 0, sizeof(*v));
	v->type = BWA_V_INTEGER;
	v->integer = ROW_STATUS_ACTIVE;
	return 0;
}

int bwa_stack_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { IF_STACK_TABLE_OID };
	/* ifStackHigherLayer, ifStackLowerLayer (InterfaceIndexOrZero) */
	static const struct bwa_table t = {
		"ifStackTable", table_oid, OID_LENGTH(table_oid), BWA_ROWS_SLAVES,
		IF_STACK_STATUS, IF_STACK_STATUS, stack_get, NULL,
	};

	return bwa_table_register(ctx, &t);
}
