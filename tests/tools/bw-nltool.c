// SPDX-License-Identifier: GPL-2.0-or-later
/* bw-nltool - drive libbondwatch's netlink layer by hand (VM tests).
 *
 *   bw-nltool dump                      bonds, slaves, addresses, default routes
 *   bw-nltool create NAME [KEY=VAL...]  new bond with exactly these options
 *   bw-nltool change NAME [KEY=VAL...]  change these options of a bond
 *   bw-nltool enslave LINK BOND | release LINK | up LINK | down LINK | del LINK
 *   bw-nltool addr add|del LINK PREFIX
 *   bw-nltool route add|del LINK VIA [METRIC]
 *   bw-nltool monitor N [--timeout S] [--until WORD] [--rcvbuf B]
 *   bw-nltool overrun RCVBUF GOFILE     tiny-buffer socket, read after GOFILE
 *                                       appears; exit 0 if -ENOBUFS came back
 * KEYs: mode primary primary_reselect fail_over_mac miimon updelay downdelay
 * arp_interval arp_ip_target (a,b,... or empty) arp_validate arp_all_targets
 * num_grat_arp. Values are bondwatch's words (bond_opts.h) or numbers.
 * Every write prints "writes=N" on stderr; errors print the bw_err message.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "bondwatch/nl.h"

static int die(const struct bw_err *err)
{
	fprintf(stderr, "bw-nltool: %s\n", err->msg);
	return 1;
}

static const char *name_of(const struct bw_kstate *ks, int ifindex)
{
	const struct bw_link *l = bw_kstate_link_by_index(ks, ifindex);

	return !ifindex ? "none" : l ? l->name : "?";
}

static const char *mac_str(const uint8_t *a, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
	return buf;
}

static const char *event_name(uint32_t ev)
{
	static const char *const names[] = {
		[IFLA_EVENT_NONE] = "none", [IFLA_EVENT_REBOOT] = "reboot",
		[IFLA_EVENT_FEATURES] = "features",
		[IFLA_EVENT_BONDING_FAILOVER] = "bonding_failover",
		[IFLA_EVENT_NOTIFY_PEERS] = "notify_peers",
		[IFLA_EVENT_IGMP_RESEND] = "igmp_resend",
		[IFLA_EVENT_BONDING_OPTIONS] = "bonding_options",
	};
	return ev < sizeof(names) / sizeof(names[0]) ? names[ev] : "unknown";
}

static void print_targets(FILE *out, const struct bw_bond_params *p)
{
	char buf[INET_ADDRSTRLEN];

	fprintf(out, " arp_ip_target=");
	for (int i = 0; i < p->n_arp_targets; i++)
		fprintf(out, "%s%s", i ? "," : "", inet_ntop(AF_INET, &p->arp_targets[i], buf, sizeof(buf)));
}

static void print_bond(FILE *out, const struct bw_kstate *ks, const struct bw_link *l)
{
	const struct bw_bond_params *p = &l->bond.params;

	fprintf(out, "bond %s ifindex=%d up=%d carrier=%d mode=%s active_slave=%s primary=%s "
	       "miimon=%u updelay=%u downdelay=%u arp_interval=%u",
	       l->name, l->ifindex, !!(l->flags & IFF_UP), l->carrier, bw_mode_name(p->mode),
	       name_of(ks, l->bond.active_slave_ifindex), p->primary[0] ? p->primary : "none",
	       p->miimon, p->updelay, p->downdelay, p->arp_interval);
	print_targets(out, p);
	fprintf(out, " arp_validate=%s arp_all_targets=%s primary_reselect=%s fail_over_mac=%s "
	       "num_grat_arp=%u", bw_av_name(p->arp_validate), bw_aat_name(p->arp_all_targets),
	       bw_prs_name(p->primary_reselect), bw_fom_name(p->fail_over_mac), p->num_grat_arp);
}

static void print_slave(FILE *out, const struct bw_kstate *ks, const struct bw_link *l)
{
	char mac[18];

	fprintf(out, "slave %s ifindex=%d master=%s up=%d carrier=%d state=%s mii_status=%s "
	       "link_failure_count=%u perm_hwaddr=%s queue_id=%u",
	       l->name, l->ifindex, name_of(ks, l->master_ifindex), !!(l->flags & IFF_UP),
	       l->carrier, bw_slave_state_name(l->slave.state), bw_mii_name(l->slave.mii_status),
	       l->slave.link_failure_count, mac_str(l->slave.perm_hwaddr, mac), l->slave.queue_id);
}

static int cmd_dump(struct bw_nl *nl)
{
	struct bw_kstate ks;
	struct bw_err err = { 0 };
	char buf[INET6_ADDRSTRLEN + 4];

	if (bw_nl_read_state(nl, &ks, &err) < 0)
		return die(&err);
	for (int i = 0; i < ks.n_links; i++) {
		if (ks.links[i].is_bond)
			print_bond(stdout, &ks, &ks.links[i]), putchar('\n');
		if (ks.links[i].is_bond_slave)
			print_slave(stdout, &ks, &ks.links[i]), putchar('\n');
	}
	for (int i = 0; i < ks.n_addrs; i++)
		printf("addr %s %s scope=%u\n", name_of(&ks, ks.addrs[i].ifindex),
		       bw_prefix_str(&ks.addrs[i].prefix, buf, sizeof(buf)), ks.addrs[i].scope);
	for (int i = 0; i < ks.n_routes; i++)
		printf("route default via %s dev %s metric=%u proto=%u\n",
		       bw_ip_str(&ks.routes[i].via, buf, sizeof(buf)),
		       name_of(&ks, ks.routes[i].ifindex), ks.routes[i].metric,
		       ks.routes[i].protocol);
	bw_kstate_free(&ks);
	return 0;
}

/* A word of a bond_opts table, or a number. */
static int enum_val(int (*parse)(const char *), const char *s)
{
	char *end;
	long v = parse(s);

	if (v >= 0)
		return (int)v;
	v = strtol(s, &end, 10);
	return *s && !*end ? (int)v : -1;
}

static int set_targets(struct bw_bond_params *p, const char *val)
{
	char copy[512], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", val);
	p->n_arp_targets = 0;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (p->n_arp_targets == BW_MAX_ARP_TARGETS ||
		    inet_pton(AF_INET, t, &p->arp_targets[p->n_arp_targets++]) != 1)
			return -1;
	}
	return 0;
}

/* Enum options: a table word or a number; -1 when neither. */
static int set_enum(const char *key, const char *v, struct bw_bond_params *p, enum bw_opt *o)
{
	static const struct {
		const char *key;
		enum bw_opt opt;
		int (*parse)(const char *);
	} tbl[] = {
		{ "mode", BW_OPT_MODE, bw_mode_parse },
		{ "fail_over_mac", BW_OPT_FAIL_OVER_MAC, bw_fom_parse },
		{ "primary_reselect", BW_OPT_PRIMARY_RESELECT, bw_prs_parse },
		{ "arp_validate", BW_OPT_ARP_VALIDATE, bw_av_parse },
		{ "arp_all_targets", BW_OPT_ARP_ALL_TARGETS, bw_aat_parse },
	};
	int n;

	for (size_t i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++) {
		if (strcmp(key, tbl[i].key) != 0)
			continue;
		*o = tbl[i].opt;
		if ((n = enum_val(tbl[i].parse, v)) < 0)
			return -1;
		switch (*o) {
		case BW_OPT_MODE: p->mode = (uint8_t)n; break;
		case BW_OPT_FAIL_OVER_MAC: p->fail_over_mac = (uint8_t)n; break;
		case BW_OPT_PRIMARY_RESELECT: p->primary_reselect = (uint8_t)n; break;
		case BW_OPT_ARP_VALIDATE: p->arp_validate = (uint32_t)n; break;
		default: p->arp_all_targets = (uint32_t)n; break;
		}
		return 0;
	}
	return -1;
}

/* One KEY=VAL into p and mask; -1 on an unknown key or a bad value. */
static int set_opt(struct bw_bond_params *p, uint32_t *mask, int *primary, const char *kv)
{
	const char *eq = strchr(kv, '=');
	const char *v = eq ? eq + 1 : "";
	uint32_t num = (uint32_t)strtoul(v, NULL, 10);
	enum bw_opt o;
	char key[32];
	int rc = 0;

	snprintf(key, sizeof(key), "%.*s", (int)(eq ? eq - kv : (long)strlen(kv)), kv);
	if (!strcmp(key, "miimon"))
		o = BW_OPT_MIIMON, p->miimon = num;
	else if (!strcmp(key, "updelay"))
		o = BW_OPT_UPDELAY, p->updelay = num;
	else if (!strcmp(key, "downdelay"))
		o = BW_OPT_DOWNDELAY, p->downdelay = num;
	else if (!strcmp(key, "arp_interval"))
		o = BW_OPT_ARP_INTERVAL, p->arp_interval = num;
	else if (!strcmp(key, "num_grat_arp"))
		o = BW_OPT_NUM_GRAT_ARP, p->num_grat_arp = (uint8_t)num;
	else if (!strcmp(key, "arp_ip_target"))
		o = BW_OPT_ARP_IP_TARGETS, rc = set_targets(p, v);
	else if (!strcmp(key, "primary"))      /* "" or unknown: ifindex 0 */
		o = BW_OPT_PRIMARY, *primary = (int)if_nametoindex(v);
	else
		rc = set_enum(key, v, p, &o);
	if (rc == 0)
		*mask |= BW_OPT_BIT(o);
	return rc;
}

static int cmd_bond(struct bw_nl *nl, bool create, const char *name, int argc, char **argv)
{
	struct bw_bond_params p;
	struct bw_err err = { 0 };
	uint32_t mask = 0;
	int primary = 0, rc;

	bw_bond_params_default(&p);
	for (int i = 0; i < argc; i++)
		if (set_opt(&p, &mask, &primary, argv[i]) < 0) {
			fprintf(stderr, "bw-nltool: bad option %s\n", argv[i]);
			return 2;
		}
	if (create)
		rc = bw_nl_bond_create(nl, name, &p, mask, primary, &err);
	else
		rc = bw_nl_bond_change(nl, (int)if_nametoindex(name), &p, mask, primary, &err);
	return rc < 0 ? die(&err) : 0;
}

static int idx(const char *name)
{
	return (int)if_nametoindex(name);
}

static int cmd_link(struct bw_nl *nl, int argc, char **argv)
{
	struct bw_err err = { 0 };
	const char *c = argv[0];
	int rc;

	if (!strcmp(c, "enslave") && argc == 3)
		rc = bw_nl_link_set_master(nl, idx(argv[1]), idx(argv[2]), &err);
	else if (!strcmp(c, "release") && argc == 2)
		rc = bw_nl_link_set_master(nl, idx(argv[1]), 0, &err);
	else if ((!strcmp(c, "up") || !strcmp(c, "down")) && argc == 2)
		rc = bw_nl_link_set_up(nl, idx(argv[1]), c[0] == 'u', &err);
	else if (!strcmp(c, "del") && argc == 2)
		rc = bw_nl_link_del(nl, idx(argv[1]), &err);
	else
		return 2;
	return rc < 0 ? die(&err) : 0;
}

static int cmd_ip(struct bw_nl *nl, int argc, char **argv)
{
	struct bw_err err = { 0 };
	bool add = argc > 1 && !strcmp(argv[1], "add");
	struct bw_prefix pfx;
	struct bw_ip via;
	int rc;

	if (argc < 4 || (!add && strcmp(argv[1], "del")))
		return 2;
	if (!strcmp(argv[0], "addr")) {
		if (bw_prefix_parse(argv[3], &pfx) < 0)
			return 2;
		rc = bw_nl_addr(nl, add, idx(argv[2]), &pfx, &err);
	} else {
		if (bw_ip_parse(argv[3], &via) < 0)
			return 2;
		rc = bw_nl_route_default(nl, add, idx(argv[2]), &via,
					 argc > 4 ? (uint32_t)atoi(argv[4]) : 0, &err);
	}
	return rc < 0 ? die(&err) : 0;
}

struct mon {
	struct bw_kstate ks;
	int left;
	const char *until;
	bool matched;
};

static void on_event(void *ctx, int type, const struct bw_link *l)
{
	struct mon *m = ctx;
	char line[1024];
	FILE *f;

	if (type == RTM_DELLINK)
		bw_kstate_remove_link(&m->ks, l->ifindex);
	else
		bw_kstate_upsert_link(&m->ks, l);
	/* Print into a buffer first so --until can look at the whole line. */
	f = fmemopen(line, sizeof(line), "w");
	if (!f)
		return;
	fprintf(f, "%s event=%s ", type == RTM_DELLINK ? "DELLINK" : "NEWLINK",
		event_name(l->event));
	/* The kstate's copy has the primary's name resolved. */
	if (l->is_bond && bw_kstate_link_by_index(&m->ks, l->ifindex))
		print_bond(f, &m->ks, bw_kstate_link_by_index(&m->ks, l->ifindex));
	else if (l->is_bond_slave)
		print_slave(f, &m->ks, l);
	else
		fprintf(f, "link %s ifindex=%d up=%d carrier=%d", l->name, l->ifindex,
			!!(l->flags & IFF_UP), l->carrier);
	fclose(f);
	printf("%s\n", line);
	fflush(stdout);
	m->left--;
	if (m->until && strstr(line, m->until))
		m->matched = true;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmd_monitor(struct bw_nl *nl, int argc, char **argv)
{
	struct mon m = { .left = argc > 1 ? atoi(argv[1]) : 1 };
	struct bw_err err = { 0 };
	struct bw_nlmon *mon;
	double timeout = 10, deadline;
	int rcvbuf = 0, rc = 0;

	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--timeout")) timeout = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--until")) m.until = argv[i + 1];
		else if (!strcmp(argv[i], "--rcvbuf")) rcvbuf = atoi(argv[i + 1]);
		else return 2;
	}
	if (bw_nlmon_open(&mon, rcvbuf, &err) < 0 || bw_nl_read_state(nl, &m.ks, &err) < 0)
		return die(&err);
	printf("ready\n");
	fflush(stdout);
	deadline = now() + timeout;
	while (m.left > 0 && !m.matched && rc == 0 && now() < deadline) {
		struct pollfd pfd = { .fd = bw_nlmon_fd(mon), .events = POLLIN };

		if (poll(&pfd, 1, 50) > 0)
			rc = bw_nlmon_read(mon, on_event, &m);
	}
	if (rc < 0)
		printf("error %d %s\n", rc, strerror(-rc));
	bw_nlmon_close(mon);
	bw_kstate_free(&m.ks);
	return rc < 0 || (m.until ? !m.matched : m.left > 0);
}

static void count_event(void *ctx, int type, const struct bw_link *l)
{
	(void)type;
	(void)l;
	++*(int *)ctx;
}

/* Open with a tiny buffer, wait (not reading) until GOFILE exists, then
 * read: the kernel must have dropped events, and the read must say so. */
static int cmd_overrun(int rcvbuf, const char *gofile)
{
	struct bw_err err = { 0 };
	struct bw_nlmon *mon;
	double deadline = now() + 60;
	int rc, events = 0;

	if (bw_nlmon_open(&mon, rcvbuf, &err) < 0)
		return die(&err);
	printf("ready\n");
	fflush(stdout);
	while (access(gofile, F_OK) != 0 && now() < deadline)
		usleep(50000);
	rc = bw_nlmon_read(mon, count_event, &events);
	printf("read=%d (%s) events=%d\n", rc, rc ? strerror(-rc) : "ok", events);
	if (rc == -ENOBUFS) {   /* the socket stays usable after the overrun */
		rc = bw_nlmon_read(mon, count_event, &events);
		printf("again=%d events=%d\n", rc, events);
		rc = rc == 0 ? -ENOBUFS : rc;
	}
	bw_nlmon_close(mon);
	return rc == -ENOBUFS ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct bw_err err = { 0 };
	struct bw_nl *nl;
	int rc = 2;

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "overrun") && argc == 4)
		return cmd_overrun(atoi(argv[2]), argv[3]);
	if (bw_nl_open(&nl, &err) < 0)
		return die(&err);
	if (!strcmp(argv[1], "dump"))
		rc = cmd_dump(nl);
	else if ((!strcmp(argv[1], "create") || !strcmp(argv[1], "change")) && argc >= 3)
		rc = cmd_bond(nl, argv[1][1] == 'r', argv[2], argc - 3, argv + 3);
	else if (!strcmp(argv[1], "addr") || !strcmp(argv[1], "route"))
		rc = cmd_ip(nl, argc - 1, argv + 1);
	else if (!strcmp(argv[1], "monitor"))
		rc = cmd_monitor(nl, argc - 1, argv + 1);
	else
		rc = cmd_link(nl, argc - 1, argv + 1);
	if (bw_nl_writes(nl))
		fprintf(stderr, "writes=%lu\n", bw_nl_writes(nl));
	bw_nl_close(nl);
	if (rc != 2)
		return rc;
usage:
	fprintf(stderr, "usage: see the comment at the top of tests/tools/bw-nltool.c\n");
	return 2;
}
