// SPDX-License-Identifier: GPL-2.0-or-later
/* state.c - the kernel side of the agent: the link monitor, the dumps, and
 * the in-memory state kept from RTM_NEWLINK/RTM_DELLINK (and the bonds'
 * addresses from RTM_NEWADDR/RTM_DELADDR, addr.c). Every change
 * rebuilds the MIB rows and diffs them against the previous rows; the
 * differences are the notifications. A GET never reaches the kernel.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include "agent.h"

/* Rebuild the rows from ctx->ks and raise what changed. */
void bwa_state_rebuild(struct bwa_ctx *ctx)
{
	struct bwa_model next;
	struct timespec now;

	if (bwa_model_build(&next, &ctx->ks) < 0) {
		/* Keep serving the old rows; the next event retries. */
		bw_log(BW_LOG_ERR, "out of memory rebuilding the bond table");
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	bwa_model_update(&next, &ctx->model, &now, ctx->quiet ? NULL : bwa_notify_event, ctx);
	bwa_model_move(&ctx->model, &next);
	bwa_wifi_sync(ctx);            /* the wifi rows follow the slave rows */
	ctx->rows_changed = true;
}

/* rtnetlink carries no speed or duplex: they are asked of ethtool netlink
 * when the link may have renegotiated them (it is new, was enslaved, or its
 * carrier changed: a NIC settles its speed as its link comes up) and
 * carried over from the previous state otherwise, so a flap storm of
 * bond events costs no ethtool request per event. */
static bool linkmodes_stale(const struct bw_link *old, const struct bw_link *l)
{
	return !old || !old->has_linkmodes || old->carrier != l->carrier ||
	       old->master_ifindex != l->master_ifindex || (old->flags ^ l->flags) & IFF_UP;
}

int bwa_state_put_link(struct bwa_ctx *ctx, const struct bw_link *l)
{
	const struct bw_link *old = bw_kstate_link_by_index(&ctx->ks, l->ifindex);
	struct bw_link next = *l;

	if (old && old->has_linkmodes && !linkmodes_stale(old, l)) {
		next.has_linkmodes = true;
		next.speed = old->speed;
		next.duplex = old->duplex;
	}
	if (bw_kstate_upsert_link(&ctx->ks, &next) < 0) {
		bw_log(BW_LOG_ERR, "%s: out of memory, state may be stale", l->name);
		return -ENOMEM;
	}
	if (!next.has_linkmodes && next.is_bond_slave)
		bw_ethnl_fill(ctx->eth, &ctx->ks, next.ifindex);
	return 0;
}

/* One link message. Rebuilding per message (not per batch) keeps every
 * step the kernel announced: eth0 fails over to eth1 and back within one
 * read is two failovers, not none. */
static void on_link(void *arg, int msgtype, const struct bw_link *l)
{
	struct bwa_ctx *ctx = arg;

	/* IFLA_EVENT_BONDING_FAILOVER only confirms what the active slave
	 * change in the rows already says; counting both would double it. */
	if (l->event)
		bw_debug("%s: IFLA_EVENT %u", l->name, l->event);
	if (msgtype == RTM_DELLINK) {
		bw_kstate_remove_link(&ctx->ks, l->ifindex);
	} else if (bwa_state_put_link(ctx, l) < 0) {
		return;
	}
	bwa_state_rebuild(ctx);
}

/* One address message: a bond's address changes the rows (addr.c). */
static void on_addr(void *arg, int msgtype, const struct bw_kaddr *a)
{
	struct bwa_ctx *ctx = arg;

	if (bwa_addr_apply(ctx, msgtype, a))
		bwa_state_rebuild(ctx);
}

/* Someone set a link's modes (ethtool -s): rtnetlink says nothing of it,
 * the ethtool monitor group does. Only bond slaves matter. */
static void on_linkmodes(void *arg, int ifindex, uint32_t speed, uint8_t duplex)
{
	struct bwa_ctx *ctx = arg;
	const struct bw_link *l = bw_kstate_link_by_index(&ctx->ks, ifindex);

	if (!l || !l->is_bond_slave || (l->has_linkmodes && l->speed == speed && l->duplex == duplex))
		return;
	bw_debug("%s: ethtool: speed %u duplex %s", l->name, speed, bw_duplex_word(duplex));
	bw_kstate_set_linkmodes(&ctx->ks, ifindex, speed, duplex);
	bwa_state_rebuild(ctx);
}

void bwa_state_read_ethtool(struct bwa_ctx *ctx)
{
	int rc = bw_ethnl_read(ctx->eth, on_linkmodes, ctx);

	if (rc == -ENOBUFS) {
		bw_log(BW_LOG_WARNING, "ethtool events lost (ENOBUFS): asking every slave again");
		bw_ethnl_fill_slaves(ctx->eth, &ctx->ks);
		bwa_state_rebuild(ctx);
	} else if (rc < 0) {
		bw_log(BW_LOG_ERR, "ethtool monitor: %s", strerror(-rc));
	}
}

/* A full RTM_GETLINK dump replaces the state; the diff against the rows
 * built from events reports whatever changed meanwhile. */
static int dump(struct bwa_ctx *ctx)
{
	struct bw_kstate fresh = { 0 };
	struct bw_err err = { 0 };
	int rc = bw_nl_read_state(ctx->nl, &fresh, &err);

	if (rc < 0) {
		bw_log(BW_LOG_ERR, "reading the kernel's links: %s", err.msg);
		bw_kstate_free(&fresh);
		return rc;
	}
	bw_ethnl_fill_slaves(ctx->eth, &fresh);
	bw_kstate_free(&ctx->ks);
	ctx->ks = fresh;
	bwa_state_rebuild(ctx);
	return 0;
}

/* The kernel dropped events (ENOBUFS). What is still queued is older than
 * the dump that follows: discard it first, or replaying it would make
 * the rows go back in time and raise transitions that never happened. */
static void resync(struct bwa_ctx *ctx)
{
	int rc = -ENOBUFS;

	bw_log(BW_LOG_WARNING, "link events lost (ENOBUFS): re-reading the kernel state");
	for (int i = 0; i < 64 && rc == -ENOBUFS; i++)
		rc = bw_nlmon_read(ctx->mon, NULL, NULL);
	dump(ctx);
}

void bwa_state_read_events(struct bwa_ctx *ctx)
{
	int rc = bw_nlmon_read_all(ctx->mon, on_link, on_addr, ctx);

	if (rc == -ENOBUFS)
		resync(ctx);
	else if (rc < 0)
		bw_log(BW_LOG_ERR, "link monitor: %s", strerror(-rc));
}

/* The monitor's receive buffer when no test shrinks it. The kernel's
 * default (rmem_default, ~208 KiB) holds ~50 bond messages: a flap storm
 * (tests/integration/agent_flapstorm.sh: 1000 failovers in ~16 s, ~8
 * messages each) overran it whenever the agent fell behind for a moment,
 * and a re-dump after ENOBUFS sees only where the storm ended, not the
 * failovers in between (the MIB counted 724 of 1020). 8 MiB is ~2000
 * messages of slack, taken from the kernel only while they queue. */
#define BWA_NL_RCVBUF (8 << 20)

/* SO_RCVBUFFORCE goes past net.core.rmem_max; it needs CAP_NET_ADMIN,
 * which the agent has for the SET of the primary. Without it, SO_RCVBUF
 * gets as much as rmem_max allows. Best effort either way. */
static void grow_rcvbuf(struct bwa_ctx *ctx)
{
	int fd = bw_nlmon_fd(ctx->mon), size = BWA_NL_RCVBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) < 0)
		bw_log(BW_LOG_WARNING, "link monitor: receive buffer: %s", strerror(errno));
}

/* Monitor first, then dump: an event that happens during the dump is then
 * queued on the monitor rather than lost. Those queued events may be older
 * than the dump, so their replay raises nothing and counts nothing: the
 * agent's history starts from the state reached after it. */
int bwa_state_start(struct bwa_ctx *ctx)
{
	struct bw_err err = { 0 };
	int rc;

	if ((rc = bw_nlmon_open(&ctx->mon, ctx->nl_rcvbuf, &err)) < 0 ||
	    (rc = bw_nlmon_join_addrs(ctx->mon, &err)) < 0 ||
	    (rc = bw_nl_open(&ctx->nl, &err)) < 0) {
		bw_log(BW_LOG_ERR, "%s", err.msg);
		return rc;
	}
	if (ctx->nl_rcvbuf == 0)
		grow_rcvbuf(ctx);
	/* Without ethtool netlink (a kernel before 5.6) the agent still
	 * serves everything but speed and duplex, which read unknown. */
	if (bw_ethnl_open(&ctx->eth, true, &err) < 0)
		bw_log(BW_LOG_WARNING, "%s: slave speed and duplex unknown", err.msg);
	if ((rc = dump(ctx)) < 0)
		return rc;
	ctx->quiet = true;
	bwa_state_read_events(ctx);
	ctx->quiet = false;
	bwa_model_reset_hist(&ctx->model);
	if ((rc = bwa_wifi_start(ctx)) < 0)
		return rc;
	bw_log(BW_LOG_INFO, "%d bond(s), %d slave(s), %d wireless", ctx->model.n_bonds,
	       ctx->model.n_slaves, ctx->model.n_wifi);
	return 0;
}

void bwa_state_stop(struct bwa_ctx *ctx)
{
	bwa_wifi_stop(ctx);
	bw_nlmon_close(ctx->mon);
	bw_ethnl_close(ctx->eth);
	bw_nl_close(ctx->nl);
	bw_kstate_free(&ctx->ks);
	bwa_model_free(&ctx->model);
	ctx->mon = NULL;
	ctx->eth = NULL;
	ctx->nl = NULL;
}
