// SPDX-License-Identifier: GPL-2.0-or-later
/* capture_links - write real RTM_NEWLINK messages to files, as seeds for
 * tests/fuzz/fuzz_link (run by gen-link-corpus inside the test VM).
 *
 *   capture_links dump DIR           one RTM_GETLINK dump: DIR/dump-IFNAME
 *   capture_links monitor DIR N S    the next N RTNLGRP_LINK messages (at
 *                                    most S seconds): DIR/event-K
 *
 * Raw netlink on purpose, no libbondwatch: the seeds are the kernel's bytes,
 * not what our own code would build.
 */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 16];

static int save(const char *dir, const char *name, const struct nlmsghdr *h)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(h, 1, h->nlmsg_len, f) != h->nlmsg_len) {
		perror(path);
		return -1;
	}
	return fclose(f);
}

static const char *ifname(const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));

	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_IFNAME)
			return RTA_DATA(a);
	return "noname";
}

static int dump(int fd, const char *dir)
{
	struct { struct nlmsghdr h; struct ifinfomsg ifi; } req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.ifi = { .ifi_family = AF_UNSPEC },
	};
	char name[64];

	if (send(fd, &req, sizeof(req), 0) < 0)
		return perror("send"), 1;
	for (;;) {
		int n = (int)recv(fd, buf, sizeof(buf), 0);

		if (n < 0)
			return perror("recv"), 1;
		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type != RTM_NEWLINK)
				return fprintf(stderr, "unexpected message %d\n", h->nlmsg_type), 1;
			snprintf(name, sizeof(name), "dump-%s", ifname(h));
			if (save(dir, name, h) < 0)
				return 1;
		}
	}
}

static int monitor(int fd, const char *dir, int want, int seconds)
{
	time_t end = time(NULL) + seconds;
	char name[64];
	int got = 0;

	while (got < want) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = (int)(end - time(NULL)), n;

		if (left <= 0 || poll(&p, 1, left * 1000) <= 0)
			return fprintf(stderr, "monitor: %d of %d messages\n", got, want), 1;
		n = (int)recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return perror("recv"), 1;
		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, n) && got < want;
		     h = NLMSG_NEXT(h, n)) {
			snprintf(name, sizeof(name), "event-%d-%s", ++got, ifname(h));
			if (save(dir, name, h) < 0)
				return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (argc == 5 && !strcmp(argv[1], "monitor"))
		sa.nl_groups = RTMGRP_LINK;
	else if (argc != 3 || strcmp(argv[1], "dump"))
		return fprintf(stderr, "usage: capture_links dump DIR | monitor DIR N SECONDS\n"), 2;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return perror("netlink"), 1;
	if (sa.nl_groups) {
		puts("listening");      /* the caller waits for this line */
		fflush(stdout);
		return monitor(fd, argv[2], atoi(argv[3]), atoi(argv[4]));
	}
	return dump(fd, argv[2]);
}
