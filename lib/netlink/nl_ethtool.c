// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_ethtool.c - a link's speed and duplex over ethtool netlink (generic
 * netlink family "ethtool", libnl-genl-3), because rtnetlink has no
 * attribute for them.
 *
 * Two ways in, both without polling:
 *  - ETHTOOL_MSG_LINKMODES_GET for one link, asked when rtnetlink says the
 *    link changed in a way that can change its speed (enslaved, carrier
 *    came or went: a NIC negotiates its speed when its link comes up);
 *  - ETHTOOL_MSG_LINKMODES_NTF on the family's "monitor" multicast group,
 *    which the kernel sends when someone sets a link's modes (ethtool -s),
 *    a change rtnetlink does not announce at all.
 * Replies and notifications carry the same attributes; both are parsed by
 * on_linkmodes below, length-checked (the kernel is the only sender, but
 * a short attribute must not be read past its end anyway).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include "bondwatch/log.h"
#include "nl_priv.h"

struct bw_ethnl {
	struct nl_sock *sk;            /* requests, blocking */
	struct nl_sock *mon;           /* "monitor" group, non-blocking; NULL if not asked */
	struct nl_cb *mon_cb;
	int family;
	/* where the parser puts what it read */
	bw_linkmodes_cb fn;
	void *ctx;
	int want_ifindex;              /* a GET's link: its reply fills got_* */
	bool got;
	bool acked;                    /* the request's ACK (libnl asks for one) */
	uint32_t got_speed;
	uint8_t got_duplex;
};

static int get_ifindex(struct nlattr *hdr)
{
	struct nlattr *tb[ETHTOOL_A_HEADER_MAX + 1];

	if (!hdr || nla_parse_nested(tb, ETHTOOL_A_HEADER_MAX, hdr, NULL) < 0 ||
	    !tb[ETHTOOL_A_HEADER_DEV_INDEX] || nla_len(tb[ETHTOOL_A_HEADER_DEV_INDEX]) < 4)
		return 0;
	return (int)nla_get_u32(tb[ETHTOOL_A_HEADER_DEV_INDEX]);
}

/* A LINKMODES reply or notification: its link, speed and duplex. */
static int on_linkmodes(struct nl_msg *msg, void *arg)
{
	struct bw_ethnl *e = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[ETHTOOL_A_LINKMODES_MAX + 1];
	struct genlmsghdr *g;
	uint32_t speed;
	uint8_t duplex;
	int ifindex;

	if (h->nlmsg_type != e->family || !genlmsg_valid_hdr(h, 0))
		return NL_SKIP;
	g = nlmsg_data(h);
	if ((g->cmd != ETHTOOL_MSG_LINKMODES_GET_REPLY && g->cmd != ETHTOOL_MSG_LINKMODES_NTF) ||
	    genlmsg_parse(h, 0, tb, ETHTOOL_A_LINKMODES_MAX, NULL) < 0)
		return NL_SKIP;
	ifindex = get_ifindex(tb[ETHTOOL_A_LINKMODES_HEADER]);
	if (!ifindex || !tb[ETHTOOL_A_LINKMODES_SPEED] || nla_len(tb[ETHTOOL_A_LINKMODES_SPEED]) < 4 ||
	    !tb[ETHTOOL_A_LINKMODES_DUPLEX] || nla_len(tb[ETHTOOL_A_LINKMODES_DUPLEX]) < 1)
		return NL_SKIP;
	speed = nla_get_u32(tb[ETHTOOL_A_LINKMODES_SPEED]);
	duplex = nla_get_u8(tb[ETHTOOL_A_LINKMODES_DUPLEX]);
	if (g->cmd == ETHTOOL_MSG_LINKMODES_GET_REPLY && ifindex == e->want_ifindex) {
		e->got = true;
		e->got_speed = speed;
		e->got_duplex = duplex;
	} else if (g->cmd == ETHTOOL_MSG_LINKMODES_NTF && e->fn) {
		e->fn(e->ctx, ifindex, speed, duplex);
	}
	return NL_OK;
}

/* libnl asks for an ACK with every request: the reply is complete once
 * it came, and none is left queued to be taken for the next reply. */
static int on_ack(struct nl_msg *msg, void *arg)
{
	struct bw_ethnl *e = arg;

	(void)msg;
	e->acked = true;
	return NL_STOP;
}


static int eth_fail(struct bw_ethnl *e, int nle, const char *what, struct bw_err *err)
{
	int code = bw_nl_errno(nle);

	bw_err_set(err, code, "ethtool netlink: %s: %s", what, nl_geterror(nle));
	bw_ethnl_close(e);
	return code;
}

static int open_monitor(struct bw_ethnl *e, struct bw_err *err)
{
	const char *what;
	int rc = bw_genl_monitor_open(e->sk, ETHTOOL_GENL_NAME, ETHTOOL_MCGRP_MONITOR_NAME,
				      on_linkmodes, e, &e->mon, &e->mon_cb, &what);

	return rc < 0 ? eth_fail(e, rc, what, err) : 0;
}

int bw_ethnl_open(struct bw_ethnl **out, bool monitor, struct bw_err *err)
{
	struct bw_ethnl *e = calloc(1, sizeof(*e));
	int rc;

	*out = NULL;
	if (!e || !(e->sk = nl_socket_alloc()))
		return eth_fail(e, -NLE_NOMEM, "allocate", err);
	if ((rc = genl_connect(e->sk)) < 0)
		return eth_fail(e, rc, "connect", err);
	/* A kernel without ETHTOOL_NETLINK (before 5.6) has no family. */
	if ((e->family = genl_ctrl_resolve(e->sk, ETHTOOL_GENL_NAME)) < 0)
		return eth_fail(e, e->family, "no \"ethtool\" generic netlink family", err);
	nl_socket_modify_cb(e->sk, NL_CB_VALID, NL_CB_CUSTOM, on_linkmodes, e);
	nl_socket_modify_cb(e->sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, e);
	if (monitor && (rc = open_monitor(e, err)) < 0)
		return rc;
	*out = e;
	return 0;
}

int bw_ethnl_fd(const struct bw_ethnl *e)
{
	return e && e->mon ? nl_socket_get_fd(e->mon) : -1;
}

int bw_ethnl_linkmodes(struct bw_ethnl *e, int ifindex, uint32_t *speed, uint8_t *duplex)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *hdr;
	int rc = -NLE_NOMEM;

	if (!msg)
		return -ENOMEM;
	if (genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, e->family, 0, NLM_F_REQUEST,
			ETHTOOL_MSG_LINKMODES_GET, ETHTOOL_GENL_VERSION) &&
	    (hdr = nla_nest_start(msg, ETHTOOL_A_LINKMODES_HEADER)) &&
	    nla_put_u32(msg, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t)ifindex) == 0 &&
	    /* compact bitsets: the link-mode masks, which we skip, stay small */
	    nla_put_u32(msg, ETHTOOL_A_HEADER_FLAGS, ETHTOOL_FLAG_COMPACT_BITSETS) == 0) {
		nla_nest_end(msg, hdr);
		e->want_ifindex = ifindex;
		e->got = e->acked = false;
		rc = nl_send_auto(e->sk, msg);
		/* the reply, then the ACK; an error ends it with rc < 0 */
		while (rc >= 0 && !e->acked)
			rc = nl_recvmsgs_default(e->sk);
	}
	nlmsg_free(msg);
	e->want_ifindex = 0;
	if (rc < 0)
		return bw_nl_errno(rc);
	if (!e->got)
		return -ENODATA;
	*speed = e->got_speed;
	*duplex = e->got_duplex;
	return 0;
}

/* Like bw_nlmon_read: until EAGAIN; libnl reports a lost batch (ENOBUFS)
 * as -NLE_NOMEM, which means "ask every link again". */
int bw_ethnl_read(struct bw_ethnl *e, bw_linkmodes_cb cb, void *ctx)
{
	int rc;

	e->fn = cb;
	e->ctx = ctx;
	for (;;) {
		rc = nl_recvmsgs(e->mon, e->mon_cb);
		if (rc == -NLE_AGAIN)
			rc = 0;
		else if (rc == -NLE_NOMEM)
			rc = -ENOBUFS;
		else if (rc < 0)
			rc = bw_nl_errno(rc);
		else
			continue;
		break;
	}
	e->fn = NULL;
	return rc;
}

void bw_ethnl_fill(struct bw_ethnl *e, struct bw_kstate *ks, int ifindex)
{
	uint32_t speed = 0;
	uint8_t duplex = 0;

	/* A link without ethtool link settings (or gone meanwhile) stays
	 * without: the MIB says "unknown" for it. */
	int rc = bw_ethnl_linkmodes(e, ifindex, &speed, &duplex);

	if (rc == 0)
		bw_kstate_set_linkmodes(ks, ifindex, speed, duplex);
	else
		bw_debug("ifindex %d: no ethtool link modes: %s", ifindex, strerror(-rc));
}

void bw_ethnl_fill_slaves(struct bw_ethnl *e, struct bw_kstate *ks)
{
	for (int i = 0; e && i < ks->n_links; i++)
		if (ks->links[i].is_bond_slave)
			bw_ethnl_fill(e, ks, ks->links[i].ifindex);
}

void bw_ethnl_close(struct bw_ethnl *e)
{
	if (!e)
		return;
	if (e->mon_cb)
		nl_cb_put(e->mon_cb);
	if (e->mon)
		nl_socket_free(e->mon);
	if (e->sk)
		nl_socket_free(e->sk);
	free(e);
}
