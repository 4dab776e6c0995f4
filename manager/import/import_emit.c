// SPDX-License-Identifier: GPL-2.0-or-later
/* import_emit.c - a struct bw_config as a bondwatch YAML file, the way
 * bondwatch.yaml(5) shows one: netplan's keys, parameters last. Names come
 * from the kernel or from files others wrote: anything but a plain word is
 * double-quoted with escapes, so no name can end a line or open a key. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "bondwatch/text.h"
#include "import.h"

int bw_import_init(struct bw_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->bonds = calloc(BW_IMPORT_MAX_BONDS, sizeof(*cfg->bonds));
	return cfg->bonds ? 0 : -1;
}

struct bw_bond_cfg *bw_import_bond(struct bw_config *cfg, const char *name)
{
	struct bw_bond_cfg *b;

	for (int i = 0; i < cfg->n_bonds; i++)
		if (!strcmp(cfg->bonds[i].name, name))
			return &cfg->bonds[i];
	if (cfg->n_bonds == BW_IMPORT_MAX_BONDS)
		return NULL;
	b = &cfg->bonds[cfg->n_bonds++];
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", name);
	bw_bond_params_default(&b->params);
	b->dhcp.accept_ra = -1;
	b->dhcp.use_dns = true;
	return b;
}

void bw_import_note(FILE *notes, const char *where, const char *fmt, ...)
{
	char msg[1024], safe[1024 * 4 + 1], at[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bw_text_escape(msg, strlen(msg), safe, sizeof(safe));
	bw_text_escape(where, strlen(where), at, sizeof(at));
	fprintf(notes, "%s: %s\n", at, safe);
}

static bool plain(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-' ||
		      (*p == ':' && p != s) || (*p == '/' && p != s)))
			return false;
	/* a leading '-' or '.' could read as a list item or a number */
	return s[0] != '-' && s[0] != '.';
}

/* A scalar: plain, or double-quoted with every byte that is not a
 * printable ASCII character as \xNN. */
static void scalar(FILE *out, const char *s)
{
	if (plain(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void names(FILE *out, const char (*list)[BW_IFNAMSIZ], int n)
{
	fputc('[', out);
	for (int i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		scalar(out, list[i]);
	}
	fputc(']', out);
}

static void net(const struct bw_bond_cfg *b, FILE *out)
{
	char buf[INET6_ADDRSTRLEN + 8];

	if (b->n_addrs) {
		fputs("      addresses: [", out);
		for (int i = 0; i < b->n_addrs; i++)
			fprintf(out, "%s%s", i ? ", " : "",
				bw_prefix_str(&b->addrs[i], buf, sizeof(buf)));
		fputs("]\n", out);
	}
	if (b->n_routes)
		fputs("      routes:\n", out);
	for (int i = 0; i < b->n_routes; i++) {
		fprintf(out, "        - to: default\n          via: %s\n",
			bw_ip_str(&b->routes[i].via, buf, sizeof(buf)));
		if (b->routes[i].has_metric)
			fprintf(out, "          metric: %u\n", b->routes[i].metric);
	}
	if (!b->n_nameservers && !b->n_search)
		return;
	fputs("      nameservers:\n", out);
	if (b->n_nameservers) {
		fputs("        addresses: [", out);
		for (int i = 0; i < b->n_nameservers; i++)
			fprintf(out, "%s%s", i ? ", " : "",
				bw_ip_str(&b->nameservers[i], buf, sizeof(buf)));
		fputs("]\n", out);
	}
	if (b->n_search) {
		fputs("        search: [", out);
		for (int i = 0; i < b->n_search; i++) {
			fputs(i ? ", " : "", out);
			scalar(out, b->search[i]);
		}
		fputs("]\n", out);
	}
}

/* Option o's value as the file writes it, into buf; false for an option
 * the emitter cannot write (bw_import_fit drops it with a note first, so
 * nothing is ever written half). */
bool bw_import_value(const struct bw_bond_params *p, enum bw_opt o, char *buf, size_t len)
{
	if (!bw_opt_value(o, p, BW_OPT_STYLE_YAML, buf, len))
		return false;
	/* A kernel value with no netplan word ("unknown" from the name
	 * tables) is not written; a primary's name is what it is. */
	return o == BW_OPT_PRIMARY || !strstr(buf, "unknown");
}

/* Keys of the bond itself (netplan's mtu: and macaddress:), not of its
 * parameters. */
static bool link_key(enum bw_opt o)
{
	return o == BW_OPT_MTU || o == BW_OPT_MACADDRESS;
}

static void param(const struct bw_bond_cfg *b, enum bw_opt o, const char *indent, FILE *out)
{
	char buf[BW_NS_TARGETS_STRLEN + 8];

	if (!(b->set_mask & BW_OPT_BIT(o)) || !bw_import_value(&b->params, o, buf, sizeof(buf)))
		return;
	fprintf(out, "%s%s: ", indent, bw_opt_key(o));
	if (o == BW_OPT_PRIMARY)
		scalar(out, buf);
	else
		fputs(buf, out);
	fputc('\n', out);
}

static void dhcp(const struct bw_bond_cfg *b, FILE *out)
{
	if (b->dhcp.v4)
		fputs("      dhcp4: true\n", out);
	if (b->dhcp.v6)
		fputs("      dhcp6: true\n", out);
	if (b->dhcp.accept_ra >= 0)
		fprintf(out, "      accept-ra: %s\n", b->dhcp.accept_ra ? "true" : "false");
	/* resolv.conf has one writer (bondwatch.yaml(5)): the nameservers the
	 * source named win over the lease's */
	if (b->dhcp.v4 && (b->n_nameservers || b->n_search))
		fputs("      dhcp4-overrides:\n        use-dns: false\n", out);
}

void bw_import_emit(const struct bw_config *cfg, const char *from, FILE *out)
{
	fprintf(out, "# Made by bondmgr import --from %s. Read it, then: bondmgr try -c FILE\n",
		from);
	fputs("network:\n  version: 2\n  bonds:\n", out);
	for (int i = 0; i < cfg->n_bonds; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];

		fputs("    ", out);
		scalar(out, b->name);
		fputs(":\n      interfaces: ", out);
		names(out, b->members, b->n_members);
		fputc('\n', out);
		dhcp(b, out);
		net(b, out);
		param(b, BW_OPT_MTU, "      ", out);
		param(b, BW_OPT_MACADDRESS, "      ", out);
		if (!(b->set_mask & ~(BW_OPT_BIT(BW_OPT_MTU) | BW_OPT_BIT(BW_OPT_MACADDRESS))))
			continue;
		fputs("      parameters:\n", out);
		for (int o = 0; o < BW_OPT__COUNT; o++)
			if (!link_key((enum bw_opt)o))
				param(b, (enum bw_opt)o, "        ", out);
	}
}
