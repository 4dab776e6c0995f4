/* SPDX-License-Identifier: GPL-2.0-or-later */
/* import_priv.h - shared by the ifupdown and modprobe readers: one bonding
 * option, in the kernel's own name (sysfs / module parameter: fail_over_mac,
 * arp_ip_target), into bondwatch's parameters. */
#ifndef BONDMGR_IMPORT_PRIV_H
#define BONDMGR_IMPORT_PRIV_H

#include "import.h"

/* Set option key (kernel name, '-' and '_' alike) to val in p and its bit
 * in *mask. Returns 1 when taken; 0 when bondmgr does not manage key or
 * val is not valid (said on notes, at where, naming the key as shown:
 * the line's own spelling, bond_lacp_rate). */
int bw_import_bond_opt(struct bw_bond_params *p, uint32_t *mask, const char *key,
		       const char *shown, const char *val, const char *where, FILE *notes);

/* The bond's mtu (o BW_OPT_MTU) or MAC address (BW_OPT_MACADDRESS) from
 * val into b; 1 when taken, 0 when val is not one (said on notes,
 * naming shown: the source's own key). */
int bw_import_link_opt(struct bw_bond_cfg *b, enum bw_opt o, const char *shown, const char *val,
		       const char *where, FILE *notes);

/* `options bonding K=V ...` of every *.conf in dir (sorted, as modprobe
 * reads them), into p and mask. A missing dir is no error. */
void bw_import_modprobe(const char *dir, struct bw_bond_params *p, uint32_t *mask, FILE *notes);

/* Split s in place at blanks (and commas when commas): up to max words. */
int bw_import_words(char *s, bool commas, char **w, int max);

#endif
