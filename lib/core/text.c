// SPDX-License-Identifier: GPL-2.0-or-later
/* text.c - what of a byte string may reach a terminal (see text.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "bondwatch/text.h"

/* The length of the valid UTF-8 character at s (RFC 3629: no overlong
 * form, no surrogate, nothing above U+10FFFF), and its code point; 0 when
 * s does not start one. */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t bw_text_unit(const char *s, size_t n, bool tab_ok, bool *safe)
{
	uint32_t cp = 0;
	size_t len = utf8_char((const unsigned char *)s, n, &cp);

	if (!len) {
		*safe = false;
		return 1;
	}
	*safe = (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f)) || (tab_ok && cp == '\t');
	return len;
}

const char *bw_text_escape(const char *s, size_t n, char *buf, size_t len)
{
	size_t i = 0, off = 0;

	while (i < n) {
		bool safe;
		size_t u = bw_text_unit(s + i, n - i, false, &safe);
		size_t need = safe ? u : 4 * u;

		if (off + need >= len)
			break;
		if (safe) {
			memcpy(buf + off, s + i, u);
		} else {
			for (size_t k = 0; k < u; k++)
				snprintf(buf + off + 4 * k, 5, "\\x%02x", (unsigned char)s[i + k]);
		}
		off += need;
		i += u;
	}
	buf[off] = '\0';
	return buf;
}

void bw_text_mask(char *s)
{
	size_t n = strlen(s), i = 0, out = 0;

	while (i < n) {
		bool safe;
		size_t u = bw_text_unit(s + i, n - i, true, &safe);

		if (safe)
			memmove(s + out, s + i, u), out += u;
		else
			s[out++] = '?';
		i += u;
	}
	s[out] = '\0';
}
