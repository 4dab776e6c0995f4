// SPDX-License-Identifier: GPL-2.0-or-later
/* import_modprobe.c - `options bonding K=V ...` lines of modprobe.d: the
 * defaults the bonding driver gives every bond it creates (bond_create
 * takes bonding_defaults, set from the module's parameters), so they are
 * the defaults of every imported bond. modprobe.d(5): files *.conf, read
 * in name order, a backslash at the end of a line continues it. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/file.h"
#include "import_priv.h"

#define MAX_CONF_FILES 256

static int conf_only(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 5 && !strcmp(e->d_name + n - 5, ".conf") && e->d_name[0] != '.';
}

/* One logical line: "options bonding k=v ...". */
static void line(char *s, const char *where, struct bw_bond_params *p, uint32_t *mask,
		 FILE *notes)
{
	char *w[64];
	int n = bw_import_words(s, false, w, 64);

	if (n < 2 || strcmp(w[0], "options") || strcmp(w[1], "bonding"))
		return;
	for (int i = 2; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (!eq) {
			bw_import_note(notes, where, "'%s' is not carried over: not K=V", w[i]);
			continue;
		}
		*eq = '\0';
		if (!strcmp(w[i], "max_bonds"))
			continue;   /* how many bonds the module makes at load: none needed */
		bw_import_bond_opt(p, mask, w[i], w[i], eq + 1, where, notes);
	}
}

static void one_file(const char *path, struct bw_bond_params *p, uint32_t *mask, FILE *notes)
{
	char *buf = NULL, *s, *cur, where[4300];
	int lineno = 0, start;

	if (bw_file_read(path, BW_IMPORT_MAX_FILE, BW_FILE_REGULAR, &buf, NULL, NULL) < 0) {
		bw_import_note(notes, path, "cannot be read: not carried over");
		return;
	}
	for (cur = buf; (s = bw_import_next_line(&cur, &lineno, &start));) {
		if (*(s + strspn(s, " \t")) == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%d", path, start);
		line(s, where, p, mask, notes);
	}
	free(buf);
}

void bw_import_modprobe(const char *dir, struct bw_bond_params *p, uint32_t *mask, FILE *notes)
{
	struct dirent **names;
	char path[4096];
	int n = dir ? scandir(dir, &names, conf_only, alphasort) : -1;

	for (int i = 0; i < n; i++) {
		if (i < MAX_CONF_FILES) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			one_file(path, p, mask, notes);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}
