#include "checkpatch.h"
#include "error.h"
#include "fs.h"
#include "parallel.h"
#include "run_command.h"
#include "scratch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const script_files[] = {
	"checkpatch.pl", "spelling.txt", "const_structs.checkpatch",
};

static int copy_from_tree(struct repo *r, const char *name, const char *dir, bool *found)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	git_tree_entry *e = NULL;
	int ret = 0;

	buf_printf(&path, "scripts/%s", name);
	*found = !git_tree_entry_bypath(&e, r->base_tree, path.ptr) &&
		 git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	if (*found) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, name);
		if (!(ret = repo_read_blob(&text, r->git, git_tree_entry_id(e))))
			ret = write_file_p(path.ptr, text.ptr, text.len);
	}
	git_tree_entry_free(e);
	buf_release(&path);
	buf_release(&text);
	return ret;
}

int checkpatch_prepare(struct checkpatch *cp, struct repo *r)
{
	struct buf dir = BUF_INIT;
	bool found;
	int ret = 0;

	if ((ret = scratch_create(&dir, "checkpatch")) < 0)
		goto out;
	cp->dir = buf_detach(&dir, NULL);
	for (size_t i = 0; i < sizeof(script_files) / sizeof(script_files[0]) && !ret; i++) {
		ret = copy_from_tree(r, script_files[i], cp->dir, &found);
		if (!ret && !found && i == 0) {
			scratch_remove(cp->dir);
			free(cp->dir);
			cp->dir = NULL;
			break;
		}
	}
out:
	buf_release(&dir);
	return ret;
}

bool checkpatch_available(const struct checkpatch *cp)
{
	return cp->dir != NULL;
}

struct job {
	const struct checkpatch *cp;
	const char *const *files;
	struct child *children;	/* one per patch file */
};

static int run_one(size_t i, void *arg)
{
	struct job *j = arg;
	struct child *c = &j->children[i];

	strvec_push(&c->args, "perl");
	strvec_pushf(&c->args, "%s/checkpatch.pl", j->cp->dir);
	strvec_pushv(&c->args, (const char *const[]){ "--no-tree", "-q", "--terse",
			"--no-summary", "--mailback", "--showfile", NULL });
	strvec_push(&c->args, j->files[i]);
	c->out.cap = c->err.cap = 1 << 20;
	return child_run(c) < 0 ? E_SYSTEM : 0;
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static unsigned *level_counter(struct checkpatch_result *s, const char *line, size_t n)
{
	if (memmem(line, n, ": ERROR:", 8))
		return &s->errors;
	if (memmem(line, n, ": WARNING:", 10))
		return &s->warnings;
	if (memmem(line, n, ": CHECK:", 8))
		return &s->checks;
	return NULL;
}

/* Count "file:line: ERROR|WARNING|CHECK: ..." lines and keep them as notes. */
static void collect(struct checkpatch_result *s, const struct child *c, const char *patch)
{
	bool named = false;

	for (const char *p = c->out.ptr; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);
		unsigned *count = level_counter(s, p, n);

		if (count) {
			(*count)++;
			if (!named)
				buf_printf(&s->notes, "  %s:\n", file_name(patch));
			named = true;
			buf_printf(&s->notes, "    %.*s\n", (int)n, p);
		}
		p = *nl ? nl + 1 : nl;
	}
}

/*
 * checkpatch.pl exits 0, or 1 when it found something; anything else (a
 * perl error, a signal) means it did not check the patch, and counting
 * its silence as "0 errors" would put a false claim in the cover letter.
 */
static int check_ran(const struct child *c, const char *patch)
{
	const char *last = c->err.ptr + c->err.len;

	if (!c->signaled && c->exit_status <= 1)
		return 0;
	while (last > c->err.ptr && last[-1] == '\n')
		last--;
	while (last > c->err.ptr && last[-1] != '\n')
		last--;
	return error("checkpatch.pl of the base tree failed on '%s' (exit %d)%s%.*s; "
		     "use --no-checkpatch to skip it", file_name(patch), c->exit_status,
		     *last ? ": " : "", (int)strcspn(last, "\n"), last);
}

int checkpatch_run(struct checkpatch_result *out, const struct checkpatch *cp,
		   const char *const *files, size_t nr, int jobs)
{
	struct job j = { cp, files, xcalloc(nr + 1, sizeof(struct child)) };
	struct buf notes = BUF_INIT;
	int ret;

	for (size_t i = 0; i < nr; i++)
		j.children[i] = (struct child)CHILD_INIT;
	ret = parallel_for(nr, jobs, run_one, &j);
	checkpatch_result_release(out);
	for (size_t i = 0; i < nr; i++) {
		if (!ret)
			ret = check_ran(&j.children[i], files[i]);
		collect(out, &j.children[i], files[i]);
		child_release(&j.children[i]);
	}
	buf_add(&notes, out->notes.ptr, out->notes.len);
	buf_reset(&out->notes);
	buf_printf(&out->notes, "checkpatch.pl of the base tree: %u error%s, %u warning%s,"
		   " %u check%s\n%s", out->errors, out->errors == 1 ? "" : "s",
		   out->warnings, out->warnings == 1 ? "" : "s", out->checks,
		   out->checks == 1 ? "" : "s", notes.ptr);
	buf_release(&notes);
	free(j.children);
	return ret;
}

void checkpatch_result_release(struct checkpatch_result *res)
{
	buf_release(&res->notes);
	*res = (struct checkpatch_result)CHECKPATCH_RESULT_INIT;
}

void checkpatch_release(struct checkpatch *cp)
{
	if (cp->dir)
		scratch_remove(cp->dir);
	free(cp->dir);
	cp->dir = NULL;
}
