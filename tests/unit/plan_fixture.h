/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan_fixture.h - what the planner's tests (test_plan*.c) share: a
 * kernel state built by hand (links, addresses and routes, the way
 * bw_nl_read_state would have read them), the seed's file and its
 * converged kernel, and finding a step in a plan. That the kernel accepts
 * the steps is proven in the VM (tests/integration/apply_*.sh). */
#ifndef BW_TEST_PLAN_FIXTURE_H
#define BW_TEST_PLAN_FIXTURE_H

#include "bondwatch/plan.h"

struct fake_kernel {
	struct bw_kstate ks;
	struct bw_link links[8];
	struct bw_kaddr addrs[8];
	struct bw_kroute routes[4];
};

/* A link, up or down; ifindexes count from 2 in the order of the calls
 * (1 is lo's). */
struct bw_link *fk_link(struct fake_kernel *f, const char *name, bool up);
/* A bond, up, with these options. */
struct bw_link *fk_bond(struct fake_kernel *f, const char *name, const struct bw_bond_params *p);
void fk_enslave(struct bw_link *member, const struct bw_link *bond);
/* An address; dynamic: with a lifetime (500 s left), as a lease's. */
void fk_addr(struct fake_kernel *f, int ifindex, const char *prefix, bool dynamic);
/* A default route via an address, of a protocol (RTPROT_*; 0: unspec). */
void fk_route(struct fake_kernel *f, int ifindex, const char *via, uint32_t metric, uint8_t proto);
/* The index of the first step of op on link (NULL: on any), or -1. */
int fk_find(const struct bw_plan *p, enum bw_step_op op, const char *link);

/* The seed: bond0 over eth0 (primary) + wlan0, 192.0.2.10/24 via .1 */
void plan_seed(struct bw_config *cfg, struct bw_bond_cfg *b);
/* The kernel after a successful apply of b (the seed, or its variants). */
void plan_converged(struct fake_kernel *f, const struct bw_bond_cfg *b);

#endif
