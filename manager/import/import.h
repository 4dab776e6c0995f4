/* SPDX-License-Identifier: GPL-2.0-or-later */
/* import.h - `bondmgr import`: what a host already has (the running
 * kernel, ifupdown with ifenslave, NetworkManager keyfiles) as a bondwatch
 * file. Each source fills a struct bw_config (the same struct the loader
 * fills; set_mask says which parameters to write) and says on `notes`, one
 * line each, every setting it cannot carry over and where it came from.
 * The emitter writes the file; cmd_import.c loads what was written with
 * the loader before printing it, so what is printed passes `bondmgr check`.
 * Inputs are files others can write: read bounded (bw_file_read), and
 * quoted in notes with their control characters escaped. */
#ifndef BONDMGR_IMPORT_H
#define BONDMGR_IMPORT_H

#include <stdio.h>
#include "bondwatch/config.h"
#include "bondwatch/kstate.h"

/* Bonds an import gives at the most (the loader's own bound). */
#define BW_IMPORT_MAX_BONDS 256
/* Bytes read from one input file at the most. */
#define BW_IMPORT_MAX_FILE (1024 * 1024)

/* Start an empty config with room for BW_IMPORT_MAX_BONDS bonds. */
int bw_import_init(struct bw_config *cfg);
/* The bond called name, added (with the kernel's defaults) if new; NULL
 * when the file would have too many bonds. */
struct bw_bond_cfg *bw_import_bond(struct bw_config *cfg, const char *name);
/* A note for the user: "WHERE: TEXT", WHERE and TEXT escaped. */
void bw_import_note(FILE *notes, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The next logical line of a text buffer, cut in place: a line ending in
 * a backslash goes on with the next (interfaces(5) and modprobe.d(5) both
 * continue lines so). Advances *cursor; *lineno counts the physical lines
 * read, *start is the one the logical line began on. NULL at the end. */
char *bw_import_next_line(char **cursor, int *lineno, int *start);

/* Fit b to what the loader takes (config_rules.c), as each source does
 * last: an option its mode does not take, an ARP monitor option without
 * arp-interval, a macaddress fail-over-mac-policy active would not keep,
 * or a value the emitter cannot write is named on notes (at where) and
 * left out of set_mask, never written. */
void bw_import_fit(struct bw_bond_cfg *b, const char *where, FILE *notes);
/* Option o's value in p as the file writes it, into buf; false when the
 * emitter has no word for it. */
bool bw_import_value(const struct bw_bond_params *p, enum bw_opt o, char *buf, size_t len);

/* Write cfg as a bondwatch file, under a comment naming the source. */
void bw_import_emit(const struct bw_config *cfg, const char *from, FILE *out);

/* The bonds in ks: options the kernel reports (non-default ones written),
 * members, primary, addresses, default routes; nameservers when resolv_path
 * was written by bondmgr. Options bondmgr does not manage are read from
 * sysfs_root/class/net/BOND/bonding and named in notes when not the
 * default. Returns the number of bonds. */
int bw_import_kernel(const struct bw_kstate *ks, const char *sysfs_root,
		     const char *resolv_path, struct bw_config *cfg, FILE *notes);

/* /etc/network/interfaces (or the files given) with their source lines,
 * and the modprobe.d directory's `options bonding` as defaults. Returns
 * the number of bonds, or -1 after an error said on notes (a file given
 * that cannot be read). */
int bw_import_ifupdown(const char *const *files, int n_files, const char *modprobe_dir,
		       struct bw_config *cfg, FILE *notes);

/* NetworkManager keyfiles in dir: connections of type bond and their
 * ports. Returns the number of bonds, or -1 when dir cannot be read. */
int bw_import_nm(const char *dir, struct bw_config *cfg, FILE *notes);

#endif
