// SPDX-License-Identifier: GPL-2.0-or-later
/* wifi_table.c - bwWifiTable, indexed like bwSlaveTable (bond ifIndex,
 * slave ifIndex), one row per wireless slave: read-only. The signal and
 * bitrate are read from the kernel when a row is asked for, at most once
 * a second (wifi.c), the rest comes from nl80211's events. */
#include "table_rows.h"

static int wifi_get(const struct bwa_ctx *ctx, int pos, unsigned col, struct bwa_value *v)
{
	bwa_wifi_refresh(ctx, pos);
	return bwa_wifi_value(&ctx->model.wifi[pos], col, v);
}

int bwa_wifi_table_register(struct bwa_ctx *ctx)
{
	static const oid table_oid[] = { BW_OID_WIFI_TABLE };
	static const struct bwa_table t = {
		"bwWifiTable", table_oid, OID_LENGTH(table_oid), BWA_ROWS_WIFI,
		BWA_WIFI_ASSOCIATED, BWA_WIFI_COL_MAX, wifi_get, NULL,
	};

	return bwa_table_register(ctx, &t);
}
