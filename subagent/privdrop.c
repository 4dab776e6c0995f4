// SPDX-License-Identifier: GPL-2.0-or-later
/* privdrop.c - bondagentx -u USER[:GROUP]: root becomes USER and keeps
 * CAP_NET_ADMIN alone.
 *
 * Reading bonds over rtnetlink needs no privilege; changing a bond's
 * primary (an snmpset of bwBondPrimary) needs CAP_NET_ADMIN. So an agent
 * started as root (a SysV script, a unit without DynamicUser=) gives up
 * everything else before it touches the network or the master. libcap's
 * cap_setgroups()/cap_setuid() do the switch: they raise CAP_SETGID /
 * CAP_SETUID just for the call and set PR_SET_KEEPCAPS around setuid(2),
 * so the permitted set survives it; cap_set_proc() then cuts it down to
 * CAP_NET_ADMIN. Before that, as root, the bounding set is cut to
 * CAP_NET_ADMIN and the securebits locked (no root semantics, no ambient
 * raise). No ambient capability: the agent never executes anything, and
 * no_new_privs makes sure nothing it could execute gains more. Once its
 * sockets are open, CAP_NET_ADMIN leaves the effective set too except
 * around a SET's write (caps.c).
 *
 * Every failure refuses to run (exit 1) with one line that names the
 * problem: an agent half-dropped, or unable to do a SET it would accept,
 * is worse than one that does not start.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <linux/securebits.h>
#include "privdrop.h"

struct target {
	uid_t uid;
	gid_t gid;
	gid_t *groups;           /* supplementary, as initgroups(3) would set */
	int ngroups;
};

/* "bondagentx: -u SPEC: MESSAGE": before the daemon() and before
 * net-snmp's logging, so it reaches the terminal or the journal. */
static int __attribute__((format(printf, 2, 3))) say(const char *spec, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bondagentx: -u %s: ", spec);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static bool has(cap_t c, cap_value_t v, cap_flag_t flag)
{
	cap_flag_value_t on = CAP_CLEAR;

	return cap_get_flag(c, v, flag, &on) == 0 && on == CAP_SET;
}

/* The user's groups as getgrouplist(3) (what initgroups(3) uses) lists
 * them: the socket of the master is typically 0660 root:bondwatch, and
 * the agent reconnects to it whenever snmpd restarts. */
static int user_groups(const char *spec, const char *user, struct target *t)
{
	int n = 16;

	for (;;) {
		gid_t *g = realloc(t->groups, (size_t)n * sizeof(*g));
		int want = n;

		if (!g)
			return say(spec, "out of memory");
		t->groups = g;
		if (getgrouplist(user, t->gid, g, &want) >= 0) {
			t->ngroups = want;
			return 0;
		}
		if (want <= n)           /* glibc did not say how many: give up */
			return say(spec, "cannot list the groups of %s", user);
		n = want;
	}
}

/* USER[:GROUP] -> uid, gid, groups. Names only: a number is looked up as
 * a name, so a typo cannot become an unnamed uid. (The _r lookups only
 * for cppcheck's sake: the agent has one thread.) */
static int lookup(const char *spec, struct target *t)
{
	char *user = strdup(spec), *group, buf[16384];
	struct passwd pwd, *pw = NULL;
	struct group grp, *gr = NULL;
	int rc = -1, e;

	if (!user)
		return say(spec, "out of memory");
	group = strchr(user, ':');
	if (group)
		*group++ = '\0';
	e = getpwnam_r(user, &pwd, buf, sizeof(buf), &pw);
	if (!pw) {
		if (e)
			say(spec, "looking up user %s: %s", user, strerror(e));
		else
			say(spec, "no such user");
		goto out;
	}
	t->uid = pw->pw_uid;
	t->gid = pw->pw_gid;
	if (t->uid == 0) {
		say(spec, "%s is uid 0: name an unprivileged user", user);
		goto out;
	}
	if (group) {
		e = getgrnam_r(group, &grp, buf, sizeof(buf), &gr);
		if (!gr) {
			if (e)
				say(spec, "looking up group %s: %s", group, strerror(e));
			else
				say(spec, "no such group %s", group);
			goto out;
		}
		t->gid = gr->gr_gid;
	}
	/* Group root owns what user root does (/etc/shadow is root:shadow,
	 * but many a file is root:root 0660): not a group to run in. */
	if (t->gid == 0) {
		if (group)
			say(spec, "group %s is gid 0: name an unprivileged group", group);
		else
			say(spec, "%s's primary group is gid 0: name an unprivileged group "
			    "(-u %s:GROUP)", user, user);
		goto out;
	}
	rc = user_groups(spec, user, t);
out:
	free(user);
	return rc;
}

/* What this process holds at start: switching needs CAP_SETUID and
 * CAP_SETGID (root), and CAP_NET_ADMIN must be there to be kept. A root
 * whose bounding set lacks it (setpriv --bounding-set=-net_admin, capsh
 * --drop=cap_net_admin, a unit's CapabilityBoundingSet=) would otherwise
 * run fine and then fail every snmpset of a primary. */
static int check_start(const char *spec)
{
	cap_t now = cap_get_proc();
	int rc = 0;

	if (!now)
		return say(spec, "reading this process's capabilities: %s", strerror(errno));
	if (!has(now, CAP_SETUID, CAP_PERMITTED) || !has(now, CAP_SETGID, CAP_PERMITTED))
		rc = say(spec, "only root can switch users (this process, uid %u, lacks "
			 "CAP_SETUID and CAP_SETGID); without -u, run it as the user itself "
			 "with CAP_NET_ADMIN", (unsigned)getuid());
	else if (!has(now, CAP_NET_ADMIN, CAP_PERMITTED))
		rc = say(spec, "CAP_NET_ADMIN is not available to keep; the agent could "
			 "not change a bond's primary");
	cap_free(now);
	return rc;
}

/* While still root: the bounding set cut to CAP_NET_ADMIN (nothing else
 * can ever come back, whatever is executed), and the securebits that keep
 * uid 0 and ambient raising from meaning anything, locked. */
#define SECURE_BITS (SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE | \
		     SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

static int narrow(const char *spec)
{
	const unsigned bits = SECURE_BITS;

	for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++)
		if (c != CAP_NET_ADMIN && CAP_IS_SUPPORTED(c) && cap_drop_bound(c) < 0)
			return say(spec, "dropping capability %d from the bounding set: %s", c,
				   strerror(errno));
	if (cap_set_secbits(cap_get_secbits() | bits) < 0)
		return say(spec, "setting the securebits: %s", strerror(errno));
	return 0;
}

static int become(const char *spec, const struct target *t, cap_t keep)
{
	if (narrow(spec) < 0)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return say(spec, "prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
	/* Groups first, while still root in every sense: after setuid(2)
	 * only the kept permitted set would allow it, and that is about to
	 * shrink to CAP_NET_ADMIN. */
	if (cap_setgroups(t->gid, (size_t)t->ngroups, t->groups) < 0)
		return say(spec, "setting gid %u and groups: %s", (unsigned)t->gid, strerror(errno));
	if (cap_setuid(t->uid) < 0)
		return say(spec, "setting uid %u: %s", (unsigned)t->uid, strerror(errno));
	/* Inheritable cleared too, and with it the ambient set (the kernel
	 * keeps ambient within permitted and inheritable). */
	if (cap_set_proc(keep) < 0)
		return say(spec, "keeping CAP_NET_ADMIN: %s", strerror(errno));
	return 0;
}

/* Trust nothing about the calls above: read back what the kernel says. */
static int verify(const char *spec, const struct target *t, cap_t keep)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	cap_t now;
	int rc = 0;

	if (getresuid(&ru, &eu, &su) < 0 || ru != t->uid || eu != t->uid || su != t->uid)
		return say(spec, "after the switch the uid is not %u everywhere; refusing to run",
			   (unsigned)t->uid);
	if (getresgid(&rg, &eg, &sg) < 0 || rg != t->gid || eg != t->gid || sg != t->gid)
		return say(spec, "after the switch the gid is not %u everywhere; refusing to run",
			   (unsigned)t->gid);
	if (setuid(0) == 0 || setgid(0) == 0)
		return say(spec, "after the switch uid 0 or gid 0 could be taken; refusing to run");
	for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++)
		if (c != CAP_NET_ADMIN && CAP_IS_SUPPORTED(c) && cap_get_bound(c) > 0)
			return say(spec, "capability %d is still in the bounding set; refusing to run",
				   c);
	if ((cap_get_secbits() & SECURE_BITS) != SECURE_BITS)
		return say(spec, "the securebits did not hold; refusing to run");
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return say(spec, "no_new_privs is not set after the switch; refusing to run");
	now = cap_get_proc();
	if (!now)
		return say(spec, "reading capabilities after the switch: %s", strerror(errno));
	if (!has(now, CAP_NET_ADMIN, CAP_EFFECTIVE)) {
		rc = say(spec, "CAP_NET_ADMIN is not effective after the switch; refusing to run");
	} else if (cap_compare(now, keep) != 0) {
		char *txt = cap_to_text(now, NULL);

		rc = say(spec, "capabilities other than CAP_NET_ADMIN remain after the switch "
			 "(%s); refusing to run", txt ? txt : "?");
		cap_free(txt);
	}
	cap_free(now);
	return rc;
}

int bwa_drop_privileges(const char *spec)
{
	static const cap_value_t net_admin[] = { CAP_NET_ADMIN };
	struct target t = { 0 };
	cap_t keep = cap_init();
	int rc = -1;

	if (!keep)
		return say(spec, "out of memory");
	if (cap_set_flag(keep, CAP_PERMITTED, 1, net_admin, CAP_SET) < 0 ||
	    cap_set_flag(keep, CAP_EFFECTIVE, 1, net_admin, CAP_SET) < 0)
		say(spec, "building the capability set: %s", strerror(errno));
	else if (lookup(spec, &t) == 0 && check_start(spec) == 0 &&
		 become(spec, &t, keep) == 0)
		rc = verify(spec, &t, keep);
	free(t.groups);
	cap_free(keep);
	return rc;
}
