/* SPDX-License-Identifier: GPL-2.0-or-later */
/* config_priv.h - shared by the config_*.c files only: the YAML node tree,
 * the key-table walker and the value parsers the loader's passes use. Not
 * part of libbondwatch's interface (that is config.h).
 *
 * The loader runs in three passes, one file each:
 *   config_tree.c   libyaml events -> a small node tree (syntax, limits)
 *   config_parse.c, config_bond.c, config_params.c
 *                   tree -> struct bw_config (keys, types, values)
 *   config_rules.c  cross-field rules on the finished struct
 */
#ifndef BW_CONFIG_PRIV_H
#define BW_CONFIG_PRIV_H

#include <stddef.h>
#include "bondwatch/config.h"

/* Bounds, so that a hostile or broken file (the loader is a fuzz target)
 * costs bounded time and memory. A real file is well under 1 KiB and six
 * levels deep. */
#define BW_CFG_MAX_BYTES  (1024 * 1024)
#define BW_CFG_MAX_NODES  20000
#define BW_CFG_MAX_DEPTH  16
#define BW_CFG_MAX_KEYS   256          /* entries in one mapping */
#define BW_CFG_MAX_BONDS  256         /* the benchmarks (bench/scale.sh) go this far */
/* Intervals: the kernel takes miimon, arp_interval and the delays as an
 * int of milliseconds (bond_options.c: maxval INT_MAX). */
#define BW_CFG_MAX_MS     2147483647u

/* ---- diag.c: the source text ----------------------------------------- */

/* Start of 1-based line `line` in buf and its length without the newline;
 * NULL when the buffer has fewer lines. */
const char *bw_src_line(const char *buf, size_t len, int line, size_t *line_len);
/* The byte at pos (1-based line, column in characters), or -1. */
int bw_src_char(const char *buf, size_t len, struct bw_pos pos);

/* ---- config_tree.c: the document as a tree ---------------------------- */

enum yn_type { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum yn_type type;
	struct bw_pos pos;   /* 1-based start of the node */
	bool plain;          /* unquoted scalar: "", "~", "null" mean no value */
	char *str;           /* scalar text; NULL for collections */
	int n;               /* children; a map's are key, value, key, value */
	int first, last;     /* indices into ytree.nodes, -1 = none */
	int next;            /* next sibling, -1 = none */
};

struct ytree {
	struct ynode *nodes; /* nodes[0] is the root when n > 0 */
	int n, cap;
};

/* Parse buf into t. Syntax errors (with libyaml's position) and refused
 * constructs (anchors, aliases, several documents, too deep, too big) go
 * to d. Returns 0, or -1 after an error (t is then still freeable). */
int bw_ytree_build(struct ytree *t, const char *buf, size_t len, struct bw_diags *d);
void bw_ytree_free(struct ytree *t);
const struct ynode *bw_yn_root(const struct ytree *t);
const struct ynode *bw_yn_first(const struct ytree *t, const struct ynode *n);
const struct ynode *bw_yn_next(const struct ytree *t, const struct ynode *n);
bool bw_yn_is_null(const struct ynode *n);
/* "a list", "a mapping", "a value", "an empty value" - for messages. */
const char *bw_yn_what(const struct ynode *n);

/* Bits of cfg_ctx.bad beyond the options: a member or an address was
 * refused, so rules about members or gateways would mislead. */
#define BW_CFG_BAD_MEMBERS (1u << 30)
#define BW_CFG_BAD_ADDRS   (1u << 31)

/* ---- config_walk.c: typed access with messages ------------------------ */

struct cfg_ctx {
	const struct ytree *t;
	struct bw_diags *d;
	struct bw_config *cfg;
	/* Per bond: BW_OPT_BIT() of options whose value was refused, so the
	 * rules do not pile a second, misleading error on a bad value. */
	uint32_t bad[BW_CFG_MAX_BONDS];
	uint32_t seen;       /* bond keys seen in the current bond */
	int n_ns, n_search;  /* nameservers and search domains, file-wide */
};

struct cfg_key;
typedef void (*cfg_key_fn)(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			   const struct ynode *key, const struct ynode *val);

struct cfg_key {
	const char *name;    /* NULL: any key (the bond names under bonds:) */
	cfg_key_fn fn;
	int arg;             /* handler's own (an enum bw_opt, a bit) */
	bool hidden;         /* not listed among the valid keys */
};

void bw_cfg_err(struct cfg_ctx *c, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Check that node is a mapping, then call each key's handler; unknown,
 * duplicate and non-scalar keys are errors. where names the mapping in
 * messages ("parameters"). */
void bw_cfg_walk_map(struct cfg_ctx *c, const struct ynode *map, const char *where,
		     const struct cfg_key *keys, size_t n_keys, void *obj);
/* Type checks with a message naming the key; false on mismatch. */
bool bw_cfg_want(struct cfg_ctx *c, const struct ynode *n, enum yn_type type,
		 const char *key);
/* The text of a scalar that must hold a value, or NULL after an error. */
const char *bw_cfg_scalar(struct cfg_ctx *c, const struct ynode *n, const char *key);

/* ---- config_values.c: scalar syntax, no messages of their own --------- */

/* Each returns NULL when s is fine, else why not (a static string). */
const char *bw_cv_interval(const char *s, uint32_t *ms);
const char *bw_cv_uint(const char *s, uint64_t max, uint64_t *out);
const char *bw_cv_domain(const char *s);

/* ---- config_bond.c, config_net.c, config_params.c ---------------------------------- */

void bw_cfg_parse_bond(struct cfg_ctx *c, struct bw_bond_cfg *b, int idx,
		       const struct ynode *key, const struct ynode *val);
void bw_cfg_parse_params(struct cfg_ctx *c, struct bw_bond_cfg *b, int idx,
			 const struct ynode *val);
/* The bond's mtu: / macaddress: (opt BW_OPT_MTU or BW_OPT_MACADDRESS). */
void bw_cfg_parse_link_opt(struct cfg_ctx *c, struct bw_bond_cfg *b, int idx, enum bw_opt opt,
			   const struct ynode *key, const struct ynode *val);
void bw_cfg_parse_routes(struct cfg_ctx *c, struct bw_bond_cfg *b,
			 const struct ynode *val);
void bw_cfg_parse_nameservers(struct cfg_ctx *c, struct bw_bond_cfg *b,
			      const struct ynode *val);

/* ---- config_members.c: renderer: and the members' ethernets: entries -- */

void bw_cfg_k_renderer(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		       const struct ynode *key, const struct ynode *val);
void bw_cfg_k_ethernets(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
			const struct ynode *key, const struct ynode *val);
/* After the whole network: mapping: each entry must be a bond member;
 * members named by an entry's id get its kernel name (set-name). */
void bw_cfg_members_rules(struct cfg_ctx *c);
/* config_system.c's part for entries: match: macaddress against the links. */
void bw_cfg_members_system(const struct bw_config *cfg, const struct bw_kstate *ks,
			   const char *sysfs_root, struct bw_diags *d);

/* ---- config_wifis.c: wifis: entries (wireless members' access points) -- */

void bw_cfg_k_wifis(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		    const struct ynode *key, const struct ynode *val);
/* After the whole network: mapping: each entry must be a bond member. */
void bw_cfg_wifis_rules(struct cfg_ctx *c);

/* ---- config_dhcp.c: dhcp4, dhcp6, dhcp-identifier, dhcp4-overrides,
 * accept-ra -------------------------------------------------------------- */

/* Defaults of a bond's DHCP keys (nothing runs unless the file asks). */
void bw_cfg_dhcp_default(struct bw_dhcp_cfg *d);
/* The bond keys' handlers; arg is enum bw_cfg_dhcp_key. */
enum bw_cfg_dhcp_key { BW_DHCP_K_V4, BW_DHCP_K_V6, BW_DHCP_K_ID, BW_DHCP_K_OVERRIDES,
		       BW_DHCP_K_ACCEPT_RA };
void bw_cfg_k_dhcp(struct cfg_ctx *c, void *obj, const struct cfg_key *k,
		   const struct ynode *key, const struct ynode *val);
/* Rules between the DHCP keys and the bond's other keys. */
void bw_cfg_rules_dhcp(const struct bw_bond_cfg *b, struct bw_diags *d);

/* ---- config_rules.c --------------------------------------------------- */

/* Rules between fields and between bonds; bad[] as in cfg_ctx. */
void bw_cfg_rules(const struct bw_config *cfg, const uint32_t *bad, struct bw_diags *d);

#endif
