// SPDX-License-Identifier: GPL-2.0-or-later
/* config_values.c - the syntax of single values: intervals, whole numbers,
 * interface names, domain names. Each returns NULL for a good value or a
 * short reason; the caller, who knows the key, writes the message. */
#include <string.h>
#include "config_priv.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Leading decimal digits of s into *v, saturating above max (the caller
 * reports "too large"); returns the number of digits. */
static size_t digits(const char *s, uint64_t max, uint64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; is_digit(s[i]); i++) {
		if (*v <= max)
			*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return i;
}

const char *bw_cv_uint(const char *s, uint64_t max, uint64_t *out)
{
	size_t n;

	if (s[0] == '-' && is_digit(s[1]))
		return "negative";
	n = digits(s, max, out);
	if (n == 0 || s[n])
		return "not a whole number";
	if (*out > max)
		return "too large";
	return NULL;
}

/* netplan's forms: "200" and "200ms" are milliseconds, "1s" seconds
 * (networkd reads them as time spans; plain numbers become "ms"). */
const char *bw_cv_interval(const char *s, uint32_t *ms)
{
	uint64_t v, scale = 1;
	size_t n;

	if (s[0] == '-' && is_digit(s[1]))
		return "negative";
	n = digits(s, BW_CFG_MAX_MS, &v);
	if (n == 0)
		return "not an interval (write 200, 200ms or 1s)";
	if (!strcmp(s + n, "s"))
		scale = 1000;
	else if (s[n] && strcmp(s + n, "ms"))
		return "not an interval (write 200, 200ms or 1s)";
	if (v > BW_CFG_MAX_MS / scale)
		return "too large (at most 2147483647 ms, the kernel's limit)";
	*ms = (uint32_t)(v * scale);
	return NULL;
}

static bool label_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '-' || c == '_';
}

/* A search domain: dot-separated labels of 1..63 letters, digits, '-' or
 * '_', 253 characters at most, one trailing dot allowed. */
const char *bw_cv_domain(const char *s)
{
	size_t n = strlen(s), label = 0;

	if (n == 0 || !strcmp(s, "."))
		return "empty";
	if (n > BW_DOMAIN_LEN - 1)
		return "longer than 253 characters";
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0)
				return "empty label";
			if (s[i - 1] == '-')
				return "a label ends with '-'";
			label = 0;
		} else if (!label_char(s[i])) {
			return "only letters, digits, '-' and '_' are allowed";
		} else if (++label > 63) {
			return "a label is longer than 63 characters";
		} else if (label == 1 && s[i] == '-') {
			return "a label starts with '-'";
		}
	}
	if (label && s[n - 1] == '-')
		return "a label ends with '-'";
	return NULL;
}
