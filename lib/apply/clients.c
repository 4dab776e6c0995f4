// SPDX-License-Identifier: GPL-2.0-or-later
/* clients.c - the bonds' DHCP clients (dhcpcd, one per bond, never for a
 * member): what the file wants and what runs, for the planner; starting
 * and stopping one, for its steps. Supervision itself (systemd or by
 * hand) is lib/supervise's.
 *
 * Files: RUN_DIR/dhcp-BOND.conf (the configuration bondmgr wrote; the
 * template unit bondwatch-dhcp@.service reads it too), .pid, .log, and
 * .lease (written by the hook, read by bondmgr status); STATE_DIR/dhcp/duid,
 * the host's DUID, made once: with a per-bond IAID it is the client
 * identifier, so the lease survives failovers and reboots. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include "bondwatch/apply.h"
#include "bondwatch/file.h"
#include "bondwatch/nl.h"
#include "bondwatch/supervise.h"

#define DUID_MAX 130   /* DUID at most 128 bytes + type: "xx:" each; a bound */

static void client_svc(const struct bw_client_env *env, const char *bond, struct bw_svc *s,
		       const char **argv, char *conf_path, size_t len)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "dhcp-%s", bond);
	snprintf(s->unit, sizeof(s->unit), "bondwatch-dhcp@%s.service", bond);
	snprintf(conf_path, len, "%s/dhcp-%s.conf", env->run_dir, bond);
	s->run_dir = env->run_dir;
	s->comm = "dhcpcd";
	s->systemd = env->systemd;
	s->log_max = env->log_max;
	/* One-interface mode in the foreground: the process we started is
	 * the one that holds the lease. */
	argv[0] = env->dhcpcd;
	argv[1] = "-B";
	argv[2] = "-f";
	argv[3] = conf_path;
	argv[4] = bond;
	argv[5] = NULL;
	s->argv = argv;
}

pid_t bw_client_pid(const struct bw_client_env *env, const char *bond)
{
	const char *argv[6];
	char conf[4096];
	struct bw_svc s;

	client_svc(env, bond, &s, argv, conf, sizeof(conf));
	return bw_svc_pid(&s);
}

int bw_client_trim_log(const struct bw_client_env *env, const char *bond)
{
	const char *argv[6];
	char conf[4096];
	struct bw_svc s;

	client_svc(env, bond, &s, argv, conf, sizeof(conf));
	return bw_svc_trim_log(&s);
}

/* "00:04:" and hex pairs: the only form dhcpcd's duid option takes. The
 * folder may be writable by the agent's user: checked, never trusted. */
static bool duid_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 8 || n > 3 * DUID_MAX - 1 || n % 3 != 2)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool colon = i % 3 == 2;

		if (colon ? s[i] != ':' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

/* The host's DUID: a DUID-UUID (type 4) from 16 random bytes, made once. */
static int duid_get(const struct bw_client_env *env, bool create, char *out, size_t len,
		    struct bw_err *err)
{
	char dir[4096], path[4200], line[3 * DUID_MAX + 2], *text = NULL;
	unsigned char r[16];
	int rc;

	snprintf(dir, sizeof(dir), "%s/dhcp", env->state_dir);
	snprintf(path, sizeof(path), "%s/duid", dir);
	rc = bw_file_read(path, 1024, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, &text, NULL, err);
	if (rc == 0) {
		text[strcspn(text, "\n")] = '\0';
		if (!duid_ok(text)) {
			bw_err_set(err, -EINVAL, "%s: not a DUID (hex pairs joined by ':'); "
				   "remove it to make a new one", path);
			free(text);
			return -EINVAL;
		}
		snprintf(out, len, "%s", text);
		free(text);
		return 0;
	}
	if (rc != -ENOENT)
		return rc;
	if (!create) {
		snprintf(out, len, "(not made yet)");
		return 0;
	}
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		bw_err_set(err, -EIO, "getrandom: %s", strerror(errno));
		return -EIO;
	}
	snprintf(out, len, "00:04");
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(out + strlen(out), len - strlen(out), ":%02x", r[i]);
	if ((mkdir(env->state_dir, 0755) < 0 && errno != EEXIST) ||
	    (mkdir(dir, 0755) < 0 && errno != EEXIST)) {
		bw_err_set(err, -errno, "%s: %s", dir, strerror(errno));
		return -errno;
	}
	snprintf(line, sizeof(line), "%s\n", out);
	return bw_file_replace(path, line, 0644, err);
}

static void have_read(const struct bw_client_env *env, struct bw_client *c)
{
	const char *argv[6];
	char conf[4096], *text = NULL;
	struct bw_svc s;

	client_svc(env, c->bond, &s, argv, conf, sizeof(conf));
	c->running = bw_svc_pid(&s) > 0;
	if (bw_file_read(conf, sizeof(c->conf) - 1, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, &text,
			 NULL, NULL) == 0) {
		snprintf(c->conf, sizeof(c->conf), "%s", text);
		free(text);
	}
}

static bool listed(const struct bw_clients *c, int from, const char *ifname)
{
	for (int i = from; i < c->n; i++)
		if (c->want[i].kind == BW_CLIENT_WPA && !strcmp(c->want[i].bond, ifname))
			return true;
	return false;
}

static bool enslaved_by_cfg(const struct bw_config *cfg, const char *ifname)
{
	for (int b = 0; b < cfg->n_bonds; b++)
		for (int m = 0; m < cfg->bonds[b].n_members; m++)
			if (!strcmp(cfg->bonds[b].members[m], ifname))
				return true;
	return false;
}

/* One wpa_supplicant entry: wanted for a wifis: entry whose member the
 * config builds (an absent optional member is not), read for it and for
 * every other member (a wifis: entry removed: its supplicant goes). */
static int wpa_one(const struct bw_config *cfg, const struct bw_client_env *env, int from,
		   const char *ifname, struct bw_clients *c, struct bw_err *err)
{
	const struct bw_wifi_cfg *wc = bw_config_wifi(cfg, ifname);
	struct bw_client *w = &c->want[c->n], *h = &c->have[c->n];

	if (listed(c, from, ifname))
		return 0;
	w->kind = h->kind = BW_CLIENT_WPA;
	snprintf(w->bond, sizeof(w->bond), "%s", ifname);
	snprintf(h->bond, sizeof(h->bond), "%s", ifname);
	w->running = wc && enslaved_by_cfg(cfg, ifname);
	if (w->running && bw_wpa_conf_render(wc, env->wpa_ctrl_dir, w->conf, sizeof(w->conf)) >=
	    sizeof(w->conf)) {
		bw_err_set(err, -ENAMETOOLONG, "%s: wpa_supplicant's configuration is longer "
			   "than %zu bytes", ifname, sizeof(w->conf));
		return -ENAMETOOLONG;
	}
	bw_wpa_read(env, h);
	c->n++;
	return 0;
}

/* The regulatory domain the file names (the rules allow one per file),
 * and the kernel's now; only when the file names one: a domain the file
 * stops naming is left as it is (the country has not changed). */
static void regdom_read(const struct bw_config *cfg, struct bw_clients *c)
{
	struct bw_client *w = &c->want[c->n], *h = &c->have[c->n];

	for (int i = 0; i < cfg->n_wifis; i++) {
		if (!cfg->wifis[i].regdom[0])
			continue;
		w->kind = h->kind = BW_CLIENT_REGDOM;
		w->running = h->running = true;
		snprintf(w->bond, sizeof(w->bond), "%s", cfg->wifis[i].id);
		snprintf(h->bond, sizeof(h->bond), "%s", cfg->wifis[i].id);
		snprintf(w->conf, sizeof(w->conf), "%s", cfg->wifis[i].regdom);
		bw_nl80211_reg_get(h->conf, NULL);   /* "" when unknown: set it */
		c->n++;
		return;
	}
}

static int wpa_read_all(const struct bw_config *cfg, const struct bw_client_env *env,
			struct bw_clients *c, struct bw_err *err)
{
	int from = c->n;

	if (!env->wpa_supplicant)
		return 0;   /* a caller that does not run supplicants */
	regdom_read(cfg, c);
	for (int i = 0; i < cfg->n_wifis; i++)
		if (wpa_one(cfg, env, from, cfg->wifis[i].id, c, err) < 0)
			goto fail;
	for (int b = 0; b < cfg->n_bonds; b++)
		for (int m = 0; m < cfg->bonds[b].n_members; m++)
			if (wpa_one(cfg, env, from, cfg->bonds[b].members[m], c, err) < 0)
				goto fail;
	return 0;
fail:
	bw_clients_free(c);
	return -1;
}

int bw_clients_read(const struct bw_config *cfg, const struct bw_client_env *env, bool create_duid,
		    struct bw_clients *c, struct bw_err *err)
{
	char duid[3 * DUID_MAX + 2] = "";
	bool any = false;

	size_t cap = (size_t)cfg->n_bonds * (1 + BW_MAX_MEMBERS) + (size_t)cfg->n_wifis + 1;

	memset(c, 0, sizeof(*c));
	c->want = calloc(cap, sizeof(*c->want));
	c->have = calloc(cap, sizeof(*c->have));
	if (!c->want || !c->have) {
		bw_clients_free(c);
		bw_err_set(err, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	for (int i = 0; i < cfg->n_bonds; i++)
		any |= bw_dhcp_wanted(&cfg->bonds[i].dhcp);
	if (any && duid_get(env, create_duid, duid, sizeof(duid), err) < 0) {
		bw_clients_free(c);
		return -1;
	}
	for (int i = 0; i < cfg->n_bonds; i++) {
		const struct bw_bond_cfg *b = &cfg->bonds[i];
		struct bw_client *w = &c->want[c->n], *h = &c->have[c->n];

		snprintf(w->bond, sizeof(w->bond), "%s", b->name);
		snprintf(h->bond, sizeof(h->bond), "%s", b->name);
		w->running = bw_dhcp_wanted(&b->dhcp);
		if (w->running &&
		    bw_client_conf_render(b, duid, env, w->conf, sizeof(w->conf)) >= sizeof(w->conf)) {
			bw_err_set(err, -ENAMETOOLONG, "%s: the DHCP client's configuration is "
				   "longer than %zu bytes (paths too long?)", b->name, sizeof(w->conf));
			bw_clients_free(c);
			return -ENAMETOOLONG;
		}
		have_read(env, h);
		c->n++;
	}
	return wpa_read_all(cfg, env, c, err);
}

void bw_clients_free(struct bw_clients *c)
{
	/* The supplicants' configurations hold passwords. */
	for (int i = 0; c->want && c->have && i < c->n; i++) {
		explicit_bzero(c->want[i].conf, sizeof(c->want[i].conf));
		explicit_bzero(c->have[i].conf, sizeof(c->have[i].conf));
	}
	free(c->want);
	free(c->have);
	memset(c, 0, sizeof(*c));
}

void bw_clients_target(const struct bw_clients *c, const struct bw_client_env *env,
		       struct bw_target *t)
{
	t->client_env = env;
	t->n_clients = c->n;
	t->clients_want = c->want;
	t->clients_have = c->have;
}

int bw_client_start(const struct bw_client_env *env, const char *bond, const char *conf,
		    struct bw_err *err)
{
	const char *argv[6];
	char path[4096];
	struct bw_svc s;
	int rc;

	client_svc(env, bond, &s, argv, path, sizeof(path));
	if (mkdir(env->run_dir, 0755) < 0 && errno != EEXIST) {
		bw_err_set(err, -errno, "%s: %s", env->run_dir, strerror(errno));
		return -errno;
	}
	if ((rc = bw_file_replace(path, conf, 0644, err)) < 0)
		return rc;
	return bw_svc_start(&s, err);
}

int bw_client_stop(const struct bw_client_env *env, const char *bond, struct bw_err *err)
{
	const char *argv[6];
	char path[4096];
	struct bw_svc s;
	int rc;

	client_svc(env, bond, &s, argv, path, sizeof(path));
	/* dhcpcd releases nothing but removes its addresses and routes on
	 * SIGTERM; 10 s is far more than that takes. */
	if ((rc = bw_svc_stop(&s, 10000, err)) < 0)
		return rc;
	bw_file_replace(path, NULL, 0644, NULL);
	return 0;
}
