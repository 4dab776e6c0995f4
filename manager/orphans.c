// SPDX-License-Identifier: GPL-2.0-or-later
/* orphans.c - the clients bondmgr started for a bond or a wireless member
 * that the file no longer names. bondmgr changes nothing the file does not
 * name (a bond may be someone else's), so such a bond keeps its DHCP client
 * and its address, a member its wpa_supplicant; apply says so, and how to
 * end them, rather than leave a process nobody mentions. A client bondmgr
 * started has its configuration in the run folder (dhcp-NAME.conf,
 * wpa-NAME.conf) until bondmgr stops it. */
#include <dirent.h>
#include <string.h>
#include "bondwatch/apply.h"
#include "bondwatch/config.h"
#include "bondwatch/log.h"
#include "bondwatch/text.h"
#include "bondmgr.h"

static bool is_bond(const struct bw_config *cfg, const char *name)
{
	for (int b = 0; b < cfg->n_bonds; b++)
		if (!strcmp(cfg->bonds[b].name, name))
			return true;
	return false;
}

static bool is_member(const struct bw_config *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_wifis; i++)
		if (!strcmp(cfg->wifis[i].id, name))
			return true;
	for (int b = 0; b < cfg->n_bonds; b++)
		for (int m = 0; m < cfg->bonds[b].n_members; m++)
			if (!strcmp(cfg->bonds[b].members[m], name))
				return true;
	return false;
}

/* "PREFIXNAME.conf" -> NAME, when NAME is an interface name. */
static bool client_conf(const char *file, const char *prefix, char name[BW_IFNAMSIZ])
{
	size_t pl = strlen(prefix), fl = strlen(file);

	if (fl <= pl + 5 || strncmp(file, prefix, pl) || strcmp(file + fl - 5, ".conf") ||
	    fl - pl - 5 >= BW_IFNAMSIZ)
		return false;
	memcpy(name, file + pl, fl - pl - 5);
	name[fl - pl - 5] = '\0';
	return bw_ifname_check(name) == NULL;
}

void bondmgr_note_orphans(const struct bondmgr_opts *o, const struct bw_config *cfg,
			  const struct bw_client_env *ce)
{
	DIR *d = opendir(ce->run_dir);
	struct dirent *e;

	if (!d)
		return;   /* no client ever started */
	while ((e = readdir(d))) {
		char name[BW_IFNAMSIZ], safe[BW_IFNAMSIZ * 4];
		pid_t pid;

		if (client_conf(e->d_name, "dhcp-", name) && !is_bond(cfg, name) &&
		    (pid = bw_client_pid(ce, name)) > 0)
			bw_log(BW_LOG_NOTICE, "%s is not in %s: bondmgr leaves it as it is, with "
			       "the DHCP client it started for it (dhcpcd, pid %d) and its "
			       "address; `ip link del %s` ends both",
			       bw_text_escape(name, strlen(name), safe, sizeof(safe)), o->config,
			       (int)pid, safe);
		else if (ce->wpa_supplicant && client_conf(e->d_name, "wpa-", name) &&
			 !is_member(cfg, name) && (pid = bw_wpa_pid(ce, name)) > 0) {
			char how[96];

			bw_text_escape(name, strlen(name), safe, sizeof(safe));
			if (ce->systemd)
				snprintf(how, sizeof(how), "systemctl stop bondwatch-wpa@%s", safe);
			else
				snprintf(how, sizeof(how), "kill %d", (int)pid);
			bw_log(BW_LOG_NOTICE, "%s is in no bond or wifis: entry of %s: the "
			       "wpa_supplicant bondmgr started for it (pid %d) keeps running; "
			       "end it with `%s`", safe, o->config, (int)pid, how);
		}
	}
	closedir(d);
}
