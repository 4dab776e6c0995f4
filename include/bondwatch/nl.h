/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nl.h - talking to the kernel over rtnetlink: read the state, and the few
 * writes the planner needs. Every write is counted (bw_nl_writes) so tests
 * and benchmarks can prove that a no-op apply wrote nothing.
 */
#ifndef BW_NL_H
#define BW_NL_H

#include "bondwatch/types.h"
#include "bondwatch/bond_opts.h"
#include "bondwatch/kstate.h"

struct bw_nl;

int bw_nl_open(struct bw_nl **out, struct bw_err *err);
void bw_nl_close(struct bw_nl *nl);
unsigned long bw_nl_writes(const struct bw_nl *nl);
/* A write made on another netlink socket (nl80211), counted here too so
 * that a no-op is still proven by a count of zero. */
void bw_nl_count_write(struct bw_nl *nl);
/* The ifindex of the link called name, 0 when there is none (one ioctl on
 * the request socket, not libc's socket per lookup). */
int bw_nl_ifindex(struct bw_nl *nl, const char *name);

/* One RTM_GETLINK dump, one RTM_GETADDR dump, one RTM_GETROUTE dump (main
 * table, default routes only). ks is overwritten, not freed (call
 * bw_kstate_free first if it held a state); it is empty on error. */
int bw_nl_read_state(struct bw_nl *nl, struct bw_kstate *ks, struct bw_err *err);

/* RTM_NEWLINK NLM_F_CREATE|NLM_F_EXCL kind "bond" with every option in mask
 * (the bond has no slaves and is down, so mode and fail_over_mac are
 * accepted). primary_ifindex is sent when mask has BW_OPT_PRIMARY. */
int bw_nl_bond_create(struct bw_nl *nl, const char *name, const struct bw_bond_params *p,
		      uint32_t mask, int primary_ifindex, struct bw_err *err);
/* RTM_NEWLINK on an existing bond with only the options in mask. The kernel
 * applies them in its own fixed order and stops at the first error
 * (bond_changelink is not atomic): the caller re-reads on error. */
int bw_nl_bond_change(struct bw_nl *nl, int ifindex, const struct bw_bond_params *p,
		      uint32_t mask, int primary_ifindex, struct bw_err *err);
int bw_nl_link_del(struct bw_nl *nl, int ifindex, struct bw_err *err);
int bw_nl_link_set_up(struct bw_nl *nl, int ifindex, bool up, struct bw_err *err);
/* master_ifindex 0 releases the link from its master. */
int bw_nl_link_set_master(struct bw_nl *nl, int ifindex, int master_ifindex, struct bw_err *err);
int bw_nl_addr(struct bw_nl *nl, bool add, int ifindex, const struct bw_prefix *p,
	       struct bw_err *err);
/* Default route (0.0.0.0/0 or ::/0) in the main table via gw on ifindex. */
int bw_nl_route_default(struct bw_nl *nl, bool add, int ifindex, const struct bw_ip *via,
			uint32_t metric, struct bw_err *err);

/* Event socket (subagent, bondmgr watch): RTNLGRP_LINK, non-blocking.
 * rcvbuf 0 keeps the kernel default (tests force a tiny one to provoke
 * ENOBUFS). */
struct bw_nlmon;
typedef void (*bw_link_cb)(void *ctx, int msgtype /* RTM_NEWLINK or RTM_DELLINK */,
			   const struct bw_link *l);
int bw_nlmon_open(struct bw_nlmon **out, int rcvbuf, struct bw_err *err);
int bw_nlmon_fd(const struct bw_nlmon *m);
/* Read every pending message without blocking and call cb for each link
 * message (cb NULL: read and discard). Returns 0; -ENOBUFS when the kernel dropped messages (the caller
 * must re-read the whole state with bw_nl_read_state); another negative
 * errno on a real error. */
int bw_nlmon_read(struct bw_nlmon *m, bw_link_cb cb, void *ctx);
/* Also join RTNLGRP_IPV4_IFADDR: address messages, which
 * bw_nlmon_read_all hands to addr_cb (RTM_NEWADDR for a new address and
 * for new lifetimes of one, RTM_DELADDR). Returns 0 or a negative errno. */
typedef void (*bw_addr_cb)(void *ctx, int msgtype /* RTM_NEWADDR or RTM_DELADDR */,
			   const struct bw_kaddr *a);
int bw_nlmon_join_addrs(struct bw_nlmon *m, struct bw_err *err);
int bw_nlmon_read_all(struct bw_nlmon *m, bw_link_cb cb, bw_addr_cb addr_cb, void *ctx);
void bw_nlmon_close(struct bw_nlmon *m);

/* One bond and its slaves (an RTM_GETLINK, and a dump the kernel filters
 * by master): cb gets each link as from the event socket. Returns 0 or a
 * negative errno (-ENODEV: the bond is gone). */
int bw_nl_read_bond(struct bw_nl *nl, int bond_ifindex, bw_link_cb cb, void *ctx);

/* The wireless regulatory domain over nl80211 (nl80211_reg.c). get: the
 * kernel's global alpha2 ("GB", "00" for the world). set: asks for alpha2
 * (NL80211_CMD_REQ_SET_REG) and waits up to wait_ms for the kernel to put
 * it in force (it does so asynchronously): 1 when it did, 0 when the
 * request was taken but is not in force yet, or a negative errno. */
int bw_nl80211_reg_get(char alpha2[3], struct bw_err *err);
int bw_nl80211_reg_set(const char *alpha2, int wait_ms, struct bw_err *err);

/* Speed and duplex over ethtool netlink (rtnetlink has no attribute for
 * them). monitor also joins the family's "monitor" group, whose
 * ETHTOOL_MSG_LINKMODES_NTF says when someone set a link's modes;
 * bw_ethnl_fd is then its descriptor (else -1). Fails on a kernel
 * without ethtool netlink (before 5.6). */
struct bw_ethnl;
typedef void (*bw_linkmodes_cb)(void *ctx, int ifindex, uint32_t speed, uint8_t duplex);
int bw_ethnl_open(struct bw_ethnl **out, bool monitor, struct bw_err *err);
int bw_ethnl_fd(const struct bw_ethnl *e);
/* ETHTOOL_MSG_LINKMODES_GET of one link. Returns 0 or a negative errno
 * (-EOPNOTSUPP: the driver has no link settings). */
int bw_ethnl_linkmodes(struct bw_ethnl *e, int ifindex, uint32_t *speed, uint8_t *duplex);
/* The link's speed and duplex into ks (unchanged when it has none); the
 * same for every bond slave of ks (e NULL: nothing). */
void bw_ethnl_fill(struct bw_ethnl *e, struct bw_kstate *ks, int ifindex);
void bw_ethnl_fill_slaves(struct bw_ethnl *e, struct bw_kstate *ks);
/* The monitor's pending notifications, without blocking: cb for each
 * LINKMODES_NTF. Returns 0, -ENOBUFS when some were lost (ask every link
 * again), or another negative errno. */
int bw_ethnl_read(struct bw_ethnl *e, bw_linkmodes_cb cb, void *ctx);
void bw_ethnl_close(struct bw_ethnl *e);

#endif
