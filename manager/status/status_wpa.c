// SPDX-License-Identifier: GPL-2.0-or-later
/* status_wpa.c - see status_wpa.h. The log is read from its end (the last
 * 64 KiB: a supplicant that has retried for days has a long one), and
 * nothing from it reaches the terminal but the words matched here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/file.h"
#include "status_wpa.h"

#define WPA_LOG_TAIL (64 * 1024)

/* Copy the [A-Z0-9_] word at s into out. */
static void token(const char *s, char *out, size_t len)
{
	size_t n = 0;

	while (n + 1 < len && ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
			       s[n] == '_')) {
		out[n] = s[n];
		n++;
	}
	out[n] = '\0';
}

static const char *last(const char *hay, const char *needle)
{
	const char *found = NULL;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		found = p;
	return found;
}

void status_wpa_failure(const char *log, char *out, size_t len)
{
	static const struct { const char *text, *reason; } fixed[] = {
		{ "pre-shared key may be incorrect", "WRONG_KEY" },
		{ "CTRL-EVENT-NETWORK-NOT-FOUND", "NETWORK_NOT_FOUND" },
		{ "CTRL-EVENT-ASSOC-REJECT", "ASSOC_REJECT" },
	};
	const char *since = last(log, "CTRL-EVENT-CONNECTED"), *best = NULL, *p;

	out[0] = '\0';
	if (!since)
		since = log;
	/* The latest of the failures after it wins. */
	if ((p = last(since, "CTRL-EVENT-SSID-TEMP-DISABLED"))) {
		const char *r = strstr(p, " reason=");
		const char *eol = strchr(p, '\n');

		if (r && (!eol || r < eol)) {
			best = p;
			token(r + strlen(" reason="), out, len);
		}
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if ((p = last(since, fixed[i].text)) && (!best || p > best)) {
			best = p;
			snprintf(out, len, "%s", fixed[i].reason);
		}
}

void status_wpa_state(const char *reply, char *out, size_t len)
{
	const char *p = reply;

	out[0] = '\0';
	while (p && *p) {
		if (!strncmp(p, "wpa_state=", 10)) {
			token(p + 10, out, len);
			return;
		}
		if ((p = strchr(p, '\n')))
			p++;
	}
}

const char *status_wpa_meaning(const char *failure)
{
	if (!strcmp(failure, "WRONG_KEY"))
		return "the password is probably wrong";
	if (!strcmp(failure, "NETWORK_NOT_FOUND"))
		return "no access point with that SSID in range";
	if (!strcmp(failure, "ASSOC_REJECT"))
		return "the access point refused the association";
	if (!strcmp(failure, "AUTH_FAILED"))
		return "authentication failed";
	if (!strcmp(failure, "CONN_FAILED"))
		return "the connection failed";
	return NULL;
}

void status_wpa_read(const struct bw_client_env *ce, const char *ifname, struct status_wpa *w)
{
	char reply[2048], path[4096], *log = NULL;
	struct bw_err err = { 0 };

	memset(w, 0, sizeof(*w));
	if (!ce->wpa_supplicant || bw_wpa_pid(ce, ifname) <= 0)
		return;
	w->running = true;
	if (bw_wpa_ctrl(ce, ifname, "STATUS", reply, sizeof(reply), &err) == 0)
		status_wpa_state(reply, w->state, sizeof(w->state));
	if ((size_t)snprintf(path, sizeof(path), "%s/wpa-%s.log", ce->run_dir, ifname) >= sizeof(path))
		return;
	if (bw_file_read(path, WPA_LOG_TAIL, BW_FILE_NOFOLLOW | BW_FILE_REGULAR | BW_FILE_TAIL,
			 &log, NULL, &err) == 0)
		status_wpa_failure(log, w->failure, sizeof(w->failure));
	free(log);
}
