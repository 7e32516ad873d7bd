#include "rules.h"
#include "slice.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "run_command.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#define CACHE_FORMAT "kmap-local-cache-2"

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

const char *rules_default_dir(void)
{
	static char found[4096];

	return data_dir(found, sizeof(found), "cocci", "KMAP_LOCAL_COCCI_DIR");
}

void rules_spatch_flags(struct strvec *argv)
{
	static const char *const flags[] = {
		"--no-includes", "--include-headers", "--in-place",
		"--no-show-diff", "--parse-error-msg", "--verbose-parsing", "--max-width", "100",
		NULL
	};

	strvec_pushv(argv, flags);
}

#define MACRO_FILE "kernel-macros.h"
#define ISO_FILE "kernel.iso"

/* The absolute name of dir/name when it is readable, else NULL. */
static char *file_in_dir(const char *dir, const char *name)
{
	struct buf path = BUF_INIT;
	char *abs = NULL;

	buf_printf(&path, "%s/%s", dir, name);
	if (!access(path.ptr, R_OK))
		abs = realpath(path.ptr, NULL);
	buf_release(&path);
	return abs;
}

static int list_rule_files(struct rules *r, const char *cocci)
{
	DIR *d;
	struct dirent *de;

	if (access(cocci, R_OK) < 0)
		return error("cannot read semantic patch '%s': %s", cocci, strerror(errno));
	if (!is_dir(cocci)) {
		strvec_push(&r->files, cocci);
		return 0;
	}
	if (!(d = opendir(cocci)))
		return error_errno("cannot read directory '%s'", cocci);
	r->macro_file = file_in_dir(cocci, MACRO_FILE);
	r->iso_file = file_in_dir(cocci, ISO_FILE);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n > 6 && !strcmp(de->d_name + n - 6, ".cocci"))
			strvec_pushf(&r->files, "%s/%s", cocci, de->d_name);
	}
	closedir(d);
	strvec_sort(&r->files);
	if (!r->files.nr)
		return error("no .cocci file in '%s'", cocci);
	return 0;
}

static int version_at_least(const char *v, int major, int minor)
{
	int ma = 0, mi = 0;

	if (sscanf(v, "%d.%d", &ma, &mi) < 1)
		return 0;
	return ma > major || (ma == major && mi >= minor);
}

/* spatch runs in its scratch directory: "./my-spatch" must still name it. */
static char *absolute_program(const char *name)
{
	char *abs;

	if (!strchr(name, '/') || *name == '/' || !(abs = realpath(name, NULL)))
		return xstrdup(name);
	return abs;
}

static int check_spatch(struct rules *r)
{
	struct child c = CHILD_INIT;
	const char *env = getenv("SPATCH");
	const char *v;
	int ret = 0;

	r->spatch = absolute_program(env && *env ? env : "spatch");
	strvec_push(&c.args, r->spatch);
	strvec_push(&c.args, "--version");
	c.timeout_ms = 30000;
	if (!program_exists(r->spatch) || child_run(&c) < 0) {
		ret = error("spatch is needed: install the Debian package 'coccinelle' "
			    "(or run 'make deps')");
		goto out;
	}
	v = strstr(c.out.ptr, "spatch version ");
	if (!v) {
		ret = error("'%s --version' did not print a spatch version", r->spatch);
		goto out;
	}
	r->spatch_version = xstrndup(v + 15, strcspn(v + 15, " \n"));
	if (!version_at_least(r->spatch_version, 1, 1))
		ret = error("spatch %s is too old: kmap-local needs Coccinelle 1.1 or newer",
			    r->spatch_version);
out:
	child_release(&c);
	return ret;
}

static void add_tokens(struct rules *r, const char *query)
{
	const char *p = query;

	while (*p) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		char *tok;

		if (!n) {
			p++;
			continue;
		}
		tok = xstrndup(p, n);
		if (strvec_find(&r->tokens, tok) < 0)
			strvec_push(&r->tokens, tok);
		free(tok);
		p += n;
	}
}

/* The rule file and line an assembled line comes from. */
static const char *source_of(const struct rules *r, unsigned long *line)
{
	size_t i = 0;

	if (!r->starts)
		return r->files.v[0];
	while (i + 1 < r->files.nr && r->starts[i + 1] <= *line)
		i++;
	*line -= r->starts[i] - 1;
	return r->files.v[i];
}

/* "semantic patch 'F' has a syntax error (line N)", F the file of that line. */
static int syntax_error(const struct rules *r, const char *err)
{
	const char *f = strstr(err, "File \"");
	const char *line = f ? strstr(f, "line ") : NULL;
	unsigned long n;

	if (!line || !(n = strtoul(line + 5, NULL, 10)))
		return error("semantic patch '%s' has a syntax error (spatch could not parse it)",
			     r->files.v[0]);
	f = source_of(r, &n);
	return error("semantic patch '%s' has a syntax error (line %lu)", f, n);
}

/*
 * A rule file may name its candidate tokens itself, in a comment line
 * "// Tokens: kmap kmap_atomic": a file needs one of them to be worth
 * running on.  spatch's own query ORs the tokens of every rule, context
 * rules included, which would make nearly every kernel file a candidate.
 */
static bool declared_tokens(struct rules *r, const char *file)
{
	struct buf text = BUF_INIT;
	const char *p;
	bool found = false;

	if (buf_read_file(&text, file) < 0)
		return false;
	for (p = text.ptr; (p = strstr(p, "// Tokens:")); p++) {
		if (p != text.ptr && p[-1] != '\n')
			continue;
		{
			char *line = xstrndup(p + 10, strcspn(p + 10, "\n"));

			add_tokens(r, line);
			free(line);
		}
		found = true;
	}
	buf_release(&text);
	return found;
}

/* Returns 1 when the file has no grep query (every file is a candidate). */
static int parse_rule_file(struct rules *r, const char *file)
{
	struct child c = CHILD_INIT;
	const char *q;
	int ret = 0;

	strvec_push(&c.args, r->spatch);
	if (r->iso_file) {
		strvec_push(&c.args, "--iso-file");
		strvec_push(&c.args, r->iso_file);
	}
	strvec_push(&c.args, "--parse-cocci");
	strvec_push(&c.args, file);
	c.timeout_ms = 60000;
	c.out.cap = c.err.cap = 4 << 20;
	if ((ret = child_run(&c)) < 0)
		goto out;
	if (!child_succeeded(&c)) {
		ret = syntax_error(r, c.err.ptr);
		goto out;
	}
	if (declared_tokens(r, file))
		goto out;
	q = strstr(c.out.ptr, "\nGrep query\n");
	if (!q) {
		ret = 1;
		goto out;
	}
	q += strlen("\nGrep query\n");
	{
		char *line = xstrndup(q, strcspn(q, "\n"));

		add_tokens(r, line);
		free(line);
	}
out:
	child_release(&c);
	return ret;
}

static int hash_rules(struct rules *r)
{
	struct buf all = BUF_INIT;
	struct strvec flags = STRVEC_INIT;
	git_oid oid;
	int ret = 0;

	buf_printf(&all, "%s\nspatch %s\n", CACHE_FORMAT, r->spatch_version);
	rules_spatch_flags(&flags);
	for (size_t i = 0; i < flags.nr; i++)
		buf_printf(&all, "%s\n", flags.v[i]);
	/* a sliced file's unparsed parts are only those of the functions kept */
	if (slice_enabled())
		buf_printf(&all, "slice %d\n", SLICE_VERSION);
	for (size_t i = 0; i < r->files.nr && !ret; i++) {
		buf_printf(&all, "file %zu\n", i);
		ret = buf_read_file(&all, r->files.v[i]);
	}
	if (!ret && r->macro_file) {
		buf_puts(&all, "macros\n");
		ret = buf_read_file(&all, r->macro_file);
	}
	if (!ret && r->iso_file) {
		buf_puts(&all, "isomorphisms\n");
		ret = buf_read_file(&all, r->iso_file);
	}
	if (!ret && git_odb_hash(&oid, all.ptr, all.len, GIT_OBJECT_BLOB) < 0)
		ret = error_git("cannot hash the semantic patches");
	if (!ret)
		git_oid_tostr(r->hash, sizeof(r->hash), &oid);
	strvec_clear(&flags);
	buf_release(&all);
	return ret;
}

int rules_load(struct rules *r, const char *cocci)
{
	int ret;

	if (!cocci && !(cocci = rules_default_dir()))
		return error("cannot find the bundled cocci/ directory; use --cocci FILE|DIR");
	if ((ret = list_rule_files(r, cocci)) < 0 || (ret = check_spatch(r)) < 0)
		return ret;
	return hash_rules(r);
}

#define MEMO_MAGIC "kmap-local-tokens-1\n"

static bool read_memo(struct rules *r, const char *memo)
{
	struct buf b = BUF_INIT;
	bool ok = false;

	if (!access(memo, R_OK) && !buf_read_file(&b, memo) && buf_starts_with(&b, MEMO_MAGIC)) {
		const char *p = b.ptr + strlen(MEMO_MAGIC);

		if (strcmp(p, "*\n"))
			add_tokens(r, p);
		ok = true;
	}
	buf_release(&b);
	return ok;
}

static int write_memo(const struct rules *r, const char *memo)
{
	struct buf b = BUF_INIT;
	int ret;

	buf_puts(&b, MEMO_MAGIC);
	if (!r->tokens.nr)
		buf_puts(&b, "*\n");
	for (size_t i = 0; i < r->tokens.nr; i++)
		buf_printf(&b, "%s\n", r->tokens.v[i]);
	ret = buf_write_file_atomic(&b, memo);
	buf_release(&b);
	return ret;
}

int rules_analyse(struct rules *r, const char *memo)
{
	bool every_file = false;
	int ret;

	if (memo && read_memo(r, memo))
		return 0;
	if ((ret = parse_rule_file(r, r->sp_file)) < 0)
		return ret;
	every_file = ret == 1;
	if (every_file)
		strvec_clear(&r->tokens);
	strvec_sort(&r->tokens);
	return memo ? write_memo(r, memo) : 0;
}

/* Does `path` already hold exactly `b`?  (Then it need not be written.) */
static bool same_content(const char *path, const struct buf *b)
{
	struct buf have = BUF_INIT;
	bool same = !access(path, R_OK) && !buf_read_file(&have, path) &&
		    have.len == b->len && !memcmp(have.ptr, b->ptr, b->len);

	buf_release(&have);
	return same;
}

int rules_assemble(struct rules *r, const char *dir)
{
	struct buf all = BUF_INIT, path = BUF_INIT;
	size_t line = 1;
	int ret = 0;

	if (r->files.nr == 1) {
		r->sp_file = xstrdup(r->files.v[0]);
		return 0;
	}
	r->starts = xcalloc(r->files.nr, sizeof(*r->starts));
	for (size_t i = 0; i < r->files.nr && !ret; i++) {
		size_t before = all.len;

		r->starts[i] = line;
		if ((ret = buf_read_file(&all, r->files.v[i])) < 0)
			break;
		if (all.len > before && all.ptr[all.len - 1] != '\n')
			buf_putc(&all, '\n');
		for (size_t k = before; k < all.len; k++)
			line += all.ptr[k] == '\n';
	}
	buf_printf(&path, "%s/rules.cocci", dir);
	if (!ret && !same_content(path.ptr, &all))
		ret = buf_write_file_atomic(&all, path.ptr);
	if (!ret)
		r->sp_file = buf_detach(&path, NULL);
	buf_release(&all);
	buf_release(&path);
	return ret;
}

void rules_release(struct rules *r)
{
	free(r->sp_file);
	free(r->starts);
	strvec_clear(&r->files);
	strvec_clear(&r->tokens);
	free(r->macro_file);
	free(r->iso_file);
	free(r->spatch);
	free(r->spatch_version);
}
