// SPDX-License-Identifier: GPL-2.0-or-later
/* keepoff_render.c - the text other network managers read to leave the
 * bonds and their members alone (keepoff.h): NetworkManager's drop-in,
 * dhcpcd.conf's denyinterfaces block. Pure: text in, text out. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/keepoff.h"

/* The marker lines around bondwatch's block in dhcpcd.conf: comments to
 * dhcpcd (a line starting with '#'), and what tells our lines from the
 * admin's. */
#define DHCPCD_BEGIN "# BEGIN bondwatch: kept by bondmgr apply (bondwatch.yaml(5)); do not edit\n"
#define DHCPCD_END   "# END bondwatch\n"
#define DHCPCD_BEGIN_TAG "# BEGIN bondwatch"
#define DHCPCD_END_TAG   "# END bondwatch"

/* A growing string; on allocation failure s->oom and no further text. */
struct sbuf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void put(struct sbuf *s, const char *t, size_t len)
{
	if (s->oom || !len)
		return;
	if (!s->p || s->n + len + 1 > s->cap) {
		size_t cap = (s->n + len + 1) * 2;
		char *p = realloc(s->p, cap);

		if (!p) {
			s->oom = true;
			return;
		}
		s->p = p;
		s->cap = cap;
	}
	memcpy(s->p + s->n, t, len);
	s->n += len;
	s->p[s->n] = '\0';
}

static void puts_(struct sbuf *s, const char *t)
{
	put(s, t, strlen(t));
}

static int done(struct sbuf *s, char **out)
{
	if (!s->oom && !s->p && !(s->p = strdup("")))   /* an empty file stays a file */
		s->oom = true;
	if (s->oom) {
		free(s->p);
		*out = NULL;
		return -ENOMEM;
	}
	*out = s->p;
	return 0;
}

static bool listed(const char **names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* Every bond, then its members (a member is in one bond only: the config's
 * rules), in the file's order; then the optional members that are absent
 * now (bw_config_drop_absent_optional took them out of their bond, but
 * when one appears, bondmgr watch enslaves it, and no other manager may
 * take it first). */
static int names_of(const struct bw_config *cfg, const char **names, int max)
{
	int n = 0;

	for (int i = 0; cfg && i < cfg->n_bonds; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];

		if (n < max)
			names[n++] = b->name;
		for (int j = 0; j < b->n_members && n < max; j++)
			names[n++] = b->members[j];
	}
	for (int i = 0; cfg && cfg->n_bonds && i < cfg->n_ethernets && n < max; i++)
		if (cfg->ethernets[i].found && !listed(names, n, cfg->ethernets[i].name))
			names[n++] = cfg->ethernets[i].name;
	return n;
}

#define MAX_NAMES (256 * (BW_MAX_MEMBERS + 1))

/* NetworkManager.conf(5) of NetworkManager 1.42 (Debian 12), KEYFILE
 * SECTION: "unmanaged-devices: Set devices that should be ignored by
 * NetworkManager. A device unmanaged due to this option is strictly
 * unmanaged and cannot be overruled by using the API like nmcli device
 * set $IFNAME managed yes" (a [device] managed=0 can be, hence not that
 * form). "Device List Format": "interface-name:=IFNAME ... Globbing is
 * disabled and IFNAME is taken literally"; specs joined by ';'; a
 * backslash escapes ';', ',' and itself. FILE FORMAT: "append a value to
 * a previously-set list-valued key by doing plugins+=another-plugin": +=
 * keeps the admin's own unmanaged-devices, which a later file's plain =
 * would replace. */
int bw_keepoff_nm_render(const struct bw_config *cfg, char **out)
{
	const char **names = malloc(MAX_NAMES * sizeof(*names));
	struct sbuf s = { 0 };
	int n;

	*out = NULL;
	if (!names)
		return -ENOMEM;
	if (!(n = names_of(cfg, names, MAX_NAMES))) {
		free(names);
		return 0;
	}
	puts_(&s, "# Written by bondmgr apply (bondwatch): NetworkManager leaves bondwatch's bonds\n"
		  "# and their members alone. Edit the bonds' YAML file, not this one; bondmgr\n"
		  "# rewrites this file when the bonds or members change.\n"
		  "[keyfile]\nunmanaged-devices+=");
	for (int i = 0; i < n; i++) {
		puts_(&s, i ? ";interface-name:=" : "interface-name:=");
		for (const char *c = names[i]; *c; c++) {
			if (*c == ';' || *c == ',' || *c == '\\')
				puts_(&s, "\\");
			put(&s, c, 1);
		}
	}
	puts_(&s, "\n");
	free(names);
	return done(&s, out);
}

int bw_keepoff_deny_line(const struct bw_config *cfg, char *buf, size_t len)
{
	const char **names = malloc(MAX_NAMES * sizeof(*names));
	size_t off = (size_t)snprintf(buf, len, "denyinterfaces");
	int n, rc = 0;

	if (!names)
		return -ENOMEM;
	n = names_of(cfg, names, MAX_NAMES);
	for (int i = 0; i < n && !rc; i++) {
		/* dhcpcd splits the value at commas and blanks (no escape),
		 * and matches each piece with fnmatch(3): a glob character is
		 * escaped, a comma cannot be. */
		if (strchr(names[i], ',')) {
			rc = -EINVAL;
			break;
		}
		off += (size_t)snprintf(off < len ? buf + off : NULL, off < len ? len - off : 0, " ");
		for (const char *c = names[i]; *c; c++)
			off += (size_t)snprintf(off < len ? buf + off : NULL, off < len ? len - off : 0,
						"%s%c", strchr("*?[]\\", *c) ? "\\" : "", *c);
	}
	free(names);
	if (!rc && off >= len)
		rc = -ENAMETOOLONG;
	return rc;
}

static bool starts(const char *line, const char *end, const char *tag)
{
	size_t l = strlen(tag);

	return (size_t)(end - line) >= l && memcmp(line, tag, l) == 0;
}

/* line (up to end) starts with word and a blank. */
static bool word_at(const char *line, const char *end, const char *word)
{
	ptrdiff_t l = (ptrdiff_t)strlen(word);

	return end - line > l && !memcmp(line, word, (size_t)l) &&
	       (line[l] == ' ' || line[l] == '\t');
}

/* A line that opens a dhcpcd.conf block (interface, ssid, profile):
 * denyinterfaces counts only before the first one (dhcpcd.conf(5)). */
static bool opens_block(const char *line, const char *end)
{
	while (line < end && (*line == ' ' || *line == '\t'))
		line++;
	return word_at(line, end, "interface") || word_at(line, end, "ssid") ||
	       word_at(line, end, "profile");
}

int bw_keepoff_dhcpcd_edit(const char *have, const struct bw_config *cfg, char **out)
{
	char line[8192];
	struct sbuf s = { 0 };
	const char *p = have ? have : "", *begin = NULL, *end = NULL, *first_block = NULL;
	bool want = cfg && cfg->n_bonds > 0;
	int rc;

	*out = NULL;
	/* Where the block is, and where a new one would go. */
	for (const char *l = p; *l;) {
		const char *eol = strchr(l, '\n');
		const char *next = eol ? eol + 1 : l + strlen(l);

		if (!begin && starts(l, next, DHCPCD_BEGIN_TAG))
			begin = l;
		else if (begin && !end && starts(l, next, DHCPCD_END_TAG))
			end = next;
		else if (!first_block && opens_block(l, next))
			first_block = l;
		l = next;
	}
	if (begin && !end)
		return -EINVAL;
	if (!have && !want)
		return 0;
	if (want && (rc = bw_keepoff_deny_line(cfg, line, sizeof(line))) < 0)
		return rc;
	if (begin) {
		/* Replace (or take out) the block in place; nothing else moves. */
		put(&s, p, (size_t)(begin - p));
		if (want) {
			puts_(&s, DHCPCD_BEGIN);
			puts_(&s, line);
			puts_(&s, "\n" DHCPCD_END);
		}
		puts_(&s, end);
		return done(&s, out);
	}
	if (!want) {
		puts_(&s, p);
		return done(&s, out);
	}
	/* A new block: before the first interface/ssid/profile block (inside
	 * one it would not count), else at the end. */
	if (!first_block)
		first_block = p + strlen(p);
	put(&s, p, (size_t)(first_block - p));
	if (s.n && s.p[s.n - 1] != '\n')
		puts_(&s, "\n");
	puts_(&s, DHCPCD_BEGIN);
	puts_(&s, line);
	puts_(&s, "\n" DHCPCD_END);
	puts_(&s, first_block);
	return done(&s, out);
}

void bw_keepoff_free(struct bw_keepoff *ko)
{
	for (int i = 0; i < BW_KEEPOFF__COUNT; i++) {
		free(ko->files[i].have);
		free(ko->files[i].want);
		ko->files[i].have = ko->files[i].want = NULL;
	}
}
