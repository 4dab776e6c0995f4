// SPDX-License-Identifier: GPL-2.0-or-later
/* set_primary.c - SET of bwBondPrimary, in net-snmp's phases:
 *
 *   RESERVE1  type and length (wrongType, wrongLength), a name the kernel
 *             could have (wrongValue), the bond must exist (noCreation),
 *             and the bond named once in the PDU (inconsistentValue: a
 *             second value for the same instance contradicts the first)
 *   RESERVE2  the name must be a slave of that bond (inconsistentValue)
 *   ACTION    under the overrides lock that bondmgr takes too: one netlink
 *             write, then the runtime override recorded (so that `bondmgr
 *             apply`, a reboot or `bondmgr watch` keep the operator's
 *             choice); if the record fails, the kernel is put back
 *   UNDO      under the lock: the previous primary and the override as it
 *             was before this SET
 *   COMMIT / FREE  forget the SET
 *
 * Under AgentX each phase is its own PDU, so the SET's data lives in
 * ctx->pending (keyed by bond, tagged with the SET's transaction) between
 * phases. Who may write is snmpd's VACM's business, not ours.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "bondwatch/overrides.h"
#include "caps.h"
#include "snmp_glue.h"

/* How long ACTION and UNDO wait for the overrides lock (an apply or a
 * watch round holds it while it reads the overrides and writes the
 * primary). Well under the master's agentXTimeout (5 s in the shipped
 * snmpd snippet), with room left for the record's two fsyncs, so that a
 * SET that cannot have the lock fails while the master still waits for
 * the answer, rather than succeed after it has given up. */
#define BWA_SET_LOCK_MS 2000

static struct bwa_pending_set *pending(struct bwa_ctx *ctx, int bond_ifindex, bool create)
{
	struct bwa_pending_set *free_slot = NULL;

	for (int i = 0; i < BWA_PENDING_MAX; i++) {
		struct bwa_pending_set *p = &ctx->pending[i];

		if (p->used && p->bond_ifindex == bond_ifindex)
			return p;
		if (!p->used && !free_slot)
			free_slot = p;
	}
	if (!create || !free_slot)
		return NULL;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->used = true;
	free_slot->bond_ifindex = bond_ifindex;
	return free_slot;
}

static void pending_drop(struct bwa_ctx *ctx, int bond_ifindex)
{
	struct bwa_pending_set *p = pending(ctx, bond_ifindex, false);

	if (p)
		memset(p, 0, sizeof(*p));
}

/* The written name, NUL-terminated (RESERVE1 checked the length). */
static void var_name(const netsnmp_variable_list *var, char name[BW_IFNAMSIZ])
{
	size_t len = var->val_len < BW_IFNAMSIZ - 1 ? var->val_len : BW_IFNAMSIZ - 1;

	memcpy(name, var->val.string, len);
	name[len] = '\0';
}

static int reserve1(struct bwa_ctx *ctx, long txn, int bond_ifindex,
		    const netsnmp_variable_list *var)
{
	struct bwa_pending_set *p;
	char name[BW_IFNAMSIZ];
	int rc;

	if ((rc = netsnmp_check_vb_type(var, ASN_OCTET_STR)) != SNMP_ERR_NOERROR)
		return rc;
	if ((rc = netsnmp_check_vb_size_range(var, 1, BWA_PRIMARY_MAX_LEN)) != SNMP_ERR_NOERROR)
		return rc;
	/* The kernel's rule for names; no NUL inside. */
	var_name(var, name);
	if (strlen(name) != var->val_len || bw_ifname_check(name))
		return SNMP_ERR_WRONGVALUE;
	if (!bwa_model_bond(&ctx->model, bond_ifindex))
		return SNMP_ERR_NOCREATION;
	p = pending(ctx, bond_ifindex, true);
	if (!p)
		return SNMP_ERR_RESOURCEUNAVAILABLE;
	if (p->txn && p->txn == txn)
		return SNMP_ERR_INCONSISTENTVALUE;      /* this bond twice in one SET */
	/* A slot of an earlier SET whose FREE never came (the master went
	 * away mid-SET) is this SET's now. */
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->bond_ifindex = bond_ifindex;
	p->txn = txn;
	return SNMP_ERR_NOERROR;
}

static int reserve2(struct bwa_ctx *ctx, int bond_ifindex, const netsnmp_variable_list *var)
{
	struct bwa_pending_set *p = pending(ctx, bond_ifindex, false);
	const struct bwa_bond *b = bwa_model_bond(&ctx->model, bond_ifindex);
	const struct bwa_slave *s;
	char name[BW_IFNAMSIZ];

	if (!p)
		return SNMP_ERR_GENERR;
	if (!b)
		return SNMP_ERR_INCONSISTENTNAME;      /* the bond went away */
	var_name(var, name);
	s = bwa_model_slave_by_name(&ctx->model, bond_ifindex, name);
	if (!s || !bw_mode_has_primary(b->params.mode)) {
		bw_debug("%s: SET primary %s refused: %s", b->name, name,
			  s ? "mode has no primary" : "not a slave of this bond");
		return SNMP_ERR_INCONSISTENTVALUE;
	}
	p->new_ifindex = s->ifindex;
	p->old_ifindex = b->primary_ifindex;
	return SNMP_ERR_NOERROR;
}

static int write_primary(struct bwa_ctx *ctx, int bond_ifindex, int slave_ifindex)
{
	const struct bw_link *l = bw_kstate_link_by_index(&ctx->ks, bond_ifindex);
	struct bw_err err = { 0 };

	int rc;

	if (!l || !l->is_bond)
		return -1;
	bwa_caps_raise();
	rc = bw_nl_bond_change(ctx->nl, bond_ifindex, &l->bond.params, BW_OPT_BIT(BW_OPT_PRIMARY),
			       slave_ifindex, &err);
	bwa_caps_lower();
	if (rc < 0) {
		bw_log(BW_LOG_ERR, "%s: setting the primary: %s", l->name, err.msg);
		return -1;
	}
	return 0;
}

/* The override file's entry for bond now (the lock is held): what UNDO
 * puts back. */
static void read_old_override(const struct bwa_ctx *ctx, struct bwa_pending_set *p,
			      const char *bond)
{
	struct bw_overrides ov;

	p->had_override = false;
	if (bw_overrides_load(ctx->overrides_path, &ov, NULL) < 0)
		return;
	for (int i = 0; i < ov.n; i++)
		if (strcmp(ov.primary[i].bond, bond) == 0) {
			p->had_override = true;
			memcpy(p->old_override, ov.primary[i].primary, sizeof(p->old_override));
		}
}

static int record(const struct bwa_ctx *ctx, int lock, const char *bond, const char *primary)
{
	struct bw_err err = { 0 };

	if (bw_overrides_set_primary(ctx->overrides_path, lock, bond, primary, &err) == 0)
		return 0;
	bw_log(BW_LOG_ERR, "%s: cannot record the primary in %s: %s", bond, ctx->overrides_path,
	       err.msg);
	return -1;
}

/* The lock bondmgr takes around reading the overrides and writing the
 * primary; -1 (said) when it cannot be had in time. */
static int take_lock(const struct bwa_ctx *ctx, const char *bond)
{
	struct bw_err err = { 0 };
	int lock = bw_overrides_lock(ctx->overrides_path, true, 0, &err);

	if (lock == -EWOULDBLOCK) {
		bw_debug("%s: waiting for the overrides lock (an apply or a watch round holds it)",
			 bond);
		lock = bw_overrides_lock(ctx->overrides_path, true, BWA_SET_LOCK_MS, &err);
	}
	if (lock < 0)
		bw_log(BW_LOG_ERR, "%s: SET of the primary refused: %s", bond, err.msg);
	return lock;
}

/* The kernel first, then the record: an override is never on disk for a
 * primary the kernel refused. bondmgr watch, woken by the kernel's event,
 * waits for the lock, so it reads the override written here. */
static int action(struct bwa_ctx *ctx, int bond_ifindex)
{
	struct bwa_pending_set *p = pending(ctx, bond_ifindex, false);
	const struct bw_link *bond = bw_kstate_link_by_index(&ctx->ks, bond_ifindex);
	const struct bw_link *s = p ? bw_kstate_link_by_index(&ctx->ks, p->new_ifindex) : NULL;
	int lock, rc = SNMP_ERR_COMMITFAILED;

	if (!p || !p->new_ifindex || !bond || !s)
		return SNMP_ERR_COMMITFAILED;
	if (ctx->test_fail_action && !strcmp(ctx->test_fail_action, bond->name)) {
		bw_log(BW_LOG_ERR, "%s: SET made to fail in ACTION (test hook)", bond->name);
		return SNMP_ERR_COMMITFAILED;
	}
	if ((lock = take_lock(ctx, bond->name)) < 0)
		return SNMP_ERR_COMMITFAILED;
	read_old_override(ctx, p, bond->name);
	if (write_primary(ctx, bond_ifindex, p->new_ifindex) == 0) {
		p->applied = true;
		/* A choice that would not survive the next apply is refused. */
		if (record(ctx, lock, bond->name, s->name) == 0) {
			p->recorded = true;
			rc = SNMP_ERR_NOERROR;
		} else if (write_primary(ctx, bond_ifindex, p->old_ifindex) == 0) {
			p->applied = false;
		}
	}
	close(lock);
	if (rc == SNMP_ERR_NOERROR)
		bw_log(BW_LOG_NOTICE, "%s: primary set to %s by SNMP (recorded in %s)", bond->name,
		       s->name, ctx->overrides_path);
	return rc;
}

static int undo(struct bwa_ctx *ctx, int bond_ifindex)
{
	struct bwa_pending_set *p = pending(ctx, bond_ifindex, false);
	const struct bw_link *bond = bw_kstate_link_by_index(&ctx->ks, bond_ifindex);
	int rc = SNMP_ERR_NOERROR, lock;

	if (!p || (!p->applied && !p->recorded)) {
		pending_drop(ctx, bond_ifindex);
		return SNMP_ERR_NOERROR;
	}
	lock = bond ? take_lock(ctx, bond->name) : -1;
	/* ifindex 0 makes the kernel clear the primary: "none" before. */
	if (p->applied && write_primary(ctx, bond_ifindex, p->old_ifindex) < 0)
		rc = SNMP_ERR_UNDOFAILED;
	if (p->recorded && (lock < 0 || record(ctx, lock, bond->name,
					       p->had_override ? p->old_override : NULL) < 0))
		rc = SNMP_ERR_UNDOFAILED;
	if (lock >= 0)
		close(lock);
	pending_drop(ctx, bond_ifindex);
	return rc;
}

int bwa_set_primary(struct bwa_ctx *ctx, int mode, long txn, int bond_ifindex,
		    const netsnmp_variable_list *var)
{
	switch (mode) {
	case MODE_SET_RESERVE1: return reserve1(ctx, txn, bond_ifindex, var);
	case MODE_SET_RESERVE2: return reserve2(ctx, bond_ifindex, var);
	case MODE_SET_ACTION: return action(ctx, bond_ifindex);
	case MODE_SET_UNDO: return undo(ctx, bond_ifindex);
	case MODE_SET_COMMIT:
	case MODE_SET_FREE:
		pending_drop(ctx, bond_ifindex);
		return SNMP_ERR_NOERROR;
	}
	return SNMP_ERR_GENERR;
}
