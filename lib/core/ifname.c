// SPDX-License-Identifier: GPL-2.0-or-later
/* ifname.c - the one rule for interface names, everywhere a name comes in
 * (the YAML file, the overrides file, an snmpset): the kernel's
 * dev_valid_name(), plus no control characters. */
#include <string.h>
#include "bondwatch/types.h"

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
		if (c <= ' ' || c == 0x7f)
			return "whitespace and control characters are not allowed "
			       "in interface names";
	}
	return NULL;
}
