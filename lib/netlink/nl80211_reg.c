// SPDX-License-Identifier: GPL-2.0-or-later
/* nl80211_reg.c - the wireless regulatory domain over nl80211 (generic
 * netlink family "nl80211", libnl-genl-3): read the kernel's global one
 * (NL80211_CMD_GET_REG) and ask for another (NL80211_CMD_REQ_SET_REG with
 * NL80211_ATTR_REG_ALPHA2), as `iw reg get` / `iw reg set` do.
 *
 * A fresh Raspberry Pi's radio keeps most channels off (and Raspberry Pi
 * OS rfkill-blocks it) until a country is set; a wifis: entry's
 * regulatory-domain is that country. The kernel takes a request as a
 * user hint and applies it asynchronously (it reads regulatory.db, from
 * wireless-regdb, first): bw_nl80211_reg_set acknowledges the request,
 * then reads the domain again for a short while and says whether it is in
 * force yet, never blocking longer than the deadline it is given.
 *
 * One socket per call: both run once per apply, when a file names a
 * country, and nothing else here needs nl80211.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <linux/nl80211.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include "nl_priv.h"

struct reg_req {
	int family;
	char alpha2[3];          /* GET_REG's answer */
	bool acked;
};

static int on_reg(struct nl_msg *msg, void *arg)
{
	struct reg_req *r = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	const char *a;

	if (h->nlmsg_type != r->family || !genlmsg_valid_hdr(h, 0) ||
	    genlmsg_parse(h, 0, tb, NL80211_ATTR_MAX, NULL) < 0 || !tb[NL80211_ATTR_REG_ALPHA2] ||
	    nla_len(tb[NL80211_ATTR_REG_ALPHA2]) < 2)
		return NL_SKIP;
	a = nla_data(tb[NL80211_ATTR_REG_ALPHA2]);
	/* Two letters, or "00" (world), "99" (built from several), "98"
	 * (an intersection): anything else is not a country we would set. */
	if (a[0] < '0' || a[0] > 'Z' || a[1] < '0' || a[1] > 'Z')
		return NL_SKIP;
	r->alpha2[0] = a[0];
	r->alpha2[1] = a[1];
	r->alpha2[2] = '\0';
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	((struct reg_req *)arg)->acked = true;
	return NL_STOP;
}

static int reg_open(struct nl_sock **sk, struct reg_req *r, struct bw_err *err)
{
	int rc;

	if (!(*sk = nl_socket_alloc())) {
		bw_err_set(err, -ENOMEM, "nl80211: out of memory");
		return -ENOMEM;
	}
	if ((rc = genl_connect(*sk)) < 0 || (rc = genl_ctrl_resolve(*sk, NL80211_GENL_NAME)) < 0) {
		bw_err_set(err, bw_nl_errno(rc), "nl80211: %s (is cfg80211 loaded?)",
			   nl_geterror(rc));
		nl_socket_free(*sk);
		*sk = NULL;
		return bw_nl_errno(rc);
	}
	r->family = rc;
	nl_socket_modify_cb(*sk, NL_CB_VALID, NL_CB_CUSTOM, on_reg, r);
	nl_socket_modify_cb(*sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	return 0;
}

/* One request (its attribute alpha2 when given) until its ACK. */
static int reg_call(struct nl_sock *sk, struct reg_req *r, uint8_t cmd, const char *alpha2)
{
	struct nl_msg *msg = nlmsg_alloc();
	int rc = -NLE_NOMEM;

	if (!msg)
		return -ENOMEM;
	r->acked = false;
	if (genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, r->family, 0, NLM_F_REQUEST | NLM_F_ACK,
			cmd, 0) &&
	    (!alpha2 || nla_put_string(msg, NL80211_ATTR_REG_ALPHA2, alpha2) == 0)) {
		rc = nl_send_auto(sk, msg);
		while (rc >= 0 && !r->acked)
			rc = nl_recvmsgs_default(sk);
	}
	nlmsg_free(msg);
	return rc < 0 ? bw_nl_errno(rc) : 0;
}

int bw_nl80211_reg_get(char alpha2[3], struct bw_err *err)
{
	struct reg_req r = { 0 };
	struct nl_sock *sk;
	int rc;

	alpha2[0] = '\0';
	if ((rc = reg_open(&sk, &r, err)) < 0)
		return rc;
	if ((rc = reg_call(sk, &r, NL80211_CMD_GET_REG, NULL)) < 0)
		bw_err_set(err, rc, "nl80211: reading the regulatory domain: %s", strerror(-rc));
	else
		memcpy(alpha2, r.alpha2, 3);
	nl_socket_free(sk);
	return rc;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int bw_nl80211_reg_set(const char *alpha2, int wait_ms, struct bw_err *err)
{
	struct timespec tick = { 0, 20 * 1000000L };
	struct reg_req r = { 0 };
	long long until = now_ms() + wait_ms;
	struct nl_sock *sk;
	int rc;

	if ((rc = reg_open(&sk, &r, err)) < 0)
		return rc;
	if ((rc = reg_call(sk, &r, NL80211_CMD_REQ_SET_REG, alpha2)) < 0) {
		bw_err_set(err, rc, "nl80211: setting the regulatory domain %s: %s", alpha2,
			   strerror(-rc));
		nl_socket_free(sk);
		return rc;
	}
	/* Accepted as a hint; in force once GET_REG says so. */
	for (;;) {
		r.alpha2[0] = '\0';
		if (reg_call(sk, &r, NL80211_CMD_GET_REG, NULL) == 0 && !strcmp(r.alpha2, alpha2))
			break;
		if (now_ms() >= until) {
			nl_socket_free(sk);
			return 0;
		}
		nanosleep(&tick, NULL);
	}
	nl_socket_free(sk);
	return 1;
}
