// SPDX-License-Identifier: GPL-2.0-or-later
/* test_status_wpa.c - why `bondmgr status` says a wireless member is not
 * associated: the last failure in its wpa_supplicant's log since it last
 * connected, and its state; and the log's tail read (BW_FILE_TAIL). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../manager/status/status_wpa.h"
#include "bondwatch/file.h"
#include "harness.h"

static const char *failure(const char *log)
{
	static char out[STATUS_WPA_TOKEN];

	status_wpa_failure(log, out, sizeof(out));
	return out;
}

/* Lines as wpa_supplicant 2.10 writes them (wifi_apply.sh's wrong password). */
TEST(wpa_failure_wrong_key)
{
	CHECK_STR(failure("wlan0: Trying to associate with 02:00:00:00:01:00\n"
			  "wlan0: WPA: 4-Way Handshake failed - pre-shared key may be incorrect\n"
			  "wlan0: CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"bondwatch-test\" "
			  "auth_failures=1 duration=10 reason=WRONG_KEY\n"), "WRONG_KEY");
	CHECK_STR(failure("wlan0: WPA: 4-Way Handshake failed - pre-shared key may be incorrect\n"),
		  "WRONG_KEY");
	CHECK_STR(status_wpa_meaning("WRONG_KEY"), "the password is probably wrong");
}

TEST(wpa_failure_only_since_the_last_connection)
{
	const char *log = "wlan0: CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"x\" reason=WRONG_KEY\n"
			  "wlan0: CTRL-EVENT-CONNECTED - Connection to 02:00:00:00:01:00 completed\n"
			  "wlan0: CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:01:00 reason=3\n";

	CHECK_STR(failure(log), "");
	CHECK_STR(failure(""), "");
}

TEST(wpa_failure_latest_wins)
{
	CHECK_STR(failure("wlan0: CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"x\" reason=WRONG_KEY\n"
			  "wlan0: CTRL-EVENT-NETWORK-NOT-FOUND\n"), "NETWORK_NOT_FOUND");
	CHECK_STR(failure("wlan0: CTRL-EVENT-NETWORK-NOT-FOUND\n"
			  "wlan0: CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"x\" reason=CONN_FAILED\n"),
		  "CONN_FAILED");
}

/* The log is another program's text: only [A-Z0-9_] comes out, bounded,
 * and a reason= on a later line is not taken for this event's. */
TEST(wpa_failure_hostile_text)
{
	CHECK_STR(failure("CTRL-EVENT-SSID-TEMP-DISABLED reason=WR\x1b[2JONG\n"), "WR");
	CHECK_STR(failure("CTRL-EVENT-SSID-TEMP-DISABLED reason=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"),
		  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	CHECK_STR(failure("CTRL-EVENT-SSID-TEMP-DISABLED id=0\nsomething reason=EVIL\n"), "");
}

TEST(wpa_state_from_status)
{
	char out[STATUS_WPA_TOKEN];

	status_wpa_state("bssid=02:00:00:00:01:00\nssid=x\nwpa_state=4WAY_HANDSHAKE\nip_address=\n",
			 out, sizeof(out));
	CHECK_STR(out, "4WAY_HANDSHAKE");
	status_wpa_state("wpa_state=SCANNING", out, sizeof(out));
	CHECK_STR(out, "SCANNING");
	status_wpa_state("FAIL\n", out, sizeof(out));
	CHECK_STR(out, "");
}

/* BW_FILE_TAIL: a file longer than max gives its last max bytes; without
 * the flag it is refused. */
TEST(file_read_tail)
{
	char path[] = "/tmp/bw-tail.XXXXXX", *text = NULL;
	size_t len = 0;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_INT(write(fd, "0123456789abcdef", 16), 16);
	close(fd);
	CHECK_INT(bw_file_read(path, 6, BW_FILE_REGULAR | BW_FILE_TAIL, &text, &len, NULL), 0);
	CHECK_STR(text ? text : "(null)", "abcdef");
	CHECK_INT(len, 6);
	free(text);
	text = NULL;
	CHECK_INT(bw_file_read(path, 6, BW_FILE_REGULAR, &text, &len, NULL), -EFBIG);
	CHECK_INT(bw_file_read(path, 64, BW_FILE_REGULAR | BW_FILE_TAIL, &text, &len, NULL), 0);
	CHECK_STR(text ? text : "(null)", "0123456789abcdef");
	free(text);
	unlink(path);
}
