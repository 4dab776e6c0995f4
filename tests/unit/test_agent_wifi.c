// SPDX-License-Identifier: GPL-2.0-or-later
/* test_agent_wifi.c - bwWifiTable in the agent's model: the rows kept in
 * (bond, slave) ifIndex order whatever order they come in, found by the
 * same seek as the other tables, and their column values (the SSID as its
 * raw octets, TruthValues 1/2, dBm signed, kbit/s).
 */
#include <string.h>
#include "harness.h"
#include "../../subagent/model/mib_oids.h"
#include "../../subagent/model/mib_values.h"
#include "../../subagent/model/model.h"

static struct bwa_wifi row(int bond, int ifindex)
{
	struct bwa_wifi w = { .bond_ifindex = bond, .ifindex = ifindex };

	return w;
}

TEST(agent_wifi_rows_sorted_and_seek)
{
	struct bwa_model m = { 0 };
	struct bwa_wifi rows[3] = { row(9, 3), row(4, 12), row(4, 7) };
	unsigned long idx[2], out[2];

	CHECK_INT(bwa_model_set_wifi(&m, rows, 3), 0);
	CHECK_INT(m.n_wifi, 3);
	CHECK_INT(bwa_model_index(&m, BWA_ROWS_WIFI, 0, out), 2);
	CHECK_INT(out[0], 4);
	CHECK_INT(out[1], 7);
	CHECK_INT(m.wifi[2].bond_ifindex, 9);
	idx[0] = 4, idx[1] = 12;
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_WIFI, idx, 2, false), 1);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_WIFI, idx, 2, true), 2);      /* GETNEXT */
	idx[0] = 9, idx[1] = 3;
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_WIFI, idx, 2, true), -1);     /* past the last */
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_WIFI, idx, 0, true), 0);      /* empty index */
	CHECK(bwa_model_wifi(&m, 4, 12) == &m.wifi[1]);
	CHECK(bwa_model_wifi(&m, 4, 13) == NULL);
	/* no wireless slave any more: an empty table, not a stale one */
	CHECK_INT(bwa_model_set_wifi(&m, NULL, 0), 0);
	CHECK_INT(m.n_wifi, 0);
	CHECK_INT(bwa_model_seek(&m, BWA_ROWS_WIFI, idx, 0, true), -1);
	bwa_model_free(&m);
}

TEST(agent_wifi_values)
{
	struct bwa_wifi w = row(4, 7);
	struct bwa_value v;
	static const uint8_t ssid[] = { 'b', 'w', 0x1b, '[', '7', 'm', 0 };

	w.associated = true;
	w.ssid_len = sizeof(ssid);
	memcpy(w.ssid, ssid, sizeof(ssid));
	memcpy(w.bssid, "\x02\x00\x00\x00\x01\x00", 6);
	w.signal_dbm = -43;
	w.tx_kbps = 54000;
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_ASSOCIATED, &v), 0);
	CHECK_INT(v.type, BWA_V_INTEGER);
	CHECK_INT(v.integer, 1);                           /* true(1) */
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_SSID, &v), 0);
	CHECK_INT(v.type, BWA_V_OCTETS);
	CHECK_INT(v.len, sizeof(ssid));                    /* the NUL and the ESC too: raw */
	CHECK(memcmp(v.octets, ssid, sizeof(ssid)) == 0);
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_BSSID, &v), 0);
	CHECK_INT(v.len, 6);
	CHECK_INT(v.octets[4], 1);
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_SIGNAL, &v), 0);
	CHECK_INT(v.integer, -43);
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_TX_BITRATE, &v), 0);
	CHECK_INT(v.type, BWA_V_UNSIGNED);
	CHECK_INT(v.u32, 54000);
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_SIGNAL_WEAK, &v), 0);
	CHECK_INT(v.integer, 2);                           /* false(2) */
	CHECK_INT(bwa_wifi_value(&w, 0, &v), -1);
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_COL_MAX + 1, &v), -1);
	/* a length past 32 (never set so, but the row is plain memory) is cut */
	w.ssid_len = 200;
	CHECK_INT(bwa_wifi_value(&w, BWA_WIFI_SSID, &v), 0);
	CHECK_INT(v.len, BWA_SSID_MAX);
}
