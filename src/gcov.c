/*
 * Function counts from gcov, for the converted functions ftrace cannot
 * see: static helpers gcc inlined, and lib/, which 6.1 builds without
 * ftrace.  gcc instruments a function before its IPA inliner runs, so an
 * inlined function keeps counters of its own (the converted objects are
 * built with -fno-early-inlining, so that small helpers do too).
 *
 * The guest prints each profiled object's .gcda (console.c keeps them);
 * here each is written beside a copy of the object's .gcno, kept from
 * the build, and read with the host's gcov --json-format --stdout.
 */
#include "gcov.h"
#include "error.h"
#include "fs.h"
#include "run_command.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GUEST_GCOV "/sys/kernel/debug/gcov"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * "GCOV_PROFILE_dir.o=$(if $(filter fs/ext2 fs/minix,$(obj)),y)" for the
 * objects of that name.  kbuild keys the variable by the file's name alone,
 * and it comes before the directory's own GCOV_PROFILE, so a plain "=y"
 * would profile every dir.o of the tree, even where the directory turns
 * gcov off: a drivers/crypto/caam/error.o profiled the x86 decompressor's
 * error.o too, which then failed to link.  A variable set on make's
 * command line is expanded where it is used, in each directory's make,
 * with $(obj) that directory.
 */
static void add_profile_arg(struct strvec *out, const struct strvec *objects, const char *base)
{
	struct buf arg = BUF_INIT;
	const char *sep = "";

	buf_printf(&arg, "GCOV_PROFILE_%s=$(if $(filter ", base);
	for (size_t i = 0; i < objects->nr; i++) {
		const char *o = objects->v[i], *b = base_name(o);

		if (strcmp(b, base))
			continue;
		buf_printf(&arg, "%s%.*s", sep, (int)(b > o ? b - o - 1 : 1), b > o ? o : ".");
		sep = " ";
	}
	buf_puts(&arg, ",$(obj)),y)");
	strvec_push(out, arg.ptr);
	buf_release(&arg);
}

void gcov_make_args(struct strvec *out, const struct strvec *objects)
{
	struct strvec seen = STRVEC_INIT;

	if (!objects->nr)
		return;
	strvec_push(out, "CFLAGS_GCOV=" GCOV_CFLAGS);
	for (size_t i = 0; i < objects->nr; i++) {
		const char *base = base_name(objects->v[i]);

		if (strvec_find(&seen, base) >= 0)
			continue;
		strvec_push(&seen, base);
		add_profile_arg(out, objects, base);
	}
	strvec_clear(&seen);
}

void gcov_guest_path(struct buf *out, const char *builddir, const char *object)
{
	buf_printf(out, GUEST_GCOV "%s/%.*s.gcda", builddir, (int)strlen(object) - 2, object);
}

/* "fs/ext2/dir.o" from the guest's path, or NULL if it is not one of ours. */
static char *object_of(const char *path, const char *builddir)
{
	size_t n = strlen(GUEST_GCOV), d = strlen(builddir), len;
	const char *rel = path + n + d + 1;
	struct buf out = BUF_INIT;

	if (strncmp(path, GUEST_GCOV, n) || strncmp(path + n, builddir, d) || path[n + d] != '/')
		return NULL;
	len = strlen(rel);
	if (len < 6 || strcmp(rel + len - 5, ".gcda") || strstr(rel, "..") || *rel == '/')
		return NULL;
	buf_printf(&out, "%.*s.o", (int)len - 5, rel);
	return buf_detach(&out, NULL);
}

/* The value of the number field `key` between p and end, or -1. */
static long json_number(const char *p, const char *end, const char *key)
{
	const char *k = memmem(p, (size_t)(end - p), key, strlen(key));

	return k ? strtol(k + strlen(key), NULL, 10) : -1;
}

/*
 * The "functions" array of gcov's JSON: flat objects, each holding
 * "name": "ident" and "execution_count": N.
 */
void gcov_parse_json(struct boot *b, const char *object, const char *json)
{
	const char *p = strstr(json, "\"functions\": ["), *close;

	if (!p || !(close = strchr(p, ']')))
		return;
	for (const char *end; (p = memchr(p, '{', (size_t)(close - p))) &&
	     (end = memchr(p, '}', (size_t)(close - p))); p = end) {
		const char *name = memmem(p, (size_t)(end - p), "\"name\": \"", 9);
		long count = json_number(p, end, "\"execution_count\": ");
		size_t n = name ? strcspn(name + 9, "\"") : 0;

		if (name && count >= 0 && name + 9 + n < end) {
			char *fn = xstrndup(name + 9, n);

			boot_add_gcov(b, object, fn, (unsigned long)count);
			free(fn);
		}
	}
}

/* Write the .gcda beside the kept .gcno in <scratch>/gcov-<i>/, then gcov. */
static int read_one(struct boot *b, const struct gcda *g, const char *object, const char *gcno_dir,
		    const char *scratch, size_t i)
{
	struct buf dir = BUF_INIT, path = BUF_INIT, gcno = BUF_INIT;
	struct child c = CHILD_INIT;
	const char *slash = strrchr(object, '/');
	const char *name = slash ? slash + 1 : object;
	int ret = 0;

	buf_printf(&dir, "%s/gcov-%zu", scratch, i);
	buf_printf(&path, "%s/%.*s.gcno", gcno_dir, (int)strlen(object) - 2, object);
	if (access(path.ptr, R_OK))	/* not built with gcov: nothing to read */
		goto out;
	if ((ret = mkdir_p(dir.ptr)) < 0 || (ret = buf_read_file(&gcno, path.ptr)) < 0)
		goto out;
	buf_reset(&path);
	buf_printf(&path, "%s/%.*s.gcno", dir.ptr, (int)strlen(name) - 2, name);
	if ((ret = buf_write_file_atomic(&gcno, path.ptr)) < 0)
		goto out;
	buf_reset(&path);
	buf_printf(&path, "%s/%.*s.gcda", dir.ptr, (int)strlen(name) - 2, name);
	if ((ret = buf_write_file_atomic(&g->data, path.ptr)) < 0)
		goto out;
	strvec_pushv(&c.args, (const char *const[]){ "gcov", "--json-format", "--stdout", "-o",
		     dir.ptr, path.ptr, NULL });
	c.dir = dir.ptr;
	c.out.cap = 16 << 20;
	c.err.cap = 1 << 20;
	if ((ret = child_run(&c)) == 0 && child_succeeded(&c))
		gcov_parse_json(b, object, c.out.ptr);
	else if (!ret)
		warning("gcov could not read the counters of '%s': %.*s", object,
			(int)strcspn(c.err.ptr, "\n"), c.err.ptr);
out:
	child_release(&c);
	buf_release(&dir);
	buf_release(&path);
	buf_release(&gcno);
	return ret;
}

int gcov_read(struct boot *b, const char *builddir, const char *gcno_dir, const char *scratch)
{
	int ret = 0;

	for (size_t i = 0; i < b->nr_gcda && !ret; i++) {
		const struct gcda *g = &b->gcda[i];
		char *object = object_of(g->path, builddir);

		if (object && g->data.len == g->want)
			ret = read_one(b, g, object, gcno_dir, scratch, i);
		free(object);
	}
	return ret;
}

/* Keep the .gcno of each profiled object that has one, beside the image. */
int gcov_keep_notes(const char *builddir, const struct strvec *objects, const char *gcno_dir)
{
	struct buf from = BUF_INIT, to = BUF_INIT, data = BUF_INIT;
	char *dir;
	int ret = 0;

	for (size_t i = 0; i < objects->nr && !ret; i++) {
		const char *o = objects->v[i];

		buf_reset(&from);
		buf_reset(&to);
		buf_printf(&from, "%s/%.*s.gcno", builddir, (int)strlen(o) - 2, o);
		buf_printf(&to, "%s/%.*s.gcno", gcno_dir, (int)strlen(o) - 2, o);
		if (access(from.ptr, R_OK))
			continue;
		dir = xstrndup(to.ptr, (size_t)(strrchr(to.ptr, '/') - to.ptr));
		if ((ret = mkdir_p(dir)) == 0 && (ret = buf_read_file(&data, from.ptr)) == 0)
			ret = buf_write_file_atomic(&data, to.ptr);
		free(dir);
		buf_reset(&data);
	}
	buf_release(&from);
	buf_release(&to);
	buf_release(&data);
	return ret;
}
