/* SPDX-License-Identifier: GPL-2.0-or-later */
/* file.h - the files bondwatch reads and writes, one way each: a bounded
 * read, an atomic and durable replace, and a lock with a deadline.
 *
 * Files in a folder another user can write (/var/lib/bondwatch, owned by
 * the agent's user) are hostile: read them with BW_FILE_NOFOLLOW and
 * BW_FILE_REGULAR, so a planted symbolic link cannot point root at another
 * file and a FIFO or a device cannot hang it.
 */
#ifndef BW_FILE_H
#define BW_FILE_H

#include <stddef.h>
#include <sys/types.h>
#include "bondwatch/types.h"

#define BW_FILE_NOFOLLOW 0x1u   /* refuse a symbolic link (ELOOP) */
#define BW_FILE_REGULAR  0x2u   /* refuse anything but a regular file; opened
				 * non-blocking, so a FIFO never hangs the open */
#define BW_FILE_TAIL     0x4u   /* a longer file: its last max bytes (from
				 * where it ends when opened), not -EFBIG; a log */

/* Read path whole into *out (malloc'd, NUL-terminated; *len bytes without
 * the NUL; len may be NULL). A file of more than max bytes is not read:
 * -EFBIG. Returns 0, or a negative errno with err ("PATH: why"); -ENOENT
 * for a missing file, which callers often take as "none". */
int bw_file_read(const char *path, size_t max, unsigned flags, char **out, size_t *len,
		 struct bw_err *err);

/* Replace path's content by text, atomically and durably: PATH.tmp (an
 * old one is removed first, never written through: it may belong to
 * another user or be a link) is written, fsync'd and renamed over path,
 * then the folder is fsync'd, so a crash at any moment leaves the old file
 * or the new one. text NULL removes path (durably). Returns 0 or a
 * negative errno with err. */
int bw_file_replace(const char *path, const char *text, mode_t mode, struct bw_err *err);

/* An exclusive flock on path (a file, created 0600 when missing, or an
 * existing folder), waiting up to timeout_ms (0: not at all). Returns the
 * descriptor to close to unlock, or a negative errno with err:
 * -EWOULDBLOCK when another holder kept it past the deadline. */
int bw_lock(const char *path, int timeout_ms, struct bw_err *err);

#endif
