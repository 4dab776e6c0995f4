/* SPDX-License-Identifier: GPL-2.0-or-later */
/* env.h - every environment variable bondmgr reads, read once, at start
 * (bondmgr(8), ENVIRONMENT). Most exist so tests can point bondmgr at
 * their own files; none is needed on a real system. */
#ifndef BONDMGR_ENV_H
#define BONDMGR_ENV_H

#include <stdbool.h>

struct bondmgr_env {
	const char *sysfs;         /* BONDMGR_SYSFS: /sys */
	const char *lock;          /* BONDMGR_LOCK: /run/bondmgr.lock */
	int lock_timeout_s;        /* BONDMGR_LOCK_TIMEOUT: 30 */
	const char *overrides;     /* BONDWATCH_OVERRIDES: BW_OVERRIDES_PATH */
	const char *dhcpcd_conf;   /* BONDMGR_DHCPCD_CONF: /etc/dhcpcd.conf */
	const char *nmcli;         /* BONDMGR_NMCLI: /usr/bin/nmcli */
	const char *nm_dir;        /* BONDMGR_NM_DIR: /etc/NetworkManager/conf.d */
	const char *try_fifo;      /* BONDMGR_TRY_FIFO: /run/bondwatch/try.fifo */
	int watch_rcvbuf;          /* BONDMGR_WATCH_RCVBUF: 0, the kernel's default */
	bool report_writes;        /* BONDMGR_REPORT_WRITES set */
	int test_fail_step;        /* BONDMGR_TEST_FAIL_STEP: 0, none */
	int test_kill_step;        /* BONDMGR_TEST_KILL_STEP: 0, none */
	const char *test_pause_until; /* BONDMGR_TEST_PAUSE_UNTIL: NULL, none */
	const char *run_dir;       /* BONDMGR_RUN_DIR: /run/bondwatch (DHCP clients' files) */
	const char *state_dir;     /* BONDMGR_STATE_DIR: /var/lib/bondwatch (the DUID) */
	const char *dhcpcd;        /* BONDMGR_DHCPCD: /usr/sbin/dhcpcd */
	const char *dhcp_hook;     /* BONDMGR_DHCP_HOOK: /usr/lib/bondwatch/dhcpcd-hook */
	long log_max;              /* BONDMGR_LOG_MAX: 1 MiB, a helper's log file (bytes) */
	const char *wpa_supplicant; /* BONDMGR_WPA_SUPPLICANT: /sbin/wpa_supplicant */
	const char *wpa_ctrl_dir;  /* BONDMGR_WPA_CTRL_DIR: /run/wpa_supplicant */
	bool systemd;              /* systemd is PID 1 (/run/systemd/system) and
				    * BONDMGR_NO_SYSTEMD is not set */
	bool no_color;             /* NO_COLOR set and not empty */
	bool dumb_term;            /* TERM=dumb */
};

void bondmgr_env_read(struct bondmgr_env *e);

struct bw_client_env;
/* Where the bonds' DHCP clients live, from e. */
void bondmgr_client_env(const struct bondmgr_env *e, struct bw_client_env *out);

struct bw_keepoff_env;
/* Where the other network managers are (keepoff.h), from e. */
void bondmgr_keepoff_env(const struct bondmgr_env *e, struct bw_keepoff_env *out);

#endif
