/* SPDX-License-Identifier: GPL-2.0-or-later */
/* keepoff_sys.h - other managers kept off and radios unblocked, on the
 * running system (lib/apply/keepoff.c): reading what is there, writing
 * a planned step. The text and the plan are keepoff.h's (lib/plan). */
#ifndef BW_KEEPOFF_SYS_H
#define BW_KEEPOFF_SYS_H

#include "bondwatch/keepoff.h"
#include "bondwatch/plan.h"

/* The system's paths (bondmgr's tests point some elsewhere). */
void bw_keepoff_env_default(struct bw_keepoff_env *env);

/* What is there: which managers are installed, their files' content, the
 * radios of the wireless links among names (each phy's rfkill switch).
 * Returns 0, or a negative errno with err when a file cannot be read
 * safely (a link, not a regular file, over its size limit, NUL bytes):
 * then nothing may be changed. */
int bw_keepoff_read_have(const struct bw_keepoff_env *env, const char *const *names, int n,
			 struct bw_keepoff *ko, struct bw_err *err);

/* bw_keepoff_read_have for cfg's bonds and members, and what cfg wants
 * (the radios unblocked). */
int bw_keepoff_read(const struct bw_config *cfg, const struct bw_keepoff_env *env,
		    struct bw_keepoff *ko, struct bw_err *err);
/* A warning for each hard-blocked radio (naming its switch): it is
 * reported, never fought. */
void bw_keepoff_warn(const struct bw_keepoff *ko);

/* The same files and radios as ref, read again; wanted: ref's wants
 * (restore false: a verify) or what ref found (restore true: put back
 * the state read before). */
int bw_keepoff_again(const struct bw_keepoff *ref, bool restore, struct bw_keepoff *now,
		     struct bw_err *err);

/* dhcpcd is installed as a service (its systemd unit or init script):
 * the one dhcpcd that reads dhcpcd.conf for every interface. */
bool bw_keepoff_dhcpcd_service(const struct bw_keepoff_env *env);

/* NetworkManager runs: its pid file names a live process called so. */
bool bw_keepoff_nm_running(const struct bw_keepoff_env *env);

/* Execute a BW_STEP_KEEPOFF_FILE or BW_STEP_RFKILL step. */
int bw_keepoff_step(const struct bw_step *s, struct bw_err *err);

#endif
