// SPDX-License-Identifier: GPL-2.0-or-later
/* file.c - bounded reads and atomic, durable replaces (see file.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bondwatch/file.h"

static int fail(struct bw_err *err, int code, const char *what, const char *path)
{
	bw_err_set(err, code, "%s%s%s: %s", what, *what ? " " : "", path, strerror(-code));
	return code;
}

/* Open for reading as flags ask; the descriptor is blocking again after a
 * BW_FILE_REGULAR check (O_NONBLOCK only kept the open from hanging). */
static int open_for_read(const char *path, unsigned flags, struct bw_err *err)
{
	int oflags = O_RDONLY | O_CLOEXEC, fd;
	struct stat st;

	if (flags & BW_FILE_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	if (flags & BW_FILE_REGULAR)
		oflags |= O_NONBLOCK;
	if ((fd = open(path, oflags)) < 0)
		return fail(err, errno == ELOOP && (flags & BW_FILE_NOFOLLOW) ? -ELOOP : -errno, "",
			    path);
	if (!(flags & BW_FILE_REGULAR))
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int code = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;

		close(fd);
		bw_err_set(err, code, "%s: not a regular file", path);
		return code;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int bw_file_read(const char *path, size_t max, unsigned flags, char **out, size_t *len,
		 struct bw_err *err)
{
	size_t n = 0, cap = max < 4096 ? max + 1 : 4096;
	char *buf = NULL;
	int fd, rc = 0;

	*out = NULL;
	if (len)
		*len = 0;
	if ((fd = open_for_read(path, flags, err)) < 0)
		return fd;
	if (flags & BW_FILE_TAIL) {
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max)
			(void)lseek(fd, st.st_size - (off_t)max, SEEK_SET);
	}
	/* Grow as it comes (a pipe has no size to trust), up to max + 1
	 * bytes: one more than allowed tells a file that is too long. */
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap || !buf) {
			char *nb;

			cap = !buf ? cap : cap * 2 > max + 2 ? max + 2 : cap * 2;
			if (!(nb = realloc(buf, cap))) {
				rc = fail(err, -ENOMEM, "reading", path);
				break;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = fail(err, -errno, "", path);
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max && (flags & BW_FILE_TAIL)) {
			n = max;        /* it grew while read: what it held */
			break;
		}
		if (n > max) {
			bw_err_set(err, -EFBIG, "%s: larger than %zu bytes", path, max);
			rc = -EFBIG;
			break;
		}
	}
	close(fd);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the folder that holds path, so a rename or unlink in it lasts. */
static int sync_folder(const char *path, struct bw_err *err)
{
	char copy[4096];
	int fd, rc = 0;

	snprintf(copy, sizeof(copy), "%s", path);
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return fail(err, -errno, "cannot open the folder of", path);
	if (fsync(fd) < 0)
		rc = fail(err, -errno, "cannot sync the folder of", path);
	close(fd);
	return rc;
}

int bw_file_replace(const char *path, const char *text, mode_t mode, struct bw_err *err)
{
	char tmp[4200];
	int fd, rc;

	if (!text) {
		if (unlink(path) < 0 && errno != ENOENT)
			return fail(err, -errno, "cannot remove", path);
		return sync_folder(path, err);
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return fail(err, -ENAMETOOLONG, "cannot write", path);
	/* A leftover of a crash may belong to another user (bondmgr runs as
	 * root, bondagentx does not) or be a planted link: removed, then
	 * created anew, never opened as it is. */
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)) < 0)
		return fail(err, -errno, "cannot create", tmp);
	/* Not the umask's idea: resolv.conf must be readable by everyone. */
	if ((rc = write_all(fd, text, strlen(text))) < 0 || (rc = fchmod(fd, mode) < 0 ? -errno : 0) ||
	    (rc = fsync(fd) < 0 ? -errno : 0)) {
		close(fd);
		unlink(tmp);
		return fail(err, rc, "cannot write", tmp);
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		rc = -errno;
		unlink(tmp);
		return fail(err, rc, "cannot replace", path);
	}
	return sync_folder(path, err);
}
