// SPDX-License-Identifier: GPL-2.0-or-later
/* lock.c - exclusive flock with a deadline (see file.h). Polled, not a
 * blocking flock under alarm(): no signal handler of ours to install in a
 * library, and a holder that never lets go costs the waiter its deadline,
 * not its life. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "bondwatch/file.h"

#define LOCK_POLL_MS 50

int bw_lock(const char *path, int timeout_ms, struct bw_err *err)
{
	struct timespec pause = { 0, LOCK_POLL_MS * 1000 * 1000 };
	int fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	int waited = 0;

	/* A folder cannot be opened with O_CREAT (EISDIR): open it as one. */
	if (fd < 0 && errno == EISDIR)
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int code = -errno;

		bw_err_set(err, code, "cannot open lock %s: %s", path, strerror(errno));
		return code;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int code = -errno;

		if (code == -EINTR)
			continue;
		if (code != -EWOULDBLOCK || waited >= timeout_ms) {
			if (code == -EWOULDBLOCK)
				bw_err_set(err, code, "%s is locked by another process (waited %d ms)",
					   path, waited);
			else
				bw_err_set(err, code, "cannot lock %s: %s", path, strerror(-code));
			close(fd);
			return code;
		}
		nanosleep(&pause, NULL);
		waited += LOCK_POLL_MS;
	}
	return fd;
}
