/* SPDX-License-Identifier: GPL-2.0-or-later */
/* privdrop.h - bondagentx -u USER[:GROUP]: started as root, become USER
 * and keep CAP_NET_ADMIN alone (the one privilege an snmpset of a bond's
 * primary needs). Without -u nothing here runs.
 */
#ifndef BWA_PRIVDROP_H
#define BWA_PRIVDROP_H

/* Become USER: its uid, its primary gid (or GROUP's), its supplementary
 * groups; CAP_NET_ADMIN permitted and effective and no other capability;
 * no_new_privs. Then check that it holds. SPEC is -u's argument, quoted in
 * messages. Returns 0, or -1 after one line on stderr naming the problem
 * (the caller exits 1: it never runs half-dropped). */
int bwa_drop_privileges(const char *spec);

#endif
