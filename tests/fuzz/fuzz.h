#ifndef KMAP_FUZZ_H
#define KMAP_FUZZ_H
/*
 * Shared by the libFuzzer targets (tests/fuzz/<target>.c, built by
 * `make fuzz`).  An input made of several parts separates them with
 * marker lines ("\n@@log\n"); a part that is missing is empty.  A broken
 * invariant aborts, which libFuzzer reports like any crash.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fuzz_part {
	const char *ptr;
	size_t len;
};

/*
 * Split `data` at the first `marker`: *head gets what comes before it (all
 * of it without the marker) and data/size are moved past it.  True when
 * the marker was there.
 */
static inline bool fuzz_cut(struct fuzz_part *head, const uint8_t **data, size_t *size,
			    const char *marker)
{
	const char *p = (const char *)*data;
	const char *m = *size ? memmem(p, *size, marker, strlen(marker)) : NULL;
	size_t n = m ? (size_t)(m - p) : *size;
	size_t skip = m ? n + strlen(marker) : n;

	head->ptr = p;
	head->len = n;
	*data += skip;
	*size -= skip;
	return m != NULL;
}

/* A NUL-terminated copy, for the functions that take C strings. */
static inline char *fuzz_str(const struct fuzz_part *p)
{
	char *s = malloc(p->len + 1);

	if (!s)
		abort();
	memcpy(s, p->ptr, p->len);
	s[p->len] = '\0';
	return s;
}

/* An exact-length copy, no NUL after it: reading past it is an ASan error. */
static inline char *fuzz_bytes(const struct fuzz_part *p)
{
	char *s = malloc(p->len ? p->len : 1);

	if (!s)
		abort();
	memcpy(s, p->ptr, p->len);
	return s;
}

#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif
