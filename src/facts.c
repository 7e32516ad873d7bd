#include "facts.h"
#include "cscan.h"
#include "error.h"
#include "fs.h"
#include "spatch.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A function body's calls beyond this many are not listed. */
#define MAX_CALLS 64

struct hfunc {
	char *name;
	char *calls;		/* "a,b,c" */
};

struct header {
	char *path;
	git_oid id;
	bool found, parsed;
	struct buf text;
	struct hfunc *fn;
	size_t nr, alloc;
};

struct arch {
	char *name;
	git_oid id;		/* of the arch/<name> tree; zero when there is none */
	bool has_smp;
};

struct facts_ctx {
	struct repo *r;
	const char *memo_dir;
	struct buf read;	/* what a file's facts were read from: "<oid|-> <path>" lines */
	struct header *h;
	size_t nr_h, alloc_h;
	struct arch *a;
	size_t nr_a, alloc_a;
};

static const char *const not_calls[] = {
	"if", "for", "while", "switch", "return", "sizeof", "typeof", "__typeof__",
	"defined", "do", "case", "_Generic", "__attribute__", "asm", "__asm__", NULL
};

static bool is_call(const struct toks *t, size_t i)
{
	if (t->v[i].type != TOK_IDENT || !tok_is(t, i + 1, "("))
		return false;
	for (const char *const *k = not_calls; *k; k++)
		if (tok_is(t, i, *k))
			return false;
	return true;
}

/* Tree paths only, of the characters kernel headers are named with. */
static bool safe_path(const char *p)
{
	if (!*p || *p == '/')
		return false;
	for (; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-", *p))
			return false;
	return true;
}

/* dir/rel with "." and ".." resolved; false when it leaves the tree. */
static bool join_path(struct buf *out, const char *dir, size_t dir_len, const char *rel)
{
	struct buf in = BUF_INIT;
	char *save = NULL, *seg;
	bool ok = true;

	buf_reset(out);
	buf_add(&in, dir, dir_len);
	buf_printf(&in, "/%s", rel);
	for (seg = strtok_r(in.ptr, "/", &save); seg && ok; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (strcmp(seg, "..")) {
			buf_printf(out, "%s%s", out->len ? "/" : "", seg);
			continue;
		}
		ok = out->len > 0;
		while (out->len && out->ptr[out->len - 1] != '/')
			out->len--;
		buf_truncate(out, out->len ? out->len - 1 : 0);
	}
	buf_release(&in);
	return ok && out->len && safe_path(out->ptr);
}

/* The id of path in the base tree; false when the tree has no such entry. */
static bool path_id(git_oid *out, struct repo *r, const char *path)
{
	git_tree_entry *e = NULL;

	if (git_tree_entry_bypath(&e, r->base_tree, path) < 0)
		return false;
	git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return true;
}

/* Say that the facts depend on path being id (or absent, id NULL). */
static void note_read(struct facts_ctx *x, const char *path, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1] = "-";

	if (id)
		git_oid_tostr(hex, sizeof(hex), id);
	buf_printf(&x->read, "%s %s\n", hex, path);
}

/* The distinct functions called in tokens [a, b), "x,y,z". */
static char *calls_between(const struct toks *t, size_t a, size_t b)
{
	struct strvec names = STRVEC_INIT;
	struct buf out = BUF_INIT;

	for (size_t i = a; i < b && i < t->nr && names.nr < MAX_CALLS; i++) {
		char *name;

		if (!is_call(t, i))
			continue;
		name = xstrndup(t->text + t->v[i].start, t->v[i].len);
		if (strvec_find(&names, name) < 0)
			strvec_push(&names, name);
		free(name);
	}
	for (size_t i = 0; i < names.nr; i++)
		buf_printf(&out, "%s%s", i ? "," : "", names.v[i]);
	strvec_clear(&names);
	return buf_detach(&out, NULL);
}

static void header_parse(struct header *h)
{
	struct toks t = { 0 };
	struct cfuncs fns = { 0 };

	h->parsed = true;
	toks_scan(&t, h->text.ptr, h->text.len);
	cfuncs_find(&fns, &t);
	for (size_t i = 0; i < fns.nr; i++) {
		if (h->nr == h->alloc) {
			h->alloc = h->alloc ? 2 * h->alloc : 16;
			h->fn = xrealloc(h->fn, h->alloc * sizeof(*h->fn));
		}
		h->fn[h->nr].name = xstrdup(fns.v[i].name);
		h->fn[h->nr++].calls = calls_between(&t, fns.v[i].open + 1, fns.v[i].close);
	}
	cfuncs_release(&fns);
	toks_release(&t);
}

/* The header at path, read once per run; NULL when the tree has none. */
static int header_load(struct header **out, struct facts_ctx *x, const char *path)
{
	struct header *h;
	int ret = 0;

	*out = NULL;
	for (size_t i = x->nr_h; i-- > 0; )
		if (!strcmp(x->h[i].path, path)) {
			*out = x->h[i].found ? &x->h[i] : NULL;
			return 0;
		}
	if (x->nr_h == x->alloc_h) {
		x->alloc_h = x->alloc_h ? 2 * x->alloc_h : 64;
		x->h = xrealloc(x->h, x->alloc_h * sizeof(*x->h));
	}
	h = &x->h[x->nr_h++];
	memset(h, 0, sizeof(*h));
	buf_init(&h->text, 0);
	h->path = xstrdup(path);
	if (path_id(&h->id, x->r, path) && !(ret = repo_read_blob(&h->text, x->r->git, &h->id))) {
		h->found = true;
		*out = h;
	}
	return ret;
}

/*
 * The #include lines of a text: "\"name" for #include "name", "<name"
 * for #include <name>.
 */
static void find_includes(struct strvec *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len; ) {
		const char *line = text + i, *end = memchr(line, '\n', len - i);
		size_t n = end ? (size_t)(end - line) : len - i;
		size_t k = 0, s;

		i += n + 1;
		while (k < n && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k == n || line[k++] != '#')
			continue;
		while (k < n && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (n - k < 8 || memcmp(line + k, "include", 7))
			continue;
		for (k += 7; k < n && (line[k] == ' ' || line[k] == '\t'); k++)
			;
		if (k == n || (line[k] != '"' && line[k] != '<'))
			continue;
		for (s = k + 1; s < n && line[s] != (line[k] == '<' ? '>' : '"'); s++)
			;
		if (s < n && s > k + 1) {
			char *inc = xstrndup(line + k, s - k);

			strvec_push(out, inc);
			free(inc);
		}
	}
}

/* The arch/<name>/ a path is in, or NULL; its length in *n. */
static const char *arch_of(const char *path, size_t *n)
{
	const char *slash;

	if (strncmp(path, "arch/", 5) || !(slash = strchr(path + 5, '/')))
		return NULL;
	*n = (size_t)(slash - path - 5);
	return path + 5;
}

static void push_joined(struct strvec *out, const char *dir, size_t dir_len, const char *rel)
{
	struct buf p = BUF_INIT;

	if (join_path(&p, dir, dir_len, rel))
		strvec_push(out, p.ptr);
	buf_release(&p);
}

/* Where kbuild would find an #include of file, in search order. */
static void header_paths(struct strvec *out, const char *file, const char *inc)
{
	struct buf dir = BUF_INIT;
	const char *slash = strrchr(file, '/'), *arch;
	size_t arch_len;

	if (*inc == '"')
		push_joined(out, file, slash ? (size_t)(slash - file) : 0, inc + 1);
	inc++;
	if ((arch = arch_of(file, &arch_len))) {
		buf_printf(&dir, "arch/%.*s/include", (int)arch_len, arch);
		push_joined(out, dir.ptr, dir.len, inc);
	}
	if (!strncmp(inc, "asm/", 4))
		push_joined(out, "include/asm-generic", 19, inc + 4);
	else
		push_joined(out, "include", 7, inc);
	buf_release(&dir);
}

void facts_include_paths(struct strvec *out, const char *file, const char *text, size_t len)
{
	struct strvec incs = STRVEC_INIT, paths = STRVEC_INIT;

	find_includes(&incs, text, len);
	for (size_t i = 0; i < incs.nr; i++) {
		strvec_clear(&paths);
		header_paths(&paths, file, incs.v[i]);
		for (size_t k = 0; k < paths.nr; k++)
			strvec_push(out, paths.v[k]);
		strvec_push(out, "");
	}
	strvec_clear(&incs);
	strvec_clear(&paths);
}

/* The headers a text includes that the base tree has, in include order. */
static int included_headers(struct strvec *out, struct facts_ctx *x, const char *file,
			    const char *text, size_t len)
{
	struct strvec paths = STRVEC_INIT;
	bool found = false;
	int ret = 0;

	facts_include_paths(&paths, file, text, len);
	for (size_t k = 0; k < paths.nr && !ret; k++) {
		struct header *h = NULL;

		if (!*paths.v[k]) {
			found = false;	/* the next #include */
			continue;
		}
		if (found || (ret = header_load(&h, x, paths.v[k])) < 0)
			continue;
		note_read(x, paths.v[k], h ? &h->id : NULL);
		found = h != NULL;
		if (h && strvec_find(out, h->path) < 0)
			strvec_push(out, h->path);
	}
	strvec_clear(&paths);
	return ret;
}

/* Text from each kmap_atomic() to the next kunmap_atomic() (at most this many bytes). */
#define MAX_REGION 8192

/*
 * The functions called in the file's kmap_atomic() regions, read from the
 * text between a map and the next unmap.  A function the file defines
 * itself may be listed: the rules look at the file's own functions first.
 */
static void region_calls(struct strvec *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while ((p = memmem(p, (size_t)(end - p), "kmap_atomic", 11))) {
		const char *stop = memmem(p + 11, (size_t)(end - p - 11), "kunmap_atomic", 13);
		size_t n = stop ? (size_t)(stop - p) : (size_t)(end - p);
		struct toks t = { 0 };

		toks_scan(&t, p, n < MAX_REGION ? n : MAX_REGION);
		for (size_t i = 0; i < t.nr; i++) {
			char *name;

			if (!is_call(&t, i) || tok_is(&t, i, "kmap_atomic"))
				continue;
			name = xstrndup(t.text + t.v[i].start, t.v[i].len);
			if (strvec_find(out, name) < 0)
				strvec_push(out, name);
			free(name);
		}
		toks_release(&t);
		p += 11;
	}
}

static const struct hfunc *header_fn(struct header *h, const char *name)
{
	if (!h->parsed && !memmem(h->text.ptr, h->text.len, name, strlen(name)))
		return NULL;
	if (!h->parsed)
		header_parse(h);
	for (size_t i = 0; i < h->nr; i++)
		if (!strcmp(h->fn[i].name, name))
			return &h->fn[i];
	return NULL;
}

static int callee_facts(struct buf *out, struct facts_ctx *x, const char *file,
			const char *text, size_t len)
{
	struct strvec calls = STRVEC_INIT, headers = STRVEC_INIT;
	int ret = 0;

	region_calls(&calls, text, len);
	if (calls.nr)
		ret = included_headers(&headers, x, file, text, len);
	for (size_t i = 0; i < calls.nr && !ret; i++) {
		for (size_t k = 0; k < headers.nr; k++) {
			struct header *h = NULL;
			const struct hfunc *fn;

			if ((ret = header_load(&h, x, headers.v[k])) < 0 || !h ||
			    !(fn = header_fn(h, calls.v[i])))
				continue;
			buf_printf(out, "callee\t%s\t%s\t%s\n", fn->name, h->path, fn->calls);
			break;
		}
	}
	strvec_clear(&calls);
	strvec_clear(&headers);
	return ret;
}

static bool defines_smp(const char *text, size_t len)
{
	for (size_t i = 0; i < len; ) {
		const char *line = text + i, *end = memchr(line, '\n', len - i);
		size_t n = end ? (size_t)(end - line) : len - i;

		i += n + 1;
		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
			n--;
		if ((n == 10 && !memcmp(line, "config SMP", 10)) ||
		    (n == 14 && !memcmp(line, "menuconfig SMP", 14)))
			return true;
	}
	return false;
}

struct smp_walk {
	struct repo *r;
	bool found;
	int err;
};

static int smp_walk_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct smp_walk *w = payload;
	struct buf text = BUF_INIT;

	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    strncmp(git_tree_entry_name(e), "Kconfig", 7))
		return 0;
	if ((w->err = repo_read_blob(&text, w->r->git, git_tree_entry_id(e))) < 0)
		return -1;
	w->found = defines_smp(text.ptr, text.len);
	buf_release(&text);
	return w->found ? -1 : 0;
}

/* arch/<name>, and whether a Kconfig file below it defines SMP. */
static int arch_load(struct arch **out, struct facts_ctx *x, const char *name, size_t n)
{
	struct smp_walk w = { x->r, false, 0 };
	struct buf dir = BUF_INIT;
	git_tree *tree = NULL;
	struct arch *a;

	for (size_t i = 0; i < x->nr_a; i++)
		if (strlen(x->a[i].name) == n && !strncmp(x->a[i].name, name, n)) {
			*out = &x->a[i];
			return 0;
		}
	if (x->nr_a == x->alloc_a) {
		x->alloc_a = x->alloc_a ? 2 * x->alloc_a : 8;
		x->a = xrealloc(x->a, x->alloc_a * sizeof(*x->a));
	}
	a = &x->a[x->nr_a++];
	memset(a, 0, sizeof(*a));
	a->name = xstrndup(name, n);
	buf_printf(&dir, "arch/%.*s", (int)n, name);
	if (path_id(&a->id, x->r, dir.ptr) && !git_tree_lookup(&tree, x->r->git, &a->id))
		git_tree_walk(tree, GIT_TREEWALK_PRE, smp_walk_cb, &w);
	git_tree_free(tree);
	buf_release(&dir);
	a->has_smp = w.found;
	*out = a;
	return w.err < 0 ? w.err : 0;
}

static int up_fact(struct buf *out, struct facts_ctx *x, const char *file)
{
	struct buf dir = BUF_INIT;
	struct arch *a;
	size_t n;
	const char *name = arch_of(file, &n);
	int ret;

	if (!name)
		return 0;
	if ((ret = arch_load(&a, x, name, n)) < 0)
		return ret;
	buf_printf(&dir, "arch/%s", a->name);
	note_read(x, dir.ptr, git_oid_is_zero(&a->id) ? NULL : &a->id);
	if (!a->has_smp)
		buf_printf(out, "up\t%s has no SMP option (no 'config SMP' in its Kconfig "
			   "files), so its kernels run on one CPU\n", dir.ptr);
	buf_release(&dir);
	return 0;
}

/*
 * Facts are kept per file under the memo directory, with the ids of what
 * they were read from (headers tried, in order, and arch/<name>): a later
 * run whose tree has all of them unchanged reads nothing else.
 */
#define MEMO_MAGIC "kmap-local-facts-1\n"

static void memo_path(struct buf *out, const struct facts_ctx *x, const struct file_result *f)
{
	struct buf key = BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;

	git_oid_tostr(hex, sizeof(hex), &f->id);
	buf_printf(&key, "%s\n%s", hex, f->path);
	if (git_odb_hash(&id, key.ptr, key.len, GIT_OBJECT_BLOB) < 0)
		git_oid_cpy(&id, &f->id);	/* cannot fail for a blob in memory */
	git_oid_tostr(hex, sizeof(hex), &id);
	buf_printf(out, "%s/%.2s/%s", x->memo_dir, hex, hex + 2);
	buf_release(&key);
}

/* Is "<oid|-> <path>" [p, end) still what the base tree has? */
static bool memo_line_holds(struct facts_ctx *x, const char *p, const char *end)
{
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	char *path;
	git_oid want, have;
	bool found, ok;

	if (!sp)
		return false;
	path = xstrndup(sp + 1, (size_t)(end - sp - 1));
	found = path_id(&have, x->r, path);
	if (sp - p == 1 && *p == '-')
		ok = !found;
	else
		ok = sp - p == GIT_OID_HEXSZ && !git_oid_fromstrn(&want, p, GIT_OID_HEXSZ) &&
		     found && git_oid_equal(&want, &have);
	free(path);
	return ok;
}

/* 1 (and f->facts) when f's facts are memoized and still hold, 0 when not. */
static int memo_load(struct facts_ctx *x, struct file_result *f)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	const char *p, *end;
	int ret = 0;

	memo_path(&path, x, f);
	if (access(path.ptr, F_OK) < 0 || buf_read_file(&data, path.ptr) < 0 ||
	    !buf_starts_with(&data, MEMO_MAGIC))
		goto out;
	end = data.ptr + data.len;
	for (p = data.ptr + strlen(MEMO_MAGIC); p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			goto out;
		if (nl - p == 5 && !memcmp(p, "facts", 5)) {
			f->facts = nl + 1 < end ? xstrndup(nl + 1, (size_t)(end - nl - 1)) : NULL;
			ret = 1;
			goto out;
		}
		if (!memo_line_holds(x, p, nl))
			goto out;
		p = nl + 1;
	}
out:
	buf_release(&path);
	buf_release(&data);
	return ret;
}

static int memo_store(struct facts_ctx *x, const struct file_result *f)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	int ret;

	memo_path(&path, x, f);
	buf_puts(&data, MEMO_MAGIC);
	buf_add(&data, x->read.ptr, x->read.len);
	buf_puts(&data, "facts\n");
	if (f->facts)
		buf_puts(&data, f->facts);
	ret = write_file_atomic_p(&data, path.ptr);
	buf_release(&path);
	buf_release(&data);
	return ret;
}

static int file_facts(struct facts_ctx *x, struct file_result *f)
{
	struct buf facts = BUF_INIT;
	int ret = 0;

	if (f->status == FILE_BINARY || !safe_path(f->path))
		return 0;
	if (x->memo_dir && (ret = memo_load(x, f)))
		return ret < 0 ? ret : 0;
	buf_reset(&x->read);
	if (memmem(f->orig.ptr, f->orig.len, "kmap_atomic", 11) &&
	    !(ret = callee_facts(&facts, x, f->path, f->orig.ptr, f->orig.len)))
		ret = up_fact(&facts, x, f->path);
	if (!ret && facts.len)
		f->facts = buf_detach(&facts, NULL);
	if (!ret && x->memo_dir)
		ret = memo_store(x, f);
	buf_release(&facts);
	return ret;
}

static void facts_ctx_release(struct facts_ctx *x)
{
	for (size_t i = 0; i < x->nr_h; i++) {
		for (size_t k = 0; k < x->h[i].nr; k++) {
			free(x->h[i].fn[k].name);
			free(x->h[i].fn[k].calls);
		}
		free(x->h[i].fn);
		free(x->h[i].path);
		buf_release(&x->h[i].text);
	}
	for (size_t i = 0; i < x->nr_a; i++)
		free(x->a[i].name);
	free(x->h);
	free(x->a);
	buf_release(&x->read);
}

int facts_collect(struct results *res, struct repo *r, const char *memo_dir)
{
	struct facts_ctx x = { r, memo_dir, BUF_INIT, NULL, 0, 0, NULL, 0, 0 };
	int ret = 0;

	for (size_t i = 0; i < res->nr && !ret; i++)
		ret = file_facts(&x, &res->v[i]);
	facts_ctx_release(&x);
	return ret;
}

int facts_write(const char *path, const struct results *res, const size_t *idx, size_t nr)
{
	struct buf out = BUF_INIT, name = BUF_INIT;
	int ret;

	for (size_t i = 0; i < nr; i++) {
		const char *p = res->v[idx[i]].facts;

		buf_reset(&name);
		spatch_scratch_name(&name, res, idx[i]);
		while (p && *p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			buf_printf(&out, "%s\t%.*s\n", name.ptr, (int)n, p);
			p += n + (nl != NULL);
		}
	}
	ret = write_file_p(path, out.ptr ? out.ptr : "", out.len);
	buf_release(&out);
	buf_release(&name);
	return ret;
}
