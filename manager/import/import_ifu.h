/* SPDX-License-Identifier: GPL-2.0-or-later */
/* import_ifu.h - ifupdown's interfaces file read into stanzas and options
 * (import_ifu_read.c), then turned into bonds (import_ifupdown.c). */
#ifndef BONDMGR_IMPORT_IFU_H
#define BONDMGR_IMPORT_IFU_H

#include "import_priv.h"

#define IFU_MAX_FILES   64
#define IFU_MAX_STANZAS 1024
#define IFU_MAX_OPTS    4096
#define IFU_LINE_MAX    512

struct ifu_stanza {
	char name[BW_IFNAMSIZ];
	char family[16];          /* inet, inet6 */
	char method[16];          /* static, manual, dhcp, ... */
	int file, line;
};

struct ifu_opt {
	char key[48];             /* as written: bond-mode, bond_mode, address */
	char val[IFU_LINE_MAX];
	int stanza, file, line;
};

struct ifu {
	char *files[IFU_MAX_FILES];
	int n_files;
	struct ifu_stanza *st;    /* IFU_MAX_STANZAS */
	int n_st;
	struct ifu_opt *opt;      /* IFU_MAX_OPTS */
	int n_opt;
	FILE *notes;
};

/* Read path and what it sources into u (st and opt allocated by the
 * caller). Returns 0, or -1 when path itself cannot be read (said). */
int ifu_read(struct ifu *u, const char *path);
void ifu_free(struct ifu *u);
/* "FILE:LINE" of file index file. */
void ifu_where(const struct ifu *u, int file, int line, char *buf, size_t len);

#endif
