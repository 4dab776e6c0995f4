// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_link.c - libFuzzer target for the netlink link parser.
 *
 * The input is read as a recv() buffer of rtnetlink messages, the way the
 * subagent and `bondmgr watch` see RTM_NEWLINK / RTM_DELLINK events and dump
 * parts. bw_link_parse's contract (link_parse.c) is that nlh->nlmsg_len
 * bytes are readable; the harness keeps it by clamping nlmsg_len to the
 * bytes left, and copies each message into a heap block of exactly that
 * size so ASan sees any read past nlmsg_len. Each parsed link then goes
 * through the event upkeep of a small kstate (upsert, or remove for a
 * DELLINK), which resolves primary names by ifindex across links.
 *
 * The same messages also go to the nl80211 parsers (nl80211_check.h).
 *
 * Beyond "no crash, no leak, no UB", checks the parser's output: strings
 * are NUL-terminated, lengths and counts are in range, and the bond /
 * bond-slave data is taken only when the kind says so.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include "bondwatch/kstate.h"
#include "nl80211_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool nul_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* A rejected message may leave *out partly filled (the caller drops it). */
static void check_link(const struct bw_link *l, int rc)
{
	if (rc < 0)
		return;
	if (!nul_terminated(l->name, sizeof(l->name)) ||
	    !nul_terminated(l->kind, sizeof(l->kind)) ||
	    !nul_terminated(l->slave_kind, sizeof(l->slave_kind)) ||
	    l->bond.params.n_arp_targets < 0 ||
	    l->bond.params.n_arp_targets > BW_MAX_ARP_TARGETS)
		abort();
	if (l->is_bond && strcmp(l->kind, "bond") != 0)
		abort();
	if (l->is_bond_slave && strcmp(l->slave_kind, "bond") != 0)
		abort();
}

/* One message, nlmsg_len already clamped to len, in its own heap block. */
static void one_message(const uint8_t *msg, size_t len, struct bw_kstate *ks)
{
	struct nlmsghdr *nlh = malloc(len);
	struct bw_link l;
	int rc;

	if (!nlh)
		return;
	memcpy(nlh, msg, len);
	nlh->nlmsg_len = (uint32_t)len;
	rc = bw_link_parse(nlh, &l);
	check_link(&l, rc);
	if (rc == 0) {
		if (nlh->nlmsg_type == RTM_DELLINK)
			bw_kstate_remove_link(ks, l.ifindex);
		else if (bw_kstate_upsert_link(ks, &l) < 0)
			abort();
		for (int i = 0; i < ks->n_links; i++)
			if (!nul_terminated(ks->links[i].bond.params.primary, BW_IFNAMSIZ))
				abort();
	}
	free(nlh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bw_kstate ks = { 0 };

	while (size >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		size_t len;

		memcpy(&h, data, sizeof(h));     /* the input need not be aligned */
		len = h.nlmsg_len < size ? h.nlmsg_len : size;
		if (len < sizeof(h))
			len = sizeof(h);         /* a header at least, or no progress */
		one_message(data, len, &ks);
		wifi_message(data, len);
		len = NLMSG_ALIGN(len);
		if (len >= size)
			break;
		data += len;
		size -= len;
	}
	bw_kstate_free(&ks);
	return 0;
}
