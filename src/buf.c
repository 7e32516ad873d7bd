#include "buf.h"
#include "strvec.h"
#include "error.h"
#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char buf__empty[1];

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		BUG("out of memory allocating %zu bytes", n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		BUG("out of memory allocating %zu bytes", nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		BUG("out of memory allocating %zu bytes", n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void buf_init(struct buf *b, size_t hint)
{
	*b = (struct buf)BUF_INIT;
	if (hint)
		buf_grow(b, hint);
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->ptr);
	*b = (struct buf)BUF_INIT;
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
	b->truncated = false;
}

char *buf_detach(struct buf *b, size_t *len_out)
{
	char *p;

	if (!b->alloc)
		buf_grow(b, 0);
	p = b->ptr;
	if (len_out)
		*len_out = b->len;
	*b = (struct buf)BUF_INIT;
	return p;
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	bool fresh = !b->alloc;

	if (extra >= SIZE_MAX - b->len)
		BUG("out of memory growing a buffer of %zu bytes by %zu", b->len, extra);
	if (want <= b->alloc)
		return;
	if (want < b->alloc + b->alloc / 2 && b->alloc < SIZE_MAX / 3)
		want = b->alloc + b->alloc / 2;
	if (want < 64)
		want = 64;
	b->ptr = xrealloc(fresh ? NULL : b->ptr, want);
	b->alloc = want;
	if (fresh)
		b->ptr[b->len] = '\0';
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->cap && b->len + len > b->cap) {
		len = b->cap > b->len ? b->cap - b->len : 0;
		b->truncated = true;
	}
	if (!len)
		return;
	buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("bad format '%s'", fmt);
	buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	if (b->cap && b->len + (size_t)n > b->cap) {
		b->truncated = true;
		n = (int)(b->cap > b->len ? b->cap - b->len : 0);
	}
	b->len += (size_t)n;
	b->ptr[b->len] = '\0';
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len > b->len)
		BUG("buf_truncate past the end (%zu > %zu)", len, b->len);
	if (!b->alloc)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void buf_rtrim(struct buf *b)
{
	size_t len = b->len;

	while (len && (b->ptr[len - 1] == '\n' || b->ptr[len - 1] == ' ' ||
		       b->ptr[len - 1] == '\t' || b->ptr[len - 1] == '\r'))
		len--;
	buf_truncate(b, len);
}

bool buf_starts_with(const struct buf *b, const char *prefix)
{
	size_t n = strlen(prefix);

	return b->len >= n && !memcmp(b->ptr, prefix, n);
}

int buf_read_file(struct buf *b, const char *path)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	ssize_t n;
	int ret = 0;

	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("cannot read '%s': not a regular file", path);
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = error_errno("cannot read '%s'", path);
			break;
		}
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	return ret;
}

int buf_write_file_atomic(const struct buf *b, const char *path)
{
	struct buf tmp = BUF_INIT;
	int fd, ret = 0;

	buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = error_errno("cannot create '%s'", tmp.ptr);
		goto out;
	}
	if (write_in_full(fd, b->ptr, b->len) < 0) {
		ret = error_errno("cannot write '%s'", tmp.ptr);
		close(fd);
		unlink(tmp.ptr);
		goto out;
	}
	if (close(fd) < 0 || rename(tmp.ptr, path) < 0) {
		ret = error_errno("cannot write '%s'", path);
		unlink(tmp.ptr);
	}
out:
	buf_release(&tmp);
	return ret;
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	unsigned cp;

	if (!len || s[0] > 0xf4 || len > n)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < (len == 2 ? 0x80u : len == 3 ? 0x800u : 0x10000u) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void buf_json_string(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	buf_putc(out, '"');
	while (n) {
		size_t u = *p >= 0x80 ? utf8_len(p, n) : 1;

		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p == '\n')
			buf_puts(out, "\\n");
		else if (*p == '\t')
			buf_puts(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(out, "\\u%04x", *p);
		else if (!u)	/* not UTF-8: the byte as Python's surrogateescape */
			buf_printf(out, "\\udc%02x", *p);
		else
			buf_add(out, p, u);
		u = u ? u : 1;
		p += u;
		n -= u;
	}
	buf_putc(out, '"');
}

bool quote_path_fully = true;

static bool needs_quote(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7f || (c >= 0x80 && quote_path_fully);
}

void buf_quote_path(struct buf *out, const char *path)
{
	static const char esc[] = "\a\b\t\n\v\f\r";
	const unsigned char *p = (const unsigned char *)path;
	bool quote = false;

	for (const unsigned char *q = p; *q && !quote; q++)
		quote = needs_quote(*q);
	if (!quote) {
		buf_puts(out, path);
		return;
	}
	buf_putc(out, '"');
	for (; *p; p++) {
		const char *e = strchr(esc, *p);

		if (!needs_quote(*p))
			buf_putc(out, (char)*p);
		else if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (e)
			buf_printf(out, "\\%c", "abtnvfr"[e - esc]);
		else
			buf_printf(out, "\\%03o", *p);
	}
	buf_putc(out, '"');
}

void buf_json_strings(struct buf *out, const struct strvec *v)
{
	buf_putc(out, '[');
	for (size_t i = 0; i < v->nr; i++) {
		buf_puts(out, i ? ", " : "");
		buf_json_string(out, v->v[i]);
	}
	buf_putc(out, ']');
}

bool str_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int decimal_digits(size_t n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}
