// SPDX-License-Identifier: GPL-2.0-or-later
/* lacp_poll.c - the one place the agent reads the kernel on a timer, and
 * only while an 802.3ad bond exists.
 *
 * Why: the bonding driver runs 802.3ad in a state machine (every 100 ms)
 * that changes a port's LACP state, its churn state, the aggregator's
 * partner and port count, and which aggregator is active, without an
 * rtnetlink event for most of it. Seen on Debian 12's 6.1 with an LACP
 * partner across veth pairs (tests/integration/agent_lacp.sh): a member
 * whose peer goes down gets its RTM_NEWLINK for the carrier while its port
 * state is still 63 (collecting, distributing); the port's later 15, the
 * aggregator's "Number of ports" going from 2 to 1 and the churn states
 * moving from monitoring to none reach /proc/net/bonding but no event.
 * An agent that only listened would serve those stale for ever.
 *
 * What: every BWA_LACP_REREAD_S (1 s: the fast LACP rate, the quickest the
 * partner's side can change) each 802.3ad bond and its slaves are read
 * again (one RTM_GETLINK and one dump the kernel filters by master:
 * nothing of the other bonds) into the state, and the rows are rebuilt:
 * the diff against the previous rows raises what changed, nothing when
 * nothing did. Hosts without an 802.3ad bond keep the agent's idle cost:
 * no alarm is registered then.
 */
#include <string.h>
#include "snmp_glue.h"

struct reread {
	struct bwa_ctx *ctx;
	bool got;
};

static void on_link(void *arg, int msgtype, const struct bw_link *l)
{
	struct reread *r = arg;

	(void)msgtype;
	if (bwa_state_put_link(r->ctx, l) == 0)
		r->got = true;
}

static void reread(unsigned reg, void *arg)
{
	struct reread r = { arg, false };
	const struct bwa_model *m = &r.ctx->model;
	int rc, n = m->n_bonds, *bonds = n ? calloc((size_t)n, sizeof(*bonds)) : NULL;

	(void)reg;
	if (!bonds)
		return;
	/* the rows change under a rebuild: take the bonds' ifindexes first */
	for (int i = 0; i < n; i++)
		bonds[i] = m->bonds[i].params.mode == BW_MODE_8023AD ? m->bonds[i].ifindex : 0;
	for (int i = 0; i < n; i++)
		if (bonds[i] && (rc = bw_nl_read_bond(r.ctx->nl, bonds[i], on_link, &r)) < 0)
			bw_debug("re-reading bond ifindex %d: %s", bonds[i], strerror(-rc));
	free(bonds);
	/* Rebuilt whether or not anything changed: the diff of the rows
	 * raises only real transitions, and a rebuild is cheap next to the
	 * requests (the rows are sorted arrays). */
	if (r.got)
		bwa_state_rebuild(r.ctx);
}

void bwa_lacp_poll_update(struct bwa_ctx *ctx)
{
	bool any = false;

	for (int i = 0; i < ctx->model.n_bonds && !any; i++)
		any = ctx->model.bonds[i].params.mode == BW_MODE_8023AD;
	if (any && !ctx->lacp_alarm) {
		ctx->lacp_alarm = snmp_alarm_register(BWA_LACP_REREAD_S, SA_REPEAT, reread, ctx);
		bw_debug("802.3ad bond present: re-reading LACP state every %d s", BWA_LACP_REREAD_S);
	} else if (!any && ctx->lacp_alarm) {
		snmp_alarm_unregister(ctx->lacp_alarm);
		ctx->lacp_alarm = 0;
	}
}
