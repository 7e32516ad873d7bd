#include "discover.h"
#include "cscan.h"
#include "error.h"
#include "lock.h"
#include "progress.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One cache record: blob id, 0/1 verdict, and the size of the blob. */
struct known {
	unsigned char id[GIT_OID_RAWSZ];
	unsigned char hit;
	unsigned char size[4];
};

/*
 * A file of the work tree the index says is the base tree's blob: the
 * index entry has the blob's id, and the file its size, mtime and ctime,
 * the mtime older
 * than the index itself (else it is "racily clean": it may have changed
 * within the index's timestamp).
 */
struct wt_stat {
	bool ok;
	uint32_t size;
	int32_t mtime_s, ctime_s;
	uint32_t mtime_ns, ctime_ns;
};

struct discover_job {
	struct blob_list *files;
	const char *workdir;	/* NULL: read every blob from the object store */
	struct wt_stat *wt;	/* per file, when workdir */
	const struct strvec *tokens;
	const char *gitdir;
	size_t *todo;		/* indices into files still to read */
	size_t nr_todo;
	atomic_size_t next;
	atomic_size_t done;
	atomic_size_t from_worktree;
	unsigned char *hit;	/* per file: 0 unknown-miss, 1 hit */
	atomic_int failed;
};

static bool is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool identifier_at(const char *data, size_t len, size_t at, const char *tok, size_t n)
{
	return at + n <= len && !memcmp(data + at, tok, n) &&
	       (at == 0 || !is_ident(data[at - 1])) && (at + n == len || !is_ident(data[at + n]));
}

int contains_identifier(const char *data, size_t len, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = data, *end = data + len;

	while ((size_t)(end - p) >= n) {
		const char *m = memmem(p, (size_t)(end - p), tok, n);

		if (!m)
			return 0;
		if (identifier_at(data, len, (size_t)(m - data), tok, n))
			return 1;
		p = m + 1;
	}
	return 0;
}

/*
 * Scan for the shortest tokens only ("anchors"): every token contains one,
 * so "kmap" finds kmap_atomic and kmap_atomic_prot as well, in one pass.
 */
static bool token_around(const struct strvec *tokens, const char *data, size_t len,
			 size_t at, const char *anchor)
{
	for (size_t i = 0; i < tokens->nr; i++) {
		const char *t = tokens->v[i], *in = strstr(t, anchor);

		for (; in; in = strstr(in + 1, anchor)) {
			size_t off = (size_t)(in - t);

			if (off <= at && identifier_at(data, len, at - off, t, strlen(t)))
				return true;
		}
	}
	return false;
}

static bool anchor_hits(const struct strvec *tokens, const char *data, size_t len,
			const char *anchor)
{
	size_t n = strlen(anchor);
	const char *p = data, *end = data + len;

	while ((size_t)(end - p) >= n) {
		const char *m = memmem(p, (size_t)(end - p), anchor, n);

		if (!m)
			return false;
		if (token_around(tokens, data, len, (size_t)(m - data), anchor))
			return true;
		p = m + 1;
	}
	return false;
}

static bool is_anchor(const struct strvec *tokens, size_t i)
{
	for (size_t j = 0; j < tokens->nr; j++)
		if (j != i && strlen(tokens->v[j]) < strlen(tokens->v[i]) &&
		    strstr(tokens->v[i], tokens->v[j]))
			return false;
	return true;
}

/* Is one of the tokens an identifier of the code, not only of comments or strings? */
static bool token_in_code(const struct strvec *tokens, const char *data, size_t len)
{
	struct toks t = { 0 };
	bool found = false;

	toks_scan(&t, data, len);
	for (size_t i = 0; i < t.nr && !found; i++)
		for (size_t k = 0; t.v[i].type == TOK_IDENT && k < tokens->nr && !found; k++)
			found = tok_is(&t, i, tokens->v[k]);
	toks_release(&t);
	return found;
}

/*
 * spatch matches code only, so a file that names the tokens in comments
 * or strings alone ("then kmap it") is no candidate.  The byte search
 * goes first: it rules out nearly every file, so only the rest is
 * tokenized.
 */
static bool any_token(const struct strvec *tokens, const char *data, size_t len)
{
	if (!tokens->nr)
		return true;
	for (size_t i = 0; i < tokens->nr; i++)
		if (is_anchor(tokens, i) && anchor_hits(tokens, data, len, tokens->v[i]))
			return token_in_code(tokens, data, len);
	return false;
}

static bool same_stat(const struct stat *st, const struct wt_stat *w)
{
	return S_ISREG(st->st_mode) && (uint64_t)st->st_size == w->size &&
	       (int32_t)st->st_mtim.tv_sec == w->mtime_s &&
	       (uint32_t)st->st_mtim.tv_nsec == w->mtime_ns &&
	       (int32_t)st->st_ctim.tv_sec == w->ctime_s &&
	       (uint32_t)st->st_ctim.tv_nsec == w->ctime_ns;
}

/*
 * The text of a work-tree file the index vouches for, if it still has the
 * stat the index recorded before and after it is read and the size of the
 * blob (a filter, such as CRLF or ident, would change the size).
 */
static bool read_worktree(struct buf *text, const struct discover_job *job, size_t i,
			  git_odb *odb)
{
	const struct blob_entry *b = &job->files->v[i];
	const struct wt_stat *w = &job->wt[i];
	struct buf path = BUF_INIT;
	git_object_t type;
	struct stat st;
	size_t size;
	bool ok = false;
	int fd = -1;

	if (!w->ok || git_odb_read_header(&size, &type, odb, &b->id) < 0 || size != w->size)
		return false;
	buf_printf(&path, "%s%s", job->workdir, b->path);
	fd = open(path.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !same_stat(&st, w))
		goto out;
	buf_reset(text);
	while (text->len < size) {
		char chunk[65536];
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n <= 0)
			break;
		buf_add(text, chunk, (size_t)n);
	}
	ok = text->len == size && !fstat(fd, &st) && same_stat(&st, w);
out:
	if (fd >= 0)
		close(fd);
	buf_release(&path);
	return ok;
}

static int read_blob(struct discover_job *job, size_t i, git_odb *odb, struct buf *text)
{
	struct blob_entry *b = &job->files->v[i];
	git_odb_object *obj = NULL;

	if (job->workdir && read_worktree(text, job, i, odb)) {
		atomic_fetch_add(&job->from_worktree, 1);
		b->size = text->len;
		job->hit[i] = any_token(job->tokens, text->ptr, text->len);
		return 0;
	}
	if (git_odb_read(&obj, odb, &b->id) < 0)
		return error_git("cannot read '%s'", b->path);
	b->size = git_odb_object_size(obj);
	job->hit[i] = any_token(job->tokens, git_odb_object_data(obj), b->size);
	git_odb_object_free(obj);
	return 0;
}

static void *discover_worker(void *arg)
{
	struct discover_job *job = arg;
	git_repository *git = NULL;
	git_odb *odb = NULL;
	struct buf text = BUF_INIT;
	size_t i;

	if (git_repository_open(&git, job->gitdir) < 0 || git_repository_odb(&odb, git) < 0) {
		error_git("cannot open '%s'", job->gitdir);
		atomic_store(&job->failed, 1);
		goto out;
	}
	while ((i = atomic_fetch_add(&job->next, 1)) < job->nr_todo) {
		if (read_blob(job, job->todo[i], odb, &text) < 0) {
			atomic_store(&job->failed, 1);
			break;
		}
		atomic_fetch_add(&job->done, 1);
	}
out:
	buf_release(&text);
	git_odb_free(odb);
	git_repository_free(git);
	return NULL;
}

static int cmp_known(const void *a, const void *b)
{
	return memcmp(a, b, GIT_OID_RAWSZ);
}

static int load_known(struct buf *data, struct buf *path, struct repo *r,
		      const struct rules *rules)
{
	struct buf key = BUF_INIT;
	git_oid oid;
	int ret;

	buf_puts(&key, "in code\n");	/* tokens in comments or strings no longer count */
	for (size_t i = 0; i < rules->tokens.nr; i++)
		buf_printf(&key, "%s\n", rules->tokens.v[i]);
	git_odb_hash(&oid, key.ptr, key.len, GIT_OBJECT_BLOB);
	buf_release(&key);
	if ((ret = repo_state_dir(path, r, "discover")) < 0)
		return ret;
	buf_printf(path, "/%s", git_oid_tostr_s(&oid));
	if (!access(path->ptr, R_OK) && buf_read_file(data, path->ptr) < 0)
		buf_reset(data);
	buf_truncate(data, data->len - data->len % sizeof(struct known));
	return 0;
}

static const struct known *lookup_known(const struct buf *data, const git_oid *id)
{
	return bsearch(id->id, data->ptr, data->len / sizeof(struct known),
		       sizeof(struct known), cmp_known);
}

static void put_size(unsigned char *out, size_t size)
{
	uint32_t s = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;

	for (int i = 0; i < 4; i++)
		out[i] = (unsigned char)(s >> (8 * i));
}

static size_t get_size(const unsigned char *in)
{
	return (size_t)in[0] | (size_t)in[1] << 8 | (size_t)in[2] << 16 | (size_t)in[3] << 24;
}

static int cmp_known_full(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct known));
}

/* Sort the records and keep one per blob. */
static void tidy_known(struct buf *data)
{
	size_t n = data->len / sizeof(struct known), k = 0;
	struct known *v = (struct known *)data->ptr;

	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_known_full);
	for (size_t i = 1; i < n; i++)
		if (cmp_known(&v[i], &v[k]))
			v[++k] = v[i];
	buf_truncate(data, (k + 1) * sizeof(*v));
}

/*
 * Add what this run learnt to what is on disk now, under a lock: another
 * run may have saved its own records since we read the file.
 */
static int save_known(struct buf *data, const char *path, struct discover_job *job)
{
	struct lock lock = LOCK_INIT;
	struct buf lock_path = BUF_INIT;
	int ret;

	if (!job->nr_todo)
		return 0;
	buf_printf(&lock_path, "%s.lock", path);
	if ((ret = lock_take(&lock, lock_path.ptr, "the discover cache", LOCK_WAIT)) < 0)
		goto out;
	buf_reset(data);
	if (!access(path, R_OK) && buf_read_file(data, path) < 0)
		buf_reset(data);
	buf_truncate(data, data->len - data->len % sizeof(struct known));
	for (size_t i = 0; i < job->nr_todo; i++) {
		const struct blob_entry *b = &job->files->v[job->todo[i]];
		struct known k;

		memcpy(k.id, b->id.id, GIT_OID_RAWSZ);
		k.hit = job->hit[job->todo[i]];
		put_size(k.size, b->size);
		buf_add(data, &k, sizeof(k));
	}
	tidy_known(data);
	ret = buf_write_file_atomic(data, path);
out:
	lock_release(&lock);
	buf_release(&lock_path);
	return ret;
}

static void use_known(struct discover_job *job, const struct buf *known)
{
	for (size_t i = 0; i < job->files->nr; i++) {
		struct blob_entry *b = &job->files->v[i];
		const struct known *k = lookup_known(known, &b->id);

		if (k) {
			job->hit[i] = k->hit;
			b->size = get_size(k->size);
		} else {
			job->todo[job->nr_todo++] = i;
		}
	}
}

static int read_blobs(struct discover_job *job, int jobs)
{
	pthread_t *threads = xcalloc((size_t)jobs, sizeof(*threads));
	struct progress *p = progress_start("Discovering candidate files", job->nr_todo);
	int started = 0;

	for (; started < jobs; started++)
		if (pthread_create(&threads[started], NULL, discover_worker, job))
			break;
	if (!started)
		discover_worker(job);
	while (atomic_load(&job->next) < job->nr_todo && started &&
	       !atomic_load(&job->failed)) {
		progress_update(p, atomic_load(&job->done));
		progress_sleep();
	}
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	progress_done(p, atomic_load(&job->done));
	free(threads);
	return atomic_load(&job->failed) ? E_SYSTEM : 0;
}

static bool racily_clean(const git_index_entry *e, const struct stat *index_st)
{
	return e->mtime.seconds > (int32_t)index_st->st_mtim.tv_sec ||
	       (e->mtime.seconds == (int32_t)index_st->st_mtim.tv_sec &&
		e->mtime.nanoseconds >= (uint32_t)index_st->st_mtim.tv_nsec);
}

/*
 * Which files to read from the work tree: those whose index entry is the
 * base tree's blob and is not racily clean.  Looked up before the threads
 * start (a libgit2 index is not to be shared by threads).
 */
static void find_worktree_files(struct discover_job *job, struct repo *r)
{
	git_index *index = NULL;
	struct stat index_st;

	job->workdir = git_repository_workdir(r->git);
	if (!job->workdir || git_repository_index(&index, r->git) < 0 ||
	    !git_index_path(index) || stat(git_index_path(index), &index_st) < 0) {
		job->workdir = NULL;
		goto out;
	}
	for (size_t k = 0; k < job->nr_todo; k++) {
		size_t i = job->todo[k];
		const git_index_entry *e = git_index_get_bypath(index, job->files->v[i].path, 0);

		if (e && git_oid_equal(&e->id, &job->files->v[i].id) &&
		    (e->mode & 0170000) == 0100000 && !racily_clean(e, &index_st) &&
		    !(e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) &&
		    !(e->flags & GIT_INDEX_ENTRY_VALID))
			job->wt[i] = (struct wt_stat){ true, e->file_size, e->mtime.seconds,
						       e->ctime.seconds, e->mtime.nanoseconds,
						       e->ctime.nanoseconds };
	}
out:
	git_index_free(index);
}

static void keep_hits(struct blob_list *files, const unsigned char *hit)
{
	size_t n = 0;

	for (size_t i = 0; i < files->nr; i++) {
		if (hit[i])
			files->v[n++] = files->v[i];
		else
			free(files->v[i].path);
	}
	files->nr = n;
}

int discover(struct blob_list *files, struct repo *r, const struct rules *rules, int jobs,
	     struct discover_stats *stats)
{
	struct discover_job job = { 0 };
	struct buf known = BUF_INIT, path = BUF_INIT;
	int ret;

	job.files = files;
	job.tokens = &rules->tokens;
	job.gitdir = r->gitdir;
	job.todo = xcalloc(files->nr + 1, sizeof(*job.todo));
	job.hit = xcalloc(files->nr + 1, 1);
	if ((ret = load_known(&known, &path, r, rules)) < 0)
		goto out;
	use_known(&job, &known);
	job.wt = xcalloc(files->nr + 1, sizeof(*job.wt));
	if (job.nr_todo)
		find_worktree_files(&job, r);
	if ((ret = read_blobs(&job, jobs < 1 ? 1 : jobs)) < 0)
		goto out;
	if ((ret = save_known(&known, path.ptr, &job)) < 0)
		goto out;
	stats->read = job.nr_todo;
	stats->from_worktree = atomic_load(&job.from_worktree);
	keep_hits(files, job.hit);
out:
	free(job.todo);
	free(job.hit);
	free(job.wt);
	buf_release(&known);
	buf_release(&path);
	return ret;
}
