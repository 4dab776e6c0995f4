/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan_priv.h - shared between the planner's files. */
#ifndef BW_PLAN_PRIV_H
#define BW_PLAN_PRIV_H

#include "bondwatch/plan.h"

struct bw_step *plan_add(struct bw_plan *plan, enum bw_step_op op, const char *link);
/* Set when allocation failed: bw_plan_make returns -ENOMEM. */
bool plan_oom(const struct bw_plan *plan);

uint32_t plan_create_mask(const struct bw_bond_params *p);
uint32_t plan_live_diff(const struct bw_bond_params *want, const struct bw_bond_params *have);
/* Options the kernel takes only while the bond is down (BOND_OPTFLAG_IFDOWN). */
uint32_t plan_ifdown_opts(void);
/* Holds any option's value as text. */
#define PLAN_OPT_STRLEN BW_NS_TARGETS_STRLEN
bool plan_needs_rebuild(const struct bw_bond_params *want, const struct bw_bond_params *have);
bool plan_primary_differs(const struct bw_bond_params *want, const struct bw_bond_params *have);
const char *plan_opt_value(enum bw_opt o, const struct bw_bond_params *p, char *buf, size_t len);
void plan_opts_text(char *buf, size_t len, const struct bw_bond_params *p, uint32_t mask);
void plan_change_text(char *buf, size_t len, const char *bond, const struct bw_bond_params *want,
		      const struct bw_bond_params *have, uint32_t mask);

/* Addresses and routes (plan_addr.c). */
bool plan_addr_is_kernel_owned(const struct bw_prefix *p);
void plan_link_addrs_clear(struct bw_plan *plan, const struct bw_kstate *ks, const struct bw_link *l,
			   const char *why);
/* keep_dynamic: the bond's addresses with a lifetime and its dhcp/ra
 * routes belong to someone else (its DHCP client), never deleted. */
void plan_bond_addrs(struct bw_plan *plan, const struct bw_kstate *ks, const struct bw_bond_cfg *b,
		     const struct bw_link *bond, bool bounced, bool deletions, bool keep_dynamic);
void plan_link_routes_restore(struct bw_plan *plan, const struct bw_kstate *ks, const struct bw_link *l,
			      const struct bw_link_restore *f);
void plan_dns(struct bw_plan *plan, const struct bw_target *t);

/* The bonds' DHCP clients (plan_client.c). */
bool plan_clients_managed(const struct bw_target *t);
/* bond's client runs now or is to run. */
bool plan_bond_has_client(const struct bw_target *t, const char *bond);
/* What runs for the i-th wanted helper (DHCP client, supplicant, regdom),
 * and whether its configuration differs from the wanted one: the same for
 * plan_client.c and plan_wpa.c. */
const struct bw_client *plan_client_have(const struct bw_target *t, int i);
bool plan_client_changed(const struct bw_client *want, const struct bw_client *have);
void plan_clients_stop(struct bw_plan *plan, const struct bw_target *t);
void plan_clients_start(struct bw_plan *plan, const struct bw_target *t);

/* Wireless members' wpa_supplicant (plan_wpa.c): stopped first, started
 * or told to re-read its configuration before the enslaves. */
void plan_wpa_stop(struct bw_plan *plan, const struct bw_target *t);
void plan_wpa_start(struct bw_plan *plan, const struct bw_target *t);
void plan_regdom(struct bw_plan *plan, const struct bw_target *t);
/* Other managers' files and the members' radios (plan_keepoff.c): first
 * of all, so that nothing fights the bond while it is built. */
void plan_keepoff(struct bw_plan *plan, const struct bw_target *t);

#endif
