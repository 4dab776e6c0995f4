// SPDX-License-Identifier: GPL-2.0-or-later
/* colour.c - line-colouring stdio streams (fopencookie). A stream collects
 * each line, then writes it to the real stream wrapped in an ANSI colour
 * chosen from the line's text; lines that match nothing pass unchanged. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "colour.h"

#define RED    "\033[31m"
#define GREEN  "\033[32m"
#define YELLOW "\033[33m"
#define RESET  "\033[0m"

struct colour_stream {
	FILE *base;
	const char *(*pick)(const char *line, size_t len);
	char line[4096];
	size_t len;
};

bool colour_wanted(FILE *f, const struct bondmgr_env *env)
{
	if (env->no_color || env->dumb_term)
		return false;
	return isatty(fileno(f)) == 1;
}

static const char *pick_plan(const char *line, size_t len)
{
	if (len < 2 || line[1] != ' ')
		return NULL;
	switch (line[0]) {
	case '+': return GREEN;
	case '-': return RED;
	case '~': return YELLOW;
	default: return NULL;
	}
}

static const char *pick_diag(const char *line, size_t len)
{
	if (memmem(line, len, "error:", 6))
		return RED;
	if (memmem(line, len, "warning:", 8))
		return YELLOW;
	return NULL;
}

static void emit(struct colour_stream *s)
{
	const char *c = s->pick(s->line, s->len);
	bool nl = s->len && s->line[s->len - 1] == '\n';
	size_t body = s->len - nl;

	if (c)
		fprintf(s->base, "%s%.*s%s%s", c, (int)body, s->line, RESET, nl ? "\n" : "");
	else
		fwrite(s->line, 1, s->len, s->base);
	fflush(s->base);
	s->len = 0;
}

static ssize_t cs_write(void *cookie, const char *buf, size_t size)
{
	struct colour_stream *s = cookie;

	for (size_t i = 0; i < size; i++) {
		s->line[s->len++] = buf[i];
		/* A line longer than the buffer goes out in pieces, coloured by
		 * its start; real output lines are far shorter. */
		if (buf[i] == '\n' || s->len == sizeof(s->line))
			emit(s);
	}
	return (ssize_t)size;
}

static int cs_close(void *cookie)
{
	struct colour_stream *s = cookie;

	if (s->len)
		emit(s);
	free(s);
	return 0;
}

static FILE *wrap(FILE *base, const char *(*pick)(const char *, size_t))
{
	static const cookie_io_functions_t io = { .write = cs_write, .close = cs_close };
	struct colour_stream *s = calloc(1, sizeof(*s));
	FILE *f;

	if (!s)
		return base;
	s->base = base;
	s->pick = pick;
	f = fopencookie(s, "w", io);
	if (!f) {
		free(s);
		return base;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

static FILE *real_out, *real_err;

/* Put the real streams back first, so that nothing written while closing
 * (or by a later atexit handler) goes to a closed wrapper. */
static void colour_teardown(void)
{
	FILE *o = stdout, *e = stderr;

	if (real_out) {
		stdout = real_out;
		fclose(o);
	}
	if (real_err) {
		stderr = real_err;
		fclose(e);
	}
}

void colour_setup(const struct bondmgr_env *env)
{
	if (colour_wanted(stdout, env)) {
		real_out = stdout;
		stdout = wrap(real_out, pick_plan);
		if (stdout == real_out)
			real_out = NULL;
	}
	if (colour_wanted(stderr, env)) {
		real_err = stderr;
		stderr = wrap(real_err, pick_diag);
		if (stderr == real_err)
			real_err = NULL;
	}
	if (real_out || real_err)
		atexit(colour_teardown);
}
