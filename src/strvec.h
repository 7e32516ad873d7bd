#ifndef KMAP_STRVEC_H
#define KMAP_STRVEC_H
/*
 * A NULL-terminated vector of owned strings, usable directly as argv.
 * `v` is never NULL; initialise with STRVEC_INIT.
 */
#include <stdbool.h>
#include <stddef.h>

struct strvec {
	char **v;
	size_t nr;
	size_t alloc;
};

extern char *strvec__empty[];
#define STRVEC_INIT { strvec__empty, 0, 0 }

void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strvec_pushv(struct strvec *sv, const char *const *v);
void strvec_sort(struct strvec *sv);
void strvec_clear(struct strvec *sv);
int strvec_find(const struct strvec *sv, const char *s);
/* Whether `sv`, sorted by strvec_sort(), holds `s`. */
bool strvec_has_sorted(const struct strvec *sv, const char *s);
/* Append the strings of `src` that `dst` does not hold yet. */
void strvec_push_unique(struct strvec *dst, const struct strvec *src);
/* Append the words of s, split at spaces and tabs. */
void strvec_split_blanks(struct strvec *sv, const char *s);

#endif
