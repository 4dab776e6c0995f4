// SPDX-License-Identifier: GPL-2.0-or-later
/* supervise.c - start, find and stop a helper daemon: through systemctl
 * when systemd is PID 1, by hand otherwise (supervise.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bondwatch/file.h"
#include "bondwatch/supervise.h"

#define SYSTEMCTL "/bin/systemctl"

bool bw_svc_systemd_booted(const char *root)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/run/systemd/system", root ? root : "");
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void pid_path(const struct bw_svc *s, char *buf, size_t len, const char *ext)
{
	snprintf(buf, len, "%s/%s.%s", s->run_dir, s->name, ext);
}

/* pid runs the helper: alive, not a zombie, and its comm is the helper's. */
static bool is_helper(pid_t pid, const char *comm)
{
	char path[64], *text = NULL;
	size_t n;
	bool ok;

	if (pid <= 1 || (kill(pid, 0) < 0 && errno != EPERM))
		return false;
	/* /proc/PID/stat: "PID (COMM) STATE ...". A zombie (an init that
	 * is slow to reap, or none that reaps) has stopped running. */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (bw_file_read(path, 4096, 0, &text, &n, NULL) < 0)
		return false;
	char *open_p = strchr(text, '('), *close_p = strrchr(text, ')');
	ok = open_p && close_p && close_p > open_p &&
	     (size_t)(close_p - open_p - 1) == strlen(comm) &&
	     !strncmp(open_p + 1, comm, strlen(comm)) && close_p[1] == ' ' &&
	     close_p[2] != 'Z' && close_p[2] != 'X';
	free(text);
	return ok;
}

/* Run systemctl ARGS; with out, its first line of output (MainPID). */
static int systemctl(const char *const *args, char *out, size_t out_len)
{
	int fds[2], status = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execv(SYSTEMCTL, (char *const *)args);
		_exit(127);
	}
	close(fds[1]);
	if (out && out_len) {
		ssize_t n = read(fds[0], out, out_len - 1);

		out[n > 0 ? n : 0] = '\0';
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

pid_t bw_svc_pid(const struct bw_svc *s)
{
	char path[4096], *text = NULL;
	long pid = 0;

	if (s->systemd) {
		const char *args[] = { "systemctl", "show", "-p", "MainPID", "--value", s->unit,
				       NULL };
		char out[32];

		if (systemctl(args, out, sizeof(out)) == 0)
			pid = strtol(out, NULL, 10);
		return pid > 0 ? (pid_t)pid : 0;
	}
	pid_path(s, path, sizeof(path), "pid");
	if (bw_file_read(path, 32, BW_FILE_NOFOLLOW | BW_FILE_REGULAR, &text, NULL, NULL) < 0)
		return 0;
	pid = strtol(text, NULL, 10);
	free(text);
	return pid > 0 && pid < 0x400000 && is_helper((pid_t)pid, s->comm) ? (pid_t)pid : 0;
}

/* The helper's process: its own session, stdin from /dev/null, stdout and
 * stderr appended to NAME.log (the helper's own words when it fails). */
static void exec_helper(const struct bw_svc *s, int report)
{
	char log[4096];
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC), out, e;
	sigset_t none;

	/* A blocked signal stays blocked across exec: bondmgr watch blocks
	 * SIGTERM for its signalfd, and a helper started from it would then
	 * never stop. Signals start afresh, as under systemd. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);

	pid_path(s, log, sizeof(log), "log");
	out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (in < 0 || out < 0 || setsid() < 0)
		goto fail;
	if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0)
		goto fail;
	for (int fd = 3; fd < 1024; fd++)
		if (fd != report)
			close(fd);
	execv(s->argv[0], (char *const *)s->argv);
fail:
	e = errno;
	(void)!write(report, &e, sizeof(e));
	_exit(127);
}

/* Fork twice so the helper is not our child: bondmgr apply exits, and
 * bondmgr watch would otherwise have to reap it. Two pipes, so the two
 * writers cannot interleave: the middle process sends the helper's pid on
 * one; the other is close-on-exec, and its end of file says the helper has
 * become itself (its comm is the helper's from then on) unless it wrote
 * its errno first. */
static pid_t spawn(const struct bw_svc *s)
{
	int pid_fds[2] = { -1, -1 }, exec_fds[2] = { -1, -1 }, status, e = 0;
	pid_t mid, pid = -EIO;

	if (pipe2(pid_fds, O_CLOEXEC) < 0 || pipe2(exec_fds, O_CLOEXEC) < 0) {
		pid = -errno;
		goto out;
	}
	if ((mid = fork()) < 0) {
		pid = -errno;
		goto out;
	}
	if (mid == 0) {
		pid_t p = fork();

		if (p == 0) {
			close(exec_fds[0]);
			exec_helper(s, exec_fds[1]);
		}
		(void)!write(pid_fds[1], &p, sizeof(p));
		_exit(p < 0 ? 1 : 0);
	}
	close(pid_fds[1]);
	close(exec_fds[1]);
	pid_fds[1] = exec_fds[1] = -1;
	if (read(pid_fds[0], &pid, sizeof(pid)) != (ssize_t)sizeof(pid) || pid <= 0)
		pid = -EIO;
	else if (read(exec_fds[0], &e, sizeof(e)) == (ssize_t)sizeof(e))
		pid = -(e > 0 ? e : EIO);
	while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
		;
out:
	for (int i = 0; i < 2; i++) {
		if (pid_fds[i] >= 0)
			close(pid_fds[i]);
		if (exec_fds[i] >= 0)
			close(exec_fds[i]);
	}
	return pid;
}

/* The helper writes with O_APPEND, so after the truncation its next line
 * lands at the new start. A line written between the copy and the
 * truncation is lost: the same window as logrotate's copytruncate, and no
 * signal to the helper (dhcpcd and wpa_supplicant have no "reopen"). */
int bw_svc_trim_log(const struct bw_svc *s)
{
	char log[4096], old[4100], tmp[4104], buf[65536];
	struct stat st;
	int in, out, rc = 0;
	ssize_t n;

	if (s->systemd || s->log_max <= 0)
		return 0;   /* the journal keeps systemd's */
	pid_path(s, log, sizeof(log), "log");
	if ((in = open(log, O_RDWR | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= s->log_max) {
		close(in);
		return 0;
	}
	snprintf(old, sizeof(old), "%s.1", log);
	snprintf(tmp, sizeof(tmp), "%s.tmp", old);
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640)) < 0) {
		rc = -errno;
		close(in);
		return rc;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -EIO;
			break;
		}
	if (n < 0)
		rc = -errno;
	if (close(out) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, old) < 0)
		rc = -errno;
	if (!rc && ftruncate(in, 0) < 0)
		rc = -errno;
	if (rc)
		unlink(tmp);
	close(in);
	return rc;
}

int bw_svc_start(const struct bw_svc *s, struct bw_err *err)
{
	char path[4096], text[32];
	pid_t pid;
	int rc;

	if (s->systemd) {
		const char *args[] = { "systemctl", "start", s->unit, NULL };

		if ((rc = systemctl(args, NULL, 0)) != 0) {
			bw_err_set(err, -EIO, "systemctl start %s: exit %d", s->unit, rc);
			return -EIO;
		}
		return 0;
	}
	if (mkdir(s->run_dir, 0755) < 0 && errno != EEXIST) {
		bw_err_set(err, -errno, "%s: %s", s->run_dir, strerror(errno));
		return -errno;
	}
	bw_svc_trim_log(s);   /* a restart begins with a log within its limit */
	if ((pid = spawn(s)) < 0) {
		bw_err_set(err, pid, "start %s: %s", s->argv[0], strerror(-pid));
		return pid;
	}
	pid_path(s, path, sizeof(path), "pid");
	snprintf(text, sizeof(text), "%d\n", (int)pid);
	return bw_file_replace(path, text, 0644, err);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int bw_svc_stop(const struct bw_svc *s, int timeout_ms, struct bw_err *err)
{
	struct timespec tick = { 0, 20 * 1000000L };
	char path[4096];
	long long until = now_ms() + timeout_ms;
	pid_t pid;
	int rc;

	if (s->systemd) {
		const char *args[] = { "systemctl", "stop", s->unit, NULL };

		if ((rc = systemctl(args, NULL, 0)) != 0) {
			bw_err_set(err, -EIO, "systemctl stop %s: exit %d", s->unit, rc);
			return -EIO;
		}
		return 0;
	}
	pid = bw_svc_pid(s);
	if (pid > 0 && kill(pid, SIGTERM) < 0 && errno != ESRCH) {
		bw_err_set(err, -errno, "stop %s (pid %d): %s", s->name, (int)pid, strerror(errno));
		return -errno;
	}
	/* A helper that has only just started may not handle a signal yet
	 * (dhcpcd sets up its privilege separation first): say it again
	 * every second until it goes. */
	for (long long again = now_ms() + 1000; pid > 0 && is_helper(pid, s->comm) &&
	     now_ms() < until;) {
		nanosleep(&tick, NULL);
		if (now_ms() >= again) {
			kill(pid, SIGTERM);
			again = now_ms() + 1000;
		}
	}
	if (pid > 0 && is_helper(pid, s->comm)) {
		bw_err_set(err, -ETIMEDOUT, "%s (pid %d) still runs %d ms after SIGTERM", s->name,
			   (int)pid, timeout_ms);
		return -ETIMEDOUT;
	}
	/* Gone: its pid file goes too (a missing one is fine). */
	pid_path(s, path, sizeof(path), "pid");
	bw_file_replace(path, NULL, 0644, NULL);
	return 0;
}
