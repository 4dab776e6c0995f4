/* SPDX-License-Identifier: GPL-2.0-or-later */
/* model.h - the rows of BONDWATCH-MIB, built from the library's struct
 * bw_kstate, and the transitions between two builds (which become
 * notifications).
 *
 * Pure code: no net-snmp, no netlink, no clock. The subagent rebuilds the
 * model after every link event and diffs it against the previous one, so
 * a GET reads rows and a notification is raised from the same rows.
 */
#ifndef BWA_MODEL_H
#define BWA_MODEL_H

#include <time.h>
#include <netinet/in.h>
#include "bondwatch/health.h"
#include "bondwatch/kstate.h"


/* What the agent itself remembers about a bond: the kernel keeps no
 * failover counter, so these survive rebuilds (carried by ifindex). */
struct bwa_bond_hist {
	uint32_t failovers;
	struct timespec last_failover;     /* tv_sec 0 = never */
	char prev_active[BW_IFNAMSIZ];     /* active before the last failover */
	int last_active_ifindex;           /* last non-zero active slave seen */
	char last_active[BW_IFNAMSIZ];
	uint16_t last_agg_id;              /* last non-zero active aggregator seen */
	uint16_t prev_agg_id;              /* active aggregator before the last change */
};

/* bwBondAddressSource: where the bond's IPv4 address came from, as the
 * kernel tells it. IPv4 has no autoconfiguration of global addresses:
 * an address the kernel holds with a finite lifetime (not
 * IFA_F_PERMANENT, IFA_CACHEINFO's valid lifetime) was put there by a
 * DHCP client (dhcpcd, which bondmgr runs for dhcp4), one without is
 * static (bondmgr's addresses, `ip addr add`). */
enum bwa_addr_source { BWA_ADDR_NONE = 1, BWA_ADDR_STATIC = 2, BWA_ADDR_DHCP = 3 };

/* The bond's IPv4 address, chosen by the library's rule
 * (bw_kstate_link_ipv4, which `bondmgr status` uses too). */
struct bwa_bond_addr {
	uint8_t source;                    /* enum bwa_addr_source */
	struct in_addr ip;                 /* 0.0.0.0 when none */
	uint8_t prefix_len;
	uint32_t valid_lft;                /* a lease's seconds left at read_at */
	int64_t read_at;                   /* CLOCK_MONOTONIC s */
};

void bwa_bond_addr_pick(const struct bw_kstate *ks, int ifindex, struct bwa_bond_addr *out);
/* Another address, prefix length or source (a renewal, which changes
 * only the lifetimes, is none). */
bool bwa_bond_addr_changed(const struct bwa_bond_addr *old, const struct bwa_bond_addr *now);
/* A lease's seconds left at now_s (CLOCK_MONOTONIC), 0 when expired or
 * not a lease, UINT32_MAX for an infinite one. */
uint32_t bwa_bond_lease_left(const struct bwa_bond_addr *a, int64_t now_s);

struct bwa_bond {
	int ifindex;
	char name[BW_IFNAMSIZ];
	bool admin_up;
	struct bw_bond_params params;      /* params.primary: see primary below */
	int active_ifindex;                /* 0 = none */
	char active[BW_IFNAMSIZ];
	char primary[BW_IFNAMSIZ];         /* "" = none */
	int primary_ifindex;
	uint32_t n_slaves;
	uint32_t n_up;
	enum bw_health status;             /* bwBondStatus: the library's rule */
	struct bw_bond_ad ad;              /* other modes' options, active aggregator */
	bool linkmodes_differ;             /* members up differ in speed or duplex */
	struct bwa_bond_addr addr;         /* its IPv4 address (addr.c) */
	struct bwa_bond_hist hist;
	/* Set by bwa_model_update for this build only. */
	bool ev_failover;
	bool ev_down;
	bool ev_agg_changed;
};

struct bwa_slave {
	int bond_ifindex;
	int ifindex;
	char name[BW_IFNAMSIZ];
	uint8_t mii_status;                /* enum bw_mii_status (kernel) */
	uint8_t state;                     /* enum bw_slave_state (kernel) */
	uint32_t link_failure_count;
	uint8_t perm_hwaddr[6];
	bool is_primary;
	bool has_linkmodes;                /* ethtool answered for it */
	uint32_t speed;                    /* Mb/s, BW_SPEED_UNKNOWN */
	uint8_t duplex;                    /* enum bw_duplex */
	struct bw_slave_ad ad;             /* 802.3ad port (ad.present) */
	bool in_active_agg;                /* a working member of the bond's active aggregator */
};

/* A wireless slave's radio (bwWifiTable): what nl80211 said last, kept
 * in MIB terms so that a GET and a notification read the same row. The
 * agent (subagent/wifi.c) fills these; the model only keeps them in
 * index order. */
#define BWA_SSID_MAX 32
struct bwa_wifi {
	int bond_ifindex;
	int ifindex;
	bool associated;
	size_t ssid_len;
	uint8_t ssid[BWA_SSID_MAX];        /* raw octets: an SSID is any 0-32 bytes */
	uint8_t bssid[6];                  /* zero when not associated */
	int signal_dbm;                    /* 0 = not associated / not reported */
	uint32_t tx_kbps;
	bool weak;                         /* bwWifiSignalIsWeak */
};

/* Rows sorted by index: bonds by ifindex, slaves and wifi by (bond, slave)
 * ifindex, which is the SNMP GETNEXT order. */
struct bwa_model {
	int n_bonds;
	struct bwa_bond *bonds;
	int n_slaves;
	struct bwa_slave *slaves;
	int n_wifi;
	struct bwa_wifi *wifi;             /* NULL until the agent sets rows */
};

/* Build out (overwritten) from ks. Returns 0 or -ENOMEM. */
int bwa_model_build(struct bwa_model *out, const struct bw_kstate *ks);
void bwa_model_free(struct bwa_model *m);
/* Move src into dst (dst freed first; src left empty). */
void bwa_model_move(struct bwa_model *dst, struct bwa_model *src);

const struct bwa_bond *bwa_model_bond(const struct bwa_model *m, int ifindex);
const struct bwa_slave *bwa_model_slave(const struct bwa_model *m, int bond_ifindex,
					int ifindex);
const struct bwa_slave *bwa_model_slave_by_name(const struct bwa_model *m, int bond_ifindex,
						const char *name);

/* The rows of one MIB table: the bonds (bwBondTable), or the slaves
 * (bwSlaveTable and ifStackTable, both indexed by bond then slave). */
enum bwa_rows { BWA_ROWS_BONDS, BWA_ROWS_SLAVES, BWA_ROWS_WIFI };

/* Replace m's wifi rows by rows[0..n) (copied, then sorted by index).
 * Returns 0 or -ENOMEM (the old rows kept). */
int bwa_model_set_wifi(struct bwa_model *m, const struct bwa_wifi *rows, int n);
struct bwa_wifi *bwa_model_wifi(const struct bwa_model *m, int bond_ifindex, int ifindex);

/* The index of row pos of table t, as OID sub-identifiers (1 for a bond,
 * 2 for a slave) written to out. Returns their number. */
size_t bwa_model_index(const struct bwa_model *m, enum bwa_rows t, int pos,
		       unsigned long out[2]);
/* The row of table t whose index is idx[0..len), or with next the first
 * row after it in OID order (idx may then be partial, empty, or name no
 * row): a binary search over the sorted rows, so a GETNEXT costs
 * O(log rows), not a scan. Returns the row's position, or -1. */
int bwa_model_seek(const struct bwa_model *m, enum bwa_rows t, const unsigned long *idx,
		   size_t len, bool next);

enum bwa_event {
	BWA_EV_FAILOVER,       /* bond: active slave moved from one slave to another */
	BWA_EV_LINK_DOWN,      /* slave: MII status left up */
	BWA_EV_LINK_UP,        /* slave: MII status became up */
	BWA_EV_BOND_DOWN,      /* bond: status became down */
	BWA_EV_AGG_CHANGED,    /* bond: active aggregator moved from one id to another */
	BWA_EV_AGG_MEMBER_LEFT,/* slave: stopped being a working member of the active aggregator */
	BWA_EV_LINKMODES_DIFFER, /* bond: the members that are up differ in speed or duplex */
	BWA_EV_LINKMODES_AGREE,  /* bond: ... agree again */
	BWA_EV_ADDR_CHANGED,     /* bond: its IPv4 address, prefix or source changed */
};

/* bond is always set; slave only for the link events and a member that
 * left the aggregator (for a slave released from the bond, its last row). */
typedef void (*bwa_event_fn)(void *arg, enum bwa_event ev, const struct bwa_bond *bond,
			     const struct bwa_slave *slave);

/* Carry the agent's history from prev into next and report every
 * transition between them through fn (slave events first, then bond
 * events, each in index order). A bond or slave absent from prev raises
 * nothing: it is new, not changed. now stamps failovers. fn may be NULL. */
void bwa_model_update(struct bwa_model *next, const struct bwa_model *prev,
		      const struct timespec *now, bwa_event_fn fn, void *arg);

/* Forget the history (counts, times, previous slaves): the current active
 * slaves become the starting point. */
void bwa_model_reset_hist(struct bwa_model *m);

const char *bwa_event_name(enum bwa_event ev);

#endif
