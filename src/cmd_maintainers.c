#include "cmd.h"
#include "error.h"
#include "maintainers.h"

#include <stdio.h>

static const struct command_help maintainers_help = {
	"kmap-local maintainers [--base REV] [--json] FILE...",
	"Print, per file, the MAINTAINERS sections (most specific first) and the\n"
	"To/Cc a patch touching it goes to, as get_maintainer.pl -f would.",
};

static void print_text(struct buf *out, const char *path, const struct maint_matches *mm,
		       const struct recipients *rc)
{
	buf_quote_path(out, path);
	buf_putc(out, '\n');
	for (size_t i = 0; i < mm->nr; i++)
		buf_printf(out, "  section: %s\n", mm->v[i].section->name);
	for (size_t i = 0; i < rc->to.nr; i++)
		buf_printf(out, "  To: %s\n", rc->to.v[i]);
	for (size_t i = 0; i < rc->cc.nr; i++)
		buf_printf(out, "  Cc: %s\n", rc->cc.v[i]);
}

static void print_json(struct buf *out, const char *path, const struct maint_matches *mm,
		       const struct recipients *rc, bool first)
{
	buf_puts(out, first ? "[\n  {\"path\": " : ",\n  {\"path\": ");
	buf_json_string(out, path);
	buf_puts(out, ", \"sections\": [");
	for (size_t i = 0; i < mm->nr; i++) {
		buf_puts(out, i ? ", {\"name\": " : "{\"name\": ");
		buf_json_string(out, mm->v[i].section->name);
		buf_printf(out, ", \"depth\": %d}", mm->v[i].depth);
	}
	buf_putc(out, ']');
	buf_puts(out, ", \"to\": ");
	buf_json_strings(out, &rc->to);
	buf_puts(out, ", \"cc\": ");
	buf_json_strings(out, &rc->cc);
	buf_putc(out, '}');
}

static int describe_all(struct buf *out, struct repo *r, const struct maintainers *m,
			int argc, const char **argv, bool json)
{
	struct maint_matches mm = { NULL, 0, 0 };
	struct buf path = BUF_INIT;
	int ret = 0;

	for (int i = 0; i < argc && !ret; i++) {
		struct recipients rc = RECIPIENTS_INIT;
		const char *p;

		if ((ret = repo_tree_path(&path, r, argv[i])) < 0)
			break;
		p = path.ptr;
		maintainers_match(&mm, m, p);
		maintainers_recipients(&rc, m, &p, 1);
		if (json)
			print_json(out, p, &mm, &rc, i == 0);
		else
			print_text(out, p, &mm, &rc);
		recipients_release(&rc);
	}
	if (json && !ret)
		buf_puts(out, argc ? "\n]\n" : "[]\n");
	maint_matches_release(&mm);
	buf_release(&path);
	return ret;
}

int cmd_maintainers(int argc, const char **argv)
{
	struct common_opts c;
	bool json = false;
	struct option opts[] = {
		{ OPT_STRING, 'C', NULL, &c.dir, "DIR", "run on the repository in DIR" },
		{ OPT_STRING, 0, "base", &c.base, "REV", "read MAINTAINERS from REV (default: HEAD)" },
		{ OPT_BOOL, 0, "json", &json, NULL, "print the result as JSON" },
		{ OPT_END, 0, NULL, NULL, NULL, NULL },
	};
	struct repo r = REPO_INIT;
	struct maintainers m = MAINTAINERS_INIT;
	struct buf out = BUF_INIT;
	int ret;

	common_opts_init(&c);
	if ((argc = parse_options(argc, argv, opts, &maintainers_help)) < 0)
		return EXIT_USAGE;
	if (!argc) {
		ret = error_usage("name at least one FILE");
		goto out;
	}
	if ((ret = common_setup(&r, &c)) < 0 ||
	    (ret = maintainers_load(&m, r.git, r.base_tree)) < 0 ||
	    (ret = describe_all(&out, &r, &m, argc, argv, json)) < 0)
		goto out;
	ret = write_stdout(&out);
out:
	buf_release(&out);
	maintainers_release(&m);
	repo_release(&r);
	return exit_code(ret);
}
