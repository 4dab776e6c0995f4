/* SPDX-License-Identifier: GPL-2.0-or-later */
/* harness.h - a tiny unit-test harness: TEST(name) { ... } registers a test
 * at load time; CHECK* record failures and go on; the runner prints one line
 * per failed check and ends with "N passed, N failed" (the line CI reads).
 */
#ifndef BW_HARNESS_H
#define BW_HARNESS_H

#include <stdio.h>
#include <string.h>

typedef void (*bw_test_fn)(void);
void bw_test_register(const char *name, const char *file, bw_test_fn fn);
void bw_test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(name)                                                        \
	static void test_##name(void);                                   \
	__attribute__((constructor)) static void register_##name(void)   \
	{                                                                 \
		bw_test_register(#name, __FILE__, test_##name);           \
	}                                                                 \
	static void test_##name(void)

#define CHECK(cond)                                                       \
	do {                                                              \
		if (!(cond))                                              \
			bw_test_fail(__FILE__, __LINE__, "%s", #cond);    \
	} while (0)

#define CHECK_INT(a, b)                                                   \
	do {                                                              \
		long long a_ = (long long)(a), b_ = (long long)(b);       \
		if (a_ != b_)                                             \
			bw_test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", \
				     #a, #b, a_, b_);                     \
	} while (0)

#define CHECK_STR(a, b)                                                   \
	do {                                                              \
		const char *a_ = (a), *b_ = (b);                          \
		if (!a_ || !b_ || strcmp(a_, b_) != 0)                    \
			bw_test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
				     #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} while (0)

/* Substring check, for error messages. */
#define CHECK_CONTAINS(hay, needle)                                       \
	do {                                                              \
		const char *h_ = (hay), *n_ = (needle);                   \
		if (!h_ || !strstr(h_, n_))                               \
			bw_test_fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"", \
				     h_ ? h_ : "(null)", n_);             \
	} while (0)

#endif
