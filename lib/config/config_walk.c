// SPDX-License-Identifier: GPL-2.0-or-later
/* config_walk.c - typed access to the node tree, with the messages for
 * wrong types, unknown keys and duplicate keys written once, here. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "config_priv.h"

static void vdiag(struct cfg_ctx *c, enum bw_severity sev, const struct ynode *at,
		  const char *fmt, va_list ap)
{
	char msg[sizeof(c->d->items[0].msg)];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	bw_diags_add(c->d, sev, at ? at->pos : (struct bw_pos){ 0, 0 }, "%s", msg);
}

void bw_cfg_err(struct cfg_ctx *c, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(c, BW_SEV_ERROR, at, fmt, ap);
	va_end(ap);
}

static const char *type_word(enum yn_type type)
{
	return type == YN_MAP ? "a mapping" : type == YN_SEQ ? "a list" : "a single value";
}

bool bw_cfg_want(struct cfg_ctx *c, const struct ynode *n, enum yn_type type,
		 const char *key)
{
	if (n->type == type && !(type == YN_SCALAR && bw_yn_is_null(n)))
		return true;
	if (type == YN_SCALAR && bw_yn_is_null(n))
		bw_cfg_err(c, n, "%s needs a value", key);
	else
		bw_cfg_err(c, n, "%s must be %s, not %s", key, type_word(type),
			   bw_yn_what(n));
	return false;
}

const char *bw_cfg_scalar(struct cfg_ctx *c, const struct ynode *n, const char *key)
{
	return bw_cfg_want(c, n, YN_SCALAR, key) ? n->str : NULL;
}

static const struct cfg_key *find_key(const struct cfg_key *keys, size_t n,
				      const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!keys[i].name || !strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

static void unknown_key(struct cfg_ctx *c, const struct ynode *k, const char *where,
			const struct cfg_key *keys, size_t n)
{
	char list[320];
	size_t off = 0;

	list[0] = '\0';
	for (size_t i = 0; i < n && off < sizeof(list); i++) {
		if (keys[i].hidden || !keys[i].name)
			continue;
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
					off ? ", " : "", keys[i].name);
	}
	bw_cfg_err(c, k, "unknown key '%s' in %s; valid keys: %s", k->str, where, list);
}

/* A key must be a scalar and must not repeat an earlier key of the map. */
static bool key_ok(struct cfg_ctx *c, const struct ynode *map, const struct ynode *k,
		   const char *where)
{
	const struct ynode *p;

	if (k->type != YN_SCALAR) {
		bw_cfg_err(c, k, "a key in %s must be a single word, not %s", where,
			   bw_yn_what(k));
		return false;
	}
	for (p = bw_yn_first(c->t, map); p && p != k; p = bw_yn_next(c->t, p)) {
		if (p->type == YN_SCALAR && !strcmp(p->str, k->str)) {
			bw_cfg_err(c, k, "duplicate key '%s' in %s (first at line %d)",
				   k->str, where, p->pos.line);
			return false;
		}
		p = bw_yn_next(c->t, p);   /* skip the value */
		if (!p)
			break;
	}
	return true;
}

void bw_cfg_walk_map(struct cfg_ctx *c, const struct ynode *map, const char *where,
		     const struct cfg_key *keys, size_t n_keys, void *obj)
{
	const struct ynode *k, *v;
	const struct cfg_key *key;

	if (map->type != YN_MAP)
		return;
	if (map->n / 2 > BW_CFG_MAX_KEYS) {
		bw_cfg_err(c, map, "more than %d entries in %s", BW_CFG_MAX_KEYS, where);
		return;
	}
	for (k = bw_yn_first(c->t, map); k; k = bw_yn_next(c->t, v)) {
		v = bw_yn_next(c->t, k);
		if (!v)
			break;
		if (!key_ok(c, map, k, where))
			continue;
		key = find_key(keys, n_keys, k->str);
		if (key)
			key->fn(c, obj, key, k, v);
		else
			unknown_key(c, k, where, keys, n_keys);
	}
}
