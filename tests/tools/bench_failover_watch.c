// SPDX-License-Identifier: GPL-2.0-or-later
/* bench_failover_watch - the independent observer of bench/trap_latency.sh
 * (runs in the test VM; needs root). It shares no code with bondagentx.
 *
 *   bench_failover_watch BOND UDPPORT
 *
 * One line a fact on stdout (flushed), times in CLOCK_REALTIME ns:
 *   ready
 *   kernel NS SLAVE    the bonding driver's own "(slave SLAVE): making
 *                      interface the new active one" for BOND, at the time
 *                      the kernel stamped on the record (/dev/kmsg)
 *   trap NS OID        a UDP datagram to UDPPORT arrived on lo (kernel
 *                      receive timestamp, SO_TIMESTAMPNS on a packet
 *                      socket), with the value of its snmpTrapOID.0
 *
 * Both times are the kernel's, taken as things happen, and kept with the
 * record or datagram until read: the observer need not run at that moment.
 * So it does not: it wakes every 250 ms and reads what has queued, which
 * keeps it out of the way of what it measures on a one-CPU VM.
 *
 * The kernel stamps /dev/kmsg records with local_clock(), not the wall
 * clock: each time a bond record is read, a marker is written to /dev/kmsg
 * between two CLOCK_REALTIME readings, and the marker's stamp gives the
 * offset (the record is at most 250 ms older than the marker; the two
 * clocks do not drift apart measurably in that time).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#define MARKER "bench_failover_watch: clock marker"

static const char *bond;
static int port;

static long long realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- /dev/kmsg: "PRI,SEQ,USEC,FLAGS;TEXT\n[continuation lines]" */
static int kmsg_record(int fd, long long *usec, char *text, size_t len)
{
	char buf[2048];
	ssize_t n;
	char *semi, *nl;

	for (;;) {
		n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0 && errno == EPIPE)
			continue;       /* records overwritten: take the next */
		if (n <= 0)
			return -1;
		buf[n] = '\0';
		semi = strchr(buf, ';');
		if (!semi || sscanf(buf, "%*d,%*u,%lld", usec) != 1)
			continue;
		if ((nl = strchr(semi + 1, '\n')))
			*nl = '\0';
		snprintf(text, len, "%s", semi + 1);
		return 0;
	}
}

/* CLOCK_REALTIME - local_clock(), in ns, from a marker written now. The
 * marker is stamped between t1 and t2; this process may be preempted in
 * between (it may run SCHED_IDLE), so the tightest of a few tries wins. */
static int kmsg_offset(int fd, long long *offset)
{
	long long best = -1;

	for (int try = 0; try < 5; try++) {
		long long t1, t2, usec;
		char text[1024];

		t1 = realtime_ns();
		if (write(fd, "<7>" MARKER "\n", sizeof("<7>" MARKER "\n") - 1) < 0)
			return -1;
		t2 = realtime_ns();
		while (kmsg_record(fd, &usec, text, sizeof(text)) == 0) {
			if (strcmp(text, MARKER) != 0)
				continue;
			if (best < 0 || t2 - t1 < best) {
				best = t2 - t1;
				*offset = (t1 + t2) / 2 - usec * 1000;
			}
			break;
		}
	}
	return best < 0 ? -1 : 0;
}

static void on_kmsg(int fd)
{
	static const char what[] = "): making interface the new active one";
	char text[1024], prefix[64], slave[IFNAMSIZ + 1];
	long long usec, offset;
	size_t plen;

	snprintf(prefix, sizeof(prefix), "%s: (slave ", bond);
	plen = strlen(prefix);
	while (kmsg_record(fd, &usec, text, sizeof(text)) == 0) {
		char *end = strstr(text, what);

		if (strncmp(text, prefix, plen) != 0 || !end || end - text - plen > IFNAMSIZ)
			continue;
		snprintf(slave, sizeof(slave), "%.*s", (int)(end - text - plen), text + plen);
		if (kmsg_offset(fd, &offset) < 0) {
			fprintf(stderr, "bench_failover_watch: no clock marker in /dev/kmsg\n");
			exit(1);
		}
		printf("kernel %lld %s\n", usec * 1000 + offset, slave);
	}
}

/* ---- lo: the trap datagrams. snmpTrapOID.0 then its value, an OID. */
static void print_oid(const unsigned char *p, size_t len)
{
	unsigned long v = 0;

	if (len == 0)
		return;
	printf(".%u.%u", (unsigned)p[0] / 40, (unsigned)p[0] % 40);
	for (size_t i = 1; i < len; i++) {
		v = (v << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			printf(".%lu", v);
			v = 0;
		}
	}
}

static void trap_oid(const unsigned char *p, size_t len)
{
	static const unsigned char key[] = { 0x06, 0x0a, 0x2b, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

	for (size_t i = 0; i + sizeof(key) + 2 <= len; i++) {
		const unsigned char *v = p + i + sizeof(key);

		if (memcmp(p + i, key, sizeof(key)) != 0)
			continue;
		if (v[0] == 0x06 && v[1] < 0x80 && (size_t)(v - p) + 2 + v[1] <= len) {
			print_oid(v + 2, v[1]);
			return;
		}
	}
	printf("?");
}

static void on_packet(int fd)
{
	unsigned char buf[65536];
	char cbuf[256];
	struct sockaddr_ll from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	ssize_t n;

	while ((n = recvmsg(fd, &m, MSG_DONTWAIT)) > 0) {
		struct ip *ip = (struct ip *)buf;
		struct udphdr *udp = (struct udphdr *)(buf + ip->ip_hl * 4);
		long long t = -1;

		for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(c), sizeof(ts));
				t = ts.tv_sec * 1000000000LL + ts.tv_nsec;
			}
		/* lo shows each datagram twice: sent, then received. */
		if (from.sll_pkttype == PACKET_HOST && n > (ssize_t)sizeof(*ip) &&
		    ip->ip_p == IPPROTO_UDP && (ssize_t)(ip->ip_hl * 4 + sizeof(*udp)) <= n &&
		    ntohs(udp->uh_dport) == port) {
			printf("trap %lld ", t);
			trap_oid((unsigned char *)(udp + 1), n - ip->ip_hl * 4 - sizeof(*udp));
			printf("\n");
		}
		m.msg_namelen = sizeof(from);
		m.msg_controllen = sizeof(cbuf);
	}
}

static int open_kmsg(void)
{
	int fd = open("/dev/kmsg", O_RDWR | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);        /* only what happens from now on */
	return fd;
}

static int open_packet(void)
{
	struct sockaddr_ll sa = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_ifindex = (int)if_nametoindex("lo") };
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP)), on = 1;
	int size = 4 << 20;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return fd;
}

int main(int argc, char **argv)
{
	const struct timespec period = { 0, 250 * 1000 * 1000 };
	int kfd, pfd;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_failover_watch BOND UDPPORT\n");
		return 2;
	}
	bond = argv[1];
	port = atoi(argv[2]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	kfd = open_kmsg();
	pfd = open_packet();
	if (kfd < 0 || pfd < 0) {
		perror("bench_failover_watch: /dev/kmsg or packet socket");
		return 1;
	}
	printf("ready\n");
	for (;;) {
		nanosleep(&period, NULL);
		on_kmsg(kfd);
		on_packet(pfd);
	}
}
