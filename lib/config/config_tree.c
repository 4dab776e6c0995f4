// SPDX-License-Identifier: GPL-2.0-or-later
/* config_tree.c - libyaml's event stream into a small tree of nodes.
 *
 * Why events and not yaml_parser_load(): the document loader resolves
 * aliases silently (we refuse them, with a position), and it offers no way
 * to bound nesting or size. Here the tree is built iteratively with a fixed
 * stack, so a hostile file cannot recurse or grow without limit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "config_priv.h"

struct builder {
	struct ytree *t;
	struct bw_diags *d;
	int stack[BW_CFG_MAX_DEPTH];
	int depth;
	int docs;
	bool done;
};

static struct bw_pos mark_pos(yaml_mark_t m)
{
	return (struct bw_pos){ (int)m.line + 1, (int)m.column + 1 };
}

static int refuse(struct builder *b, const yaml_event_t *ev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct builder *b, const yaml_event_t *ev, const char *fmt, ...)
{
	char msg[sizeof(b->d->items[0].msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bw_diags_add(b->d, BW_SEV_ERROR, mark_pos(ev->start_mark), "%s", msg);
	return -1;
}

static int yn_new(struct ytree *t, enum yn_type type, struct bw_pos pos)
{
	struct ynode *n;

	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 64;
		struct ynode *p = realloc(t->nodes, (size_t)cap * sizeof(*p));

		if (!p)
			return -1;
		t->nodes = p;
		t->cap = cap;
	}
	n = &t->nodes[t->n];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->pos = pos;
	n->first = n->last = n->next = -1;
	return t->n++;
}

static void yn_append(struct ytree *t, int parent, int child)
{
	struct ynode *p = &t->nodes[parent];

	if (p->last < 0)
		p->first = child;
	else
		t->nodes[p->last].next = child;
	p->last = child;
	p->n++;
}

static int set_scalar(struct builder *b, const yaml_event_t *ev, int idx)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct ynode *n = &b->t->nodes[idx];

	/* "\0" in a double-quoted scalar: C strings would cut it short. */
	if (memchr(v, '\0', len))
		return refuse(b, ev, "a NUL character in a value");
	n->str = malloc(len + 1);
	if (!n->str)
		return refuse(b, ev, "out of memory");
	memcpy(n->str, v, len);
	n->str[len] = '\0';
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return 0;
}

static int on_node(struct builder *b, const yaml_event_t *ev, enum yn_type type,
		   const yaml_char_t *anchor)
{
	int idx;

	if (anchor)
		return refuse(b, ev, "YAML anchors (&%s) are not supported; "
			      "write the value out", (const char *)anchor);
	if (b->t->n >= BW_CFG_MAX_NODES)
		return refuse(b, ev, "more than %d YAML nodes; this is not a bond file",
			      BW_CFG_MAX_NODES);
	if (type != YN_SCALAR && b->depth == BW_CFG_MAX_DEPTH)
		return refuse(b, ev, "nested deeper than %d levels; "
			      "this is not a bond file", BW_CFG_MAX_DEPTH);
	idx = yn_new(b->t, type, mark_pos(ev->start_mark));
	if (idx < 0)
		return refuse(b, ev, "out of memory");
	if (b->depth > 0)
		yn_append(b->t, b->stack[b->depth - 1], idx);
	if (type == YN_SCALAR)
		return set_scalar(b, ev, idx);
	b->stack[b->depth++] = idx;
	return 0;
}

static int on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return refuse(b, ev, "a second YAML document; "
				      "a file holds one");
		return 0;
	case YAML_ALIAS_EVENT:
		return refuse(b, ev, "YAML aliases (*%s) are not supported; "
			      "write the value out",
			      (const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		return on_node(b, ev, YN_SCALAR, ev->data.scalar.anchor);
	case YAML_SEQUENCE_START_EVENT:
		return on_node(b, ev, YN_SEQ, ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return on_node(b, ev, YN_MAP, ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return 0;
	case YAML_STREAM_END_EVENT:
		b->done = true;
		return 0;
	default:
		return 0;
	}
}

/* Reader errors (bad UTF-8, control characters) carry a byte offset, not
 * a mark. */
static struct bw_pos offset_pos(const char *buf, size_t len, size_t off)
{
	struct bw_pos pos = { 1, 1 };

	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			pos.line++;
			pos.col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			pos.col++;
		}
	}
	return pos;
}

static void syntax_error(const yaml_parser_t *p, const char *buf, size_t len,
			 struct bw_diags *d)
{
	struct bw_pos pos = mark_pos(p->problem_mark);
	const char *problem = p->problem ? p->problem : "syntax error";

	if (p->error == YAML_MEMORY_ERROR) {
		bw_diags_add(d, BW_SEV_ERROR, (struct bw_pos){ 0, 0 }, "out of memory");
		return;
	}
	if (p->error == YAML_READER_ERROR)
		pos = offset_pos(buf, len, p->problem_offset);
	/* libyaml says "found character that cannot start any token" for a
	 * tab in block indentation; say what it is (netplan does too). */
	if (bw_src_char(buf, len, pos) == '\t')
		bw_diags_add(d, BW_SEV_ERROR, pos, "invalid YAML: tabs are not allowed "
			     "for indentation; use spaces");
	else if (p->context)
		bw_diags_add(d, BW_SEV_ERROR, pos, "invalid YAML: %s (%s)", problem,
			     p->context);
	else
		bw_diags_add(d, BW_SEV_ERROR, pos, "invalid YAML: %s", problem);
}

int bw_ytree_build(struct ytree *t, const char *buf, size_t len, struct bw_diags *d)
{
	struct builder b = { .t = t, .d = d };
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	/* First: the loader says "too big" with a NULL buffer and the length
	 * it saw being too long. */
	if (len > BW_CFG_MAX_BYTES) {
		bw_diags_add(d, BW_SEV_ERROR, (struct bw_pos){ 0, 0 },
			     "file is larger than %d bytes; this is not a bond file",
			     BW_CFG_MAX_BYTES);
		return -1;
	}
	if (!buf) {             /* no buffer: an empty file, for every reader below */
		buf = "";
		len = 0;
	}
	if (!yaml_parser_initialize(&p)) {
		bw_diags_add(d, BW_SEV_ERROR, (struct bw_pos){ 0, 0 }, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (rc == 0 && !b.done) {
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(&p, buf, len, d);
			rc = -1;
			break;
		}
		rc = on_event(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

void bw_ytree_free(struct ytree *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->nodes[i].str);
	free(t->nodes);
	memset(t, 0, sizeof(*t));
}

const struct ynode *bw_yn_root(const struct ytree *t)
{
	return t->n > 0 ? &t->nodes[0] : NULL;
}

const struct ynode *bw_yn_first(const struct ytree *t, const struct ynode *n)
{
	return n->first >= 0 ? &t->nodes[n->first] : NULL;
}

const struct ynode *bw_yn_next(const struct ytree *t, const struct ynode *n)
{
	return n->next >= 0 ? &t->nodes[n->next] : NULL;
}

bool bw_yn_is_null(const struct ynode *n)
{
	if (n->type != YN_SCALAR || !n->plain)
		return false;
	return !n->str[0] || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
	       !strcmp(n->str, "Null") || !strcmp(n->str, "NULL");
}

const char *bw_yn_what(const struct ynode *n)
{
	if (n->type == YN_SEQ)
		return "a list";
	if (n->type == YN_MAP)
		return "a mapping";
	return bw_yn_is_null(n) ? "an empty value" : "a single value";
}
