#include "discover.h"
#include "error.h"
#include "lock.h"
#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One cache record: blob id, 0/1 verdict, and the size of the blob. */
struct known {
	unsigned char id[GIT_OID_RAWSZ];
	unsigned char hit;
	unsigned char size[4];
};

struct discover_job {
	struct blob_list *files;
	const struct strvec *tokens;
	const char *gitdir;
	size_t *todo;		/* indices into files still to read */
	size_t nr_todo;
	atomic_size_t next;
	atomic_size_t done;
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

static bool any_token(const struct strvec *tokens, const char *data, size_t len)
{
	if (!tokens->nr)
		return true;
	for (size_t i = 0; i < tokens->nr; i++)
		if (is_anchor(tokens, i) && anchor_hits(tokens, data, len, tokens->v[i]))
			return true;
	return false;
}

static void *discover_worker(void *arg)
{
	struct discover_job *job = arg;
	git_repository *git = NULL;
	git_odb *odb = NULL;
	size_t i;

	if (git_repository_open(&git, job->gitdir) < 0 || git_repository_odb(&odb, git) < 0) {
		error_git("cannot open '%s'", job->gitdir);
		atomic_store(&job->failed, 1);
		goto out;
	}
	while ((i = atomic_fetch_add(&job->next, 1)) < job->nr_todo) {
		struct blob_entry *b = &job->files->v[job->todo[i]];
		git_odb_object *obj = NULL;

		if (git_odb_read(&obj, odb, &b->id) < 0) {
			error_git("cannot read '%s'", b->path);
			atomic_store(&job->failed, 1);
			break;
		}
		b->size = git_odb_object_size(obj);
		job->hit[job->todo[i]] = any_token(job->tokens, git_odb_object_data(obj), b->size);
		git_odb_object_free(obj);
		atomic_fetch_add(&job->done, 1);
	}
out:
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

int discover(struct blob_list *files, struct repo *r, const struct rules *rules, int jobs)
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
	if ((ret = read_blobs(&job, jobs < 1 ? 1 : jobs)) < 0)
		goto out;
	if ((ret = save_known(&known, path.ptr, &job)) < 0)
		goto out;
	keep_hits(files, job.hit);
out:
	free(job.todo);
	free(job.hit);
	buf_release(&known);
	buf_release(&path);
	return ret;
}
