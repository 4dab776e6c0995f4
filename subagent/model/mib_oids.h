/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mib_oids.h - where BONDWATCH-MIB lives and its column numbers; must
 * match mibs/BONDWATCH-MIB.txt (tests/mib/lint.sh checks the MIB, the
 * integration tests check the agent against it).
 *
 * To move the MIB under a site's own enterprise number, change BW_MIB_OID
 * here and the MODULE-IDENTITY value in the MIB file; nothing else.
 */
#ifndef BWA_MIB_OIDS_H
#define BWA_MIB_OIDS_H

/* NET-SNMP-MIB::netSnmpExperimental.8023 */
#define BW_MIB_OID 1, 3, 6, 1, 4, 1, 8072, 9999, 8023

#define BW_OID_NOTIFICATIONS  BW_MIB_OID, 0
#define BW_OID_DROPPED        BW_MIB_OID, 1, 1, 1
#define BW_OID_BOND_TABLE     BW_MIB_OID, 1, 2    /* entry .1, then column, index */
#define BW_OID_SLAVE_TABLE    BW_MIB_OID, 1, 3

/* Notification numbers under BW_OID_NOTIFICATIONS. */
enum bwa_notification {
	BWA_NOTIF_FAILOVER = 1,
	BWA_NOTIF_LINK_DOWN = 2,
	BWA_NOTIF_LINK_UP = 3,
	BWA_NOTIF_BOND_DOWN = 4,
};

enum bwa_bond_col {
	BWA_BOND_IFINDEX = 1,          /* not-accessible index */
	BWA_BOND_NAME,
	BWA_BOND_MODE,
	BWA_BOND_STATUS,
	BWA_BOND_ACTIVE_IFINDEX,
	BWA_BOND_ACTIVE_NAME,
	BWA_BOND_PREV_ACTIVE_NAME,
	BWA_BOND_PRIMARY,              /* read-write */
	BWA_BOND_PRIMARY_RESELECT,
	BWA_BOND_FAIL_OVER_MAC,
	BWA_BOND_MIIMON,
	BWA_BOND_UPDELAY,
	BWA_BOND_DOWNDELAY,
	BWA_BOND_ARP_INTERVAL,
	BWA_BOND_ARP_TARGETS,
	BWA_BOND_SLAVE_COUNT,
	BWA_BOND_SLAVES_UP,
	BWA_BOND_FAILOVER_COUNT,
	BWA_BOND_LAST_FAILOVER,
	BWA_BOND_COL_MAX = BWA_BOND_LAST_FAILOVER
};

enum bwa_slave_col {
	BWA_SLAVE_BOND_IFINDEX = 1,    /* not-accessible index */
	BWA_SLAVE_IFINDEX,             /* not-accessible index */
	BWA_SLAVE_NAME,
	BWA_SLAVE_MII_STATUS,
	BWA_SLAVE_STATE,
	BWA_SLAVE_LINK_FAILURES,
	BWA_SLAVE_PERM_HWADDR,
	BWA_SLAVE_IS_PRIMARY,
	BWA_SLAVE_COL_MAX = BWA_SLAVE_IS_PRIMARY
};

#define BWA_PRIMARY_MAX_LEN 15         /* IFNAMSIZ - 1 */

#endif
