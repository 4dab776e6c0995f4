// SPDX-License-Identifier: GPL-2.0-or-later
/* keepoff.c - other network managers kept off the bonds and their
 * members, and the members' radios unblocked, on the running system
 * (keepoff_sys.h). The text is rendered by lib/plan (keepoff_render.c);
 * here it is read, written, and told to the manager that reads it. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/rfkill.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bondwatch/file.h"
#include "bondwatch/keepoff_sys.h"
#include "bondwatch/log.h"

#define NM_DROPIN "90-bondwatch.conf"
/* dhcpcd.conf is a few kB; 1 MiB is far more than any real one (the
 * limit `bondmgr status`'s dhcpcd check uses too). Our drop-in: 64 KiB. */
#define DHCPCD_MAX ((1u << 20) - 1)
#define DROPIN_MAX 65536

void bw_keepoff_env_default(struct bw_keepoff_env *env)
{
	env->nm_dir = "/etc/NetworkManager/conf.d";
	env->nm_pidfile = "/run/NetworkManager/NetworkManager.pid";
	env->nmcli = "/usr/bin/nmcli";
	env->dhcpcd_conf = "/etc/dhcpcd.conf";
	/* Debian's dhcpcd (and Raspberry Pi OS's dhcpcd5) ship both; the
	 * client bondmgr runs for a bond comes from dhcpcd-base, which has
	 * /etc/dhcpcd.conf but no service. */
	env->dhcpcd_units = "/lib/systemd/system/dhcpcd.service:/usr/lib/systemd/system/dhcpcd.service:"
			    "/etc/systemd/system/dhcpcd.service:/etc/init.d/dhcpcd";
	env->sysfs = "/sys";
	env->rfkill_dev = "/dev/rfkill";
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool any_exists(const char *list)
{
	char path[4096];

	while (list && *list) {
		size_t l = strcspn(list, ":");

		snprintf(path, sizeof(path), "%.*s", (int)l, list);
		if (access(path, F_OK) == 0)
			return true;
		list += l + (list[l] == ':');
	}
	return false;
}

/* A file of another manager's, read as hostile: no link followed, no FIFO
 * or device opened for long, bounded, no NUL (its bytes are written back
 * around ours). Missing: NULL. */
static int read_text(const char *path, size_t max, char **out, struct bw_err *err)
{
	size_t len;
	int rc = bw_file_read(path, max, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, out, &len, err);

	if (rc == -ENOENT) {
		*out = NULL;
		return 0;
	}
	if (rc == -ELOOP)
		bw_err_set(err, rc, "%s: a symbolic link; bondmgr writes only a regular file", path);
	if (rc == 0 && strlen(*out) != len) {
		free(*out);
		*out = NULL;
		bw_err_set(err, -EINVAL, "%s: holds NUL bytes; not a text file", path);
		return -EINVAL;
	}
	return rc;
}

static int read_nm(const struct bw_keepoff_env *env, struct bw_keepoff_file *f, struct bw_err *err)
{
	f->kind = BW_KEEPOFF_NM;
	snprintf(f->path, sizeof(f->path), "%s/%s", env->nm_dir, NM_DROPIN);
	/* A drop-in in a folder nobody reads would be clutter: only when
	 * NetworkManager is installed (its package makes conf.d). */
	if (!is_dir(env->nm_dir)) {
		snprintf(f->why, sizeof(f->why), "not installed");
		return 0;
	}
	f->managed = true;
	return read_text(f->path, DROPIN_MAX, &f->have, err);
}

bool bw_keepoff_dhcpcd_service(const struct bw_keepoff_env *env)
{
	return any_exists(env->dhcpcd_units);
}

static int read_dhcpcd(const struct bw_keepoff_env *env, struct bw_keepoff_file *f,
		       struct bw_err *err)
{
	struct stat st;
	int rc;

	f->kind = BW_KEEPOFF_DHCPCD;
	snprintf(f->path, sizeof(f->path), "%s", env->dhcpcd_conf);
	/* Only dhcpcd the service reads dhcpcd.conf for every interface;
	 * without it the file belongs to dhcpcd-base, whose binary bondmgr
	 * runs for a bond with its own -f file (plan_client.c), which never
	 * reads this one. */
	if (!bw_keepoff_dhcpcd_service(env)) {
		snprintf(f->why, sizeof(f->why), "not installed as a service");
		return 0;
	}
	if (lstat(f->path, &st) < 0 && errno == ENOENT) {
		snprintf(f->why, sizeof(f->why), "installed, but it has no configuration file");
		return 0;
	}
	f->managed = true;
	if ((rc = read_text(f->path, DHCPCD_MAX, &f->have, err)) < 0)
		return rc;
	return 0;
}

/* Read a short sysfs attribute into buf (trailing newline cut). */
static int sysfs_attr(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[4200], *text = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	if (bw_file_read(path, 256, 0, &text, NULL, NULL) < 0)
		return -1;
	text[strcspn(text, "\n")] = '\0';
	snprintf(buf, len, "%s", text);
	free(text);
	return 0;
}

/* A wireless link's phy and its rfkill switch: sysfs's
 * class/net/IF/phy80211 is the phy (class/ieee80211/PHY), whose child
 * rfkillN is the switch cfg80211 registered for it. */
static void read_radio(const struct bw_keepoff_env *env, const char *ifname, struct bw_keepoff *ko)
{
	char phy[4096], pattern[4200], v[64];
	struct bw_radio *r;
	glob_t g;

	snprintf(phy, sizeof(phy), "%s/class/net/%s/phy80211", env->sysfs, ifname);
	if (!is_dir(phy) || ko->n_radios >= (int)(sizeof(ko->radios) / sizeof(ko->radios[0])))
		return;
	r = &ko->radios[ko->n_radios++];
	memset(r, 0, sizeof(*r));
	snprintf(r->ifname, sizeof(r->ifname), "%s", ifname);
	r->idx = -1;
	/* One switch per phy (cfg80211 registers it with the wiphy). */
	snprintf(pattern, sizeof(pattern), "%s/rfkill[0-9]*", phy);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc && r->idx < 0; i++) {
		const char *dir = g.gl_pathv[i], *num = strrchr(dir, '/') + 7;
		char *end;
		long n = strtol(num, &end, 10);

		if (end == num || *end || n < 0 || n > 0x7fffffff)
			continue;
		r->idx = (int)n;
		if (sysfs_attr(dir, "name", r->name, sizeof(r->name)) < 0)
			snprintf(r->name, sizeof(r->name), "?");
		r->soft = sysfs_attr(dir, "soft", v, sizeof(v)) == 0 && v[0] == '1';
		r->hard = sysfs_attr(dir, "hard", v, sizeof(v)) == 0 && v[0] == '1';
	}
	globfree(&g);
}

int bw_keepoff_read_have(const struct bw_keepoff_env *env, const char *const *names, int n,
			 struct bw_keepoff *ko, struct bw_err *err)
{
	int rc;

	memset(ko, 0, sizeof(*ko));
	ko->env = env;
	if ((rc = read_nm(env, &ko->files[BW_KEEPOFF_NM], err)) < 0 ||
	    (rc = read_dhcpcd(env, &ko->files[BW_KEEPOFF_DHCPCD], err)) < 0) {
		bw_keepoff_free(ko);
		return rc;
	}
	for (int i = 0; i < n; i++)
		read_radio(env, names[i], ko);
	return 0;
}

int bw_keepoff_read(const struct bw_config *cfg, const struct bw_keepoff_env *env,
		    struct bw_keepoff *ko, struct bw_err *err)
{
	const char *names[BW_MAX_MEMBERS * 4];
	struct bw_keepoff_file *nm = &ko->files[BW_KEEPOFF_NM];
	struct bw_keepoff_file *dc = &ko->files[BW_KEEPOFF_DHCPCD];
	int n = 0, rc;

	for (int i = 0; i < cfg->n_bonds; i++)
		for (int j = 0; j < cfg->bonds[i].n_members && n < (int)(sizeof(names) / sizeof(names[0])); j++)
			names[n++] = cfg->bonds[i].members[j];
	if ((rc = bw_keepoff_read_have(env, names, n, ko, err)) < 0) {
		char line[4096], msg[sizeof(err->msg)];

		/* dhcpcd.conf is the admin's: say what to write instead. */
		if (!strncmp(err->msg, env->dhcpcd_conf, strlen(env->dhcpcd_conf)) &&
		    bw_keepoff_deny_line(cfg, line, sizeof(line)) == 0) {
			snprintf(msg, sizeof(msg), "%s", err->msg);
			bw_err_set(err, rc, "%s; bondmgr does not edit it: add \"%s\" yourself, before "
				   "any interface block", msg, line);
		}
		return rc;
	}
	if (nm->managed && (rc = bw_keepoff_nm_render(cfg, &nm->want)) < 0)
		goto fail;
	if (dc->managed && (rc = bw_keepoff_dhcpcd_edit(dc->have, cfg, &dc->want)) < 0) {
		char line[4096];

		if (bw_keepoff_deny_line(cfg, line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "denyinterfaces ...");
		bw_err_set(err, rc, "%s: %s; bondmgr does not edit it: add \"%s\" yourself, "
			   "before any interface block", dc->path,
			   rc == -EINVAL ? "a '# BEGIN bondwatch' line without its '# END bondwatch'"
					 : strerror(-rc), line);
		goto fail;
	}
	return 0;
fail:
	bw_keepoff_free(ko);
	return rc;
}

void bw_keepoff_warn(const struct bw_keepoff *ko)
{
	for (int i = 0; i < ko->n_radios; i++) {
		const struct bw_radio *r = &ko->radios[i];

		if (r->hard)
			bw_log(BW_LOG_WARNING, "%s: the radio is hard-blocked (rfkill%d, %s): a switch "
			       "or the firmware turned it off, and software cannot turn it on; %s "
			       "will have no link until that is undone", r->ifname, r->idx, r->name,
			       r->ifname);
	}
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*oom = true;
	return d;
}

int bw_keepoff_again(const struct bw_keepoff *ref, bool restore, struct bw_keepoff *now,
		     struct bw_err *err)
{
	const char *names[sizeof(ref->radios) / sizeof(ref->radios[0])];
	bool oom = false;
	int rc;

	for (int i = 0; i < ref->n_radios; i++)
		names[i] = ref->radios[i].ifname;
	if ((rc = bw_keepoff_read_have(ref->env, names, ref->n_radios, now, err)) < 0)
		return rc;
	for (int i = 0; i < BW_KEEPOFF__COUNT; i++) {
		const struct bw_keepoff_file *r = &ref->files[i];

		/* Only what was ours then is ours now. */
		now->files[i].managed = r->managed;
		now->files[i].want = dup_or_null(restore ? r->have : r->want, &oom);
	}
	for (int i = 0; i < now->n_radios && i < ref->n_radios; i++)
		now->radios[i].want_soft = restore ? ref->radios[i].soft : ref->radios[i].want_soft;
	if (oom) {
		bw_keepoff_free(now);
		bw_err_set(err, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/* NetworkManager re-reads its configuration when it runs: `nmcli general
 * reload conf` (nmcli(1): reload "conf" only, not "dns-rc" nor
 * "dns-full"). Not SIGHUP: NetworkManager(8) has SIGHUP reload the
 * configuration and also update DNS, and resolv.conf may be bondmgr's.
 * Not running (no pid file, or its pid is not NetworkManager): it reads
 * the drop-in when it starts; nothing to say. */
bool bw_keepoff_nm_running(const struct bw_keepoff_env *env)
{
	char *text = NULL, path[64], comm[32];
	long pid;

	if (bw_file_read(env->nm_pidfile, 64, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, &text, NULL,
			 NULL) < 0)
		return false;
	pid = strtol(text, NULL, 10);
	free(text);
	if (pid <= 1 || pid > 0x400000)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	return sysfs_attr(path, "comm", comm, sizeof(comm)) == 0 && !strcmp(comm, "NetworkManager");
}

static void nm_reload(const struct bw_keepoff_env *env)
{
	int st = 0;
	pid_t pid;

	if (!bw_keepoff_nm_running(env))
		return;
	if ((pid = fork()) == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
		}
		/* nmcli's own -w: it gives up after 10 s, never hangs apply. */
		execl(env->nmcli, "nmcli", "-w", "10", "general", "reload", "conf", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		bw_log(BW_LOG_WARNING, "NetworkManager runs but `%s general reload conf` failed: it "
		       "reads the new drop-in when it restarts (systemctl restart NetworkManager)",
		       env->nmcli);
}

/* Soft-(un)block switch idx through /dev/rfkill (RFKILL_OP_CHANGE; the
 * v1 event, which every kernel takes). Non-blocking: a write is handled
 * at once or refused, never waited on. */
static int rfkill_set(const struct bw_keepoff_env *env, const char *ifname, int idx, bool block,
		      struct bw_err *err)
{
	struct rfkill_event ev;
	ssize_t w;
	int fd = open(env->rfkill_dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		bw_err_set(err, -errno, "%s: %s (%s's radio, rfkill%d)", env->rfkill_dev,
			   strerror(errno), ifname, idx);
		return -errno;
	}
	memset(&ev, 0, sizeof(ev));
	ev.idx = (__u32)idx;
	ev.op = RFKILL_OP_CHANGE;
	ev.soft = block;
	w = write(fd, &ev, RFKILL_EVENT_SIZE_V1);
	if (w != RFKILL_EVENT_SIZE_V1) {
		int e = w < 0 ? errno : EIO;

		close(fd);
		bw_err_set(err, -e, "%s: rfkill%d (%s's radio): %s", env->rfkill_dev, idx, ifname,
			   strerror(e));
		return -e;
	}
	close(fd);
	return 0;
}

int bw_keepoff_step(const struct bw_step *s, struct bw_err *err)
{
	int rc;

	if (s->op == BW_STEP_RFKILL)
		return rfkill_set(s->keepoff, s->link, s->rfkill_idx, s->rfkill_block, err);
	if ((rc = bw_file_replace(s->path, s->data, 0644, err)) < 0)
		return rc;
	if (s->keepoff_kind == BW_KEEPOFF_NM)
		nm_reload(s->keepoff);
	/* dhcpcd the service reads its file when it starts (at boot); a
	 * running one is not told: `dhcpcd -n` with no manager running would
	 * start one. */
	return 0;
}
