// SPDX-License-Identifier: GPL-2.0-or-later
/* dhcpcd.c - the part of dhcpcd.conf(5) that decides which interfaces
 * dhcpcd touches. What dhcpcd does (its read_config / if_discover):
 *  - a line is "OPTION VALUE"; blank lines and lines starting with '#'
 *    are skipped; leading and trailing blanks do not count;
 *  - "interface X", "ssid X" and "profile X" open a block that lasts to
 *    the next such line; allow/denyinterfaces count only outside blocks;
 *  - the value is split at commas and blanks; repeated lines add up;
 *  - an interface is skipped when a deny pattern matches it, or when
 *    there are allow patterns and none matches (fnmatch, no flags). */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/file.h"
#include "dhcpcd.h"

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Split value at ", \t" into the list; empty pieces (",," or a double
 * blank) are no pattern. */
static void add_patterns(char list[][BW_DHCPCD_PATTERN_LEN], int *n, const char *v, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start;

		while (i < len && (v[i] == ',' || is_blank(v[i])))
			i++;
		start = i;
		while (i < len && v[i] != ',' && !is_blank(v[i]))
			i++;
		if (i > start && *n < BW_DHCPCD_MAX_PATTERNS && i - start < BW_DHCPCD_PATTERN_LEN) {
			memcpy(list[*n], v + start, i - start);
			list[*n][i - start] = '\0';
			(*n)++;
		}
	}
}

/* Does the line's first word equal word (followed by a blank or the end)? */
static bool keyword(const char *line, size_t len, const char *word, size_t *value_at)
{
	size_t wl = strlen(word);

	if (len < wl || memcmp(line, word, wl) != 0 || (len > wl && !is_blank(line[wl])))
		return false;
	*value_at = wl;
	return true;
}

static bool in_block_line(const char *line, size_t len)
{
	size_t at;

	return keyword(line, len, "interface", &at) || keyword(line, len, "ssid", &at) ||
	       keyword(line, len, "profile", &at);
}

void bw_dhcpcd_parse(const char *text, struct bw_dhcpcd_conf *c)
{
	bool in_block = false;

	memset(c, 0, sizeof(*c));
	while (*text) {
		const char *eol = strchr(text, '\n');
		size_t len = eol ? (size_t)(eol - text) : strlen(text), at;
		const char *line = text;

		text += len + (eol != NULL);
		while (len && is_blank(*line))
			line++, len--;
		while (len && is_blank(line[len - 1]))
			len--;
		if (!len || *line == '#')
			continue;
		if (in_block_line(line, len))
			in_block = true;
		else if (in_block)
			continue;
		else if (keyword(line, len, "denyinterfaces", &at))
			add_patterns(c->deny, &c->n_deny, line + at, len - at);
		else if (keyword(line, len, "allowinterfaces", &at))
			add_patterns(c->allow, &c->n_allow, line + at, len - at);
	}
}

int bw_dhcpcd_load(const char *path, struct bw_dhcpcd_conf *c)
{
	char *buf;
	/* dhcpcd.conf is a few kB; 1 MiB is far more than any real one. */
	int rc = bw_file_read(path, (1 << 20) - 1, 0, &buf, NULL, NULL);

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	bw_dhcpcd_parse(buf, c);
	free(buf);
	return 0;
}

static bool any_match(const char list[][BW_DHCPCD_PATTERN_LEN], int n, const char *ifname)
{
	for (int i = 0; i < n; i++)
		if (fnmatch(list[i], ifname, 0) == 0)
			return true;
	return false;
}

bool bw_dhcpcd_manages(const struct bw_dhcpcd_conf *c, const char *ifname)
{
	if (any_match(c->deny, c->n_deny, ifname))
		return false;
	return c->n_allow == 0 || any_match(c->allow, c->n_allow, ifname);
}
