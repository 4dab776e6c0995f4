// SPDX-License-Identifier: GPL-2.0-or-later
/* caps.c - CAP_NET_ADMIN effective only while a SET writes the kernel.
 *
 * The agent needs it for one thing, the netlink write of a SET of a
 * primary (the kernel checks it at the write, in the writer's effective
 * set, and in that of whoever opened the socket: so it stays effective
 * until the sockets are open). The rest of the time a bug in the agent, or
 * in net-snmp under it, cannot use it. As root (no -u, no unit) the agent
 * has every capability and uid 0 anyway: nothing to gain, so nothing is
 * done there.
 */
#include <stdbool.h>
#include <unistd.h>
#include <sys/capability.h>
#include "bondwatch/log.h"
#include "caps.h"

static bool managed;       /* not root, and CAP_NET_ADMIN permitted */

static int set_effective(cap_flag_value_t v)
{
	static const cap_value_t net_admin[] = { CAP_NET_ADMIN };
	cap_t c = cap_get_proc();
	int rc = -1;

	if (c && cap_set_flag(c, CAP_EFFECTIVE, 1, net_admin, v) == 0)
		rc = cap_set_proc(c);
	cap_free(c);
	return rc;
}

void bwa_caps_idle(void)
{
	cap_t c;
	cap_flag_value_t perm = CAP_CLEAR;

	if (geteuid() == 0 || !(c = cap_get_proc()))
		return;
	cap_get_flag(c, CAP_NET_ADMIN, CAP_PERMITTED, &perm);
	cap_free(c);
	if (perm != CAP_SET)
		return;        /* without it, a SET fails with EPERM, and says so */
	/* No ambient or inheritable set either: the agent executes nothing. */
	if (cap_reset_ambient() < 0)
		bw_log(BW_LOG_WARNING, "clearing the ambient capabilities failed");
	c = cap_get_proc();
	if (c && cap_clear_flag(c, CAP_INHERITABLE) == 0 && cap_clear_flag(c, CAP_EFFECTIVE) == 0 &&
	    cap_set_proc(c) == 0)
		managed = true;
	else
		bw_log(BW_LOG_WARNING, "lowering CAP_NET_ADMIN failed: it stays effective");
	cap_free(c);
}

int bwa_caps_raise(void)
{
	return managed ? set_effective(CAP_SET) : 0;
}

void bwa_caps_lower(void)
{
	if (managed && set_effective(CAP_CLEAR) < 0)
		bw_log(BW_LOG_ERR, "lowering CAP_NET_ADMIN after a SET failed");
}
