// SPDX-License-Identifier: GPL-2.0-or-later
/* floor_agent.c - the floor of the AgentX path, for bench/walk_rate.sh: a
 * minimal AgentX subagent on net-snmp's own agent library that serves a
 * static table of the same shape as bondagentx's BONDWATCH-MIB objects
 * (one Counter32 scalar; a table of NB rows x 33 columns indexed by one
 * integer; a table of NB x NS rows x 14 columns indexed by two), and
 * nothing else: no netlink, no model, no notifications. Whatever a walk of
 * it costs is what net-snmp's master and AgentX cost, which no subagent
 * can go below; bondagentx's walk is measured against it.
 *
 * Values: each column of the MIB's type and of the size bondagentx serves
 * for the benchmark's bonds (types below), so a varbind is ours in type
 * and length and the floor is the same data through the same path.
 *
 * floor_agent -x AGENTX_SOCKET -b NB -s NS [-r ROOT_LAST_ARC]
 * serves .1.3.6.1.4.1.8072.9999.ROOT (default 8024: next to
 * BONDWATCH-MIB's 8023), in the foreground, until SIGTERM.
 * Built by `make bench` (build/bench/floor_agent), not part of `all`.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#define BOND_COLS 33           /* bwBondTable: columns 2..34 */
#define SLAVE_COLS 14          /* bwSlaveTable: columns 3..16 */

/* Each column's type as BONDWATCH-MIB has it, from the first column on
 * (bwBondName, bwSlaveName), with the value bondagentx serves for the
 * benchmark's bonds (active-backup, no primary, no ARP target, no
 * failover yet): B the row's name; S the bond's first slave's name; 0 an
 * empty string; M a MAC (6 octets); D DateAndTime with no time (8 zero
 * octets); A IpAddress; I INTEGER; U Unsigned32/Gauge32; C Counter32. */
static const char bond_types[BOND_COLS + 1] = "BIIIS00IIUUUU0UUCDIIIUUUUUMUIIAUU";
static const char slave_types[SLAVE_COLS + 1] = "BIICMIUIUUUIII";

static volatile sig_atomic_t stop;
static int nb = 64, ns = 4;
static u_long counter;
static netsnmp_table_registration_info bond_info, slave_info;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* The row of a table for an index (exact) or the first row after it in
 * OID order (next; the index may be partial or longer), as a row number
 * (bond b: b; slave (b, s): b * ns + s, both 0-based), or -1. The indexes
 * are 1-based: bond b+1, slave (b+1, s+1). */
static int seek(bool slaves, const oid *idx, size_t len, bool next)
{
	long n = slaves ? (long)nb * ns : nb, b, sl, r;

	if (len == 0)
		return next && n > 0 ? 0 : -1;
	b = idx[0] > (oid)nb ? nb + 1 : (long)idx[0];
	if (!slaves) {
		if (!next)
			return len == 1 && b >= 1 && b <= nb ? (int)(b - 1) : -1;
		r = b;                 /* the row after index b, any suffix */
		return r < n ? (int)r : -1;
	}
	sl = len > 1 ? (idx[1] > (oid)ns ? ns + 1 : (long)idx[1]) : 0;
	if (!next)
		return len == 2 && b >= 1 && b <= nb && sl >= 1 && sl <= ns
			? (int)((b - 1) * ns + sl - 1) : -1;
	if (b < 1)
		r = 0;
	else if (b > nb)
		r = n;
	else if (sl < 1)
		r = (b - 1) * ns;
	else if (sl > ns)
		r = b * ns;
	else
		r = (b - 1) * ns + sl;  /* the row after (b, sl), any suffix */
	return r < n ? (int)r : -1;
}

static void set_value(netsnmp_variable_list *vb, bool slaves, int row, unsigned col)
{
	const netsnmp_table_registration_info *info = slaves ? &slave_info : &bond_info;
	char t = (slaves ? slave_types : bond_types)[col - info->min_column];
	static const u_char zeros[8];
	u_char ip[4] = { 0, 0, 0, 0 };
	char s[32];
	long v = (long)col;

	switch (t) {
	case 'B':
		if (slaves)
			snprintf(s, sizeof(s), "e%ds%d", row / ns, row % ns);
		else
			snprintf(s, sizeof(s), "bond%d", row);
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, s, strlen(s));
		break;
	case 'S':
		snprintf(s, sizeof(s), "e%ds0", row);
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, s, strlen(s));
		break;
	case '0': snmp_set_var_typed_value(vb, ASN_OCTET_STR, "", 0); break;
	case 'M': snmp_set_var_typed_value(vb, ASN_OCTET_STR, zeros, 6); break;
	case 'D': snmp_set_var_typed_value(vb, ASN_OCTET_STR, zeros, 8); break;
	case 'A': snmp_set_var_typed_value(vb, ASN_IPADDRESS, ip, sizeof(ip)); break;
	case 'U': snmp_set_var_typed_value(vb, ASN_GAUGE, &v, sizeof(v)); break;
	case 'C': snmp_set_var_typed_value(vb, ASN_COUNTER, &v, sizeof(v)); break;
	default: snmp_set_var_typed_value(vb, ASN_INTEGER, &v, sizeof(v)); break;
	}
}

static int handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
		   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	bool slaves = h->myvoid != NULL;

	for (netsnmp_request_info *r = requests; r; r = r->next) {
		netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
		bool next = reqinfo->mode == MODE_GETNEXT;
		oid name[MAX_OID_LEN];
		size_t len = reg->rootoid_len;
		int row;

		if (r->processed || !ti || (reqinfo->mode != MODE_GET && !next))
			continue;
		row = seek(slaves, ti->index_oid, ti->index_oid_len, next);
		if (row < 0) {
			netsnmp_set_request_error(reqinfo, r, next ? SNMP_NOSUCHOBJECT
							     : SNMP_NOSUCHINSTANCE);
			continue;
		}
		if (next) {
			memcpy(name, reg->rootoid, len * sizeof(oid));
			name[len++] = 1;
			name[len++] = ti->colnum;
			if (slaves) {
				name[len++] = (oid)(row / ns) + 1;
				name[len++] = (oid)(row % ns) + 1;
			} else {
				name[len++] = (oid)row + 1;
			}
			snmp_set_var_objid(r->requestvb, name, len);
		}
		set_value(r->requestvb, slaves, row, ti->colnum);
	}
	return SNMP_ERR_NOERROR;
}

static int reg_table(const char *name, const oid *root, size_t len, bool slaves)
{
	netsnmp_table_registration_info *info = slaves ? &slave_info : &bond_info;
	netsnmp_handler_registration *reg =
		netsnmp_create_handler_registration(name, handler, root, len, HANDLER_CAN_RONLY);

	if (!reg)
		return -1;
	reg->handler->myvoid = slaves ? (void *)1 : NULL;
	if (slaves)
		netsnmp_table_helper_add_indexes(info, ASN_INTEGER, ASN_INTEGER, 0);
	else
		netsnmp_table_helper_add_indexes(info, ASN_INTEGER, 0);
	info->min_column = slaves ? 3 : 2;
	info->max_column = info->min_column + (slaves ? SLAVE_COLS : BOND_COLS) - 1;
	return netsnmp_register_table(reg, info) == MIB_REGISTERED_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
	oid root = 8024;
	const char *sock = NULL;
	int c;

	while ((c = getopt(argc, argv, "x:b:s:r:")) != -1) {
		switch (c) {
		case 'x': sock = optarg; break;
		case 'b': nb = atoi(optarg); break;
		case 's': ns = atoi(optarg); break;
		case 'r': root = (oid)strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: floor_agent -x SOCKET -b NB -s NS [-r ARC]\n");
			return 2;
		}
	}
	if (nb < 1 || ns < 1) {
		fprintf(stderr, "floor_agent: -b and -s must be positive\n");
		return 2;
	}
	{
		oid scalar[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, root, 1, 1, 1, 0 };
		oid bonds[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, root, 1, 2 };
		oid slaves[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, root, 1, 3 };

		snmp_enable_stderrlog();
		setenv("MIBS", "", 1);
		netsnmp_enable_subagent();
		netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
		netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_ALARM_DONT_USE_SIG, 1);
		if (sock)
			netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, sock);
		init_agent("floor_agent");
		if (netsnmp_register_read_only_counter32_instance("floorScalar", scalar,
								  OID_LENGTH(scalar), &counter,
								  NULL) != MIB_REGISTERED_OK ||
		    reg_table("floorBonds", bonds, OID_LENGTH(bonds), false) < 0 ||
		    reg_table("floorSlaves", slaves, OID_LENGTH(slaves), true) < 0) {
			fprintf(stderr, "floor_agent: registration failed\n");
			return 1;
		}
	}
	init_snmp("floor_agent");
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	while (!stop)
		agent_check_and_process(1);
	snmp_shutdown("floor_agent");
	return 0;
}
