// SPDX-License-Identifier: GPL-2.0-or-later
/* test_supervise.c - a helper's log kept within its limit
 * (bw_svc_trim_log): past it, the text moves to NAME.log.1 and the log
 * starts again, where a writer holding it with O_APPEND goes on; within
 * it, under systemd or through a symlink, nothing is touched. That the
 * helpers run and are restarted is proven in the VM
 * (tests/integration/apply_dhcp.sh, wifi_apply.sh, dhcp_expiry.sh). */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "bondwatch/supervise.h"

static long size_of(const char *dir, const char *file)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return lstat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void fill(int fd, size_t n)
{
	char buf[512];

	memset(buf, 'x', sizeof(buf));
	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		CHECK(write(fd, buf, k) == (ssize_t)k);
		n -= k;
	}
}

TEST(supervise_trim_log)
{
	char dir[] = "/tmp/bw-svc.XXXXXX", path[4200];
	struct bw_svc s = { .name = "dhcp-bond0", .log_max = 1000 };
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	s.run_dir = dir;
	CHECK_INT(bw_svc_trim_log(&s), 0);           /* no log yet */
	snprintf(path, sizeof(path), "%s/dhcp-bond0.log", dir);
	/* The helper's own descriptor, as exec_helper opens it. */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0640);
	CHECK(fd >= 0);
	fill(fd, 1000);
	CHECK_INT(bw_svc_trim_log(&s), 0);           /* at the limit: kept */
	CHECK_INT(size_of(dir, "dhcp-bond0.log"), 1000);
	CHECK_INT(size_of(dir, "dhcp-bond0.log.1"), -1);
	fill(fd, 500);
	CHECK_INT(bw_svc_trim_log(&s), 0);           /* past it: moved */
	CHECK_INT(size_of(dir, "dhcp-bond0.log.1"), 1500);
	CHECK_INT(size_of(dir, "dhcp-bond0.log"), 0);
	CHECK_INT(size_of(dir, "dhcp-bond0.log.1.tmp"), -1);
	fill(fd, 10);                                 /* the helper goes on at the start */
	CHECK_INT(size_of(dir, "dhcp-bond0.log"), 10);
	fill(fd, 2000);
	CHECK_INT(bw_svc_trim_log(&s), 0);           /* the .1 before is replaced */
	CHECK_INT(size_of(dir, "dhcp-bond0.log.1"), 2010);
	close(fd);

	/* Under systemd the journal keeps the output: nothing to trim. */
	fd = open(path, O_WRONLY | O_APPEND);
	fill(fd, 3000);
	close(fd);
	s.systemd = true;
	CHECK_INT(bw_svc_trim_log(&s), 0);
	CHECK_INT(size_of(dir, "dhcp-bond0.log"), 3000);
	s.systemd = false;

	/* A symlink in its place is not followed (the folder may be shared). */
	CHECK(unlink(path) == 0);
	CHECK(symlink("/etc/passwd", path) == 0);
	CHECK(bw_svc_trim_log(&s) < 0);
	CHECK_INT(size_of(dir, "dhcp-bond0.log.1"), 2010);

	unlink(path);
	snprintf(path, sizeof(path), "%s/dhcp-bond0.log.1", dir);
	unlink(path);
	rmdir(dir);
}
