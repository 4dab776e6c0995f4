// SPDX-License-Identifier: GPL-2.0-or-later
/* wifi.c - the radio of wireless slaves, for bwWifiTable and its four
 * notifications, from nl80211 events: no timer runs while nothing
 * happens.
 *
 *  - Association: the "mlme" group's CONNECT / ROAM / DISCONNECT events
 *    (one non-blocking socket in the loop's select, like rtnetlink's).
 *  - Weak signal: the kernel's connection quality monitor (SET_CQM with
 *    the -w threshold and BWA_WIFI_HYST_DB; mac80211 runs it in software
 *    on beacons for drivers without it) sends NOTIFY_CQM when the signal
 *    crosses the threshold. A crossing starts a one-shot net-snmp alarm of
 *    the -W hold time; a crossing back cancels it. Only a signal that
 *    stayed on the other side for the hold time changes bwWifiSignalIsWeak
 *    and raises bwWifiSignalWeak / bwWifiSignalRecovered.
 *  - Signal and bitrate for a GET: GET_STATION when the row is read, at
 *    most once a second per slave (BWA_WIFI_CACHE_MS), so a walk costs one
 *    request per member (the full read, interface + associated BSS +
 *    station, on events and when the station is not there).
 *
 * Which slaves are wireless: the ones nl80211 knows (GET_INTERFACE
 * answers for them; the same test as sysfs phy80211), asked once per new
 * slave ifindex. Without nl80211 (no cfg80211: no wireless) there are no
 * rows and no socket.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bondwatch/text.h"
#include "bondwatch/wifi.h"
#include "caps.h"
#include "snmp_glue.h"

#define BWA_WIFI_CACHE_MS 1000
#define BWA_RADIOS_MAX 256             /* wireless slaves followed at most */

struct bwa_radio {
	struct bwa_ctx *ctx;
	int ifindex;
	bool wireless;                 /* nl80211 knows it (else: asked, no) */
	bool in_bond;                  /* a slave in the current rows */
	int bond_ifindex;
	struct bw_wifi_link link;      /* the last read (or event) */
	long long read_ms;             /* CLOCK_MONOTONIC of the last read, 0 = none */
	bool assoc;                    /* what the notifications have said */
	bool weak;                     /* bwWifiSignalIsWeak */
	bool below;                    /* the last CQM crossing was downwards */
	unsigned alarm;                /* the hold time running, 0 = none */
};

struct bwa_radios {
	struct bw_wifinl *nl;
	int n;
	struct bwa_radio *r[BWA_RADIOS_MAX];
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static struct bwa_radio *find(const struct bwa_radios *rs, int ifindex)
{
	for (int i = 0; rs && i < rs->n; i++)
		if (rs->r[i]->ifindex == ifindex)
			return rs->r[i];
	return NULL;
}

static void row_of(const struct bwa_radio *r, struct bwa_wifi *w)
{
	memset(w, 0, sizeof(*w));
	w->bond_ifindex = r->bond_ifindex;
	w->ifindex = r->ifindex;
	w->weak = r->weak;
	if (!r->link.associated)
		return;
	w->associated = true;
	w->ssid_len = r->link.ssid_len <= BWA_SSID_MAX ? r->link.ssid_len : BWA_SSID_MAX;
	memcpy(w->ssid, r->link.ssid, w->ssid_len);
	if (r->link.has_bssid)
		memcpy(w->bssid, r->link.bssid, 6);
	w->signal_dbm = r->link.has_signal ? r->link.signal_dbm : 0;
	w->tx_kbps = r->link.has_bitrate ? r->link.tx_kbps : 0;
}

/* The rows of bwWifiTable from the radios that are slaves now. */
static void rows_sync(struct bwa_ctx *ctx)
{
	struct bwa_radios *rs = ctx->radios;
	struct bwa_wifi rows[BWA_RADIOS_MAX];
	int n = 0;

	for (int i = 0; rs && i < rs->n; i++)
		if (rs->r[i]->wireless && rs->r[i]->in_bond)
			row_of(rs->r[i], &rows[n++]);
	if (bwa_model_set_wifi(&ctx->model, rows, n) < 0)
		bw_log(BW_LOG_ERR, "out of memory building the wifi table");
}

static void read_now(struct bwa_radios *rs, struct bwa_radio *r)
{
	struct bw_wifi_link l;
	int rc = bw_wifinl_read_link(rs->nl, r->ifindex, &l);

	r->read_ms = now_ms();
	if (rc == 0)
		r->link = l;
	else
		bw_debug("ifindex %d: nl80211 read: %s", r->ifindex, strerror(-rc));
}

/* The connection quality monitor is set on each association (a new BSS
 * starts with the driver's defaults). CAP_NET_ADMIN: raised for the call
 * only, as for a SET (caps.c). */
static void set_cqm(struct bwa_ctx *ctx, struct bwa_radio *r)
{
	int rc, raised = bwa_caps_raise();

	rc = bw_wifinl_set_cqm(ctx->radios->nl, r->ifindex, ctx->wifi_thold, BWA_WIFI_HYST_DB);
	if (raised == 0)
		bwa_caps_lower();
	if (rc < 0)
		bw_log(BW_LOG_WARNING, "ifindex %d: setting the signal threshold (CQM): %s; "
		       "bwWifiSignalIsWeak will not change", r->ifindex, strerror(-rc));
}

static void notify(struct bwa_ctx *ctx, struct bwa_radio *r, enum bwa_notification n)
{
	const struct bwa_slave *s = bwa_model_slave(&ctx->model, r->bond_ifindex, r->ifindex);
	struct bwa_wifi w;

	if (!s || ctx->quiet)
		return;
	row_of(r, &w);
	if (n == BWA_NOTIF_WIFI_DISASSOCIATED) {
		/* the network it was associated with, and nothing measured */
		w.associated = false;
		w.signal_dbm = 0;
		w.tx_kbps = 0;
	}
	bwa_notify_wifi(ctx, n, s, &w);
}

/* The hold time ran out without a crossing back: the signal stayed where
 * the last crossing put it. */
static void hold_done(unsigned reg, void *arg)
{
	struct bwa_radio *r = arg;

	(void)reg;
	r->alarm = 0;
	if (r->below == r->weak)
		return;
	r->weak = r->below;
	notify(r->ctx, r, r->weak ? BWA_NOTIF_WIFI_SIGNAL_WEAK : BWA_NOTIF_WIFI_SIGNAL_RECOVERED);
	rows_sync(r->ctx);
}

static void stop_hold(struct bwa_radio *r)
{
	if (r->alarm)
		snmp_alarm_unregister(r->alarm);
	r->alarm = 0;
}

static void on_crossing(struct bwa_ctx *ctx, struct bwa_radio *r, bool below,
			const struct bw_wifi_event *ev)
{
	r->below = below;
	if (ev->has_rssi) {                /* the level that crossed */
		r->link.has_signal = true;
		r->link.signal_dbm = ev->rssi_dbm;
	}
	if (below == r->weak)
		stop_hold(r);          /* back on the side already reported */
	else if (!r->alarm)
		r->alarm = snmp_alarm_register((unsigned)ctx->wifi_hold, 0, hold_done, r);
}

static void on_associated(struct bwa_ctx *ctx, struct bwa_radio *r, const struct bw_wifi_event *ev)
{
	bool roamed = r->assoc && ev->has_bssid && r->link.has_bssid &&
		      memcmp(ev->bssid, r->link.bssid, 6) != 0;

	read_now(ctx->radios, r);
	if (!r->link.associated) {
		/* the event says so even if the read raced a disconnect */
		r->link.associated = true;
	}
	if (ev->has_bssid) {
		memcpy(r->link.bssid, ev->bssid, 6);
		r->link.has_bssid = true;
	}
	set_cqm(ctx, r);
	if (!r->assoc || roamed) {
		r->assoc = true;
		notify(ctx, r, BWA_NOTIF_WIFI_ASSOCIATED);
	}
}

static void on_disassociated(struct bwa_ctx *ctx, struct bwa_radio *r)
{
	stop_hold(r);
	r->below = r->weak;            /* nothing pending: the next crossing decides */
	if (r->assoc) {
		r->assoc = false;
		notify(ctx, r, BWA_NOTIF_WIFI_DISASSOCIATED);
	}
	memset(&r->link, 0, sizeof(r->link));
	r->link.ifindex = r->ifindex;
	r->read_ms = now_ms();
}

static void on_event(void *arg, const struct bw_wifi_event *ev)
{
	struct bwa_ctx *ctx = arg;
	struct bwa_radio *r = find(ctx->radios, ev->ifindex);

	if (!r || !r->wireless || !r->in_bond)
		return;
	bw_debug("ifindex %d: nl80211: %s", ev->ifindex, bw_wifi_ev_name(ev->ev));
	switch (ev->ev) {
	case BW_WIFI_EV_CONNECTED: on_associated(ctx, r, ev); break;
	case BW_WIFI_EV_DISCONNECTED: on_disassociated(ctx, r); break;
	case BW_WIFI_EV_RSSI_LOW: on_crossing(ctx, r, true, ev); break;
	case BW_WIFI_EV_RSSI_HIGH: on_crossing(ctx, r, false, ev); break;
	case BW_WIFI_EV_CONNECT_FAILED: break;
	}
	rows_sync(ctx);
}

/* Events lost: read every radio and report what differs from what the
 * notifications said. */
static void resync(struct bwa_ctx *ctx)
{
	struct bwa_radios *rs = ctx->radios;

	bw_log(BW_LOG_WARNING, "nl80211 events lost (ENOBUFS): reading every radio again");
	for (int i = 0; i < rs->n; i++) {
		struct bwa_radio *r = rs->r[i];
		struct bw_wifi_event ev = { .ifindex = r->ifindex };

		if (!r->wireless || !r->in_bond)
			continue;
		read_now(rs, r);
		if (r->link.associated && !r->assoc)
			on_associated(ctx, r, &ev);
		else if (!r->link.associated && r->assoc)
			on_disassociated(ctx, r);
	}
	rows_sync(ctx);
}

void bwa_wifi_read_events(struct bwa_ctx *ctx)
{
	int rc = bw_wifinl_read_events(ctx->radios->nl, on_event, ctx);

	if (rc == -ENOBUFS)
		resync(ctx);
	else if (rc < 0)
		bw_log(BW_LOG_ERR, "nl80211 monitor: %s", strerror(-rc));
}

int bwa_wifi_fd(const struct bwa_ctx *ctx)
{
	return ctx->radios ? bw_wifinl_fd(ctx->radios->nl) : -1;
}

/* A slave not seen before: is it wireless? Read it once; a wireless one
 * gets its threshold and its starting state (no notification: it is new,
 * not changed). */
static struct bwa_radio *add_radio(struct bwa_ctx *ctx, int ifindex)
{
	struct bwa_radios *rs = ctx->radios;
	struct bwa_radio *r;
	struct bw_wifi_link l;
	int rc;

	if (rs->n == BWA_RADIOS_MAX || !(r = calloc(1, sizeof(*r))))
		return NULL;
	r->ctx = ctx;
	r->ifindex = ifindex;
	rc = bw_wifinl_read_link(rs->nl, ifindex, &l);
	r->wireless = rc == 0;
	if (rc == 0) {
		r->link = l;
		r->read_ms = now_ms();
		r->assoc = l.associated;
		set_cqm(ctx, r);
	}
	rs->r[rs->n++] = r;
	return r;
}

static void drop_radio(struct bwa_radios *rs, int i)
{
	stop_hold(rs->r[i]);
	free(rs->r[i]);
	rs->r[i] = rs->r[--rs->n];
}

void bwa_wifi_sync(struct bwa_ctx *ctx)
{
	struct bwa_radios *rs = ctx->radios;

	if (!rs)
		return;
	for (int i = 0; i < rs->n; i++)
		rs->r[i]->in_bond = false;
	for (int i = 0; i < ctx->model.n_slaves; i++) {
		const struct bwa_slave *s = &ctx->model.slaves[i];
		struct bwa_radio *r = find(rs, s->ifindex);

		if (!r && !(r = add_radio(ctx, s->ifindex)))
			continue;
		r->in_bond = true;
		r->bond_ifindex = s->bond_ifindex;
	}
	/* A link gone from every bond is forgotten (its ifindex may be
	 * reused by another link). */
	for (int i = rs->n - 1; i >= 0; i--)
		if (!rs->r[i]->in_bond)
			drop_radio(rs, i);
	rows_sync(ctx);
}

void bwa_wifi_refresh(const struct bwa_ctx *ctx, int pos)
{
	struct bwa_wifi *w = &ctx->model.wifi[pos];
	struct bwa_radio *r = find(ctx->radios, w->ifindex);

	if (!r || now_ms() - r->read_ms < BWA_WIFI_CACHE_MS)
		return;
	/* Associated (the events say so): SSID and BSSID change only with an
	 * event, so the station alone is asked, for the signal and bitrate.
	 * One request a walk, not three (the scan list can be long). */
	if (r->link.associated && bw_wifinl_read_station(ctx->radios->nl, r->ifindex, &r->link) == 0)
		r->read_ms = now_ms();
	else
		read_now(ctx->radios, r);
	row_of(r, w);
}

int bwa_wifi_start(struct bwa_ctx *ctx)
{
	struct bw_err err = { 0 };
	struct bwa_radios *rs = calloc(1, sizeof(*rs));

	if (!rs)
		return -ENOMEM;
	if (bw_wifinl_open(&rs->nl, true, &err) < 0) {
		bw_log(BW_LOG_INFO, "%s: no wireless slaves will be reported", err.msg);
		free(rs);
		return 0;
	}
	ctx->radios = rs;
	bwa_wifi_sync(ctx);
	return 0;
}

void bwa_wifi_stop(struct bwa_ctx *ctx)
{
	struct bwa_radios *rs = ctx->radios;

	if (!rs)
		return;
	while (rs->n > 0)
		drop_radio(rs, rs->n - 1);
	bw_wifinl_close(rs->nl);
	free(rs);
	ctx->radios = NULL;
}
