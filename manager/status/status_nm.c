// SPDX-License-Identifier: GPL-2.0-or-later
/* status_nm.c - NetworkManager's managed devices, from nmcli's terse
 * output ("DEVICE:STATE" per line; every state but "unmanaged" means NM
 * owns the device and would reconfigure a bond member behind bondmgr). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "status_nm.h"

/* Run nmcli with stdout into a pipe; returns the read end or NULL. */
static FILE *nmcli_start(const char *path, pid_t *pid)
{
	int fds[2];

	if (access(path, X_OK) != 0 || pipe(fds) < 0)
		return NULL;
	*pid = fork();
	if (*pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (*pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		/* nmcli's own "not running" message is not ours to show. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		execl(path, "nmcli", "-t", "-f", "DEVICE,STATE", "device", "status", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	return fdopen(fds[0], "re");
}

/* Parse one "DEVICE:STATE" line; nmcli escapes ':' in names as "\:", so
 * the state starts after the last ':'. */
static void add_line(struct status_nm *nm, char *line)
{
	char *colon = strrchr(line, ':');
	char *src, *dst;

	if (!colon || nm->n == STATUS_NM_MAX)
		return;
	*colon = '\0';
	if (!strncmp(colon + 1, "unmanaged", 9))
		return;
	for (src = dst = line; *src; src++)
		if (!(src[0] == '\\' && src[1]))
			*dst++ = *src;
		else
			*dst++ = *++src;
	*dst = '\0';
	if (strlen(line) >= BW_IFNAMSIZ)
		return;   /* not a kernel interface name */
	memcpy(nm->managed[nm->n++], line, strlen(line) + 1);
}

void status_nm_read(struct status_nm *nm, const char *path)
{
	char line[256];
	pid_t pid;
	int st;
	FILE *f;

	nm->n = 0;
	if (!(f = nmcli_start(path, &pid)))
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		add_line(nm, line);
	}
	fclose(f);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		nm->n = 0;   /* NetworkManager not running: it manages nothing */
}

bool status_nm_manages(const struct status_nm *nm, const char *ifname)
{
	for (int i = 0; i < nm->n; i++)
		if (!strcmp(nm->managed[i], ifname))
			return true;
	return false;
}
