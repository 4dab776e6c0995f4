// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_client.c - a bond's DHCP client (dhcpcd) in the plan: its
 * configuration rendered from the file, stopped first when it must go or
 * change, started last (once the bond is up), and which of the bond's
 * addresses and routes are its own. Pure: whether it runs and what
 * configuration it runs with come in with the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_priv.h"

uint32_t bw_client_iaid(const char *bond)
{
	uint32_t h = 2166136261u;   /* FNV-1a: stable, and spreads short names */

	for (const unsigned char *p = (const unsigned char *)bond; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* The address families the client configures: -4, -6 or both. */
static const char *family_line(const struct bw_dhcp_cfg *d)
{
	bool v6 = d->v6 || d->accept_ra == 1;

	if (d->v4 && !v6)
		return "ipv4only\n";
	if (!d->v4 && v6)
		return "ipv6only\n";
	return "";
}

size_t bw_client_conf_render(const struct bw_bond_cfg *b, const char *duid,
			     const struct bw_client_env *env, char *buf, size_t len)
{
	const struct bw_dhcp_cfg *d = &b->dhcp;
	size_t off = 0;

#define OUT(...) (off += (size_t)snprintf(buf + off, off < len ? len - off : 0, __VA_ARGS__))
	buf[0] = '\0';
	/* No file name here: the same bond from another path (apply -c, and
	 * watch) must not look like a changed configuration. */
	OUT("# Written by bondmgr for %s from its YAML file; edit that, not this.\n", b->name);
	/* duid: the client identifier is the DUID and the IAID, neither of
	 * which depends on the bond's MAC, so a failover (fail-over-mac
	 * active changes the MAC) or a reboot gets the same lease back. mac:
	 * clientid without a value, which dhcpcd makes the hardware type and
	 * the bond's current MAC (Debian's stock dhcpcd.conf says so too);
	 * without it dhcpcd would use its own DUID. */
	if (d->id == BW_DHCP_ID_DUID)
		OUT("duid %s\n", duid);
	else
		OUT("clientid\n");
	OUT("%s", family_line(d));
	OUT("noipv4ll\n");
	/* What to ask the server for, as Debian's stock dhcpcd.conf does:
	 * without an "option" line dhcpcd requests neither nameservers nor
	 * classless static routes (dhcpcd -V marks its default requests), so
	 * use-dns and use-routes would be true in name only. No
	 * interface_mtu: the bond's MTU is the file's. */
	if (d->v4 && d->use_dns)
		OUT("option domain_name_servers, domain_name, domain_search\n");
	if (d->v4 && d->use_routes)
		OUT("option classless_static_routes\n");
	if (d->v6 && d->use_dns)
		OUT("option dhcp6_name_servers, dhcp6_domain_search\n");
	if (d->v4)
		OUT("require dhcp_server_identifier\n");
	if (d->v4 && !d->use_dns)
		OUT("nohook resolv.conf\n");
	/* use-routes: false is netplan's "ignore the routes the DHCPv4
	 * server sends": its routers and its static routes, every option
	 * that carries them dropped before dhcpcd reads the lease. Not
	 * nogateway, which would drop the routers' IPv6 default route too. */
	if (d->v4 && !d->use_routes)
		OUT("nooption routers classless_static_routes static_routes "
		    "ms_classless_static_routes\n");
	if (d->has_metric)
		OUT("metric %u\n", d->route_metric);
	if (d->send_hostname)
		OUT("hostname %s\n", d->hostname);
	if (d->accept_ra == 0)
		OUT("noipv6rs\n");
	/* SLAAC addresses as RFC 7217 makes them (a secret, the prefix and
	 * the hardware address, hashed), which do not show the MAC; they stay
	 * through a failover while the client runs, but dhcpcd hashes the
	 * MAC it starts with, so a client started on the backup member gets
	 * another one (the DHCPv6 address, keyed on the DUID, does not). */
	else if (d->v6 || d->accept_ra == 1)
		OUT("slaac private\n");
	OUT("env bondwatch_run=%s\n", env->run_dir);
	OUT("script %s\n", env->hook);
	OUT("interface %s\n", b->name);
	OUT("  iaid %u\n", bw_client_iaid(b->name));
	if (d->v6)
		OUT("  ia_na\n");
#undef OUT
	return off;
}

const struct bw_client *plan_client_have(const struct bw_target *t, int i)
{
	return &t->clients_have[i];
}

bool plan_bond_has_client(const struct bw_target *t, const char *bond)
{
	if (!t->client_env)
		return false;
	for (int i = 0; i < t->n_clients; i++)
		if (t->clients_want[i].kind == BW_CLIENT_DHCP && !strcmp(t->clients_want[i].bond, bond))
			return t->clients_want[i].running || plan_client_have(t, i)->running;
	return false;
}

bool plan_clients_managed(const struct bw_target *t)
{
	return t->client_env != NULL;
}

bool plan_client_changed(const struct bw_client *want, const struct bw_client *have)
{
	return strcmp(want->conf, have->conf) != 0;
}

void plan_clients_stop(struct bw_plan *plan, const struct bw_target *t)
{
	for (int i = 0; t->client_env && i < t->n_clients; i++) {
		const struct bw_client *w = &t->clients_want[i], *h = plan_client_have(t, i);
		struct bw_step *s;

		if (w->kind != BW_CLIENT_DHCP || !h->running || (w->running && !plan_client_changed(w, h)))
			continue;
		if (!(s = plan_add(plan, BW_STEP_CLIENT_STOP, w->bond)))
			return;
		s->client = t->client_env;
		/* A restart says so once, on its start. */
		if (!w->running)
			snprintf(s->text, sizeof(s->text), "- %s DHCP client (its addresses "
				 "and routes go with it)", w->bond);
	}
}

void plan_clients_start(struct bw_plan *plan, const struct bw_target *t)
{
	for (int i = 0; t->client_env && i < t->n_clients; i++) {
		const struct bw_client *w = &t->clients_want[i], *h = plan_client_have(t, i);
		struct bw_step *s;

		if (w->kind != BW_CLIENT_DHCP || !w->running || (h->running && !plan_client_changed(w, h)))
			continue;
		if (!(s = plan_add(plan, BW_STEP_CLIENT_START, w->bond)))
			return;
		s->client = t->client_env;
		if (!(s->data = strdup(w->conf))) {
			plan->cap = -1;
			return;
		}
		if (h->running)
			snprintf(s->text, sizeof(s->text), "~ %s DHCP client restarted (its "
				 "configuration changed)", w->bond);
		else
			snprintf(s->text, sizeof(s->text), "+ %s DHCP client (dhcpcd)", w->bond);
	}
}
