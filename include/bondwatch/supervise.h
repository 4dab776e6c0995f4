/* SPDX-License-Identifier: GPL-2.0-or-later */
/* supervise.h - a helper daemon that bondmgr keeps running for a bond (the
 * bond's DHCP client; later a Wi-Fi member's wpa_supplicant), one way
 * whatever the helper is.
 *
 * Under systemd (sd_booted(3)'s test: /run/systemd/system is a folder)
 * the helper is a shipped template unit, started and stopped through
 * systemctl, and systemd restarts it. Otherwise bondmgr starts it itself,
 * detached (its own session, not bondmgr's child), records its pid in
 * RUN_DIR/NAME.pid and `bondmgr watch` starts it again when it has died.
 * A recorded pid counts only while /proc/PID/comm still names the helper,
 * so a pid reused by another process is never taken for it (nor killed).
 */
#ifndef BW_SUPERVISE_H
#define BW_SUPERVISE_H

#include <stdbool.h>
#include <sys/types.h>
#include "bondwatch/types.h"

struct bw_svc {
	char name[64];          /* "dhcp-bond0": the pid and log files' name */
	char unit[128];         /* "bondwatch-dhcp@bond0.service" under systemd */
	const char *run_dir;    /* where NAME.pid and NAME.log go (/run/bondwatch) */
	const char *comm;       /* the helper's /proc/PID/comm ("dhcpcd") */
	const char *const *argv; /* what to run without systemd; argv[0] a full path */
	bool systemd;           /* bw_svc_systemd_booted() */
	long log_max;           /* NAME.log's size limit in bytes (bw_svc_trim_log) */
};

/* True when systemd is PID 1: root/run/systemd/system is a folder (root
 * is "" except in tests). */
bool bw_svc_systemd_booted(const char *root);
/* The helper's pid, 0 when it is not running. */
pid_t bw_svc_pid(const struct bw_svc *s);
/* Start it (it must not be running). Returns 0 or a negative errno with
 * err. */
int bw_svc_start(const struct bw_svc *s, struct bw_err *err);
/* Keep NAME.log (without systemd, the helper's output) within log_max
 * bytes, for /run is memory: past it, its text moves to NAME.log.1 (the
 * one before is dropped) and NAME.log starts again from nothing. Start
 * does it too. Returns 0 or a negative errno. */
int bw_svc_trim_log(const struct bw_svc *s);
/* Stop it and wait up to timeout_ms for it to be gone (SIGTERM: a DHCP
 * client removes its addresses on the way out). Not running is not an
 * error. Returns 0 or a negative errno with err. */
int bw_svc_stop(const struct bw_svc *s, int timeout_ms, struct bw_err *err);

#endif
