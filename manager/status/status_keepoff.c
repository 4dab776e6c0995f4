// SPDX-License-Identifier: GPL-2.0-or-later
/* status_keepoff.c - what `bondmgr apply` keeps of the other network
 * managers and radios (keepoff.h), read back from the files and the
 * switches themselves: the NetworkManager drop-in's unmanaged-devices,
 * the names in dhcpcd.conf's bondwatch block, each wireless slave's
 * rfkill state. Nothing here is what the YAML says; it is what the other
 * programs will read. */
#include <stdlib.h>
#include <string.h>
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/text.h"
#include "status_fmt.h"
#include "status_keepoff.h"

#define MAX_NAMES 64

struct names {
	int n;
	char v[MAX_NAMES][BW_IFNAMSIZ];
};

/* The value of the first line of text starting with key, into buf. */
static bool line_value(const char *text, const char *key, char *buf, size_t len)
{
	for (const char *l = text; l && *l;) {
		const char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l) : strlen(l), k = strlen(key);

		if (n >= k && !memcmp(l, key, k)) {
			snprintf(buf, len, "%.*s", (int)(n - k), l + k);
			return true;
		}
		l = eol ? eol + 1 : NULL;
	}
	return false;
}

/* NetworkManager's list: "interface-name:=X;..." with '\' escapes. */
static void nm_names(const char *text, struct names *o)
{
	char v[8192], *p = v;

	o->n = 0;
	if (!text || !line_value(text, "unmanaged-devices+=", v, sizeof(v)))
		return;
	while (*p && o->n < MAX_NAMES) {
		char name[BW_IFNAMSIZ];
		size_t k = 0;

		if (!strncmp(p, "interface-name:=", 16))
			p += 16;
		for (; *p && *p != ';'; p++) {
			if (*p == '\\' && p[1])
				p++;
			if (k < sizeof(name) - 1)
				name[k++] = *p;
		}
		name[k] = '\0';
		if (k)
			snprintf(o->v[o->n++], BW_IFNAMSIZ, "%s", name);
		if (*p == ';')
			p++;
	}
}

/* dhcpcd's: the denyinterfaces line inside the bondwatch block. */
static void dhcpcd_names(const char *text, struct names *o)
{
	const char *b = text ? strstr(text, "# BEGIN bondwatch") : NULL;
	char v[8192], *save = NULL;

	o->n = 0;
	if (!b || !line_value(b, "denyinterfaces ", v, sizeof(v)))
		return;
	for (char *t = strtok_r(v, " ", &save); t && o->n < MAX_NAMES; t = strtok_r(NULL, " ", &save))
		snprintf(o->v[o->n++], BW_IFNAMSIZ, "%s", t);
}

static void names_text(FILE *f, const struct names *n)
{
	char buf[BW_IFNAMSIZ * 4];

	for (int i = 0; i < n->n; i++)
		fprintf(f, "%s%s", i ? ", " : "", bw_text_escape(n->v[i], strlen(n->v[i]), buf,
								  sizeof(buf)));
}

static void names_json(FILE *f, const struct names *n)
{
	fputc('[', f);
	for (int i = 0; i < n->n; i++) {
		fputs(i ? "," : "", f);
		status_json_str(f, n->v[i]);
	}
	fputc(']', f);
}

static const char *radio_state(const struct bw_radio *r)
{
	return r->idx < 0 ? "no rfkill switch" : r->hard ? "hard-blocked" : r->soft ? "soft-blocked"
											 : "unblocked";
}

static void print_text(FILE *f, const struct bw_keepoff *ko, bool nm_runs, const struct names *nm,
		       const struct names *dc)
{
	const struct bw_keepoff_file *fn = &ko->files[BW_KEEPOFF_NM], *fd = &ko->files[BW_KEEPOFF_DHCPCD];

	fprintf(f, "\nother managers:\n  NetworkManager: ");
	if (!fn->managed)
		fprintf(f, "%s\n", fn->why);
	else if (!nm->n)
		fprintf(f, "no bondwatch drop-in (%s): it may manage the members; run bondmgr apply\n",
			fn->path);
	else {
		names_text(f, nm);
		fprintf(f, " unmanaged (%s)%s\n", fn->path, nm_runs ? "" : "; not running");
	}
	fprintf(f, "  dhcpcd: ");
	if (!fd->managed)
		fprintf(f, "%s\n", fd->why);
	else if (!dc->n)
		fprintf(f, "no bondwatch block in %s: it may manage the members; run bondmgr apply\n",
			fd->path);
	else {
		names_text(f, dc);
		fprintf(f, " denied (%s)\n", fd->path);
	}
	fprintf(f, "  rfkill:");
	if (!ko->n_radios)
		fprintf(f, " no wireless member");
	for (int i = 0; i < ko->n_radios; i++) {
		const struct bw_radio *r = &ko->radios[i];

		fprintf(f, "%s %s %s", i ? "," : "", r->ifname, radio_state(r));
		if (r->idx >= 0)
			fprintf(f, " (rfkill%d, %s)", r->idx, r->name);
	}
	fputc('\n', f);
}

static void file_json(FILE *f, const struct bw_keepoff_file *k, const struct names *n,
		      const char *list)
{
	fprintf(f, "{\"managed\":%s,", k->managed ? "true" : "false");
	if (!k->managed) {
		fputs("\"why\":", f);
		status_json_str(f, k->why);
		fputc(',', f);
	}
	fputs("\"file\":", f);
	status_json_str(f, k->path);
	fprintf(f, ",\"%s\":", list);
	names_json(f, n);
	fputc('}', f);
}

static void print_json(FILE *f, const struct bw_keepoff *ko, bool nm_runs, const struct names *nm,
		       const struct names *dc)
{
	fputs(",\"keepoff\":{\"networkmanager\":", f);
	file_json(f, &ko->files[BW_KEEPOFF_NM], nm, "unmanaged");
	fprintf(f, ",\"networkmanager_running\":%s,\"dhcpcd\":", nm_runs ? "true" : "false");
	file_json(f, &ko->files[BW_KEEPOFF_DHCPCD], dc, "denied");
	fputs(",\"radios\":[", f);
	for (int i = 0; i < ko->n_radios; i++) {
		const struct bw_radio *r = &ko->radios[i];

		fputs(i ? ",{\"interface\":" : "{\"interface\":", f);
		status_json_str(f, r->ifname);
		fprintf(f, ",\"rfkill\":%d,\"switch\":", r->idx);
		status_json_str(f, r->name);
		fputs(",\"state\":", f);
		status_json_str(f, radio_state(r));
		fputc('}', f);
	}
	fputs("]}", f);
}

void status_keepoff_print(FILE *f, const struct bw_keepoff_env *env, const struct bw_kstate *ks,
			  const char *only, bool json)
{
	const char *names[BW_MAX_MEMBERS * 4];
	struct bw_keepoff *ko = calloc(1, sizeof(*ko));
	struct names *nm = calloc(1, sizeof(*nm)), *dc = calloc(1, sizeof(*dc));
	struct bw_err err = { 0 };
	int n = 0;

	/* The radios: every wireless slave of the bonds shown. */
	for (int i = 0; i < ks->n_links; i++) {
		const struct bw_link *l = &ks->links[i], *m;

		if (!l->is_bond_slave || !(m = bw_kstate_link_by_index(ks, l->master_ifindex)) ||
		    (only && strcmp(only, m->name)) || n >= (int)(sizeof(names) / sizeof(names[0])))
			continue;
		names[n++] = l->name;
	}
	if (!ko || !nm || !dc) {
		fputs(json ? ",\"keepoff\":null" : "\nother managers: out of memory\n", f);
		goto out;
	}
	if (bw_keepoff_read_have(env, names, n, ko, &err) < 0) {
		if (json) {
			fputs(",\"keepoff\":{\"error\":", f);
			status_json_str(f, err.msg);
			fputc('}', f);
		} else {
			fprintf(f, "\nother managers: %s\n", err.msg);
		}
		goto out;
	}
	nm_names(ko->files[BW_KEEPOFF_NM].have, nm);
	dhcpcd_names(ko->files[BW_KEEPOFF_DHCPCD].have, dc);
	if (json)
		print_json(f, ko, bw_keepoff_nm_running(env), nm, dc);
	else
		print_text(f, ko, bw_keepoff_nm_running(env), nm, dc);
	bw_keepoff_free(ko);
out:
	free(ko);
	free(nm);
	free(dc);
}
