/* SPDX-License-Identifier: GPL-2.0-or-later */
/* text.h - bytes from files, the kernel and the network, made safe for a
 * terminal or a log. Valid UTF-8 that prints passes as it is; C0 controls,
 * DEL, C1 controls (U+0080..U+009F: terminals obey CSI, OSC and the like
 * in this form too) and bytes that are not valid UTF-8 do not.
 */
#ifndef BW_TEXT_H
#define BW_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The next unit of s[0..n) (n > 0): a whole UTF-8 character (returns its
 * length, 1..4) or one byte that starts no valid character (returns 1).
 * *safe: the unit may be printed as it is (a tab only when tab_ok). */
size_t bw_text_unit(const char *s, size_t n, bool tab_ok, bool *safe);

/* s[0..n) with each unsafe unit's bytes written as \xNN, into buf (always
 * NUL-terminated; cut at a unit when buf is too small). Returns buf. */
const char *bw_text_escape(const char *s, size_t n, char *buf, size_t len);

/* In place: each unsafe unit of the NUL-terminated s becomes one '?', tabs
 * are kept. One character stays one column, so a caret under the text
 * still points where it did. */
void bw_text_mask(char *s);

#endif
