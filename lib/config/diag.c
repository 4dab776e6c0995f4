// SPDX-License-Identifier: GPL-2.0-or-later
/* diag.c - collecting diagnostics and printing them the way compilers (and
 * netplan) do: FILE:LINE:COL: error: MESSAGE, the source line, a caret. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/file.h"
#include "bondwatch/text.h"
#include "config_priv.h"

void bw_diags_add(struct bw_diags *d, enum bw_severity sev, struct bw_pos pos,
		  const char *fmt, ...)
{
	struct bw_diag *it;
	va_list ap;

	if (sev == BW_SEV_ERROR)
		d->n_errors++;
	if (d->n >= (int)(sizeof(d->items) / sizeof(d->items[0]))) {
		d->dropped++;
		return;
	}
	it = &d->items[d->n++];
	it->sev = sev;
	it->pos = pos;
	va_start(ap, fmt);
	vsnprintf(it->msg, sizeof(it->msg), fmt, ap);
	va_end(ap);
	/* Messages quote the file's text; keep its control characters (C0,
	 * DEL, C1) and broken UTF-8 off the user's terminal. */
	bw_text_mask(it->msg);
	for (char *c = it->msg; *c; c++)
		if (*c == '\t')
			*c = '?';
}

const char *bw_src_line(const char *buf, size_t len, int line, size_t *line_len)
{
	const char *p = buf, *end, *nl;

	if (!buf || line < 1)
		return NULL;
	end = buf + len;
	for (int i = 1; i < line; i++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*line_len = (size_t)((nl ? nl : end) - p);
	if (*line_len && p[*line_len - 1] == '\r')
		(*line_len)--;
	return p;
}

/* libyaml counts columns in characters, not bytes: step over UTF-8
 * continuation bytes so a caret after "é" still lands right. */
static size_t col_offset(const char *s, size_t len, int col)
{
	size_t i = 0;

	for (int c = 1; c < col && i < len; c++) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
	}
	return i;
}

int bw_src_char(const char *buf, size_t len, struct bw_pos pos)
{
	size_t n, off;
	const char *s = bw_src_line(buf, len, pos.line, &n);

	if (!s || pos.col < 1)
		return -1;
	off = col_offset(s, n, pos.col);
	return off < n ? (unsigned char)s[off] : -1;
}

/* A line that gives a password (wifis:) is shown up to its key only: a
 * diagnostic goes to terminals and logs, the password must not. */
static void hide_password(char *line)
{
	static const char hidden[] = " (hidden)";
	char *p = strcasestr(line, "password"), *colon = p ? strchr(p, ':') : NULL;

	/* In place: the marker only where the line has room for it. */
	if (colon && (size_t)(colon - line) + sizeof(hidden) + 2 < strlen(line))
		memcpy(colon + 1, hidden, sizeof(hidden));
	else if (colon)
		colon[1] = '\0';
}

/* The source line, then a caret under the column. Tabs before the column
 * are copied into the caret line so the caret lines up whatever the
 * terminal's tab width. */
static void print_context(FILE *out, const char *s, size_t n, int col)
{
	size_t off = col_offset(s, n, col), i = 0;
	char *shown = strndup(s, n);

	/* The line as the terminal may show it: a control character, a C1
	 * control or a broken UTF-8 sequence in it (an escape sequence
	 * planted in a file) is one '?', so the caret still lines up. */
	if (!shown)
		return;
	bw_text_mask(shown);
	hide_password(shown);
	fprintf(out, "%s\n", shown);
	free(shown);
	for (int c = 1; c < col; c++) {
		fputc(i < off && s[i] == '\t' ? '\t' : ' ', out);
		if (i < off) {
			i++;
			while (i < off && ((unsigned char)s[i] & 0xc0) == 0x80)
				i++;
		}
	}
	fputs("^\n", out);
}

void bw_diags_print(const struct bw_diags *d, const char *path, FILE *out)
{
	size_t len = 0, n;
	char *buf = NULL, where[1024];

	/* The lines are shown when the file can be read again; the header
	 * line is printed either way. */
	if (path)
		bw_file_read(path, BW_CFG_MAX_BYTES, 0, &buf, &len, NULL);
	/* The name the user gave, shown safely (a file name may hold anything). */
	path = bw_text_escape(path ? path : "-", strlen(path ? path : "-"), where, sizeof(where));

	for (int i = 0; i < d->n; i++) {
		const struct bw_diag *it = &d->items[i];
		const char *sev = it->sev == BW_SEV_ERROR ? "error" :
				  it->sev == BW_SEV_WARNING ? "warning" : "note";
		const char *s;

		if (it->pos.line < 1) {
			fprintf(out, "%s: %s: %s\n", path, sev, it->msg);
			continue;
		}
		fprintf(out, "%s:%d:%d: %s: %s\n", path, it->pos.line, it->pos.col,
			sev, it->msg);
		s = bw_src_line(buf, len, it->pos.line, &n);
		if (s)
			print_context(out, s, n, it->pos.col);
	}
	if (d->dropped)
		fprintf(out, "%s: note: %d more diagnostics not shown\n", path, d->dropped);
	free(buf);
}
