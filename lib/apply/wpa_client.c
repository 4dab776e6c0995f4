// SPDX-License-Identifier: GPL-2.0-or-later
/* wpa_client.c - a wireless member's wpa_supplicant (Debian's
 * wpasupplicant), the second kind of helper clients.c reads and the plan
 * runs: started (systemd's bondwatch-wpa@IF.service, or by hand through
 * lib/supervise), told to re-read a changed configuration, stopped.
 *
 * Files: RUN_DIR/wpa-IF.conf, mode 0600: it holds the password, so it is
 * never on a command line nor in a log (the plan's text names only the
 * interface); .pid and .log as for the DHCP client. The configuration
 * file exists exactly while bondmgr runs the supplicant (written before
 * the start, removed after the stop), so only a member that has one is
 * asked for a pid.
 *
 * RECONFIGURE goes over wpa_supplicant's control socket (CTRL_DIR/IF, a
 * unix datagram socket) from a small client of our own rather than
 * wpa_cli: one request, one "OK" back, and a deadline we choose; wpa_cli
 * would be a second program whose path and exit status we would have to
 * trust, for what is one sendto() and one recv(). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "bondwatch/apply.h"
#include "bondwatch/file.h"
#include "bondwatch/supervise.h"

#define WPA_CTRL_TIMEOUT_MS 3000

static void wpa_svc(const struct bw_client_env *env, const char *ifname, struct bw_svc *s,
		    const char **argv, char *conf_path, size_t len)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "wpa-%s", ifname);
	snprintf(s->unit, sizeof(s->unit), "bondwatch-wpa@%s.service", ifname);
	snprintf(conf_path, len, "%s/wpa-%s.conf", env->run_dir, ifname);
	s->run_dir = env->run_dir;
	s->comm = "wpa_supplicant";
	s->systemd = env->systemd;
	s->log_max = env->log_max;
	/* In the foreground: the process we started is the supplicant. */
	argv[0] = env->wpa_supplicant;
	argv[1] = "-i";
	argv[2] = ifname;
	argv[3] = "-c";
	argv[4] = conf_path;
	argv[5] = "-D";
	argv[6] = "nl80211";
	argv[7] = NULL;
	s->argv = argv;
}

pid_t bw_wpa_pid(const struct bw_client_env *env, const char *ifname)
{
	const char *argv[8];
	char conf[4096];
	struct bw_svc s;
	struct stat st;

	wpa_svc(env, ifname, &s, argv, conf, sizeof(conf));
	if (lstat(conf, &st) < 0)
		return 0;   /* bondmgr does not run one for this link */
	return bw_svc_pid(&s);
}

int bw_wpa_trim_log(const struct bw_client_env *env, const char *ifname)
{
	const char *argv[8];
	char conf[4096];
	struct bw_svc s;

	wpa_svc(env, ifname, &s, argv, conf, sizeof(conf));
	return bw_svc_trim_log(&s);
}

void bw_wpa_read(const struct bw_client_env *env, struct bw_client *c)
{
	const char *argv[8];
	char conf[4096], *text = NULL;
	size_t n = 0;
	struct bw_svc s;

	wpa_svc(env, c->bond, &s, argv, conf, sizeof(conf));
	if (bw_file_read(conf, sizeof(c->conf) - 1, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, &text,
			 &n, NULL) < 0)
		return;
	snprintf(c->conf, sizeof(c->conf), "%s", text);
	explicit_bzero(text, n);
	free(text);
	c->running = bw_svc_pid(&s) > 0;
}

static int write_conf(const struct bw_client_env *env, const char *path, const char *conf,
		      struct bw_err *err)
{
	if (mkdir(env->run_dir, 0755) < 0 && errno != EEXIST) {
		bw_err_set(err, -errno, "%s: %s", env->run_dir, strerror(errno));
		return -errno;
	}
	return bw_file_replace(path, conf, 0600, err);
}

int bw_wpa_start(const struct bw_client_env *env, const char *ifname, const char *conf,
		 struct bw_err *err)
{
	const char *argv[8];
	char path[4096];
	struct bw_svc s;
	int rc;

	wpa_svc(env, ifname, &s, argv, path, sizeof(path));
	if ((rc = write_conf(env, path, conf, err)) < 0)
		return rc;
	/* Planned as not running because its configuration was missing
	 * (removed under it): it runs, so it re-reads the new one. */
	if (bw_svc_pid(&s) > 0) {
		char reply[64];

		return bw_wpa_ctrl(env, ifname, "RECONFIGURE", reply, sizeof(reply), err);
	}
	return bw_svc_start(&s, err);
}

int bw_wpa_stop(const struct bw_client_env *env, const char *ifname, struct bw_err *err)
{
	const char *argv[8];
	char path[4096];
	struct bw_svc s;
	int rc;

	wpa_svc(env, ifname, &s, argv, path, sizeof(path));
	if ((rc = bw_svc_stop(&s, 5000, err)) < 0)
		return rc;
	bw_file_replace(path, NULL, 0600, NULL);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One request on the control socket and its answer, within the deadline.
 * Our end is autobound (an abstract address the kernel picks), so
 * nothing is left in the filesystem and the supplicant can answer. */
int bw_wpa_ctrl(const struct bw_client_env *env, const char *ifname, const char *req,
		char *reply, size_t reply_len, struct bw_err *err)
{
	struct sockaddr_un to = { .sun_family = AF_UNIX }, me = { .sun_family = AF_UNIX };
	long long until = now_ms() + WPA_CTRL_TIMEOUT_MS;
	int fd, n;

	if ((size_t)snprintf(to.sun_path, sizeof(to.sun_path), "%s/%s", env->wpa_ctrl_dir,
			     ifname) >= sizeof(to.sun_path)) {
		bw_err_set(err, -ENAMETOOLONG, "%s/%s: path too long", env->wpa_ctrl_dir, ifname);
		return -ENAMETOOLONG;
	}
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&me, sizeof(sa_family_t)) < 0 ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    send(fd, req, strlen(req), 0) < 0) {
		int e = errno;

		bw_err_set(err, -e, "wpa_supplicant on %s (%s): %s", ifname, to.sun_path,
			   strerror(e));
		if (fd >= 0)
			close(fd);
		return -e;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = until - now_ms();

		if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
			bw_err_set(err, -ETIMEDOUT, "wpa_supplicant on %s did not answer %s "
				   "within %d ms", ifname, req, WPA_CTRL_TIMEOUT_MS);
			close(fd);
			return -ETIMEDOUT;
		}
		n = (int)recv(fd, reply, reply_len - 1, 0);
		if (n < 0) {
			bw_err_set(err, -errno, "wpa_supplicant on %s: %s", ifname, strerror(errno));
			close(fd);
			return -errno;
		}
		reply[n] = '\0';
		/* Unsolicited events ("<3>CTRL-EVENT-...") go to attached
		 * monitors only; skip one anyway if it comes. */
		if (reply[0] != '<')
			break;
	}
	close(fd);
	return 0;
}

int bw_wpa_reconfigure(const struct bw_client_env *env, const char *ifname, const char *conf,
		       struct bw_err *err)
{
	const char *argv[8];
	char path[4096], reply[64];
	struct bw_svc s;
	int rc;

	wpa_svc(env, ifname, &s, argv, path, sizeof(path));
	if ((rc = write_conf(env, path, conf, err)) < 0)
		return rc;
	if ((rc = bw_wpa_ctrl(env, ifname, "RECONFIGURE", reply, sizeof(reply), err)) < 0)
		return rc;
	if (strncmp(reply, "OK", 2)) {
		reply[strcspn(reply, "\n")] = '\0';
		bw_err_set(err, -EINVAL, "wpa_supplicant on %s refused its new configuration "
			   "(%s); its log: %s/wpa-%s.log", ifname, reply, env->run_dir, ifname);
		return -EINVAL;
	}
	return 0;
}
