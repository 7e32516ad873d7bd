#ifndef KMAP_BUF_H
#define KMAP_BUF_H
/*
 * A growable byte buffer (the one buffer type of the tool).
 *
 * Invariants: `ptr` is never NULL and is always NUL-terminated, so it can be
 * used as a C string; `len` counts the bytes before that NUL.  Initialise
 * with BUF_INIT or buf_init().  `cap` (0 = none) bounds what buf_add()
 * keeps: bytes past it are dropped and `truncated` is set, which is how the
 * output of a subprocess is kept bounded.  buf_detach() is the only way to
 * take ownership of `ptr`.  Allocation failure, or a size past SIZE_MAX,
 * aborts the program.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t alloc;
	size_t cap;
	bool truncated;
};

extern char buf__empty[];
#define BUF_INIT { buf__empty, 0, 0, 0, false }

void buf_init(struct buf *b, size_t hint);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
char *buf_detach(struct buf *b, size_t *len_out);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_truncate(struct buf *b, size_t len);
void buf_rtrim(struct buf *b);
bool buf_starts_with(const struct buf *b, const char *prefix);
/*
 * Append `s` as a quoted JSON string.  Bytes that are not UTF-8 become
 * \udc80..\udcff, as Python's "surrogateescape" reads and writes them, so
 * a path that is not UTF-8 survives a round trip.
 */
void buf_json_string(struct buf *b, const char *s);
/*
 * Append a path as git shows it: as it is, or in double quotes with C
 * escapes when it holds a control character, '"' or '\\', or (with
 * core.quotePath, the default) a byte of 0x80 or more.
 */
void buf_quote_path(struct buf *b, const char *path);
extern bool quote_path_fully;
/* Append a JSON array of the strings of `v`. */
struct strvec;
void buf_json_strings(struct buf *b, const struct strvec *v);

/*
 * Read a whole regular file (a FIFO or device is an error, never a hang);
 * returns 0 or a negative error (message printed).
 */
int buf_read_file(struct buf *b, const char *path);
/* Write via a temporary file and rename(), so readers never see half a file. */
int buf_write_file_atomic(const struct buf *b, const char *path);

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Does s end with suffix (or equal it)? */
bool str_ends_with(const char *s, const char *suffix);
/* How many digits n has in decimal (1 for 0). */
int decimal_digits(size_t n);

#define ALLOC_GROW(ptr, nr, alloc) do { \
	if ((nr) >= (alloc)) { \
		(alloc) = (alloc) ? (alloc) * 2 : 16; \
		if ((alloc) <= (nr)) \
			(alloc) = (nr) + 1; \
		(ptr) = xrealloc((ptr), (alloc) * sizeof(*(ptr))); \
	} \
} while (0)

#endif
