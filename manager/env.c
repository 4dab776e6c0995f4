// SPDX-License-Identifier: GPL-2.0-or-later
/* env.c - the environment, read in one place (see env.h). */
#include <stdlib.h>
#include <string.h>
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/overrides.h"
#include "bondwatch/plan.h"
#include "bondwatch/supervise.h"
#include "env.h"

/* A variable that is set and not empty, else def. */
static const char *str(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static int num(const char *name, int def)
{
	const char *v = getenv(name);

	return v && *v ? atoi(v) : def;
}

void bondmgr_env_read(struct bondmgr_env *e)
{
	e->sysfs = str("BONDMGR_SYSFS", "/sys");
	e->lock = str("BONDMGR_LOCK", "/run/bondmgr.lock");
	e->lock_timeout_s = num("BONDMGR_LOCK_TIMEOUT", 30);
	e->overrides = str("BONDWATCH_OVERRIDES", BW_OVERRIDES_PATH);
	e->dhcpcd_conf = str("BONDMGR_DHCPCD_CONF", "/etc/dhcpcd.conf");
	e->nmcli = str("BONDMGR_NMCLI", "/usr/bin/nmcli");
	e->nm_dir = str("BONDMGR_NM_DIR", "/etc/NetworkManager/conf.d");
	e->try_fifo = str("BONDMGR_TRY_FIFO", "/run/bondwatch/try.fifo");
	e->watch_rcvbuf = num("BONDMGR_WATCH_RCVBUF", 0);
	e->report_writes = getenv("BONDMGR_REPORT_WRITES") != NULL;
	e->test_fail_step = num("BONDMGR_TEST_FAIL_STEP", 0);
	e->test_kill_step = num("BONDMGR_TEST_KILL_STEP", 0);
	e->test_pause_until = str("BONDMGR_TEST_PAUSE_UNTIL", NULL);
	e->run_dir = str("BONDMGR_RUN_DIR", "/run/bondwatch");
	e->state_dir = str("BONDMGR_STATE_DIR", "/var/lib/bondwatch");
	e->dhcpcd = str("BONDMGR_DHCPCD", "/usr/sbin/dhcpcd");
	e->wpa_supplicant = str("BONDMGR_WPA_SUPPLICANT", "/sbin/wpa_supplicant");
	e->wpa_ctrl_dir = str("BONDMGR_WPA_CTRL_DIR", "/run/wpa_supplicant");
	e->dhcp_hook = str("BONDMGR_DHCP_HOOK", "/usr/lib/bondwatch/dhcpcd-hook");
	e->systemd = !getenv("BONDMGR_NO_SYSTEMD") && bw_svc_systemd_booted("");
	e->log_max = num("BONDMGR_LOG_MAX", 1 << 20);
	e->no_color = *str("NO_COLOR", "") != '\0';
	e->dumb_term = !strcmp(str("TERM", ""), "dumb");
}

void bondmgr_client_env(const struct bondmgr_env *e, struct bw_client_env *out)
{
	out->run_dir = e->run_dir;
	out->state_dir = e->state_dir;
	out->dhcpcd = e->dhcpcd;
	out->hook = e->dhcp_hook;
	out->wpa_supplicant = e->wpa_supplicant;
	out->wpa_ctrl_dir = e->wpa_ctrl_dir;
	out->systemd = e->systemd;
	out->log_max = e->log_max;
}

void bondmgr_keepoff_env(const struct bondmgr_env *e, struct bw_keepoff_env *out)
{
	bw_keepoff_env_default(out);
	out->nm_dir = e->nm_dir;
	out->nmcli = e->nmcli;
	out->dhcpcd_conf = e->dhcpcd_conf;
	out->sysfs = e->sysfs;
}
