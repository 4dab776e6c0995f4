/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h - the one way bondwatch's programs say things: a program name, a
 * severity, and a sink that decides where a line goes.
 *
 *   bondmgr        "bondmgr: error: ..." on stderr (colour.c colours it on
 *                  a terminal by the "error:"/"warning:" word)
 *   bondmgr watch  "2026-01-02T03:04:05.678Z ..." on stdout, for the journal
 *   bondagentx     net-snmp's log (stderr with -f, else syslog)
 *
 * The library itself logs nothing: its functions return errors (struct
 * bw_err) and the programs decide what to say. Every message is one line:
 * what in it is not printable text (control characters, C1 controls,
 * invalid UTF-8: names and text come from the kernel, files and the
 * network) is written as \xNN (text.h), so it never reaches a terminal or a
 * log raw.
 */
#ifndef BW_LOG_H
#define BW_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* syslog(3)'s priorities, so a sink can hand them on unchanged. */
enum bw_log_prio {
	BW_LOG_ERR = 3,
	BW_LOG_WARNING = 4,
	BW_LOG_NOTICE = 5,
	BW_LOG_INFO = 6,
	BW_LOG_DEBUG = 7,
};

/* A sink gets the program name, the priority and the message (escaped, no
 * newline). arg is what bw_log_setup was given. */
typedef void (*bw_log_sink)(void *arg, const char *prog, int prio, const char *msg);

/* prog: the program's name; sink NULL: bw_log_to_stderr with arg NULL.
 * Messages of BW_LOG_DEBUG are dropped unless debug is on. */
void bw_log_setup(const char *prog, bw_log_sink sink, void *arg);
void bw_log_set_debug(bool on);
bool bw_log_debug_on(void);

void bw_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define bw_debug(...)                                         \
	do {                                                  \
		if (bw_log_debug_on())                        \
			bw_log(BW_LOG_DEBUG, __VA_ARGS__);    \
	} while (0)

/* "PROG: error: MSG", "PROG: warning: MSG", else "PROG: MSG", to arg (a
 * FILE *; NULL: stderr). stdout is flushed first, so what a command has
 * printed and what it says next stay in order on a shared terminal. */
void bw_log_to_stderr(void *arg, const char *prog, int prio, const char *msg);
/* "YYYY-MM-DDTHH:MM:SS.mmmZ MSG" (UTC; "error: " or "warning: " before
 * MSG for those), to arg (a FILE *), flushed: one line per event. */
void bw_log_stamped(void *arg, const char *prog, int prio, const char *msg);

#endif
