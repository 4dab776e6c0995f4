/* SPDX-License-Identifier: GPL-2.0-or-later */
/* agent.h - bondagentx: the AgentX subagent that publishes BONDWATCH-MIB.
 *
 * One context for the whole agent (struct bwa_ctx): the kernel state kept
 * from rtnetlink events, the MIB rows built from it, the notification
 * queue and the SETs in flight. Every part gets the context passed in;
 * nothing here is per-bond global state.
 */
#ifndef BWA_AGENT_H
#define BWA_AGENT_H

#include <signal.h>
#include <syslog.h>
#include "bondwatch/log.h"
#include "bondwatch/nl.h"
#include "model/model.h"

/* net-snmp's variable list, without pulling its headers into every file. */
struct variable_list;

#define BWA_QUEUE_MAX   64     /* notifications kept while the master is away */
#define BWA_PENDING_MAX 16     /* varbinds of one SET of bwBondPrimary */
#define BWA_PING_INTERVAL 5    /* s; AgentX ping, and reconnect period (-p) */
#define BWA_PING_MAX   3600

/* One bwBondPrimary varbind of a SET in flight. AgentX runs each phase of
 * a SET as its own PDU, so net-snmp keeps no per-request data between
 * RESERVE and ACTION/UNDO: it lives here, keyed by the bond. */
struct bwa_pending_set {
	bool used;
	long txn;                /* the SET it belongs to (AgentX transactionID) */
	bool applied;            /* ACTION reached the kernel */
	int bond_ifindex;
	int new_ifindex;         /* the slave to make primary */
	int old_ifindex;         /* the primary before (0 = none), for UNDO */
	bool recorded;           /* ACTION wrote the override file */
	bool had_override;       /* the override file named a primary before */
	char old_override[BW_IFNAMSIZ];
};

struct bwa_ctx {
	/* options */
	const char *agentx_socket;     /* NULL = net-snmp's default */
	int ping_interval;             /* s: -p, BWA_PING_INTERVAL by default */
	bool foreground;
	bool debug;
	int nl_rcvbuf;                 /* 0 = kernel default; tests shrink it */
	const char *overrides_path;    /* where a SET of the primary is recorded */
	const char *test_fail_action;  /* tests: this bond's ACTION fails */

	/* kernel */
	struct bw_nl *nl;              /* dumps and the SET's write */
	struct bw_nlmon *mon;          /* RTNLGRP_LINK events */
	struct bw_ethnl *eth;          /* slaves' speed/duplex; NULL without ethtool netlink */
	struct bw_kstate ks;           /* kept up to date from events */
	struct bwa_model model;        /* MIB rows, rebuilt after each event */
	bool quiet;                    /* no notifications (startup replay) */
	unsigned lacp_alarm;           /* net-snmp alarm re-reading 802.3ad bonds, 0 = none */
	bool rows_changed;             /* rebuilt since the loop last looked (lacp_poll.c) */
	struct bwa_radios *radios;     /* wireless slaves (wifi.c); NULL without nl80211 */
	int wifi_thold;                /* dBm: -w */
	int wifi_hold;                 /* s: -W */

	/* notifications */
	bool connected;                /* AgentX session to the master is up */
	struct variable_list *queue[BWA_QUEUE_MAX];
	int q_head, q_len;
	unsigned long dropped;         /* bwNotificationsDropped (u_long for net-snmp) */
	unsigned long sent;

	/* SET */
	struct bwa_pending_set pending[BWA_PENDING_MAX];

	volatile sig_atomic_t stop;
};

/* state.c: the kernel side. */
int bwa_state_start(struct bwa_ctx *ctx);          /* monitor, then dump */
void bwa_state_read_events(struct bwa_ctx *ctx);   /* the monitor fd is readable */
void bwa_state_read_ethtool(struct bwa_ctx *ctx);  /* the ethtool monitor fd is readable */
/* One link as the kernel described it into ctx->ks (speed and duplex kept
 * or asked again, see state.c). Returns 0 or -ENOMEM. The rows follow at
 * the next bwa_state_rebuild. */
int bwa_state_put_link(struct bwa_ctx *ctx, const struct bw_link *l);
void bwa_state_rebuild(struct bwa_ctx *ctx);

/* addr.c: a bond's address announced or withdrawn, into ctx->ks; true
 * when the rows must be rebuilt (it is a bond's). The log line of
 * bwBondAddressChanged. */
#define BWA_ADDRS_PER_BOND_MAX 256     /* addresses kept per bond from events */
bool bwa_addr_apply(struct bwa_ctx *ctx, int msgtype, const struct bw_kaddr *a);
void bwa_addr_log(const struct bwa_bond *b);

/* lacp_poll.c: 802.3ad bonds are re-read while there are any (their LACP
 * state changes without rtnetlink events); the loop calls this each round. */
#define BWA_LACP_REREAD_S 1
void bwa_lacp_poll_update(struct bwa_ctx *ctx);
void bwa_state_stop(struct bwa_ctx *ctx);

/* wifi.c: wireless slaves' radios (bwWifiTable) from nl80211 events. */
#define BWA_WIFI_THOLD (-70)   /* dBm: below it the signal is weak (-w) */
#define BWA_WIFI_HOLD 10       /* s: how long it must stay there (-W) */
#define BWA_WIFI_HYST_DB 2     /* the kernel's hysteresis around the threshold */
struct bwa_radios;
int bwa_wifi_start(struct bwa_ctx *ctx);            /* no nl80211: 0, no rows */
int bwa_wifi_fd(const struct bwa_ctx *ctx);         /* -1 without */
void bwa_wifi_read_events(struct bwa_ctx *ctx);
/* After every rebuild of the rows: which slaves are wireless, their rows. */
void bwa_wifi_sync(struct bwa_ctx *ctx);
/* Before a GET of wifi row pos: read the station if the row is older than
 * a second (the rows are the agent's, so const ctx still lets it). */
void bwa_wifi_refresh(const struct bwa_ctx *ctx, int pos);
void bwa_wifi_stop(struct bwa_ctx *ctx);

/* loop.c */
int bwa_loop_run(struct bwa_ctx *ctx);

/* bond_table.c, slave_table.c, notify.c: registration with net-snmp. */
int bwa_bond_table_register(struct bwa_ctx *ctx);
int bwa_slave_table_register(struct bwa_ctx *ctx);
int bwa_wifi_table_register(struct bwa_ctx *ctx);
/* stack_table.c: IF-MIB::ifStackTable rows bond -> slave, read-only. */
int bwa_stack_table_register(struct bwa_ctx *ctx);
int bwa_notify_register(struct bwa_ctx *ctx);

/* notify.c */
void bwa_notify_event(void *ctx, enum bwa_event ev, const struct bwa_bond *b,
		      const struct bwa_slave *s);
void bwa_notify_flush(struct bwa_ctx *ctx);
/* One of bwWifiDisassociated .. bwWifiSignalRecovered (n) for slave s
 * with its radio's row w. */
void bwa_notify_wifi(struct bwa_ctx *ctx, unsigned n, const struct bwa_slave *s,
		     const struct bwa_wifi *w);
/* Read what the master sent, without waiting (see notify.c). */
void bwa_notify_read_master(void);
void bwa_notify_cleanup(struct bwa_ctx *ctx);

#endif
