/* SPDX-License-Identifier: GPL-2.0-or-later */
/* colour.h - colour for people, plain text for pipes and files. */
#ifndef BONDMGR_COLOUR_H
#define BONDMGR_COLOUR_H

#include <stdbool.h>
#include <stdio.h>
#include "env.h"

/* True when f is a terminal, NO_COLOR is unset or empty, and TERM is not
 * "dumb" (https://no-color.org). */
bool colour_wanted(FILE *f, const struct bondmgr_env *env);

/* When colour is wanted on stdout / stderr, replace them (glibc lets a
 * program assign stdout and stderr) with line-colouring streams: on
 * stdout, plan lines by their first character (+ green, - red, ~ yellow);
 * on stderr, lines holding "error:" red and "warning:" yellow. Every
 * command's output is covered without each one knowing. Call once, early;
 * the streams are flushed and closed at exit. */
void colour_setup(const struct bondmgr_env *env);

#endif
