// SPDX-License-Identifier: GPL-2.0-or-later
/* log.c - the program's logger: one sink for the whole process (it is
 * the process that has one stderr, one journal, one net-snmp log). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "bondwatch/log.h"
#include "bondwatch/text.h"

static struct {
	const char *prog;
	bw_log_sink sink;
	void *arg;
	bool debug;
} logger = { "bondwatch", bw_log_to_stderr, NULL, false };

void bw_log_setup(const char *prog, bw_log_sink sink, void *arg)
{
	logger.prog = prog ? prog : "bondwatch";
	logger.sink = sink ? sink : bw_log_to_stderr;
	logger.arg = sink ? arg : NULL;
}

void bw_log_set_debug(bool on)
{
	logger.debug = on;
}

bool bw_log_debug_on(void)
{
	return logger.debug;
}

void bw_log(int prio, const char *fmt, ...)
{
	char raw[1024], msg[4096];
	va_list ap;

	if (prio == BW_LOG_DEBUG && !logger.debug)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	logger.sink(logger.arg, logger.prog, prio, bw_text_escape(raw, strlen(raw), msg, sizeof(msg)));
}

static const char *severity(int prio)
{
	switch (prio) {
	case BW_LOG_ERR: return "error: ";
	case BW_LOG_WARNING: return "warning: ";
	default: return "";
	}
}

void bw_log_to_stderr(void *arg, const char *prog, int prio, const char *msg)
{
	FILE *f = arg ? arg : stderr;

	fflush(stdout);
	fprintf(f, "%s: %s%s\n", prog, severity(prio), msg);
}

void bw_log_stamped(void *arg, const char *prog, int prio, const char *msg)
{
	FILE *f = arg;
	struct timeval tv;
	struct tm tm;
	char when[40];

	(void)prog;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(f, "%s.%03dZ %s%s\n", when, (int)(tv.tv_usec / 1000), severity(prio), msg);
	fflush(f);
}
