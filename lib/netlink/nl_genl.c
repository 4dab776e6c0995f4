// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_genl.c - what the event sockets here do one way: rtnetlink's
 * (nl_monitor.c) and the generic netlink families' (ethtool's monitor
 * group, nl80211's mlme group): no sequence check on events, and a
 * non-blocking socket joined to one multicast group of a family. */
#include <netlink/errno.h>
#include <netlink/socket.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include "nl_priv.h"

int bw_nl_no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;   /* events carry sequence number 0: nothing to check */
}

int bw_genl_monitor_open(struct nl_sock *sk, const char *family, const char *group,
			 nl_recvmsg_msg_cb_t fn, void *arg, struct nl_sock **mon,
			 struct nl_cb **cb, const char **what)
{
	int grp, rc;

	*what = "allocate";
	if (!(*mon = nl_socket_alloc()) || !(*cb = nl_cb_alloc(NL_CB_DEFAULT)))
		return -NLE_NOMEM;
	nl_cb_set(*cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, bw_nl_no_seq_check, NULL);
	nl_cb_set(*cb, NL_CB_VALID, NL_CB_CUSTOM, fn, arg);
	*what = "connect";
	if ((rc = genl_connect(*mon)) < 0)
		return rc;
	*what = "resolve the multicast group";
	if ((grp = genl_ctrl_resolve_grp(sk, family, group)) < 0)
		return grp;
	*what = "join the multicast group";
	if ((rc = nl_socket_add_membership(*mon, grp)) < 0)
		return rc;
	*what = "set non-blocking";
	return nl_socket_set_nonblocking(*mon);
}
