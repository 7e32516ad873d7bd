/* The images, notes and records a verify build dir keeps (verify_cache.h). */
#include "verify_cache.h"
#include "error.h"
#include "fs.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void hash12(struct buf *out, const struct buf *text)
{
	git_oid id;

	git_odb_hash(&id, text->ptr, text->len, GIT_OBJECT_BLOB);
	buf_printf(out, "%.12s", git_oid_tostr_s(&id));
}

void verify_build_id(struct buf *out, const char *config, const struct strvec *make_args)
{
	struct buf text = BUF_INIT;

	buf_puts(&text, config);
	for (size_t i = 0; i < make_args->nr; i++)
		buf_printf(&text, "%s\n", make_args->v[i]);
	hash12(out, &text);
	buf_release(&text);
}

void verify_image_path(struct buf *out, const char *builddir, const git_oid *tree,
		       const char *build_id)
{
	buf_printf(out, "%s/kmap-local-verify/%s-%s.bzImage", builddir, git_oid_tostr_s(tree),
		   build_id);
}

char *verify_notes_dir(const char *image)
{
	struct buf out = BUF_INIT;

	buf_printf(&out, "%.*s.gcno", (int)(strlen(image) - strlen(".bzImage")), image);
	return buf_detach(&out, NULL);
}

void verify_record_path(struct buf *out, const char *builddir, const git_oid *base,
			const struct strvec *fragment, const struct strvec *make_args)
{
	struct buf text = BUF_INIT;

	for (size_t i = 0; i < fragment->nr; i++)
		buf_printf(&text, "%s\n", fragment->v[i]);
	for (size_t i = 0; i < make_args->nr; i++)
		buf_printf(&text, "%s\n", make_args->v[i]);
	buf_printf(out, "%s/kmap-local-verify/%s-", builddir, git_oid_tostr_s(base));
	hash12(out, &text);
	buf_puts(out, ".config");
	buf_release(&text);
}

int verify_record_write(const char *path, const char *build_id, const struct strvec *refused)
{
	struct buf text = BUF_INIT;
	char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	int ret;

	buf_printf(&text, "config %s\n", build_id);
	for (size_t i = 0; i < refused->nr; i++) {
		buf_puts(&text, "refused ");
		for (const char *p = refused->v[i]; *p; p++)
			buf_putc(&text, *p == '\n' ? ' ' : *p);
		buf_putc(&text, '\n');
	}
	if ((ret = mkdir_p(dir)) == 0)
		ret = buf_write_file_atomic(&text, path);
	free(dir);
	buf_release(&text);
	return ret;
}

bool verify_record_read(struct buf *build_id, struct strvec *refused, const char *path)
{
	struct buf text = BUF_INIT;
	bool ok = !access(path, R_OK) && !buf_read_file(&text, path) &&
		  !strncmp(text.ptr, "config ", 7);

	for (const char *p = text.ptr; ok && *p;) {
		const char *nl = strchrnul(p, '\n');

		if (!strncmp(p, "config ", 7))
			buf_add(build_id, p + 7, (size_t)(nl - p - 7));
		else if (!strncmp(p, "refused ", 8))
			strvec_pushf(refused, "%.*s", (int)(nl - p - 8), p + 8);
		p = *nl ? nl + 1 : nl;
	}
	ok = ok && build_id->len && strspn(build_id->ptr, "0123456789abcdef") == build_id->len;
	buf_release(&text);
	return ok;
}
