#include "message.h"
#include "error.h"
#include "fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {
	"local", "local+pagefault_disable", "local+preempt_disable", "helper",
};

const char *message_template_dir(void)
{
	static char found[4096];

	return data_dir(found, sizeof(found), "series", "KMAP_LOCAL_SERIES_DIR");
}

static const char *var_value(const struct strvec *vars, const char *name, size_t len)
{
	for (size_t i = 0; i < vars->nr; i++)
		if (!strncmp(vars->v[i], name, len) && vars->v[i][len] == '=')
			return vars->v[i] + len + 1;
	return NULL;
}

static int substitute(struct buf *out, const char *text, const struct strvec *vars,
		      const char *name)
{
	const char *p = text;

	while (*p) {
		const char *start = strstr(p, "${"), *end, *val;

		if (!start) {
			buf_puts(out, p);
			break;
		}
		buf_add(out, p, (size_t)(start - p));
		if (!(end = strchr(start, '}')))
			return error("template '%s': unterminated '${'", name);
		if (!(val = var_value(vars, start + 2, (size_t)(end - start - 2))))
			return error("template '%s': unknown placeholder '%.*s'", name,
				     (int)(end - start + 1), start);
		buf_puts(out, val);
		p = end + 1;
	}
	return 0;
}

/* Drop lines that were only an empty placeholder, and the blank line after. */
static void drop_empty_placeholders(struct buf *out, const char *tmpl, const struct strvec *vars)
{
	struct buf keep = BUF_INIT;
	bool skip_blank = false;

	for (const char *p = tmpl; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);
		const char *val = NULL;

		if (n > 3 && !strncmp(p, "${", 2) && p[n - 1] == '}')
			val = var_value(vars, p + 2, n - 3);
		if (val && !*val) {
			skip_blank = true;
		} else if (!(skip_blank && n == 0)) {
			buf_add(&keep, p, n);
			buf_putc(&keep, '\n');
			skip_blank = false;
		}
		p = *nl ? nl + 1 : nl;
	}
	buf_reset(out);
	buf_add(out, keep.ptr, keep.len);
	buf_release(&keep);
}

static void wrap_line(struct buf *out, const char *line, size_t len, size_t columns)
{
	size_t indent = 0, hang, width = 0;

	if (len && ((line[0] >= '0' && line[0] <= '9') || !strncmp(line, "-:", 2) ||
		    memmem(line, len, "://", 3))) {
		buf_add(out, line, len);	/* range-diff lines and links stay whole */
		return;
	}
	while (indent < len && line[indent] == ' ')
		indent++;
	hang = indent + (len > indent + 1 && !strncmp(line + indent, "- ", 2) ? 2 : 0);
	while (width + len > columns) {
		size_t cut = columns - width;

		while (cut > (width ? 0 : hang) && line[cut] != ' ')
			cut--;
		if (cut <= (width ? 0 : hang))
			break;
		buf_add(out, line, cut);
		buf_printf(out, "\n%*s", (int)hang, "");
		line += cut + 1;
		len -= cut + 1;
		width = hang;
	}
	buf_add(out, line, len);
}

static bool starts_unit(const char *line, size_t len)
{
	return !len || line[0] == '-' || line[0] == ' ' || line[0] == '\t' ||
	       (line[0] >= '0' && line[0] <= '9');
}

/*
 * Join the lines of each template paragraph, so that a long value does not
 * leave a stub line behind; items ("- "), numbered lines, indented lines
 * and lines after a colon stay on their own.
 */
static void reflow(struct buf *out, const char *text)
{
	bool joinable = false;

	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);

		if (joinable && !starts_unit(p, n)) {
			buf_putc(out, ' ');
		} else if (out->len) {
			buf_putc(out, '\n');
		}
		buf_add(out, p, n);
		joinable = n && !starts_unit(p, n) && p[n - 1] != ':';
		p = *nl ? nl + 1 : nl;
	}
}

void message_wrap(struct buf *out, const char *text, size_t columns)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');

		wrap_line(out, p, (size_t)(nl - p), columns);
		if (*nl)
			buf_putc(out, '\n');
		p = *nl ? nl + 1 : nl;
	}
}

int message_render(struct buf *out, const char *dir, const char *name,
		   const struct strvec *vars)
{
	struct buf path = BUF_INIT, tmpl = BUF_INIT, text = BUF_INIT;
	int ret;

	buf_printf(&path, "%s/%s.txt", dir, name);
	if ((ret = buf_read_file(&tmpl, path.ptr)) < 0)
		goto out;
	drop_empty_placeholders(&tmpl, tmpl.ptr, vars);
	if ((ret = substitute(&text, tmpl.ptr, vars, path.ptr)) < 0)
		goto out;
	buf_rtrim(&text);
	buf_reset(&tmpl);
	reflow(&tmpl, text.ptr);
	message_wrap(out, tmpl.ptr, WRAP_COLUMNS);
out:
	buf_release(&path);
	buf_release(&tmpl);
	buf_release(&text);
	return ret;
}

static bool site_is_kind(const struct plan_site *s, const char *kind)
{
	if (!strcmp(kind, "helper"))
		return verdict_kind(s->site->verdict) == VERDICT_HELPER;
	return !strcmp(s->site->verdict, kind);
}

static void join_list(struct buf *out, const struct strvec *v)
{
	for (size_t i = 0; i < v->nr; i++) {
		if (i)
			buf_puts(out, i + 1 == v->nr ? " and " : ", ");
		buf_puts(out, v->v[i]);
	}
}

static void push_call(struct strvec *v, const char *name)
{
	struct buf call = BUF_INIT;

	buf_printf(&call, "%s()", name);
	if (strvec_find(v, call.ptr) < 0)
		strvec_push(v, call.ptr);
	buf_release(&call);
}

/*
 * A site's evidence as the message gives it: without the page expression
 * that "the same expression (...)" quotes, so that sites whose reasons
 * differ only there share one line.
 */
static char *reason_of(const char *ev)
{
	static const char key[] = "the same expression (";
	struct buf out = BUF_INIT;
	const char *p = ev, *at;

	while ((at = strstr(p, key))) {
		const char *close = strchr(at + sizeof(key) - 1, ')');

		if (!close)
			break;
		buf_add(&out, p, (size_t)(at - p) + sizeof(key) - 3);
		p = close + 1;
	}
	buf_puts(&out, p);
	return buf_detach(&out, NULL);
}

static bool site_has_reason(const struct plan_site *s, const char *kind, const char *reason)
{
	char *r;
	bool same;

	if (!site_is_kind(s, kind))
		return false;
	r = reason_of(s->site->evidence);
	same = !strcmp(r, reason);
	free(r);
	return same;
}

/* The functions of the sites of `kind` with `reason`, and their helpers. */
static void group_vars(struct strvec *vars, const struct plan_patch *p, const char *kind,
		       const char *reason)
{
	struct strvec funcs = STRVEC_INIT, helpers = STRVEC_INIT;
	struct buf f = BUF_INIT, h = BUF_INIT;

	for (size_t i = 0; i < p->nr_sites; i++) {
		if (!site_has_reason(&p->sites[i], kind, reason))
			continue;
		push_call(&funcs, p->sites[i].site->function);
		if (!strcmp(kind, "helper"))
			push_call(&helpers, p->sites[i].site->verdict + 7);
	}
	for (size_t i = 0; i < funcs.nr; i++)
		buf_printf(&f, "%s%s", i ? ", " : "", funcs.v[i]);
	join_list(&h, &helpers);
	strvec_clear(vars);
	strvec_pushf(vars, "functions=%s", f.ptr);
	strvec_pushf(vars, "helpers=%s", h.ptr);
	strvec_pushf(vars, "evidence=%s", reason);
	strvec_clear(&funcs);
	strvec_clear(&helpers);
	buf_release(&f);
	buf_release(&h);
}

/* One "- a(), b(): reason" line per kind and distinct evidence, in site order. */
static int reason_lines(struct buf *out, const char *dir, const struct plan_patch *p)
{
	struct strvec seen = STRVEC_INIT, vars = STRVEC_INIT;
	int ret = 0;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && !ret; k++)
		for (size_t i = 0; i < p->nr_sites && !ret; i++) {
			char *reason = reason_of(p->sites[i].site->evidence);
			struct buf key = BUF_INIT;

			buf_printf(&key, "%s\n%s", kinds[k], reason);
			if (site_is_kind(&p->sites[i], kinds[k]) && strvec_find(&seen, key.ptr) < 0) {
				strvec_push(&seen, key.ptr);
				group_vars(&vars, p, kinds[k], reason);
				buf_putc(out, '\n');
				ret = message_render(out, dir, kinds[k], &vars);
			}
			buf_release(&key);
			free(reason);
		}
	strvec_clear(&seen);
	strvec_clear(&vars);
	return ret;
}

static bool has_call(const struct plan_patch *p, const char *prefix, bool exact)
{
	for (size_t i = 0; i < p->nr_sites; i++)
		if (exact ? !strcmp(p->sites[i].call->name, prefix) :
			    !strncmp(p->sites[i].call->name, prefix, strlen(prefix)))
			return true;
	return false;
}

static int add_paragraph(struct buf *out, const char *dir, const char *name,
			 const struct strvec *vars)
{
	buf_puts(out, "\n\n");
	return message_render(out, dir, name, vars);
}

static void intro_vars(struct strvec *vars, const struct plan_patch *p)
{
	bool atomic = has_call(p, "kmap_atomic", false), kmap = has_call(p, "kmap", true);

	strvec_pushf(vars, "calls=%s%s%s", atomic ? "kmap_atomic()" : "",
		     atomic && kmap ? " and " : "", kmap ? "kmap()" : "");
	strvec_pushf(vars, "is=%s", atomic && kmap ? "are" : "is");
	strvec_pushf(vars, "atomic=%s", atomic ? "  kmap_atomic() also disables page faults and,"
		     " on !PREEMPT_RT kernels, preemption." : "");
	strvec_pushf(vars, "kmap=%s", kmap ? "  kmap() takes a global lock and may flush the"
		     " TLB on every CPU." : "");
}

int message_commit(struct buf *out, const char *dir, const struct plan_patch *p,
		   const char *signoff)
{
	struct strvec vars = STRVEC_INIT;
	int ret;

	buf_puts(out, p->subject);
	intro_vars(&vars, p);
	if ((ret = add_paragraph(out, dir, "intro", &vars)) == 0)
		ret = reason_lines(out, dir, p);
	strvec_clear(&vars);
	if (!ret)
		ret = add_paragraph(out, dir, "footer", &vars);
	if (!ret)
		buf_printf(out, "\n\nSigned-off-by: %s\n", signoff);
	return ret;
}
