// SPDX-License-Identifier: GPL-2.0-or-later
/* overrides_write.c - changing the overrides file safely.
 *
 * Read-modify-write under flock on the folder (the subagent and bondmgr may
 * write at once), then bw_file_replace: PATH.tmp (one fixed name: the lock
 * makes it ours, and a crash leaves no pile of temporary files), fsync'd
 * and renamed over PATH, and the folder fsync'd so the rename itself
 * survives a power cut. A reader sees the old file or the new one. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bondwatch/file.h"
#include "bondwatch/overrides.h"

int bw_overrides_lock(const char *path, bool create, int timeout_ms, struct bw_err *err)
{
	char copy[4096], *dir;
	struct stat st;

	snprintf(copy, sizeof(copy), "%s", path);
	dir = dirname(copy);
	if (stat(dir, &st) < 0) {
		if (errno != ENOENT || !create) {
			int code = -errno;

			bw_err_set(err, code, "%s: %s", dir, strerror(errno));
			return code;
		}
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			int code = -errno;

			bw_err_set(err, code, "cannot create %s: %s", dir, strerror(errno));
			return code;
		}
	}
	return bw_lock(dir, timeout_ms, err);
}

static void drop_at(struct bw_overrides *ov, int i)
{
	memmove(&ov->primary[i], &ov->primary[i + 1], (size_t)(ov->n - i - 1) * sizeof(ov->primary[0]));
	ov->n--;
}

/* Set (primary non-empty) or drop the override of bond in ov. */
static int edit(struct bw_overrides *ov, const char *bond, const char *primary, struct bw_err *err)
{
	int i;

	for (i = 0; i < ov->n && strcmp(ov->primary[i].bond, bond); i++)
		;
	if (!primary || !*primary) {
		if (i < ov->n)
			drop_at(ov, i);
		return 0;
	}
	if (i == ov->n) {
		if (ov->n == BW_MAX_OVERRIDES) {
			bw_err_set(err, -E2BIG, "more than %d overrides", BW_MAX_OVERRIDES);
			return -E2BIG;
		}
		memset(&ov->primary[ov->n++], 0, sizeof(ov->primary[0]));
		snprintf(ov->primary[i].bond, BW_IFNAMSIZ, "%s", bond);
	}
	snprintf(ov->primary[i].primary, BW_IFNAMSIZ, "%s", primary);
	return 0;
}

/* Under the lock (taken here when lock_fd < 0): load, let change() edit,
 * write back (or remove). */
static int update(const char *path, int lock_fd,
		  int (*change)(struct bw_overrides *, const void *, struct bw_err *),
		  const void *arg, struct bw_err *err)
{
	struct bw_overrides ov;
	char text[8192];
	int fd = lock_fd >= 0 ? lock_fd : bw_overrides_lock(path, true, BW_OVERRIDES_LOCK_MS, err);
	int rc;

	if (fd < 0)
		return fd;
	/* A file that does not parse is replaced: it cannot be torn by us,
	 * and refusing would leave the SNMP SET unrecorded forever. A bad
	 * entry in it is dropped, the others kept. */
	if (bw_overrides_load(path, &ov, NULL) < 0)
		memset(&ov, 0, sizeof(ov));
	rc = change(&ov, arg, err);
	if (rc == 0 && (rc = bw_overrides_render(&ov, text, sizeof(text))) < 0)
		bw_err_set(err, rc, "%s: too many overrides", path);
	if (rc == 0)
		rc = bw_file_replace(path, ov.n ? text : NULL, 0644, err);
	if (lock_fd < 0)
		close(fd);   /* unlocks */
	return rc;
}

struct set_arg {
	const char *bond, *primary;
};

static int change_set(struct bw_overrides *ov, const void *arg, struct bw_err *err)
{
	const struct set_arg *a = arg;

	return edit(ov, a->bond, a->primary, err);
}

int bw_overrides_set_primary(const char *path, int lock_fd, const char *bond,
			     const char *primary, struct bw_err *err)
{
	struct set_arg a = { bond, primary };
	const char *why = bond ? bw_ifname_check(bond) : "missing";

	/* The names the reader would refuse are refused here, before the file
	 * is touched. */
	if (!why && primary && *primary)
		why = bw_ifname_check(primary);
	if (!why && primary && !strcmp(primary, bond))
		why = "a bond cannot be its own primary";
	if (why) {
		bw_err_set(err, -EINVAL, "override of %s's primary: %s", bond ? bond : "?", why);
		return -EINVAL;
	}
	return update(path, lock_fd, change_set, &a, err);
}

struct drop_arg {
	const char (*bonds)[BW_IFNAMSIZ];
	int n;
};

static int change_drop(struct bw_overrides *ov, const void *arg, struct bw_err *err)
{
	const struct drop_arg *a = arg;

	(void)err;
	if (a->n < 0)
		ov->n = 0;
	for (int i = 0; i < a->n; i++)
		edit(ov, a->bonds[i], NULL, NULL);
	return 0;
}

int bw_overrides_drop(const char *path, int lock_fd, const char (*bonds)[BW_IFNAMSIZ],
		      int n_bonds, struct bw_err *err)
{
	struct drop_arg a = { bonds, n_bonds };

	return update(path, lock_fd, change_drop, &a, err);
}
