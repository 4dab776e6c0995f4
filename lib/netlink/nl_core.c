// SPDX-License-Identifier: GPL-2.0-or-later
/* nl_core.c - the request socket: open/close, one request/ACK exchange
 * with the kernel's extended-ACK message, and one dump loop. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>
#include "nl_priv.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int bw_nl_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case 0: return 0;
	case NLE_NOMEM: return -ENOMEM;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_PERM: return -EPERM;
	case NLE_NODEV: return -ENODEV;
	case NLE_EXIST: return -EEXIST;
	case NLE_INVAL: return -EINVAL;
	case NLE_BUSY: return -EBUSY;
	case NLE_DUMP_INTR: return -EINTR;
	case NLE_MSGSIZE: return -EMSGSIZE;
	case NLE_NOACCESS: return -EACCES;
	case NLE_OPNOTSUPP: return -EOPNOTSUPP;
	default: return -EIO;
	}
}

/* Names and ifindexes through the request socket: SIOCGIFINDEX and
 * SIOCGIFNAME work on any socket (the kernel hands them to dev_ioctl), so a
 * lookup is one system call, where libc's if_nametoindex/if_indextoname
 * open and close a socket for each (three: they were 2/3 of the system
 * calls of a 64-bond apply). libc's stay the fallback. */
int bw_nl_ifindex(struct bw_nl *nl, const char *name)
{
	struct ifreq ifr;
	size_t len = strlen(name);

	if (len >= sizeof(ifr.ifr_name))
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, len);
	if (ioctl(nl_socket_get_fd(nl->sk), SIOCGIFINDEX, &ifr) == 0)
		return ifr.ifr_ifindex;
	return errno == ENODEV ? 0 : (int)if_nametoindex(name);
}

const char *bw_nl_ifname(struct bw_nl *nl, int ifindex, char *buf)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = ifindex;
	if (ifindex > 0 && ioctl(nl_socket_get_fd(nl->sk), SIOCGIFNAME, &ifr) == 0) {
		snprintf(buf, BW_NL_NAMEBUF, "%.*s", (int)sizeof(ifr.ifr_name), ifr.ifr_name);
		return buf;
	}
	if (ifindex <= 0 || errno == ENODEV || !if_indextoname((unsigned)ifindex, buf))
		snprintf(buf, BW_NL_NAMEBUF, "ifindex %d", ifindex);
	return buf;
}

int bw_nl_open(struct bw_nl **out, struct bw_err *err)
{
	struct bw_nl *nl = calloc(1, sizeof(*nl));
	int one = 1, rc;

	*out = NULL;
	if (!nl || !(nl->sk = nl_socket_alloc())) {
		free(nl);
		bw_err_set(err, -ENOMEM, "netlink socket: out of memory");
		return -ENOMEM;
	}
	rc = nl_connect(nl->sk, NETLINK_ROUTE);
	if (rc < 0) {
		bw_err_set(err, bw_nl_errno(rc), "netlink socket: %s", nl_geterror(rc));
		bw_nl_close(nl);
		return bw_nl_errno(rc);
	}
	/* A dump of bonds with slave data exceeds libnl's fixed buffer. */
	nl_socket_enable_msg_peek(nl->sk);
	/* The kernel's own reason ("Device can not be enslaved while up") comes
	 * as an extended ACK; CAP_ACK keeps it from echoing our request. Both
	 * are best effort: without them errors still carry an errno. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	*out = nl;
	return 0;
}

void bw_nl_close(struct bw_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

unsigned long bw_nl_writes(const struct bw_nl *nl)
{
	return nl->writes;
}

void bw_nl_count_write(struct bw_nl *nl)
{
	nl->writes++;
}

struct ack {
	unsigned seq;
	bool done;
	int error;                     /* the kernel's, negative errno or 0 */
	char ext[256];                 /* NLMSGERR_ATTR_MSG, "" if none */
};

/* The extack TLVs follow the nlmsgerr and, unless NLM_F_CAPPED, the echoed
 * request; every offset is checked against the message length. */
static void parse_extack(const struct nlmsghdr *h, struct ack *a)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nlmsgerr e;
	size_t off = NLMSG_HDRLEN + sizeof(e), n;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	memcpy(&e, NLMSG_DATA(h), sizeof(e));
	if (!(h->nlmsg_flags & NLM_F_CAPPED) && e.msg.nlmsg_len > NLMSG_HDRLEN)
		off += e.msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLMSG_ALIGN(off);
	if (off >= h->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)h + off),
		      (int)(h->nlmsg_len - off), NULL) < 0 || !tb[NLMSGERR_ATTR_MSG])
		return;
	n = strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]), (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]));
	if (n >= sizeof(a->ext))
		n = sizeof(a->ext) - 1;
	memcpy(a->ext, nla_data(tb[NLMSGERR_ATTR_MSG]), n);
	a->ext[n] = '\0';
}

/* MSG_IN sees the raw reply before libnl turns the errno into an NLE code
 * and drops the TLVs: that is where the kernel's errno and text are kept. */
static int on_msg_in(struct nl_msg *msg, void *arg)
{
	struct ack *a = arg;
	const struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlmsgerr e;

	if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != a->seq ||
	    h->nlmsg_len < NLMSG_HDRLEN + sizeof(e))
		return NL_OK;
	memcpy(&e, NLMSG_DATA(h), sizeof(e));
	a->done = true;
	a->error = e.error;
	if (e.error)
		parse_extack(h, a);
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_STOP;
}

static int on_err(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	(void)who;
	(void)e;
	(void)arg;
	return NL_STOP;
}

static int talk_fail(struct bw_err *err, int code, const char *what, const char *ext)
{
	if (ext && *ext)
		bw_err_set(err, code, "%s: %s (%s)", what, ext, strerror(-code));
	else
		bw_err_set(err, code, "%s: %s", what, strerror(-code));
	return code;
}

int bw_nl_talk(struct bw_nl *nl, struct nl_msg *msg, const char *what, struct bw_err *err)
{
	struct ack a = { 0 };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	if (!cb)
		return talk_fail(err, -ENOMEM, what, NULL);
	nl_cb_set(cb, NL_CB_MSG_IN, NL_CB_CUSTOM, on_msg_in, &a);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, NULL);
	nl_cb_err(cb, NL_CB_CUSTOM, on_err, NULL);
	nl->writes++;
	rc = nl_send_auto(nl->sk, msg);
	a.seq = nlmsg_hdr(msg)->nlmsg_seq;
	while (rc >= 0 && !a.done)
		rc = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (!a.done)
		return talk_fail(err, bw_nl_errno(rc), what, nl_geterror(rc));
	if (a.error)
		return talk_fail(err, a.error, what, a.ext);
	return 0;
}

int bw_nl_talk_free(struct bw_nl *nl, struct nl_msg *msg, int build_rc, const char *what,
		    struct bw_err *err)
{
	int rc;

	if (!msg || build_rc < 0) {
		nlmsg_free(msg);
		bw_err_set(err, -ENOMEM, "%s: cannot build the netlink message", what);
		return -ENOMEM;
	}
	rc = bw_nl_talk(nl, msg, what, err);
	nlmsg_free(msg);
	return rc;
}

struct dump {
	bw_nl_dump_fn fn;
	void *arg;
	int rc;
};

static int on_dump_msg(struct nl_msg *msg, void *arg)
{
	struct dump *d = arg;

	if (d->rc == 0)
		d->rc = d->fn(nlmsg_hdr(msg), d->arg);
	return NL_OK;
}

int bw_nl_dump(struct bw_nl *nl, int type, void *hdr, size_t hdrlen,
	       bw_nl_dump_fn fn, void *arg)
{
	struct dump d = { fn, arg, 0 };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_dump_msg, &d);
	rc = nl_send_simple(nl->sk, type, NLM_F_DUMP, hdr, hdrlen);
	if (rc >= 0)
		rc = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (rc < 0)
		return bw_nl_errno(rc);
	return d.rc;
}
