#include "arches.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "kconfig_solve.h"
#include "run_command.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *next_word(char **p)
{
	char *start;

	while (**p && isspace((unsigned char)**p))
		(*p)++;
	if (!**p)
		return NULL;
	start = *p;
	while (**p && !isspace((unsigned char)**p))
		(*p)++;
	if (**p)
		*(*p)++ = '\0';
	return start;
}

static int parse_line(struct arch_table *t, char *line, unsigned nr)
{
	char *w[5], *s;
	struct arch *a;

	for (int i = 0; i < 5; i++)
		if (!(w[i] = next_word(&line)))
			return error("%s:%u: expected NAME ARCH CONFIG TOOLCHAIN DEFAULT", t->file, nr);
	if (strcmp(w[4], "yes") && strcmp(w[4], "no") && strcmp(w[4], "auto"))
		return error("%s:%u: DEFAULT is 'yes', 'auto' or 'no', not '%s'", t->file, nr, w[4]);
	if (!strcmp(w[0], "auto"))
		return error("%s:%u: 'auto' is --arch auto, not a name for an arch", t->file, nr);
	ALLOC_GROW(t->v, t->nr, t->alloc);
	a = &t->v[t->nr++];
	*a = (struct arch){ xstrdup(w[0]), xstrdup(w[1]), xstrdup(w[2]), xstrdup(w[3]),
			    !strcmp(w[4], "yes"), strcmp(w[4], "no") != 0, STRVEC_INIT };
	while ((s = next_word(&line))) {
		if (!strchr(s, '='))
			return error("%s:%u: setting '%s' is not SYMBOL=y|m|n", t->file, nr, s);
		strvec_push(&a->settings, s);
	}
	return 0;
}

static int parse_table(struct arch_table *t, char *text)
{
	unsigned nr = 0;
	int ret = 0;

	for (char *line = text, *nl; line && !ret; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		nr++;
		if (*line && *line != '#' && strspn(line, " \t") != strlen(line))
			ret = parse_line(t, line, nr);
	}
	return ret;
}

static char *table_path(const char *file)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT;
	char found[4096];
	const char *dir;

	if (file)
		return xstrdup(file);
	if (xdg && *xdg)
		buf_printf(&b, "%s/kmap-local/arches.conf", xdg);
	else if (home && *home)
		buf_printf(&b, "%s/.config/kmap-local/arches.conf", home);
	if (b.len && !access(b.ptr, R_OK))
		return buf_detach(&b, NULL);
	buf_reset(&b);
	if ((dir = data_dir(found, sizeof(found), "kbuild", "KMAP_LOCAL_KBUILD_DIR")))
		buf_printf(&b, "%s/arches.conf", dir);
	return b.len ? buf_detach(&b, NULL) : NULL;
}

int arch_table_load(struct arch_table *t, const char *file)
{
	struct buf text = BUF_INIT;
	int ret;

	if (!(t->file = table_path(file)))
		return error("cannot find the architecture table (kbuild/arches.conf); use --arches FILE");
	if ((ret = buf_read_file(&text, t->file)) == 0)
		ret = parse_table(t, text.ptr);
	buf_release(&text);
	return ret;
}

static struct arch *find_arch(struct arch_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr; i++)
		if (!strcmp(t->v[i].name, name))
			return &t->v[i];
	return NULL;
}

static int add_selected(struct arch **out, size_t *nr, struct arch_table *t, const char *name)
{
	struct arch *a = find_arch(t, name);
	struct buf names = BUF_INIT;

	for (size_t i = 0; a && i < *nr; i++)
		if (out[i] == a)
			return error_usage("architecture '%s' is named twice in --arch", name);
	if (a) {
		out[(*nr)++] = a;
		return 0;
	}
	for (size_t i = 0; i < t->nr; i++)
		buf_printf(&names, "%s%s", i ? ", " : "", t->v[i].name);
	error("unknown architecture '%s' (%s has: %s)", name, t->file, names.ptr);
	buf_release(&names);
	return E_USAGE;
}

int arch_table_select(struct arch **out, size_t *nr, bool *automatic, struct arch_table *t,
		      const char *list, const char *toolchain)
{
	int ret = 0;

	*nr = 0;
	if (toolchain && strcmp(toolchain, "llvm") && strcmp(toolchain, "gcc"))
		return error_usage("--toolchain is 'llvm' or 'gcc', not '%s'", toolchain);
	*automatic = !list || !strcmp(list, "auto");
	if (*automatic) {
		for (size_t i = 0; i < t->nr; i++)
			if (t->v[i].by_default)
				out[(*nr)++] = &t->v[i];
	} else {
		char *copy = xstrdup(list), *p = copy, *name;

		while (!ret && (name = strsep(&p, ",")))
			if (*name)
				ret = add_selected(out, nr, t, name);
		free(copy);
	}
	/* Under auto, every arch the run may add takes the toolchain too. */
	for (size_t i = 0; i < (*automatic ? t->nr : *nr) && toolchain && !ret; i++) {
		struct arch *a = *automatic ? &t->v[i] : out[i];

		if (strcmp(a->toolchain, "none")) {
			free(a->toolchain);
			a->toolchain = xstrdup(toolchain);
		}
	}
	if (!ret && !*nr)
		ret = error_usage("no architecture to build (check --arch or %s)", t->file);
	return ret;
}

const char *arch_srcarch(const struct arch *a)
{
	return kconfig_srcarch(a->arch);
}

struct arch *arch_table_candidate(struct arch_table *t, const char *srcarch,
				  const struct arch *after)
{
	size_t i = after ? (size_t)(after - t->v) + 1 : 0;

	for (; i < t->nr; i++)
		if (t->v[i].candidate && !strcmp(arch_srcarch(&t->v[i]), srcarch))
			return &t->v[i];
	return NULL;
}

static bool need(struct buf *why, const char *program, const char *package, const struct arch *a)
{
	if (program_exists(program))
		return false;
	buf_printf(why, "arch '%s' needs '%s': install the Debian package %s", a->name, program,
		   package);
	return true;
}

bool arch_toolchain_missing(struct buf *why, const struct arch *a, const char *cc_wrapper)
{
	struct buf prog = BUF_INIT, pkg = BUF_INIT;
	bool missing;

	if (cc_wrapper && need(why, cc_wrapper, cc_wrapper, a))
		return true;
	if (!strcmp(a->toolchain, "none")) {
		buf_printf(why, "arch '%s': Debian has no cross compiler for ARCH=%s", a->name,
			   a->arch);
		return true;
	}
	if (!strcmp(a->toolchain, "llvm"))
		return need(why, "clang", "clang", a) || need(why, "ld.lld", "lld", a) ||
		       need(why, "llvm-ar", "llvm", a);
	if (!strcmp(a->toolchain, "gcc"))
		return need(why, "gcc", "gcc", a);
	buf_printf(&prog, "%sgcc", a->toolchain);
	buf_printf(&pkg, "gcc-%s", a->toolchain);
	buf_rtrim(&pkg);
	if (pkg.len && pkg.ptr[pkg.len - 1] == '-')
		buf_truncate(&pkg, pkg.len - 1);
	missing = need(why, prog.ptr, pkg.ptr, a);
	buf_release(&prog);
	buf_release(&pkg);
	return missing;
}

int arch_toolchain_check(const struct arch *a, const char *cc_wrapper)
{
	struct buf why = BUF_INIT;
	int ret = 0;

	if (arch_toolchain_missing(&why, a, cc_wrapper))
		ret = error("%s", why.ptr);
	buf_release(&why);
	return ret;
}

void arch_make_args(struct strvec *argv, const struct arch *a, const char *cc_wrapper)
{
	bool llvm = !strcmp(a->toolchain, "llvm"), gcc = !strcmp(a->toolchain, "gcc");

	strvec_pushf(argv, "ARCH=%s", a->arch);
	if (llvm)
		strvec_push(argv, "LLVM=1");
	else if (!gcc)
		strvec_pushf(argv, "CROSS_COMPILE=%s", a->toolchain);
	if (cc_wrapper)
		strvec_pushf(argv, "CC=%s %s%s", cc_wrapper, llvm || gcc ? "" : a->toolchain,
			     llvm ? "clang" : "gcc");
}

void arch_table_release(struct arch_table *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		free(t->v[i].name);
		free(t->v[i].arch);
		free(t->v[i].config);
		free(t->v[i].toolchain);
		strvec_clear(&t->v[i].settings);
	}
	free(t->v);
	free(t->file);
	*t = (struct arch_table)ARCH_TABLE_INIT;
}
