// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_steps.c - the plan as a list: adding a step, printing, freeing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bondwatch/text.h"
#include "plan_priv.h"

struct bw_step *plan_add(struct bw_plan *plan, enum bw_step_op op, const char *link)
{
	struct bw_step *s;

	if (plan->n == plan->cap) {
		int cap = plan->cap ? plan->cap * 2 : 16;
		struct bw_step *n = realloc(plan->steps, (size_t)cap * sizeof(*n));

		if (!n) {
			plan->cap = -1;   /* remembered: see plan_oom() */
			return NULL;
		}
		plan->steps = n;
		plan->cap = cap;
	}
	s = &plan->steps[plan->n++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	snprintf(s->link, sizeof(s->link), "%s", link);
	return s;
}

bool plan_oom(const struct bw_plan *plan)
{
	return plan->cap < 0;
}

void bw_plan_free(struct bw_plan *plan)
{
	for (int i = 0; i < plan->n; i++) {
		/* A wpa_supplicant.conf holds a password: not left in freed memory. */
		if (plan->steps[i].data)
			explicit_bzero(plan->steps[i].data, strlen(plan->steps[i].data));
		free(plan->steps[i].data);
	}
	free(plan->steps);
	memset(plan, 0, sizeof(*plan));
}

/* A step's text holds names from the file and the kernel, which may hold
 * bytes that do not print: escaped, line by line (an option change may
 * be several lines). */
void bw_plan_print(const struct bw_plan *plan, FILE *out)
{
	char safe[sizeof(plan->steps[0].text) * 4];

	for (int i = 0; i < plan->n; i++) {
		const char *t = plan->steps[i].text;

		while (*t) {
			size_t n = strcspn(t, "\n");

			fprintf(out, "%s\n", bw_text_escape(t, n, safe, sizeof(safe)));
			t += n + (t[n] == '\n');
		}
	}
}

const char *bw_plan_step_text(const struct bw_plan *plan, int i)
{
	for (int j = i; j >= 0; j--)
		if (plan->steps[j].text[0])
			return plan->steps[j].text;
	return "(first step)";
}

