#include "cache.h"
#include "error.h"
#include "fs.h"
#include "lock.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "kmap-local-cache-3\n"

int cache_open(struct cache *c, struct repo *r, const struct rules *rules)
{
	struct buf sub = BUF_INIT;
	int ret;

	buf_printf(&sub, "cache/%.16s", rules->hash);
	ret = repo_state_dir(&c->dir, r, sub.ptr);
	buf_release(&sub);
	buf_printf(&c->times, "%.*s/spatch-times", (int)(strrchr(c->dir.ptr, '/') - c->dir.ptr),
		   c->dir.ptr);
	return ret;
}

static void tree_note_path(struct buf *out, const struct cache *c)
{
	buf_printf(out, "%s/last-tree", c->dir.ptr);
}

bool cache_tree_seen(const struct cache *c, const git_oid *tree)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	struct stat st;
	bool seen = false;

	tree_note_path(&path, c);
	git_oid_tostr(hex, sizeof(hex), tree);
	/* only a hint: anything but a regular file there is no note */
	if (!lstat(path.ptr, &st) && S_ISREG(st.st_mode) && buf_read_file(&text, path.ptr) >= 0)
		seen = text.len == GIT_OID_HEXSZ && !memcmp(text.ptr, hex, GIT_OID_HEXSZ);
	buf_release(&path);
	buf_release(&text);
	return seen;
}

int cache_note_tree(const struct cache *c, const git_oid *tree)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int ret;

	tree_note_path(&path, c);
	buf_puts(&text, git_oid_tostr(hex, sizeof(hex), tree));
	ret = buf_write_file_atomic(&text, path.ptr);
	buf_release(&path);
	buf_release(&text);
	return ret;
}

/*
 * A file's entry is named by its blob, or, when the rules were given facts
 * beyond the text (facts.h), by the hash of the blob's name and the facts.
 */
static void entry_path(struct buf *out, const struct cache *c, const struct file_result *f)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid key = f->id;

	git_oid_tostr(hex, sizeof(hex), &f->id);
	if (f->facts) {
		struct buf keyed = BUF_INIT;

		buf_printf(&keyed, "%s\n%s", hex, f->facts);
		if (git_odb_hash(&key, keyed.ptr, keyed.len, GIT_OBJECT_BLOB) < 0)
			key = f->id;	/* cannot fail for a blob in memory */
		buf_release(&keyed);
		git_oid_tostr(hex, sizeof(hex), &key);
	}
	buf_printf(out, "%s/%.2s/%s", c->dir.ptr, hex, hex + 2);
}

static enum file_status status_from(const char *name, size_t n, bool *ok)
{
	for (int s = FILE_OK; s <= FILE_FAILED; s++)
		if (strlen(file_status_name(s)) == n && !strncmp(file_status_name(s), name, n))
			return s;
	*ok = false;
	return FILE_OK;
}

static bool parse_error_line(struct file_result *f, const char *p, size_t n)
{
	unsigned long line = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9' || line > 100000000)
			return false;
		line = line * 10 + (unsigned long)(p[i] - '0');
	}
	if (!n || !line)
		return false;
	file_result_add_parse_error(f, (unsigned)line);
	return true;
}

/* A line of the entry; the status and the reason come once (or it is a miss). */
static bool parse_line(struct file_result *f, const char *p, size_t n, bool *ok,
		       bool *had_status)
{
	if (!strncmp(p, "status ", 7) && !*had_status) {
		f->status = status_from(p + 7, n - 7, ok);
		*had_status = true;
	} else if (!strncmp(p, "reason ", 7) && !f->reason) {
		f->reason = xstrndup(p + 7, n - 7);
	} else if (!strncmp(p, "site ", 5)) {
		*ok = file_result_add_record(f, p + 5, n - 5) && *ok;
	} else if (!strncmp(p, "parse-error ", 12)) {
		*ok = parse_error_line(f, p + 12, n - 12) && *ok;
	} else {
		*ok = false;
	}
	return *ok;
}

/* "converted N\n" and exactly N bytes after it, to the end of the entry. */
static bool parse_converted(struct file_result *f, const char *digits, const char *nl,
			    const char *end)
{
	size_t len = 0;

	if (digits == nl)
		return false;
	for (const char *d = digits; d < nl; d++) {
		if (*d < '0' || *d > '9' || len > (SIZE_MAX - 9) / 10)
			return false;
		len = len * 10 + (size_t)(*d - '0');
	}
	if ((size_t)(end - nl - 1) != len)
		return false;
	f->changed = len > 0;
	if (len)
		buf_add(&f->converted, nl + 1, len);
	return true;
}

bool cache_parse(struct file_result *f, const struct buf *b)
{
	const char *p = b->ptr + strlen(MAGIC), *end = b->ptr + b->len;
	bool ok = true, had_status = false;

	if (!buf_starts_with(b, MAGIC))
		return false;
	while (ok && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n;

		if (!nl)
			return false;	/* every line we write ends in one */
		n = (size_t)(nl - p);
		if (n >= 10 && !memcmp(p, "converted ", 10))
			return parse_converted(f, p + 10, nl, end);
		parse_line(f, p, n, &ok, &had_status);
		p = nl + 1;
	}
	return false;
}

int cache_load(struct cache *c, struct file_result *f)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct stat st;
	int ret = 0;

	entry_path(&path, c, f);
	if (lstat(path.ptr, &st) < 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		ret = error("the cache entry of '%s' is not a regular file; remove '%s'",
			    f->path, path.ptr);
		goto out;
	}
	if ((ret = buf_read_file(&data, path.ptr)) < 0)
		goto out;
	ret = cache_parse(f, &data);
	if (!ret)
		file_result_clear(f);
out:
	f->from_cache = ret > 0;
	buf_release(&path);
	buf_release(&data);
	return ret;
}

void cache_format(struct buf *data, const struct file_result *f)
{
	buf_puts(data, MAGIC);
	buf_printf(data, "status %s\n", file_status_name(f->status));
	if (f->reason)
		buf_printf(data, "reason %s\n", f->reason);
	for (size_t i = 0; i < f->nr_parse_errors; i++)
		buf_printf(data, "parse-error %u\n", f->parse_errors[i]);
	for (size_t i = 0; i < f->nr_sites; i++)
		buf_printf(data, "site %u:%u\t%s\t%s\t%s\n", f->sites[i].line,
			   f->sites[i].col, f->sites[i].function, f->sites[i].verdict, f->sites[i].evidence);
	buf_printf(data, "converted %zu\n", f->changed ? f->converted.len : (size_t)0);
	if (f->changed)
		buf_add(data, f->converted.ptr, f->converted.len);
}

int cache_store(struct cache *c, const struct file_result *f)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	int ret = 0;

	if (f->status == FILE_TIMEOUT || f->status == FILE_FAILED)
		return 0;
	cache_format(&data, f);
	entry_path(&path, c, f);
	ret = write_file_atomic_p(&data, path.ptr);
	buf_release(&path);
	buf_release(&data);
	return ret;
}

void cache_release(struct cache *c)
{
	buf_release(&c->dir);
	buf_release(&c->times);
}

struct timed {
	const char *path;
	unsigned ms;
	bool fresh;		/* from this run: wins over the file's */
};

struct times {
	struct timed *v;
	size_t nr, alloc;
};

/* "<ms> <path>\0" records; false (and none kept) for anything else. */
static bool parse_times(struct times *t, const struct buf *data)
{
	const char *p = data->ptr, *end = data->ptr + data->len;

	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		unsigned long ms = 0;

		if (!nul)
			goto bad;
		for (; p < nul && *p >= '0' && *p <= '9' && ms < 1000000000; p++)
			ms = ms * 10 + (unsigned long)(*p - '0');
		if (!ms || p >= nul || *p != ' ' || p + 1 == nul)
			goto bad;
		ALLOC_GROW(t->v, t->nr + 1, t->alloc);
		t->v[t->nr++] = (struct timed){ p + 1, (unsigned)ms, false };
		p = nul + 1;
	}
	return true;
bad:
	t->nr = 0;
	return false;
}

static int cmp_timed(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (int)y->fresh - (int)x->fresh;
}

static int read_times(struct buf *data, struct times *t, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (buf_read_file(data, path) < 0)
		return E_SYSTEM;
	if (parse_times(t, data) && t->nr)
		qsort(t->v, t->nr, sizeof(*t->v), cmp_timed);
	return 0;
}

int cache_load_times(struct cache *c, struct results *res)
{
	struct buf data = BUF_INIT;
	struct times t = { 0 };
	int ret;

	if ((ret = read_times(&data, &t, c->times.ptr)) < 0)
		goto out;
	for (size_t i = 0; i < res->nr && t.nr; i++) {
		struct timed key = { res->v[i].path, 0, false };
		const struct timed *hit = bsearch(&key, t.v, t.nr, sizeof(*t.v), cmp_timed);

		if (hit)
			res->v[i].spatch_ms = hit->ms;
	}
out:
	free(t.v);
	buf_release(&data);
	return ret;
}

int cache_store_times(struct cache *c, const struct results *res, const size_t *idx, size_t nr)
{
	struct lock lock = LOCK_INIT;
	struct buf lock_path = BUF_INIT, data = BUF_INIT, out = BUF_INIT;
	struct times t = { 0 };
	int ret;

	if (!nr)
		return 0;
	buf_printf(&lock_path, "%s.lock", c->times.ptr);
	if ((ret = lock_take(&lock, lock_path.ptr, "the spatch times", LOCK_WAIT)) < 0 ||
	    (ret = read_times(&data, &t, c->times.ptr)) < 0)
		goto out;
	for (size_t i = 0; i < nr; i++) {
		const struct file_result *f = &res->v[idx[i]];

		if (f->spatch_ms) {
			ALLOC_GROW(t.v, t.nr + 1, t.alloc);
			t.v[t.nr++] = (struct timed){ f->path, f->spatch_ms, true };
		}
	}
	if (t.nr)
		qsort(t.v, t.nr, sizeof(*t.v), cmp_timed);
	for (size_t i = 0; i < t.nr; i++)
		if (!i || strcmp(t.v[i].path, t.v[i - 1].path)) {
			buf_printf(&out, "%u %s", t.v[i].ms, t.v[i].path);
			buf_putc(&out, '\0');
		}
	ret = buf_write_file_atomic(&out, c->times.ptr);
out:
	lock_release(&lock);
	free(t.v);
	buf_release(&lock_path);
	buf_release(&data);
	buf_release(&out);
	return ret;
}
