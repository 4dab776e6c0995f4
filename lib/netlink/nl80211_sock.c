// SPDX-License-Identifier: GPL-2.0-or-later
/* nl80211_sock.c - the nl80211 generic netlink family over libnl-genl-3,
 * in nl_ethtool.c's way: one blocking socket for requests, one
 * non-blocking socket on the "mlme" multicast group, which carries
 * connect, disconnect, roam and the connection-quality monitor's RSSI
 * events (so nothing needs polling). What the messages say is read by
 * nl80211_msg.c.
 *
 * A host without cfg80211 has no "nl80211" family: bw_wifinl_open says
 * so with -ENOENT and the caller goes on without Wi-Fi.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/nl80211.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include "bondwatch/wifi.h"
#include "nl_priv.h"

struct bw_wifinl {
	struct nl_sock *sk;            /* requests, blocking */
	struct nl_sock *mon;           /* "mlme" group, non-blocking; NULL if not asked */
	struct nl_cb *mon_cb;
	int family;
	/* a request in flight */
	struct bw_wifi_link *want;     /* where its replies go */
	int want_cmd;                  /* GET_INTERFACE or GET_STATION */
	bool got, done, bad;
	/* the monitor's reader */
	bw_wifi_event_cb fn;
	void *ctx;
};

static int on_reply(struct nl_msg *msg, void *arg)
{
	struct bw_wifinl *w = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	int rc;

	if (!w->want)
		return NL_SKIP;
	if (w->want_cmd == NL80211_CMD_GET_INTERFACE) {
		rc = bw_wifi_parse_interface(h, w->family, w->want);
	} else if (w->want_cmd == NL80211_CMD_GET_SCAN) {
		if (w->got)
			return NL_SKIP;
		rc = bw_wifi_parse_bss(h, w->family, w->want);
		if (rc == 1)
			return NL_OK;          /* not the associated BSS */
	} else {
		/* a station interface has one peer, its AP; keep the first */
		if (w->got)
			return NL_SKIP;
		rc = bw_wifi_parse_station(h, w->family, w->want);
	}
	if (rc < 0)
		w->bad = true;
	else
		w->got = true;
	return NL_OK;
}

/* The end of a request: its ACK, or a dump's NLMSG_DONE. */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct bw_wifinl *w = arg;

	(void)msg;
	w->done = true;
	return NL_STOP;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct bw_wifinl *w = arg;
	struct bw_wifi_event ev;

	if (w->fn && bw_wifi_parse_event(nlmsg_hdr(msg), w->family, &ev) == 0)
		w->fn(w->ctx, &ev);
	return NL_OK;
}


static int wifi_fail(struct bw_wifinl *w, int nle, const char *what, struct bw_err *err)
{
	int code = bw_nl_errno(nle);

	bw_err_set(err, code, "nl80211: %s: %s", what, nl_geterror(nle));
	bw_wifinl_close(w);
	return code;
}

static int open_monitor(struct bw_wifinl *w, struct bw_err *err)
{
	const char *what;
	int rc = bw_genl_monitor_open(w->sk, NL80211_GENL_NAME, NL80211_MULTICAST_GROUP_MLME,
				      on_event, w, &w->mon, &w->mon_cb, &what);

	return rc < 0 ? wifi_fail(w, rc, what, err) : 0;
}

int bw_wifinl_open(struct bw_wifinl **out, bool monitor, struct bw_err *err)
{
	struct bw_wifinl *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w || !(w->sk = nl_socket_alloc()))
		return wifi_fail(w, -NLE_NOMEM, "allocate", err);
	if ((rc = genl_connect(w->sk)) < 0)
		return wifi_fail(w, rc, "connect", err);
	if ((w->family = genl_ctrl_resolve(w->sk, NL80211_GENL_NAME)) < 0) {
		bw_err_set(err, -ENOENT, "no \"nl80211\" generic netlink family (cfg80211 not loaded)");
		bw_wifinl_close(w);
		return -ENOENT;
	}
	nl_socket_modify_cb(w->sk, NL_CB_VALID, NL_CB_CUSTOM, on_reply, w);
	nl_socket_modify_cb(w->sk, NL_CB_ACK, NL_CB_CUSTOM, on_done, w);
	nl_socket_modify_cb(w->sk, NL_CB_FINISH, NL_CB_CUSTOM, on_done, w);
	if (monitor && (rc = open_monitor(w, err)) < 0)
		return rc;
	*out = w;
	return 0;
}

int bw_wifinl_fd(const struct bw_wifinl *w)
{
	return w && w->mon ? nl_socket_get_fd(w->mon) : -1;
}

/* One request for ifindex, its replies into out, until its ACK or DONE.
 * Bounded: the kernel ends every request with one of them or an error. */
static int request(struct bw_wifinl *w, int cmd, int flags, int ifindex,
		   struct bw_wifi_link *out)
{
	struct nl_msg *msg = nlmsg_alloc();
	int rc = -NLE_NOMEM;

	if (!msg)
		return -ENOMEM;
	if (genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, w->family, 0, flags, (uint8_t)cmd, 0) &&
	    nla_put_u32(msg, NL80211_ATTR_IFINDEX, (uint32_t)ifindex) == 0) {
		w->want = out;
		w->want_cmd = cmd;
		w->got = w->done = w->bad = false;
		rc = nl_send_auto(w->sk, msg);
		while (rc >= 0 && !w->done)
			rc = nl_recvmsgs_default(w->sk);
	}
	nlmsg_free(msg);
	w->want = NULL;
	if (rc < 0)
		return bw_nl_errno(rc);
	return w->bad ? -EINVAL : 0;
}

int bw_wifinl_read_link(struct bw_wifinl *w, int ifindex, struct bw_wifi_link *out)
{
	int rc;

	if (!w)
		return -ENODEV;
	rc = request(w, NL80211_CMD_GET_INTERFACE, 0, ifindex, out);
	if (rc < 0)
		return rc == -EINVAL ? -EINVAL : (rc == -EOPNOTSUPP ? -ENODEV : rc);
	if (!w->got || out->ifindex != ifindex)
		return -ENODEV;
	/* Kernels from 6.0 give no SSID in GET_INTERFACE: the associated
	 * BSS in the scan list says it (what `iw link` reads). */
	if (!out->associated) {
		rc = request(w, NL80211_CMD_GET_SCAN, NLM_F_DUMP, ifindex, out);
		if (rc < 0)
			return rc;
	}
	if (!out->associated)
		return 0;
	rc = request(w, NL80211_CMD_GET_STATION, NLM_F_DUMP, ifindex, out);
	return rc < 0 ? rc : 0;
}

int bw_wifinl_read_station(struct bw_wifinl *w, int ifindex, struct bw_wifi_link *out)
{
	int rc;

	if (!w)
		return -ENODEV;
	rc = request(w, NL80211_CMD_GET_STATION, NLM_F_DUMP, ifindex, out);
	if (rc < 0)
		return rc;
	return w->got ? 0 : -ENOENT;
}

int bw_wifinl_set_cqm(struct bw_wifinl *w, int ifindex, int thold_dbm, unsigned hyst_db)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *cqm;
	int rc = -NLE_NOMEM;

	if (!msg)
		return -ENOMEM;
	if (genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, w->family, 0, 0, NL80211_CMD_SET_CQM, 0) &&
	    nla_put_u32(msg, NL80211_ATTR_IFINDEX, (uint32_t)ifindex) == 0 &&
	    (cqm = nla_nest_start(msg, NL80211_ATTR_CQM)) &&
	    nla_put_u32(msg, NL80211_ATTR_CQM_RSSI_THOLD, (uint32_t)thold_dbm) == 0 &&
	    nla_put_u32(msg, NL80211_ATTR_CQM_RSSI_HYST, hyst_db) == 0) {
		nla_nest_end(msg, cqm);
		w->want = NULL;
		w->done = false;
		rc = nl_send_auto(w->sk, msg);
		while (rc >= 0 && !w->done)
			rc = nl_recvmsgs_default(w->sk);
	}
	nlmsg_free(msg);
	return rc < 0 ? bw_nl_errno(rc) : 0;
}

int bw_wifinl_read_events(struct bw_wifinl *w, bw_wifi_event_cb cb, void *ctx)
{
	int rc;

	w->fn = cb;
	w->ctx = ctx;
	for (;;) {
		rc = nl_recvmsgs(w->mon, w->mon_cb);
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
	w->fn = NULL;
	return rc;
}

void bw_wifinl_close(struct bw_wifinl *w)
{
	if (!w)
		return;
	if (w->mon_cb)
		nl_cb_put(w->mon_cb);
	if (w->mon)
		nl_socket_free(w->mon);
	if (w->sk)
		nl_socket_free(w->sk);
	free(w);
}
