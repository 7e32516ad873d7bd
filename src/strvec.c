#include "strvec.h"
#include "buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *strvec__empty[1];

static void push_owned(struct strvec *sv, char *s)
{
	if (sv->v == strvec__empty)
		sv->v = NULL;
	ALLOC_GROW(sv->v, sv->nr + 1, sv->alloc);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	push_owned(sv, xstrdup(s));
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	push_owned(sv, buf_detach(&b, NULL));
}

void strvec_pushv(struct strvec *sv, const char *const *v)
{
	for (; *v; v++)
		strvec_push(sv, *v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strvec_sort(struct strvec *sv)
{
	if (sv->nr > 1)
		qsort(sv->v, sv->nr, sizeof(*sv->v), cmp_str);
}

void strvec_clear(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		free(sv->v[i]);
	if (sv->v != strvec__empty)
		free(sv->v);
	*sv = (struct strvec)STRVEC_INIT;
}

int strvec_find(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		if (!strcmp(sv->v[i], s))
			return (int)i;
	return -1;
}

bool strvec_has_sorted(const struct strvec *sv, const char *s)
{
	return sv->nr && bsearch(&s, sv->v, sv->nr, sizeof(*sv->v), cmp_str);
}

void strvec_push_unique(struct strvec *dst, const struct strvec *src)
{
	for (size_t i = 0; i < src->nr; i++)
		if (strvec_find(dst, src->v[i]) < 0)
			strvec_push(dst, src->v[i]);
}

void strvec_split_blanks(struct strvec *sv, const char *s)
{
	while (*s) {
		size_t n;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (n) {
			char *w = xstrndup(s, n);

			strvec_push(sv, w);
			free(w);
		}
		s += n;
	}
}
