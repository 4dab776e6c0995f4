// SPDX-License-Identifier: GPL-2.0-or-later
/* notify.c - BONDWATCH-MIB notifications.
 *
 * The varbinds are built when the kernel event is seen, from the same rows
 * and the same value code as a GET (mib_values.c), with full instance
 * OIDs. A subagent's notification goes to the master over the AgentX
 * session; while there is none (snmpd restarting) it would be silently
 * lost, so it waits in a bounded queue (oldest dropped first, counted in
 * bwNotificationsDropped) and is sent when net-snmp reconnects.
 */
#include <errno.h>
#include "bondwatch/text.h"
#include "snmp_glue.h"
#include <net-snmp/agent/agent_callbacks.h>
#include <net-snmp/library/large_fd_set.h>

static const oid snmptrapoid_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

static int add_bond_col(netsnmp_variable_list **vars, const struct bwa_bond *b, unsigned col)
{
	oid name[] = { BW_OID_BOND_TABLE, 1, col, (oid)b->ifindex };
	struct bwa_value v;

	if (bwa_bond_value(b, col, &v) < 0)
		return -EINVAL;
	return bwa_varlist_add(vars, name, OID_LENGTH(name), &v);
}

static int add_slave_col(netsnmp_variable_list **vars, const struct bwa_slave *s, unsigned col)
{
	oid name[] = { BW_OID_SLAVE_TABLE, 1, col, (oid)s->bond_ifindex, (oid)s->ifindex };
	struct bwa_value v;

	if (bwa_slave_value(s, col, &v) < 0)
		return -EINVAL;
	return bwa_varlist_add(vars, name, OID_LENGTH(name), &v);
}

/* The aggregator and link-mode notifications (after bwBondName). */
static int add_lacp_objects(netsnmp_variable_list **vars, enum bwa_event ev,
			    const struct bwa_bond *b, const struct bwa_slave *s)
{
	int rc = 0;

	switch (ev) {
	case BWA_EV_AGG_CHANGED:
		rc |= add_bond_col(vars, b, BWA_BOND_AD_AGGREGATOR_ID);
		rc |= add_bond_col(vars, b, BWA_BOND_AD_PREV_AGGREGATOR_ID);
		rc |= add_bond_col(vars, b, BWA_BOND_AD_NUM_PORTS);
		rc |= add_bond_col(vars, b, BWA_BOND_AD_PARTNER_MAC);
		rc |= add_bond_col(vars, b, BWA_BOND_AD_PARTNER_KEY);
		break;
	case BWA_EV_AGG_MEMBER_LEFT:
		if (!s)
			return -EINVAL;
		rc |= add_slave_col(vars, s, BWA_SLAVE_NAME);
		rc |= add_slave_col(vars, s, BWA_SLAVE_AD_AGGREGATOR_ID);
		rc |= add_slave_col(vars, s, BWA_SLAVE_AD_ACTOR_OPER_STATE);
		rc |= add_slave_col(vars, s, BWA_SLAVE_AD_PARTNER_OPER_STATE);
		rc |= add_bond_col(vars, b, BWA_BOND_AD_AGGREGATOR_ID);
		rc |= add_bond_col(vars, b, BWA_BOND_AD_NUM_PORTS);
		break;
	case BWA_EV_LINKMODES_DIFFER:
	case BWA_EV_LINKMODES_AGREE:
		rc |= add_bond_col(vars, b, BWA_BOND_LINKMODES_DIFFER);
		rc |= add_bond_col(vars, b, BWA_BOND_SLAVES_UP);
		break;
	default:
		return -EINVAL;
	}
	return rc;
}

/* The OBJECTS of each NOTIFICATION-TYPE, in the MIB's order. */
static int add_objects(netsnmp_variable_list **vars, enum bwa_event ev, const struct bwa_bond *b,
		       const struct bwa_slave *s)
{
	int rc = add_bond_col(vars, b, BWA_BOND_NAME);

	switch (ev) {
	case BWA_EV_FAILOVER:
		rc |= add_bond_col(vars, b, BWA_BOND_ACTIVE_IFINDEX);
		rc |= add_bond_col(vars, b, BWA_BOND_ACTIVE_NAME);
		rc |= add_bond_col(vars, b, BWA_BOND_PREV_ACTIVE_NAME);
		rc |= add_bond_col(vars, b, BWA_BOND_FAILOVER_COUNT);
		break;
	case BWA_EV_LINK_DOWN:
	case BWA_EV_LINK_UP:
		if (!s)
			return -EINVAL;   /* a slave event always names its slave */
		rc |= add_slave_col(vars, s, BWA_SLAVE_NAME);
		rc |= add_slave_col(vars, s, BWA_SLAVE_MII_STATUS);
		rc |= add_slave_col(vars, s, BWA_SLAVE_LINK_FAILURES);
		break;
	case BWA_EV_BOND_DOWN:
		rc |= add_bond_col(vars, b, BWA_BOND_STATUS);
		rc |= add_bond_col(vars, b, BWA_BOND_SLAVE_COUNT);
		rc |= add_bond_col(vars, b, BWA_BOND_SLAVES_UP);
		break;
	case BWA_EV_ADDR_CHANGED:
		rc |= add_bond_col(vars, b, BWA_BOND_IP_ADDRESS);
		rc |= add_bond_col(vars, b, BWA_BOND_IP_PREFIX_LEN);
		rc |= add_bond_col(vars, b, BWA_BOND_ADDRESS_SOURCE);
		break;
	default:
		return rc | add_lacp_objects(vars, ev, b, s);
	}
	return rc;
}

static unsigned notif_number(enum bwa_event ev)
{
	switch (ev) {
	case BWA_EV_FAILOVER: return BWA_NOTIF_FAILOVER;
	case BWA_EV_LINK_DOWN: return BWA_NOTIF_LINK_DOWN;
	case BWA_EV_LINK_UP: return BWA_NOTIF_LINK_UP;
	case BWA_EV_BOND_DOWN: return BWA_NOTIF_BOND_DOWN;
	case BWA_EV_AGG_CHANGED: return BWA_NOTIF_AGG_CHANGED;
	case BWA_EV_AGG_MEMBER_LEFT: return BWA_NOTIF_AGG_MEMBER_LEFT;
	case BWA_EV_LINKMODES_DIFFER: return BWA_NOTIF_LINKMODES_DIFFER;
	case BWA_EV_LINKMODES_AGREE: return BWA_NOTIF_LINKMODES_AGREE;
	case BWA_EV_ADDR_CHANGED: return BWA_NOTIF_ADDR_CHANGED;
	}
	return 0;
}

/* Read what the master has sent us, without waiting. AgentX has both
 * ends write to a blocking stream: a burst of Notifies sent from inside
 * the netlink read loop (a flap storm, thousands in one read with a big
 * receive buffer) fills the master's socket, while the master, answering
 * each Notify, fills ours and blocks; we then block on the next Notify,
 * and both wait for ever (agent_flapstorm.sh hung so). Taking the
 * master's answers before each Notify keeps its writes flowing. What is
 * read may also be a request (a GET): it is served from ctx->model, which
 * is still consistent (the previous rows; notifications are raised before
 * the new rows replace them). */
void bwa_notify_read_master(void)
{
	netsnmp_large_fd_set fds;
	struct timeval tv = { 0, 0 };
	int numfds = 0, block = 0;

	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	snmp_select_info2(&numfds, &fds, &tv, &block);
	tv.tv_sec = tv.tv_usec = 0;
	if (numfds > 0 && netsnmp_large_fd_set_select(numfds, &fds, NULL, NULL, &tv) > 0)
		snmp_read2(&fds);
	netsnmp_large_fd_set_cleanup(&fds);
}

static void send_now(struct bwa_ctx *ctx, netsnmp_variable_list *vars)
{
	struct timespec now;

	bwa_notify_read_master();
	/* The wall-clock time lets tests split the latency at the agent:
	 * taken before the send, which may hand the CPU to the master
	 * before it returns (on one CPU the master runs as soon as it is
	 * woken, and a stamp taken after could be later than the trap). */
	clock_gettime(CLOCK_REALTIME, &now);
	send_v2trap(vars);
	snmp_free_varbind(vars);
	ctx->sent++;
	bw_debug("notification %lu sent at %lld%09ld", ctx->sent, (long long)now.tv_sec,
		  now.tv_nsec);
}

static void enqueue(struct bwa_ctx *ctx, netsnmp_variable_list *vars)
{
	if (ctx->q_len == BWA_QUEUE_MAX) {
		snmp_free_varbind(ctx->queue[ctx->q_head]);
		ctx->q_head = (ctx->q_head + 1) % BWA_QUEUE_MAX;
		ctx->q_len--;
		ctx->dropped++;
	}
	ctx->queue[(ctx->q_head + ctx->q_len) % BWA_QUEUE_MAX] = vars;
	ctx->q_len++;
}

static void queue_or_send(struct bwa_ctx *ctx, netsnmp_variable_list *vars)
{
	/* Keep the order: nothing overtakes what is already queued. */
	if (ctx->connected && ctx->q_len == 0)
		send_now(ctx, vars);
	else
		enqueue(ctx, vars);
}

void bwa_notify_event(void *arg, enum bwa_event ev, const struct bwa_bond *b,
		      const struct bwa_slave *s)
{
	struct bwa_ctx *ctx = arg;
	oid trap[] = { BW_OID_NOTIFICATIONS, notif_number(ev) };
	netsnmp_variable_list *vars = NULL;

	if (s)
		bw_log(BW_LOG_INFO, "%s: %s %s", b->name, bwa_event_name(ev), s->name);
	else if (ev == BWA_EV_FAILOVER)
		bw_log(BW_LOG_INFO, "%s: failover %s -> %s", b->name, b->hist.prev_active, b->active);
	else if (ev == BWA_EV_AGG_CHANGED)
		bw_log(BW_LOG_INFO, "%s: active aggregator %u -> %u", b->name,
		       (unsigned)b->hist.prev_agg_id, (unsigned)b->ad.aggregator_id);
	else if (ev == BWA_EV_ADDR_CHANGED)
		bwa_addr_log(b);
	else
		bw_log(BW_LOG_INFO, "%s: %s", b->name, bwa_event_name(ev));
	if (!snmp_varlist_add_variable(&vars, snmptrapoid_oid, OID_LENGTH(snmptrapoid_oid),
				       ASN_OBJECT_ID, trap, sizeof(trap)) ||
	    add_objects(&vars, ev, b, s) != 0) {
		snmp_free_varbind(vars);
		ctx->dropped++;
		return;
	}
	queue_or_send(ctx, vars);
}

static int add_wifi_col(netsnmp_variable_list **vars, const struct bwa_wifi *w, unsigned col)
{
	oid name[] = { BW_OID_WIFI_TABLE, 1, col, (oid)w->bond_ifindex, (oid)w->ifindex };
	struct bwa_value v;

	if (bwa_wifi_value(w, col, &v) < 0)
		return -EINVAL;
	return bwa_varlist_add(vars, name, OID_LENGTH(name), &v);
}

void bwa_notify_wifi(struct bwa_ctx *ctx, unsigned n, const struct bwa_slave *s,
		     const struct bwa_wifi *w)
{
	oid trap[] = { BW_OID_NOTIFICATIONS, n };
	netsnmp_variable_list *vars = NULL;
	char ssid[BWA_SSID_MAX * 4 + 1];
	bool assoc = n == BWA_NOTIF_WIFI_DISASSOCIATED || n == BWA_NOTIF_WIFI_ASSOCIATED;
	int rc;

	bw_log(BW_LOG_INFO, "%s: %s \"%s\" signal %d dBm", s->name,
	       n == BWA_NOTIF_WIFI_DISASSOCIATED ? "disassociated from" :
	       n == BWA_NOTIF_WIFI_ASSOCIATED ? "associated to" :
	       n == BWA_NOTIF_WIFI_SIGNAL_WEAK ? "signal weak on" : "signal recovered on",
	       bw_text_escape((const char *)w->ssid, w->ssid_len, ssid, sizeof(ssid)), w->signal_dbm);
	if (!snmp_varlist_add_variable(&vars, snmptrapoid_oid, OID_LENGTH(snmptrapoid_oid),
				       ASN_OBJECT_ID, trap, sizeof(trap))) {
		ctx->dropped++;
		return;
	}
	rc = add_slave_col(&vars, s, BWA_SLAVE_NAME);
	if (assoc) {
		rc |= add_wifi_col(&vars, w, BWA_WIFI_ASSOCIATED);
		rc |= add_wifi_col(&vars, w, BWA_WIFI_SSID);
		rc |= add_wifi_col(&vars, w, BWA_WIFI_BSSID);
	} else {
		rc |= add_wifi_col(&vars, w, BWA_WIFI_SIGNAL);
		rc |= add_wifi_col(&vars, w, BWA_WIFI_SIGNAL_WEAK);
		rc |= add_wifi_col(&vars, w, BWA_WIFI_SSID);
	}
	if (rc != 0) {
		snmp_free_varbind(vars);
		ctx->dropped++;
		return;
	}
	queue_or_send(ctx, vars);
}

void bwa_notify_flush(struct bwa_ctx *ctx)
{
	while (ctx->connected && ctx->q_len > 0) {
		netsnmp_variable_list *vars = ctx->queue[ctx->q_head];

		ctx->q_head = (ctx->q_head + 1) % BWA_QUEUE_MAX;
		ctx->q_len--;
		send_now(ctx, vars);
	}
}

/* net-snmp's AgentX code announces the session coming and going with
 * these two application callbacks; the queue is flushed from the event
 * loop, once the reconnect has finished its own work. */
static int on_session_start(int major, int minor, void *server, void *client)
{
	struct bwa_ctx *ctx = client;
	netsnmp_session *sess = server;         /* the new AgentX session */

	(void)major, (void)minor;
	/* A notification goes to the master as an AgentX Notify, which
	 * net-snmp tracks like a request: no Response within the session's
	 * timeout (1 s) and it sends the Notify again, up to 5 times. Over
	 * the AgentX stream a Notify cannot be lost while the session is up,
	 * so a resend only ever duplicates: a master slow to answer (snmpd
	 * under load; seen in tests/integration/agent_flapstorm.sh: 240 sent,
	 * 395 received) emits the same trap again. No resends: each
	 * notification reaches the master once. The AgentX ping (every
	 * BWA_PING_INTERVAL s, on this session) declares the master dead when
	 * it gets no answer in time. The master answers in order, so during a
	 * flap storm the ping's answer waits behind every Notify still queued
	 * there: 6 s (net-snmp's default patience, 1 s and 5 resends, as one
	 * try) was seen to run out under a loaded TCG test host
	 * (agent_flapstorm.sh, about one run in three). 20 s: a master that
	 * is gone closes the socket and is noticed at once anyway; this only
	 * bounds how long a hung one is waited for. */
	if (sess) {
		sess->retries = 0;
		sess->timeout = 20 * ONE_SEC;
	}
	ctx->connected = true;
	bw_log(BW_LOG_INFO, "AgentX session to the master is up");
	return 0;
}

static int on_session_stop(int major, int minor, void *server, void *client)
{
	struct bwa_ctx *ctx = client;

	(void)major, (void)minor, (void)server;
	ctx->connected = false;
	bw_log(BW_LOG_WARNING, "AgentX master went away: queueing notifications");
	return 0;
}

/* send_v2trap() also makes an SNMPv1 copy of every notification and, with
 * no v1trapaddress configured, fills in its agent address with
 * get_myaddr(): a socket and an ioctl per interface, every time. A
 * subagent never sends that copy (the master builds its own traps from
 * the AgentX Notify), so a numeric address that resolves without a
 * syscall spares that work on the failover path (bench/trap_latency.sh).
 * A v1trapaddress in bondagentx.conf, read later by init_snmp, wins. */
static void skip_v1_agent_addr(void)
{
	if (!netsnmp_ds_get_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_TRAP_ADDR))
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_TRAP_ADDR,
				      "0.0.0.0");
}

int bwa_notify_register(struct bwa_ctx *ctx)
{
	static const oid dropped_oid[] = { BW_OID_DROPPED, 0 };

	skip_v1_agent_addr();

	if (snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
				   on_session_start, ctx) != SNMPERR_SUCCESS ||
	    snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP,
				   on_session_stop, ctx) != SNMPERR_SUCCESS)
		return -1;
	if (netsnmp_register_read_only_counter32_instance("bwNotificationsDropped", dropped_oid,
							  OID_LENGTH(dropped_oid), &ctx->dropped,
							  NULL) != MIB_REGISTERED_OK)
		return -1;
	return 0;
}

/* Before snmp_shutdown: net-snmp frees the client argument of callbacks
 * still registered then, and ours is the context, which it does not own. */
void bwa_notify_cleanup(struct bwa_ctx *ctx)
{
	snmp_unregister_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
				 on_session_start, ctx, 1);
	snmp_unregister_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP,
				 on_session_stop, ctx, 1);
	while (ctx->q_len > 0) {
		snmp_free_varbind(ctx->queue[ctx->q_head]);
		ctx->q_head = (ctx->q_head + 1) % BWA_QUEUE_MAX;
		ctx->q_len--;
	}
}
