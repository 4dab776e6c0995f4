/* apply_files.c - the lock and atomic file writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "bondwatch/apply.h"

int bw_write_file_atomic(const char *path, const char *content, struct bw_err *err)
{
	char tmp[4200];
	size_t len = strlen(content), off = 0;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.bondmgr-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		bw_err_set(err, -errno, "%s: cannot create a temporary file: %s", path, strerror(errno));
		return -errno;
	}
	while (off < len) {
		ssize_t n = write(fd, content + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	/* resolv.conf is read by everyone: not mkstemp's 0600. */
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	bw_err_set(err, -errno, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return err ? err->code : -EIO;
}

int bw_lock_take(const char *path, int timeout_s, struct bw_err *err)
{
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	int waited_ms = 0;

	if (fd < 0) {
		bw_err_set(err, -errno, "cannot open lock %s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK || waited_ms >= timeout_s * 1000) {
			bw_err_set(err, -errno,
				   "another bondmgr holds %s (waited %d s); one apply at a time",
				   path, timeout_s);
			close(fd);
			return -1;
		}
		nanosleep(&pause, NULL);
		waited_ms += 50;
	}
	return fd;
}
