/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan.h - the difference between what the file wants and what the kernel
 * has, as an ordered list of steps the kernel accepts.
 *
 * The same planner converges towards the file (apply) and towards a
 * snapshot of the state read before (rollback): a bw_target says which bonds
 * must exist and how, which must not exist, and which links must be free
 * (in no bond) with which admin state and addresses.
 *
 * Order (the bonding driver's rules, drivers/net/bonding/bond_options.c
 * and bond_main.c): deletions of stale addresses and routes first; then
 * bond create / in-place rebuild (mode and fail_over_mac need a bond that is
 * down and has no slaves) / live option change; release of members no
 * longer wanted; enslave (down, master, up: a link must be down to be
 * enslaved), primary first; primary after enslave (IFLA_BOND_PRIMARY names
 * an ifindex, and the kernel reports it only once it is a slave); bond up;
 * addresses; default route (its gateway must be on a link that is up).
 */
#ifndef BW_PLAN_H
#define BW_PLAN_H

#include "bondwatch/config.h"
#include "bondwatch/kstate.h"

struct bw_keepoff;
struct bw_keepoff_env;

enum bw_step_op {
	BW_STEP_ADDR_DEL,
	BW_STEP_ROUTE_DEL,
	BW_STEP_BOND_DEL,
	BW_STEP_BOND_CREATE,
	BW_STEP_BOND_CHANGE,
	BW_STEP_LINK_DOWN,
	BW_STEP_LINK_UP,
	BW_STEP_RELEASE,
	BW_STEP_ENSLAVE,
	BW_STEP_ADDR_ADD,
	BW_STEP_ROUTE_ADD,
	BW_STEP_DNS,
	BW_STEP_CLIENT_STOP,          /* a bond's DHCP client: first of all */
	BW_STEP_CLIENT_START,         /* last: the bond is up with its static part */
	BW_STEP_WPA_STOP,             /* a wireless member's wpa_supplicant: first */
	BW_STEP_WPA_START,            /* before the member is enslaved */
	BW_STEP_WPA_RECONF,           /* new configuration, same process */
	BW_STEP_REGDOM,               /* the wireless regulatory domain: before the
				       * supplicants start */
	BW_STEP_KEEPOFF_FILE,         /* first: another manager's file (keepoff.h):
				       * written (data) or removed (data NULL) */
	BW_STEP_RFKILL,               /* first: a member's radio soft-(un)blocked */
};

/* Where a bond's DHCP client lives. Filled by the caller (lib/apply's
 * clients.c); the planner copies the pointer into its client steps. */
struct bw_client_env {
	const char *run_dir;          /* dhcp-BOND.conf, .pid, .log, .lease */
	const char *state_dir;        /* the DUID (/var/lib/bondwatch) */
	const char *dhcpcd;           /* the client's program */
	const char *hook;             /* the script dhcpcd runs on each event */
	const char *wpa_supplicant;   /* a wireless member's supplicant (wpa-IF.conf) */
	const char *wpa_ctrl_dir;     /* its ctrl_interface (RECONFIGURE goes there) */
	bool systemd;                 /* systemd is PID 1: the template unit */
	long log_max;                 /* a helper's log file's limit (bytes) */
};

/* A helper bondmgr runs, as wanted or as found: a bond's DHCP client, or
 * a wireless member's wpa_supplicant (wifis:). The same supervision and
 * the same want/have planning for both. */
enum bw_client_kind { BW_CLIENT_DHCP, BW_CLIENT_WPA, BW_CLIENT_REGDOM };

struct bw_client {
	enum bw_client_kind kind;
	char bond[BW_IFNAMSIZ];       /* DHCP: the bond; WPA: the member;
				       * REGDOM: the member whose entry names it */
	bool running;
	char conf[2048];              /* its dhcpcd.conf or wpa_supplicant.conf;
				       * "" = none. WPA: holds the password,
				       * never printed. REGDOM: the kernel's
				       * alpha2 ("GB"), wanted or found */
};

/* Links are named, not indexed: a bond created by an earlier step of the
 * same plan has no ifindex when the plan is made. */
struct bw_step {
	enum bw_step_op op;
	char link[BW_IFNAMSIZ];
	char master[BW_IFNAMSIZ];     /* ENSLAVE */
	struct bw_bond_params params; /* BOND_CREATE / BOND_CHANGE */
	uint32_t mask;                /* options to send */
	struct bw_prefix prefix;      /* ADDR_* */
	struct bw_ip via;             /* ROUTE_* */
	uint32_t metric;
	char *data;                   /* DNS: the file's new content (owned);
				       * CLIENT_START: the client's conf */
	const char *path;             /* DNS: the file (the target's resolv_path) */
	const struct bw_client_env *client; /* CLIENT_* */
	char text[768];               /* what the user reads; "" = implied by a neighbour */
	/* KEEPOFF_FILE: which manager reads it (what to tell after writing);
	 * RFKILL: the switch (rfkillN) and the soft state wanted. */
	const struct bw_keepoff_env *keepoff;
	int keepoff_kind;
	int rfkill_idx;
	bool rfkill_block;
};

struct bw_link_restore {
	char name[BW_IFNAMSIZ];
	bool up;
	int n_addrs;
	struct bw_prefix addrs[BW_MAX_ADDRS];
	int n_routes;                         /* default routes it had */
	struct bw_kroute routes[BW_MAX_ROUTES];
};

struct bw_target {
	const struct bw_config *cfg;                  /* bonds that must exist */
	int n_absent;                                 /* bonds that must not */
	char absent[BW_MAX_MEMBERS][BW_IFNAMSIZ];
	int n_free;                                   /* links to leave free */
	struct bw_link_restore free_links[BW_MAX_MEMBERS * 2];
	const char *resolv_path;                      /* NULL: DNS not managed */
	const char *resolv_content;                   /* wanted content; NULL: from cfg */
	const char *resolv_have;                      /* resolv_path's content now, read
						       * by the caller (the planner does
						       * no I/O); NULL: none */
	/* The bonds' DHCP clients: want[i] and have[i] name the same bond.
	 * client_env NULL: clients are not managed (nor their addresses
	 * deleted). On a bond whose client runs or is to run, addresses with
	 * a lifetime and routes of protocol dhcp/ra are the client's. */
	const struct bw_client_env *client_env;
	int n_clients;
	const struct bw_client *clients_want;
	const struct bw_client *clients_have;
	/* Other managers kept off, radios unblocked (keepoff.h): what is and
	 * what should be. NULL: not managed. */
	const struct bw_keepoff *keepoff;
};

struct bw_plan {
	int n;
	int cap;
	struct bw_step *steps;
};

/* Plan the steps from ks to t. Returns 0 or -ENOMEM. */
int bw_plan_make(const struct bw_target *t, const struct bw_kstate *ks, struct bw_plan *plan);
void bw_plan_free(struct bw_plan *plan);
/* Print the user-visible lines, one change per line. */
void bw_plan_print(const struct bw_plan *plan, FILE *out);
/* The text of step i, or of the nearest step before it that has one (the
 * down/up around an enslave have none of their own). */
const char *bw_plan_step_text(const struct bw_plan *plan, int i);
/* The resolv.conf the file asks for ("" when it names no nameserver). */
void bw_resolv_render(const struct bw_config *cfg, char *buf, size_t len);

/* The dhcpcd.conf that runs b's DHCP client (pure): duid is "00:04:..."
 * (unused for dhcp-identifier: mac); the IAID is bw_client_iaid's.
 * Returns the length it needed: len or more means buf was too small. */
size_t bw_client_conf_render(const struct bw_bond_cfg *b, const char *duid,
			     const struct bw_client_env *env, char *buf, size_t len);
/* The wpa_supplicant.conf of a wifis: entry (pure): every network it
 * lists, the SSID (and an SAE password) in hex, so no byte of the YAML
 * can end a line or a quote; a PSK passphrase quoted (config_wifis.c
 * checked it is printable ASCII). Returns the length it needed. */
size_t bw_wpa_conf_render(const struct bw_wifi_cfg *w, const char *ctrl_dir, char *buf,
			  size_t len);
/* A stable IAID for a bond, from its name: the same across failovers (the
 * bond's MAC changes with fail-over-mac-policy active) and reboots. */
uint32_t bw_client_iaid(const char *bond);

/* A target that puts back the state in snap for the bonds cfg names:
 * bonds that existed get their old options, members, addresses and default
 * route; bonds that did not are deleted; links cfg enslaved that were free
 * get their admin state and addresses back. out_cfg receives the bonds
 * (free with bw_config_free). */
int bw_target_from_snapshot(const struct bw_config *cfg, const struct bw_kstate *snap,
			    struct bw_config *out_cfg, struct bw_target *t);

#endif
