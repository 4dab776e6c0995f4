/* SPDX-License-Identifier: GPL-2.0-or-later */
/* caps.h - CAP_NET_ADMIN effective only around the netlink write of a SET
 * (caps.c). */
#ifndef BWA_CAPS_H
#define BWA_CAPS_H

/* Once the sockets are open: CAP_NET_ADMIN stays permitted, leaves the
 * effective, inheritable and ambient sets (not as root: nothing then). */
void bwa_caps_idle(void);
/* Around a write: raise (0, or -1 when it cannot be had) and lower. */
int bwa_caps_raise(void);
void bwa_caps_lower(void);

#endif
