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

static int add_primary(struct bw_overrides *ov, const char *bond, const char *primary,
		       struct bw_err *err)
{
	const char *why;

	if (!bond || !primary) {
		bw_err_set(err, -EINVAL, "primary: bond and primary must be names");
		return -EINVAL;
	}
	if ((why = bw_ifname_check(bond)) || (why = bw_ifname_check(primary))) {
		bw_err_set(err, -EINVAL, "primary: %s: %s", bond, why);
		return -EINVAL;
	}
	for (int i = 0; i < ov->n; i++)
		if (!strcmp(ov->primary[i].bond, bond)) {
			bw_err_set(err, -EINVAL, "primary: %s named twice", bond);
			return -EINVAL;
		}
	if (ov->n == BW_MAX_OVERRIDES) {
		bw_err_set(err, -E2BIG, "primary: more than %d bonds", BW_MAX_OVERRIDES);
		return -E2BIG;
	}
	memset(&ov->primary[ov->n], 0, sizeof(ov->primary[0]));
	snprintf(ov->primary[ov->n].bond, BW_IFNAMSIZ, "%s", bond);
	snprintf(ov->primary[ov->n].primary, BW_IFNAMSIZ, "%s", primary);
	ov->n++;
	return 0;
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
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		int rc = add_primary(ov, scalar(doc, p->key), scalar(doc, p->value), err);

		if (rc < 0)
			return rc;
	}
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
	rc = bw_file_read(path, OVERRIDES_MAX_BYTES, 0, &buf, &n, err);
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
 * '_' and '-' (not leading '-'); else double-quoted. Names hold no control
 * characters (bw_ifname_check), so '"' and '\\' are all there is to escape. */
static size_t put_name(char *buf, size_t len, const char *name)
{
	bool plain = name[0] != '-';
	size_t off = 0;

	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-'))
			plain = false;
	if (plain)
		return (size_t)snprintf(buf, len, "%s", name);
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
			       "# `bondmgr apply --reset-overrides` drops them.\n");
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
