// SPDX-License-Identifier: GPL-2.0-or-later
/* set_primary.c - SET of bwBondPrimary, in net-snmp's phases:
 *
 *   RESERVE1  type and length (wrongType, wrongLength, wrongValue), the
 *             bond must exist (noCreation)
 *   RESERVE2  the name must be a slave of that bond (inconsistentValue)
 *   ACTION    record the runtime override (so that `bondmgr apply`, a
 *             reboot or `bondmgr watch` keep the operator's choice), then
 *             one netlink write (fast: the master waits on us)
 *   UNDO      put the previous primary and override back (or clear them)
 *   COMMIT / FREE  forget the SET
 *
 * Under AgentX each phase is its own PDU, so the SET's data lives in
 * ctx->pending (keyed by bond) between phases. Who may write is snmpd's
 * VACM's business, not ours.
 */
#include <ctype.h>
#include <string.h>
#include "bondwatch/overrides.h"
#include "snmp_glue.h"

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

static int reserve1(struct bwa_ctx *ctx, int bond_ifindex, const netsnmp_variable_list *var)
{
	int rc;

	if ((rc = netsnmp_check_vb_type(var, ASN_OCTET_STR)) != SNMP_ERR_NOERROR)
		return rc;
	if ((rc = netsnmp_check_vb_size_range(var, 1, BWA_PRIMARY_MAX_LEN)) != SNMP_ERR_NOERROR)
		return rc;
	/* Interface names are printable, with no blank and no '/'. */
	for (size_t i = 0; i < var->val_len; i++)
		if (!isgraph(var->val.string[i]) || var->val.string[i] == '/')
			return SNMP_ERR_WRONGVALUE;
	if (!bwa_model_bond(&ctx->model, bond_ifindex))
		return SNMP_ERR_NOCREATION;
	if (!pending(ctx, bond_ifindex, true))
		return SNMP_ERR_RESOURCEUNAVAILABLE;
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

	if (!l || !l->is_bond)
		return -1;
	if (bw_nl_bond_change(ctx->nl, bond_ifindex, &l->bond.params,
			      BW_OPT_BIT(BW_OPT_PRIMARY), slave_ifindex, &err) < 0) {
		bw_log(BW_LOG_ERR, "%s: setting the primary: %s", l->name, err.msg);
		return -1;
	}
	return 0;
}

/* The override is written before the kernel changes: `bondmgr watch`
 * reacts to the kernel's event and must find the new choice already on
 * disk, or it would put the file's primary back. */
static int record_override(struct bwa_ctx *ctx, struct bwa_pending_set *p, const char *bond,
			   const char *primary)
{
	struct bw_overrides ov;
	struct bw_err err = { 0 };

	p->had_override = false;
	if (bw_overrides_load(ctx->overrides_path, &ov, &err) == 0)
		for (int i = 0; i < ov.n; i++)
			if (strcmp(ov.primary[i].bond, bond) == 0) {
				p->had_override = true;
				snprintf(p->old_override, sizeof(p->old_override), "%s",
					 ov.primary[i].primary);
			}
	if (bw_overrides_set_primary(ctx->overrides_path, bond, primary, &err) < 0) {
		bw_log(BW_LOG_ERR, "%s: cannot record the primary in %s: %s", bond,
		       ctx->overrides_path, err.msg);
		return -1;
	}
	return 0;
}

static void restore_override(const struct bwa_ctx *ctx, struct bwa_pending_set *p,
			     const char *bond)
{
	struct bw_err err = { 0 };

	if (bw_overrides_set_primary(ctx->overrides_path, bond,
				     p->had_override ? p->old_override : NULL, &err) < 0)
		bw_log(BW_LOG_ERR, "%s: cannot restore %s: %s", bond, ctx->overrides_path, err.msg);
}

static int action(struct bwa_ctx *ctx, int bond_ifindex)
{
	struct bwa_pending_set *p = pending(ctx, bond_ifindex, false);
	const struct bw_link *bond = bw_kstate_link_by_index(&ctx->ks, bond_ifindex);
	const struct bw_link *s = p ? bw_kstate_link_by_index(&ctx->ks, p->new_ifindex) : NULL;

	if (!p || !p->new_ifindex || !bond || !s)
		return SNMP_ERR_COMMITFAILED;
	/* A choice that would not survive the next apply is refused. */
	if (record_override(ctx, p, bond->name, s->name) < 0)
		return SNMP_ERR_COMMITFAILED;
	p->recorded = true;
	if (write_primary(ctx, bond_ifindex, p->new_ifindex) < 0) {
		restore_override(ctx, p, bond->name);
		p->recorded = false;
		return SNMP_ERR_COMMITFAILED;
	}
	p->applied = true;
	bw_log(BW_LOG_NOTICE, "%s: primary set to %s by SNMP (recorded in %s)", bond->name, s->name,
	       ctx->overrides_path);
	return SNMP_ERR_NOERROR;
}

static int undo(struct bwa_ctx *ctx, int bond_ifindex)
{
	struct bwa_pending_set *p = pending(ctx, bond_ifindex, false);
	const struct bw_link *bond = bw_kstate_link_by_index(&ctx->ks, bond_ifindex);
	int rc = SNMP_ERR_NOERROR;

	/* ifindex 0 makes the kernel clear the primary: "none" before. */
	if (p && p->applied && write_primary(ctx, bond_ifindex, p->old_ifindex) < 0)
		rc = SNMP_ERR_UNDOFAILED;
	if (p && p->recorded && bond)
		restore_override(ctx, p, bond->name);
	pending_drop(ctx, bond_ifindex);
	return rc;
}

int bwa_set_primary(struct bwa_ctx *ctx, int mode, int bond_ifindex,
		    const netsnmp_variable_list *var)
{
	switch (mode) {
	case MODE_SET_RESERVE1: return reserve1(ctx, bond_ifindex, var);
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
