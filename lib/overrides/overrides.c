// SPDX-License-Identifier: GPL-2.0-or-later
/* overrides.c - the overrides file: parse (libyaml's document API: the
 * file is tiny) and render. Writing it is in overrides_write.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "bondwatch/file.h"
#include "bondwatch/overrides.h"

static const char *scalar(yaml_document_t *doc, int id)
{
	yaml_node_t *n = yaml_document_get_node(doc, id);

	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A name as the file writes it (see put_name): as it is, or "hex:" and
 * its bytes in hex. NULL when s is neither. */
static const char *name_of(const char *s, char out[BW_IFNAMSIZ])
{
	size_t n, i;

	if (!s || strncmp(s, BW_OVERRIDES_HEX, strlen(BW_OVERRIDES_HEX)) != 0)
		return s;
	s += strlen(BW_OVERRIDES_HEX);
	n = strlen(s);
	if (n == 0 || n % 2 || n / 2 >= BW_IFNAMSIZ)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return NULL;
		out[i] = (char)(hi << 4 | lo);
	}
	out[i] = '\0';
	return out;
}

/* Why the entry bond: primary cannot be taken, or NULL. */
static const char *entry_problem(const struct bw_overrides *ov, const char *bond,
				 const char *primary)
{
	const char *why;

	if (!bond || !primary)
		return "bond and primary must be interface names";
	if ((why = bw_ifname_check(bond)) || (why = bw_ifname_check(primary)))
		return why;
	for (int i = 0; i < ov->n; i++)
		if (!strcmp(ov->primary[i].bond, bond))
			return "the bond is named twice";
	if (ov->n == BW_MAX_OVERRIDES)
		return "more overrides than bonds bondmgr manages";
	return NULL;
}

/* One entry. A bad one is counted and left out, never the whole file:
 * one odd entry must not cost the others (nor, at the next write, their
 * existence). */
static void add_primary(struct bw_overrides *ov, const char *bond_text, const char *primary_text)
{
	char bbuf[BW_IFNAMSIZ], pbuf[BW_IFNAMSIZ];
	const char *bond = name_of(bond_text, bbuf), *primary = name_of(primary_text, pbuf);
	const char *why = entry_problem(ov, bond, primary);

	if (why) {
		if (!ov->n_skipped++)
			snprintf(ov->skipped_why, sizeof(ov->skipped_why), "primary of %s: %s",
				 bond ? bond : bond_text ? bond_text : "?", why);
		return;
	}
	memset(&ov->primary[ov->n], 0, sizeof(ov->primary[0]));
	memcpy(ov->primary[ov->n].bond, bond, strlen(bond) + 1);
	memcpy(ov->primary[ov->n].primary, primary, strlen(primary) + 1);
	ov->n++;
}

/* primary: {BOND: PRIMARY, ...} */
static int parse_primary(yaml_document_t *doc, yaml_node_t *map, struct bw_overrides *ov,
			 struct bw_err *err)
{
	if (map->type == YAML_SCALAR_NODE && !map->data.scalar.length)
		return 0;   /* "primary:" with nothing under it */
	if (map->type != YAML_MAPPING_NODE) {
		bw_err_set(err, -EINVAL, "primary: must be a mapping of bond: primary");
		return -EINVAL;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
		add_primary(ov, scalar(doc, p->key), scalar(doc, p->value));
	return 0;
}

/* Unknown top-level keys are skipped: a newer bondwatch may add some, and
 * a runtime file must never stop an older bondmgr from applying. */
static int parse_root(yaml_document_t *doc, struct bw_overrides *ov, struct bw_err *err)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);

	if (!root || (root->type == YAML_SCALAR_NODE && !root->data.scalar.length))
		return 0;   /* empty file */
	if (root->type != YAML_MAPPING_NODE) {
		bw_err_set(err, -EINVAL, "not a mapping");
		return -EINVAL;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		const char *k = scalar(doc, p->key);
		int rc;

		if (!k || strcmp(k, "primary") != 0)
			continue;
		if ((rc = parse_primary(doc, yaml_document_get_node(doc, p->value), ov, err)) < 0)
			return rc;
	}
	return 0;
}

int bw_overrides_parse(const char *buf, size_t len, struct bw_overrides *ov, struct bw_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc;

	memset(ov, 0, sizeof(*ov));
	if (!yaml_parser_initialize(&parser)) {
		bw_err_set(err, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		bw_err_set(err, -EINVAL, "line %zu: %s", parser.problem_mark.line + 1,
			   parser.problem ? parser.problem : "YAML error");
		yaml_parser_delete(&parser);
		return -EINVAL;
	}
	rc = parse_root(&doc, ov, err);
	if (rc < 0)
		memset(ov, 0, sizeof(*ov));
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

/* The file is a few lines; anything near this is not ours. */
#define OVERRIDES_MAX_BYTES 16383

int bw_overrides_load(const char *path, struct bw_overrides *ov, struct bw_err *err)
{
	char *buf;
	size_t n;
	int rc;

	memset(ov, 0, sizeof(*ov));
	/* The folder belongs to the agent's user: a link, a FIFO or a device
	 * planted there is refused, never followed or waited on. */
	rc = bw_file_read(path, OVERRIDES_MAX_BYTES, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, &buf, &n,
			  err);
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	rc = bw_overrides_parse(buf, n, ov, err);
	free(buf);
	if (rc < 0 && err) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		bw_err_set(err, rc, "%s: %s", path, msg);
	}
	return rc;
}

/* A name as a YAML scalar: plain when it is only letters, digits, '.',
 * '_' and '-' (not leading '-'); double-quoted when it is other printable
 * ASCII ('"' and '\\' escaped); else "hex:" and its bytes, since a kernel
 * name is bytes, not text (0xff is a valid name, and no valid UTF-8), and
 * no name can hold ':'. */
static size_t put_name(char *buf, size_t len, const char *name)
{
	bool plain = name[0] != '-', ascii = true;
	size_t off = 0;

	for (const char *c = name; *c; c++) {
		unsigned char u = (unsigned char)*c;

		if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
		      u == '.' || u == '_' || u == '-'))
			plain = false;
		if (u < 0x20 || u >= 0x7f)
			ascii = false;
	}
	if (plain)
		return (size_t)snprintf(buf, len, "%s", name);
	if (!ascii) {
		off = (size_t)snprintf(buf, len, "\"%s", BW_OVERRIDES_HEX);
		for (const char *c = name; *c && off < len; c++)
			off += (size_t)snprintf(buf + off, len - off, "%02x", (unsigned char)*c);
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, "\"");
		return off;
	}
	off += (size_t)snprintf(buf, len, "\"");
	for (const char *c = name; *c && off < len; c++)
		off += (size_t)snprintf(buf + off, len - off, "%s%c",
					*c == '"' || *c == '\\' ? "\\" : "", *c);
	if (off < len)
		off += (size_t)snprintf(buf + off, len - off, "\"");
	return off;
}

int bw_overrides_render(const struct bw_overrides *ov, char *buf, size_t len)
{
	size_t off;

	off = (size_t)snprintf(buf, len,
			       "# bondwatch runtime overrides (a primary set over SNMP), merged over\n"
			       "# the admin's file by `bondmgr apply`; written by bondwatch, not by hand.\n"
			       "# `bondmgr apply --reset-overrides` drops them. A name that is not\n"
			       "# printable ASCII is written as \"hex:\" and its bytes.\n");
	if (ov->n && off < len)
		off += (size_t)snprintf(buf + off, len - off, "primary:\n");
	for (int i = 0; i < ov->n && off < len; i++) {
		off += (size_t)snprintf(buf + off, len - off, "  ");
		if (off < len)
			off += put_name(buf + off, len - off, ov->primary[i].bond);
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, ": ");
		if (off < len)
			off += put_name(buf + off, len - off, ov->primary[i].primary);
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, "\n");
	}
	return off < len ? 0 : -ENOSPC;
}
