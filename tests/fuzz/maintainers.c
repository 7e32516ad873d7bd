/*
 * Fuzz target: MAINTAINERS and .mailmap parsing, matching and recipients
 * (src/maintainers.h), as `kmap-local maintainers` and `series` use them.
 * Input:
 *
 *	MAINTAINERS text
 *	@@mailmap		(a line)
 *	.mailmap text
 *	@@paths
 *	one path per line (at most 32; none: a few fixed ones)
 *
 * Matches must come deepest first, and no recipient may span lines.
 */
#include "fuzz.h"
#include "maintainers.h"

static const char *const default_paths[] = { "fs/minifs/dir.c", "drivers/md/raid-mini.c",
	"include/linux/types.h", "MAINTAINERS", "lib/a-mini.c" };

static void check_matches(const struct maint_matches *mm)
{
	for (size_t i = 1; i < mm->nr; i++)
		FUZZ_CHECK(mm->v[i - 1].depth >= mm->v[i].depth);
	for (size_t i = 0; i < mm->nr; i++)
		maint_section_tree(mm->v[i].section);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct maintainers m = MAINTAINERS_INIT;
	struct maint_matches mm = { NULL, 0, 0 };
	struct recipients rc = RECIPIENTS_INIT;
	struct fuzz_part text, mailmap, paths;
	struct buf addr = BUF_INIT;
	const char *v[32];
	char *list, *save = NULL;
	size_t nr = 0;

	fuzz_cut(&text, &data, &size, "\n@@mailmap\n");
	fuzz_cut(&mailmap, &data, &size, "\n@@paths\n");
	paths = (struct fuzz_part){ (const char *)data, size };

	FUZZ_CHECK(maintainers_parse(&m, text.ptr, text.len, NULL) == 0);
	maintainers_parse_mailmap(&m, mailmap.ptr, mailmap.len);

	list = fuzz_str(&paths);
	for (char *p = strtok_r(list, "\n", &save); p && nr < 32; p = strtok_r(NULL, "\n", &save))
		v[nr++] = p;
	for (size_t i = 0; !nr && i < sizeof(default_paths) / sizeof(*default_paths); i++)
		v[i] = default_paths[i];
	if (!nr)
		nr = sizeof(default_paths) / sizeof(*default_paths);

	for (size_t i = 0; i < nr; i++) {
		maintainers_match(&mm, &m, v[i]);
		check_matches(&mm);
	}
	maintainers_recipients(&rc, &m, v, nr);
	for (size_t i = 0; i < rc.to.nr; i++) {
		recipient_address(&addr, rc.to.v[i]);
		FUZZ_CHECK(!strchr(rc.to.v[i], '\n'));
	}
	for (size_t i = 0; i < rc.cc.nr; i++)
		FUZZ_CHECK(strchr(rc.cc.v[i], '@') && !strchr(rc.cc.v[i], '\n'));

	buf_release(&addr);
	free(list);
	recipients_release(&rc);
	maint_matches_release(&mm);
	maintainers_release(&m);
	return 0;
}
