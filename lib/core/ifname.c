// SPDX-License-Identifier: GPL-2.0-or-later
/* ifname.c - the one rule for interface names, everywhere a name comes in
 * (the YAML file, the overrides file, an snmpset): exactly the kernel's
 * dev_valid_name() (net/core/dev.c), so that every name the kernel can
 * give a bond or a member can be named, recorded and read back. Such a
 * name may hold bytes that do not print (0x01, 0x7f, 0xff): whatever shows
 * one (logs, diagnostics, plans, status) escapes it (text.h). */
#include <string.h>
#include "bondwatch/types.h"

/* The kernel's isspace() (lib/ctype.c): 9-13, 32, and 160 (Latin-1's
 * no-break space). */
static int kernel_space(unsigned char c)
{
	return (c >= 9 && c <= 13) || c == ' ' || c == 0xa0;
}

const char *bw_ifname_check(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return "empty";
	if (n >= BW_IFNAMSIZ)
		return "longer than 15 characters";
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return "'.' and '..' are not interface names";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '/' || c == ':')
			return "'/' and ':' are not allowed in interface names";
		if (kernel_space(c))
			return "whitespace is not allowed in interface names";
	}
	return NULL;
}
