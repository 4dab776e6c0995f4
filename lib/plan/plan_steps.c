// SPDX-License-Identifier: GPL-2.0-or-later
/* plan_steps.c - the plan as a list: adding a step, printing, freeing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	for (int i = 0; i < plan->n; i++)
		free(plan->steps[i].data);
	free(plan->steps);
	memset(plan, 0, sizeof(*plan));
}

void bw_plan_print(const struct bw_plan *plan, FILE *out)
{
	for (int i = 0; i < plan->n; i++)
		if (plan->steps[i].text[0])
			fprintf(out, "%s\n", plan->steps[i].text);
}

const char *bw_plan_step_text(const struct bw_plan *plan, int i)
{
	for (int j = i; j >= 0; j--)
		if (plan->steps[j].text[0])
			return plan->steps[j].text;
	return "(first step)";
}

