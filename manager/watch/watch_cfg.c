// SPDX-License-Identifier: GPL-2.0-or-later
/* watch_cfg.c - what of the file the kernel can have now (see watch.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "watch.h"

int bw_watch_effective(const struct bw_config *cfg, const struct bw_kstate *ks,
		       struct bw_config *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->path, sizeof(out->path), "%s", cfg->path);
	out->bonds = calloc((size_t)cfg->n_bonds + 1, sizeof(*out->bonds));
	if (!out->bonds)
		return -ENOMEM;
	out->n_bonds = cfg->n_bonds;
	/* The wifis: entries as they are: bw_clients_read runs a supplicant
	 * only for a member the effective bonds enslave. */
	if (cfg->n_wifis) {
		out->wifis = malloc((size_t)cfg->n_wifis * sizeof(*out->wifis));
		if (!out->wifis) {
			free(out->bonds);
			out->bonds = NULL;
			return -ENOMEM;
		}
		memcpy(out->wifis, cfg->wifis, (size_t)cfg->n_wifis * sizeof(*out->wifis));
		out->n_wifis = cfg->n_wifis;
	}
	for (int i = 0; i < cfg->n_bonds; i++) {
		struct bw_bond_cfg *b = &out->bonds[i];

		*b = cfg->bonds[i];
		b->n_members = 0;
		for (int m = 0; m < cfg->bonds[i].n_members; m++) {
			if (!bw_kstate_link_by_name(ks, cfg->bonds[i].members[m]))
				continue;
			memcpy(b->members[b->n_members], cfg->bonds[i].members[m], BW_IFNAMSIZ);
			b->member_pos[b->n_members++] = cfg->bonds[i].member_pos[m];
		}
		/* The kernel keeps a missing primary's name and makes it primary
		 * again when it is enslaved; asking for it by ifindex now would
		 * fail. */
		if (b->params.primary[0] && !bw_kstate_link_by_name(ks, b->params.primary))
			b->params.primary[0] = '\0';
	}
	return 0;
}
