// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - bondagentx [-f] [-x AGENTX_SOCKET] [-d] [-p SECONDS] [-u USER[:GROUP]]
 * [-w DBM] [-W SECONDS]:
 * options, dropping root (privdrop.c), net-snmp start-up in the order
 * AgentX needs, and shutdown.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "bondwatch/overrides.h"
#include "caps.h"
#include "privdrop.h"
#include "snmp_glue.h"
#include <net-snmp/agent/agent_sysORTable.h>

#define APP "bondagentx"
/* BW_VERSION: from debian/changelog, by the Makefile (one place). */
#ifndef BW_VERSION
#define BW_VERSION "unknown"
#endif

/* The signal handler's only way to the context. */
static struct bwa_ctx *signal_ctx;

static void on_signal(int sig)
{
	(void)sig;
	if (signal_ctx)
		signal_ctx->stop = 1;
}

/* The log sink: net-snmp's logging, so ours and its messages go to the
 * same place (stderr with -f, else syslog); its lines carry their own
 * newline. */
static void log_to_netsnmp(void *arg, const char *prog, int prio, const char *msg)
{
	(void)arg, (void)prog;
	snmp_log(prio, "%s\n", msg);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: " APP " [-f] [-x AGENTX_SOCKET] [-d] [-p SECONDS] [-u USER[:GROUP]]\n"
		   "                  [-w DBM] [-W SECONDS]\n"
		   "       " APP " -V|--version\n"
		   "  -f  stay in the foreground, log to stderr\n"
		   "  -x  the master's AgentX socket (default: net-snmp's, /var/agentx/master)\n"
		   "  -d  debug messages to stderr (implies -f)\n"
		   "  -p  how often to ping the master and, once it is gone, to try to\n"
		   "      reconnect: 1-3600 s, default 5 (the one timer that always runs)\n"
		   "  -u  started as root: run as USER (and its groups; GROUP as the primary\n"
		   "      group), keeping only CAP_NET_ADMIN; refuses to start if it cannot.\n"
		   "      USER must be able to write /var/lib/bondwatch/overrides.yaml.\n"
		   "  -w  a wireless slave's signal is weak below DBM: -127 to -1, default %d\n"
		   "  -W  ... once it stayed there SECONDS (and recovered once it stayed\n"
		   "      above): 1-3600, default %d\n"
		   "Environment (tests): BONDAGENTX_NL_RCVBUF=BYTES shrinks the netlink\n"
		   "receive buffer, to make the kernel drop events (ENOBUFS);\n"
		   "BONDWATCH_OVERRIDES=PATH records SETs there instead;\n"
		   "BONDAGENTX_TEST_FAIL_ACTION=BOND fails that bond's SET in ACTION.\n",
		BWA_WIFI_THOLD, BWA_WIFI_HOLD);
}

/* -p: whole seconds, 1..BWA_PING_MAX. Not 0, which net-snmp takes as
 * "never ping and never reconnect": an agent that stays gone after one
 * snmpd restart is not something to offer as an option. */
static int parse_range(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_seconds(const char *s, int *out)
{
	return parse_range(s, 1, BWA_PING_MAX, out);
}

static int parse_args(struct bwa_ctx *ctx, int argc, char **argv, const char **user)
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	ctx->ping_interval = BWA_PING_INTERVAL;
	ctx->wifi_thold = BWA_WIFI_THOLD;
	ctx->wifi_hold = BWA_WIFI_HOLD;
	while ((c = getopt_long(argc, argv, "fx:dp:u:w:W:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': ctx->foreground = true; break;
		case 'x': ctx->agentx_socket = optarg; break;
		case 'd': ctx->debug = ctx->foreground = true; break;
		case 'u': *user = optarg; break;
		case 'p':
			if (parse_seconds(optarg, &ctx->ping_interval) < 0) {
				fprintf(stderr, APP ": -p %s: not a number of seconds from 1 to %d\n",
					optarg, BWA_PING_MAX);
				return -1;
			}
			break;
		case 'w':
			/* 0 would turn the kernel's monitor off */
			if (parse_range(optarg, -127, -1, &ctx->wifi_thold) < 0) {
				fprintf(stderr, APP ": -w %s: not a signal level from -127 to -1 dBm\n",
					optarg);
				return -1;
			}
			break;
		case 'W':
			if (parse_seconds(optarg, &ctx->wifi_hold) < 0) {
				fprintf(stderr, APP ": -W %s: not a number of seconds from 1 to %d\n",
					optarg, BWA_PING_MAX);
				return -1;
			}
			break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf(APP " %s\n", BW_VERSION); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* The environment, read here only (bondagentx(8), ENVIRONMENT). */
static void read_env(struct bwa_ctx *ctx)
{
	const char *rcvbuf = getenv("BONDAGENTX_NL_RCVBUF");   /* tests: force ENOBUFS */
	const char *ov = getenv("BONDWATCH_OVERRIDES");

	ctx->nl_rcvbuf = rcvbuf ? atoi(rcvbuf) : 0;
	ctx->overrides_path = ov && *ov ? ov : BW_OVERRIDES_PATH;
	/* Test hook: a SET's ACTION for this bond fails, so that the UNDO
	 * of the other varbinds of the same PDU can be tested. */
	ctx->test_fail_action = getenv("BONDAGENTX_TEST_FAIL_ACTION");
}

static void setup_signals(struct bwa_ctx *ctx)
{
	struct sigaction sa = { .sa_handler = on_signal };

	signal_ctx = ctx;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);          /* no SA_RESTART: select returns */
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);               /* the master may vanish mid-write */
}

/* Subagent role, no MIB files, no persistent state; then init_agent, which
 * resets the ping interval to its default, so ours is set after it. */
static void snmp_start(struct bwa_ctx *ctx)
{
	if (ctx->foreground)
		snmp_enable_stderrlog();
	else
		snmp_enable_syslog_ident(APP, LOG_DAEMON);
	setenv("MIBS", "", 1);
	netsnmp_enable_subagent();
	/* net-snmp's timers (the AgentX ping, lacp_poll.c's re-read) run from
	 * the event loop (snmp_select_info2's timeout, then run_alarms), not
	 * from a SIGALRM handler, which would interrupt whatever the loop
	 * was doing: rows half rebuilt, a netlink exchange half read. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_ALARM_DONT_USE_SIG, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	if (ctx->agentx_socket)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
				      ctx->agentx_socket);
	init_agent(APP);
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
			   ctx->ping_interval);
}

static int register_all(struct bwa_ctx *ctx)
{
	if (bwa_bond_table_register(ctx) < 0 || bwa_slave_table_register(ctx) < 0 ||
	    bwa_wifi_table_register(ctx) < 0 ||
	    bwa_stack_table_register(ctx) < 0 || bwa_notify_register(ctx) < 0) {
		bw_log(BW_LOG_ERR, "registering BONDWATCH-MIB with net-snmp failed");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static oid mib_oid[] = { BW_MIB_OID };
	struct bwa_ctx ctx = { 0 };
	const char *user = NULL;
	int rc;

	if (parse_args(&ctx, argc, argv, &user) < 0)
		return 2;
	read_env(&ctx);
	bw_log_setup(APP, log_to_netsnmp, NULL);
	bw_log_set_debug(ctx.debug);
	/* -u first, before anything is opened: the netlink sockets, net-snmp's
	 * files and the AgentX session (init_snmp() connects; every reconnect
	 * after an snmpd restart too) all belong to USER then, and no
	 * descriptor outlives the switch with root's credentials. Netlink
	 * loses nothing by it: the kernel checks CAP_NET_ADMIN of both the
	 * socket's opener and the sender at each write, and USER keeps it.
	 * Before daemon(), so that a refusal reaches the terminal (or the
	 * journal) with exit status 1. */
	if (user && bwa_drop_privileges(user) < 0)
		return 1;
	if (!ctx.foreground && daemon(0, 0) < 0) {
		perror(APP ": daemon");
		return 1;
	}
	setup_signals(&ctx);
	snmp_start(&ctx);
	if (bwa_state_start(&ctx) < 0 || register_all(&ctx) < 0) {
		bwa_notify_cleanup(&ctx);
		bwa_state_stop(&ctx);
		snmp_shutdown(APP);
		return 1;
	}
	bwa_caps_idle();                        /* the sockets are open */
	init_snmp(APP);                         /* reads config, connects to the master */
	if (user)
		bw_log(BW_LOG_INFO, "running as %s with CAP_NET_ADMIN only", user);
	register_sysORTable(mib_oid, OID_LENGTH(mib_oid),
			    "BONDWATCH-MIB: Linux bonds, slaves and failovers");
	bw_log(BW_LOG_INFO, APP " started");
	rc = bwa_loop_run(&ctx);
	bw_log(BW_LOG_INFO, APP " stopping");
	unregister_sysORTable(mib_oid, OID_LENGTH(mib_oid));
	bwa_notify_cleanup(&ctx);
	snmp_shutdown(APP);
	bwa_state_stop(&ctx);
	return rc < 0 ? 1 : 0;
}
