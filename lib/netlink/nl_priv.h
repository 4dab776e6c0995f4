/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nl_priv.h - what the netlink files of libbondwatch share: the request
 * socket, one request/ACK exchange that keeps the kernel's extended-ACK
 * message, and one dump loop. Not part of the library's interface. */
#ifndef BW_NL_PRIV_H
#define BW_NL_PRIV_H

#include <stddef.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/handlers.h>
#include "bondwatch/nl.h"

struct bw_nl {
	struct nl_sock *sk;            /* requests and dumps, blocking */
	unsigned long writes;          /* every request sent by bw_nl_talk */
};

/* A libnl error (-NLE_*) as a negative errno, for bw_err and callers. */
int bw_nl_errno(int nle);

/* nl_genl.c: the NL_CB_SEQ_CHECK callback of an event socket (events
 * carry no sequence number to check). */
int bw_nl_no_seq_check(struct nl_msg *msg, void *arg);
/* A non-blocking socket *mon joined to the multicast group GROUP of the
 * generic netlink FAMILY (resolved over sk), its valid messages handed to
 * fn(msg, arg) through *cb. Returns 0, or a libnl error (-NLE_*) with
 * *what naming the step that failed; the caller frees *mon and *cb. */
int bw_genl_monitor_open(struct nl_sock *sk, const char *family, const char *group,
			 nl_recvmsg_msg_cb_t fn, void *arg, struct nl_sock **mon,
			 struct nl_cb **cb, const char **what);
/* "eth0", or "ifindex 7" when the link is gone; buf holds IF_NAMESIZE + 16. */
#define BW_NL_NAMEBUF (IF_NAMESIZE + 16)

/* A bond slave's churn states (uapi linux/if_link.h, IFLA_BOND_SLAVE_AD_
 * CHURN_ACTOR_STATE and _PARTNER_STATE, numbers 11 and 12 in Debian 12's
 * linux-libc-dev 6.1.187). Debian 12's cross headers (linux-libc-dev-
 * arm64-cross, -armhf-cross) are older and stop at IFLA_BOND_SLAVE_PRIO,
 * so the numbers are ours to name; uapi attribute numbers never change. */
enum {
	BW_IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE = 11,
	BW_IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE = 12,
	BW_IFLA_BOND_SLAVE_MAX = 12,
};
const char *bw_nl_ifname(struct bw_nl *nl, int ifindex, char *buf);
/* Send msg (counted as a write), wait for its ACK. On a refusal, err gets
 * "WHAT: <kernel's extack message> (<strerror>)" or "WHAT: <strerror>".
 * Returns 0 or a negative errno. msg stays the caller's. */
int bw_nl_talk(struct bw_nl *nl, struct nl_msg *msg, const char *what, struct bw_err *err);
/* bw_nl_talk, then nlmsg_free(msg). msg NULL or build_rc < 0 means the
 * message could not be built: nothing is sent, -ENOMEM. */
int bw_nl_talk_free(struct bw_nl *nl, struct nl_msg *msg, int build_rc, const char *what,
		    struct bw_err *err);

/* One dump request; fn is called for each message of the reply. fn returns
 * 0 or a negative errno (the first one is kept, the dump is still drained).
 * Returns 0, -EINTR when the kernel flagged the dump inconsistent
 * (NLM_F_DUMP_INTR: try again), or a negative errno. */
typedef int (*bw_nl_dump_fn)(const struct nlmsghdr *h, void *arg);
int bw_nl_dump(struct bw_nl *nl, int type, void *hdr, size_t hdrlen,
	       bw_nl_dump_fn fn, void *arg);

/* An address attribute of family (AF_INET: 4 bytes, AF_INET6: 16) into
 * *ip; false when it is absent or short (addr_parse.c). */
bool bw_nl_get_ip(const struct nlattr *a, int family, struct bw_ip *ip);
/* CLOCK_MONOTONIC seconds: when an address's lifetimes were read
 * (struct bw_kaddr.read_at). */
int64_t bw_nl_now_s(void);

/* IFLA_LINKINFO { KIND "bond", DATA { the options in mask } } (nl_bond_msg.c). */
int bw_nl_put_bond_info(struct nl_msg *msg, const struct bw_bond_params *p, uint32_t mask,
			int primary_ifindex);
/* IFLA_MTU / IFLA_ADDRESS of the bond when mask names them (nl_bond_msg.c). */
int bw_nl_put_bond_link(struct nl_msg *msg, const struct bw_bond_params *p, uint32_t mask);

#endif
