/*
 * Why kconfig refused a symbol: the symbols its entry depends on (its
 * "depends on" lines, the "if" blocks around it, and the "if" blocks
 * around the "source" line that reads its file) that are off in .config.
 * A reading of the Kconfig text, not a Kconfig evaluator: "select",
 * "choice" and expressions beyond symbol names are not followed.
 */
#include "kconfig.h"
#include "error.h"

#include <ctype.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>

struct why {
	const char *symbol;
	struct strvec conds;	/* dependency expressions found */
	char *def_file;		/* where the symbol is defined */
};

static const char *walk_src;
static struct strvec *walk_names;

static int collect(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	const char *base = path + f->base;

	(void)st;
	if (flag == FTW_F && !strncmp(base, "Kconfig", 7) &&
	    !strncmp(path, walk_src, strlen(walk_src)))
		strvec_push(walk_names, path + strlen(walk_src) + 1);
	return 0;
}

void kconfig_files_load(struct kconfig_files *out, const char *src)
{
	struct buf path = BUF_INIT, text = BUF_INIT;

	walk_src = src;
	walk_names = &out->names;
	nftw(src, collect, 32, FTW_PHYS);
	walk_src = NULL;
	walk_names = NULL;
	for (size_t i = 0; i < out->names.nr; i++) {
		buf_reset(&path);
		buf_reset(&text);
		buf_printf(&path, "%s/%s", src, out->names.v[i]);
		if (buf_read_file(&text, path.ptr) < 0)
			buf_reset(&text);	/* unreadable: as if empty */
		strvec_push(&out->texts, text.ptr);
	}
	buf_release(&path);
	buf_release(&text);
}

void kconfig_files_release(struct kconfig_files *k)
{
	strvec_clear(&k->names);
	strvec_clear(&k->texts);
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool is_keyword(const char *l, const char *kw)
{
	size_t n = strlen(kw);

	return !strncmp(l, kw, n) && (l[n] == ' ' || l[n] == '\t' || l[n] == '\0');
}

/* Open "if" conditions at each line of a file's text, as a stack. */
static void scan_file(struct why *w, const char *file, const char *text)
{
	struct strvec ifs = STRVEC_INIT;
	bool in_entry = false;

	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n'), *l = skip_ws(p);
		char *line = xstrndup(l, (size_t)(nl - l));

		if (is_keyword(line, "if")) {
			strvec_push(&ifs, skip_ws(line + 2));
		} else if (is_keyword(line, "endif") && ifs.nr) {
			free(ifs.v[--ifs.nr]);
			ifs.v[ifs.nr] = NULL;
		} else if ((is_keyword(line, "config") || is_keyword(line, "menuconfig"))) {
			in_entry = !strcmp(skip_ws(line + strcspn(line, " \t")), w->symbol);
			if (in_entry) {
				free(w->def_file);
				w->def_file = xstrdup(file);
				for (size_t i = 0; i < ifs.nr; i++)
					strvec_push(&w->conds, ifs.v[i]);
			}
		} else if (in_entry && is_keyword(line, "depends") && !strncmp(line, "depends on", 10)) {
			strvec_push(&w->conds, skip_ws(line + 10));
		} else if (p == l && *line && !is_keyword(line, "help")) {
			in_entry = in_entry && *line == '#';
		}
		free(line);
		p = *nl ? nl + 1 : nl;
	}
	strvec_clear(&ifs);
}

/* The "if" blocks around the line that sources `file`. */
static void scan_source(struct why *w, const char *text, const char *file)
{
	struct strvec ifs = STRVEC_INIT;

	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n'), *l = skip_ws(p);
		char *line = xstrndup(l, (size_t)(nl - l));

		if (is_keyword(line, "if"))
			strvec_push(&ifs, skip_ws(line + 2));
		else if (is_keyword(line, "endif") && ifs.nr) {
			free(ifs.v[--ifs.nr]);
			ifs.v[ifs.nr] = NULL;
		} else if (is_keyword(line, "source") && strstr(line, file))
			for (size_t i = 0; i < ifs.nr; i++)
				strvec_push(&w->conds, ifs.v[i]);
		free(line);
		p = *nl ? nl + 1 : nl;
	}
	strvec_clear(&ifs);
}

/* The symbol names of the conditions that .config has off. */
static void off_symbols(struct buf *out, const struct strvec *conds, const char *config)
{
	struct strvec seen = STRVEC_INIT;

	for (size_t i = 0; i < conds->nr; i++) {
		for (const char *p = conds->v[i]; *p;) {
			char prev = p == conds->v[i] ? ' ' : p[-1];
			size_t n = 0;

			while (isupper((unsigned char)p[n]) || isdigit((unsigned char)p[n]) || p[n] == '_')
				n++;
			if (n && !isalnum((unsigned char)prev) && prev != '_' && prev != '!' &&
			    !isdigit((unsigned char)*p)) {
				char *sym = xstrndup(p, n);

				if (kconfig_get(config, sym) == 'n' && strvec_find(&seen, sym) < 0) {
					strvec_push(&seen, sym);
					buf_printf(out, "%s%s", out->len ? ", " : "", sym);
				}
				free(sym);
			}
			p += n ? n : 1;
		}
	}
	strvec_clear(&seen);
}

void kconfig_why(struct buf *out, const struct kconfig_files *k, const char *config,
		 const char *symbol)
{
	struct why w = { symbol, STRVEC_INIT, NULL };
	struct buf off = BUF_INIT;

	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < k->names.nr; i++) {
			const char *text = k->texts.v[i];

			if (pass == 0)
				scan_file(&w, k->names.v[i], text);
			else if (w.def_file && strstr(text, w.def_file))
				scan_source(&w, text, w.def_file);
		}
		if (!w.def_file)
			break;
	}
	if (!w.def_file) {
		buf_printf(out, "no Kconfig file defines %s", symbol);
	} else {
		off_symbols(&off, &w.conds, config);
		buf_printf(out, "%s: ", w.def_file);
		if (off.len)
			buf_printf(out, "needs %s, which %s off", off.ptr,
				   strchr(off.ptr, ',') ? "are" : "is");
		else
			buf_puts(out, "its dependencies are on: a choice, a select or an expression");
	}
	free(w.def_file);
	strvec_clear(&w.conds);
	buf_release(&off);
}
