/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_wpa.h - why a wireless member is not associated, as the
 * wpa_supplicant bondmgr runs for it tells: its state (STATUS on its
 * control socket) and the last failure its log names since it last
 * connected (a wrong password, no such network in range, ...). */
#ifndef BONDMGR_STATUS_WPA_H
#define BONDMGR_STATUS_WPA_H

#include <stdbool.h>
#include <stddef.h>
#include "bondwatch/apply.h"

#define STATUS_WPA_TOKEN 32   /* a state or reason word, e.g. "4WAY_HANDSHAKE" */

struct status_wpa {
	bool running;                    /* bondmgr runs a supplicant for it */
	char state[STATUS_WPA_TOKEN];    /* wpa_state ("" when it did not answer) */
	char failure[STATUS_WPA_TOKEN];  /* "WRONG_KEY", "NETWORK_NOT_FOUND", ...
					  * "" when none since it last connected */
};

/* The last failure in a supplicant's log text since its last
 * CTRL-EVENT-CONNECTED: the reason= of CTRL-EVENT-SSID-TEMP-DISABLED,
 * WRONG_KEY for "pre-shared key may be incorrect", NETWORK_NOT_FOUND for
 * CTRL-EVENT-NETWORK-NOT-FOUND, ASSOC_REJECT for CTRL-EVENT-ASSOC-REJECT.
 * Only [A-Z0-9_] is copied (the log is another program's text). */
void status_wpa_failure(const char *log, char *out, size_t len);
/* wpa_state's value in a STATUS reply, [A-Z0-9_] only; "" when none. */
void status_wpa_state(const char *reply, char *out, size_t len);
/* What a reason means to a person (NULL: no more than the word). */
const char *status_wpa_meaning(const char *failure);

/* Ask: the supplicant's state and the last failure in its log (the log
 * exists only when bondmgr supervises it directly; under systemd it is
 * in the journal, and the state alone is given). */
void status_wpa_read(const struct bw_client_env *ce, const char *ifname, struct status_wpa *w);

#endif
