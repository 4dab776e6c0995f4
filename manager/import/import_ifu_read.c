// SPDX-License-Identifier: GPL-2.0-or-later
/* import_ifu_read.c - /etc/network/interfaces (interfaces(5)) as stanzas
 * and their option lines: `iface NAME FAMILY METHOD` starts a stanza, the
 * lines after it are its options until the next stanza keyword; `source`
 * (globs) and `source-directory` pull other files in; a backslash at the
 * end of a line continues it; `#` at the start makes a comment. Bounded:
 * files, nesting, stanzas and options are counted. */
#include <dirent.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/file.h"
#include "import_ifu.h"

#define MAX_DEPTH 8

void ifu_where(const struct ifu *u, int file, int line, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%d", u->files[file], line);
}

static int add_stanza(struct ifu *u, char **w, int n, int file, int line)
{
	struct ifu_stanza *s;
	char where[4200];

	ifu_where(u, file, line, where, sizeof(where));
	if (n < 4) {
		bw_import_note(u->notes, where, "'iface' needs a name, a family and a "
			       "method: stanza not carried over");
		return -1;
	}
	if (bw_ifname_check(w[1])) {
		bw_import_note(u->notes, where, "iface %s: not an interface name the kernel "
			       "takes: stanza not carried over", w[1]);
		return -1;
	}
	if (u->n_st == IFU_MAX_STANZAS) {
		bw_import_note(u->notes, where, "more than %d stanzas: the rest is not "
			       "carried over", IFU_MAX_STANZAS);
		return -1;
	}
	s = &u->st[u->n_st];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", w[1]);
	snprintf(s->family, sizeof(s->family), "%s", w[2]);
	snprintf(s->method, sizeof(s->method), "%s", w[3]);
	s->file = file;
	s->line = line;
	return u->n_st++;
}

static void add_option(struct ifu *u, int st, char *text, int file, int line)
{
	struct ifu_opt *o;
	size_t k = strcspn(text, " \t");
	char where[4200];

	ifu_where(u, file, line, where, sizeof(where));
	if (st < 0) {
		bw_import_note(u->notes, where, "'%s' is outside any iface stanza: not "
			       "carried over", text);
		return;
	}
	if (u->n_opt == IFU_MAX_OPTS || k >= sizeof(o->key)) {
		bw_import_note(u->notes, where, "'%.40s' is not carried over (too many or too "
			       "long option lines)", text);
		return;
	}
	o = &u->opt[u->n_opt];
	memcpy(o->key, text, k);
	o->key[k] = '\0';
	text += k;
	text += strspn(text, " \t");
	snprintf(o->val, sizeof(o->val), "%s", text);
	/* trailing blanks are not part of the value */
	for (size_t n = strlen(o->val); n && (o->val[n - 1] == ' ' || o->val[n - 1] == '\t'); n--)
		o->val[n - 1] = '\0';
	o->stanza = st;
	o->file = file;
	o->line = line;
	u->n_opt++;
}

static int read_file(struct ifu *u, const char *path, int depth);

/* A relative path in a source line is taken from the including file's
 * folder (for /etc/network/interfaces, /etc/network, as ifupdown does). */
static void resolve(const char *from, const char *p, char *out, size_t len)
{
	char dir[4096];

	if (p[0] == '/') {
		snprintf(out, len, "%s", p);
		return;
	}
	snprintf(dir, sizeof(dir), "%s", from);
	snprintf(out, len, "%s/%s", dirname(dir), p);
}

static void source_glob(struct ifu *u, const char *from, const char *pat, int depth)
{
	char full[8300];
	glob_t g;

	resolve(from, pat, full, sizeof(full));
	if (glob(full, 0, NULL, &g) != 0)
		return;   /* nothing matches: ifupdown says nothing either */
	for (size_t i = 0; i < g.gl_pathc; i++)
		read_file(u, g.gl_pathv[i], depth + 1);
	globfree(&g);
}

/* run-parts' names: letters, digits, '_' and '-' only. */
static int run_parts_name(const struct dirent *e)
{
	return e->d_name[0] && strspn(e->d_name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
				      "QRSTUVWXYZ0123456789_-") == strlen(e->d_name);
}

static void source_dir(struct ifu *u, const char *from, const char *d, int depth)
{
	char full[8300], path[8600];
	struct dirent **names;
	int n;

	resolve(from, d, full, sizeof(full));
	n = scandir(full, &names, run_parts_name, alphasort);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", full, names[i]->d_name);
		read_file(u, path, depth + 1);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* One logical line (continuations joined). st: the open stanza, or -1. */
static int line(struct ifu *u, char *s, int file, int lineno, int depth, int st)
{
	char copy[IFU_LINE_MAX], *w[8], where[4200];
	int n;

	snprintf(copy, sizeof(copy), "%s", s);
	n = bw_import_words(copy, false, w, 8);
	if (!n)
		return st;
	ifu_where(u, file, lineno, where, sizeof(where));
	if (!strcmp(w[0], "iface"))
		return add_stanza(u, w, n, file, lineno);
	if (!strcmp(w[0], "auto") || !strncmp(w[0], "allow-", 6) ||
	    !strcmp(w[0], "no-auto-down") || !strcmp(w[0], "no-scripts"))
		return -1;
	if (!strcmp(w[0], "source") || !strcmp(w[0], "source-directory")) {
		for (int i = 1; i < n; i++) {
			if (w[0][6] == '-')
				source_dir(u, u->files[file], w[i], depth);
			else
				source_glob(u, u->files[file], w[i], depth);
		}
		return -1;
	}
	if (!strcmp(w[0], "mapping") || !strcmp(w[0], "rename")) {
		bw_import_note(u->notes, where, "'%s' stanzas are not carried over", w[0]);
		return -2;   /* its lines belong to it, not to an iface */
	}
	if (st == -2)
		return st;
	add_option(u, st, s, file, lineno);
	return st;
}

static int read_file(struct ifu *u, const char *path, int depth)
{
	char *buf = NULL, *s, *cur;
	int rc, file, lineno = 0, start, st = -1;

	if (depth > MAX_DEPTH || u->n_files == IFU_MAX_FILES) {
		bw_import_note(u->notes, path, "not read: more than %d files or %d levels of "
			       "source", IFU_MAX_FILES, MAX_DEPTH);
		return -1;
	}
	rc = bw_file_read(path, BW_IMPORT_MAX_FILE, BW_FILE_REGULAR, &buf, NULL, NULL);
	if (rc < 0) {
		bw_import_note(u->notes, path, "cannot be read: %s", strerror(-rc));
		return -1;
	}
	file = u->n_files;
	u->files[u->n_files++] = strdup(path);
	if (!u->files[file]) {
		free(buf);
		u->n_files--;
		return -1;
	}
	for (cur = buf; (s = bw_import_next_line(&cur, &lineno, &start));) {
		s += strspn(s, " \t");
		if (*s == '#' || !*s)
			continue;
		if (strlen(s) >= IFU_LINE_MAX) {
			char where[4200];

			ifu_where(u, file, start, where, sizeof(where));
			bw_import_note(u->notes, where, "line longer than %d bytes: not carried "
				       "over", IFU_LINE_MAX - 1);
			continue;
		}
		st = line(u, s, file, start, depth, st);
	}
	free(buf);
	return 0;
}

int ifu_read(struct ifu *u, const char *path)
{
	return read_file(u, path, 0);
}

void ifu_free(struct ifu *u)
{
	for (int i = 0; i < u->n_files; i++)
		free(u->files[i]);
	free(u->st);
	free(u->opt);
	memset(u, 0, sizeof(*u));
}
