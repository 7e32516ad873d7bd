#!/bin/sh
# diff: the dry-run diff, --stat, color and the pager.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_mini_repo repo &&
	before=$(repo_snapshot repo)
'

test_expect_success 'diff shows the converted file like git diff' '
	cat >expect <<-\EOF &&
	diff --git a/fs/minifs/dir.c b/fs/minifs/dir.c
	index 66b784d..a9ef6a9 100644
	--- a/fs/minifs/dir.c
	+++ b/fs/minifs/dir.c
	@@ -9,7 +9,7 @@ struct minifs_dirent {
	 
	 int minifs_find_entry(struct page *page, u32 ino)
	 {
	-	struct minifs_dirent *de = kmap(page);
	+	struct minifs_dirent *de = kmap_local_page(page);
	 	int i, found = -1;
	 
	 	for (i = 0; i < (int)(PAGE_SIZE / sizeof(*de)); i++) {
	@@ -18,7 +18,7 @@ int minifs_find_entry(struct page *page, u32 ino)
	 			break;
	 		}
	 	}
	-	kunmap(page);
	+	kunmap_local(de);
	 	return found;
	 }
	 
	@@ -27,9 +27,9 @@ u32 minifs_first_inode(struct page *page)
	 	struct minifs_dirent *de;
	 	u32 ino;
	 
	-	de = kmap_atomic(page);
	+	de = kmap_local_page(page);
	 	ino = de->inode;
	-	kunmap_atomic(de);
	+	kunmap_local(de);
	 	return ino;
	 }
	 
	@@ -40,19 +40,20 @@ struct minifs_name {
	 
	 #define MINIFS_PER_PAGE (PAGE_SIZE / sizeof(struct minifs_name))
	 
	-static inline void minifs_put_page(struct page *page)
	+static inline void minifs_put_page(struct page *page, void *addr)
	 {
	-	kunmap(page);
	+	kunmap_local(addr);
	 	put_page(page);
	 }
	 
	-static struct page *minifs_get_page(struct address_space *mapping, unsigned long n)
	+static void *minifs_get_page(struct address_space *mapping, unsigned long n, struct page **pagep)
	 {
	 	struct page *page = read_mapping_page(mapping, n, NULL);
	 
	-	if (!IS_ERR(page))
	-		kmap(page);
	-	return page;
	+	*pagep = page;
	+	if (IS_ERR(page))
	+		return ERR_CAST(page);
	+	return kmap_local_page(page);
	 }
	 
	 u32 minifs_lookup(struct address_space *mapping, unsigned long npages, const char *name)
	@@ -63,19 +64,18 @@ u32 minifs_lookup(struct address_space *mapping, unsigned long npages, const cha
	 	unsigned int i;
	 
	 	for (n = 0; n < npages; n++) {
	-		page = minifs_get_page(mapping, n);
	+		de = minifs_get_page(mapping, n, &page);
	 		if (IS_ERR(page))
	 			continue;
	-		de = (struct minifs_name *)page_address(page);
	 		for (i = 0; i < MINIFS_PER_PAGE; i++) {
	 			if (de[i].inode && !__builtin_strcmp(de[i].name, name)) {
	 				u32 ino = de[i].inode;
	 
	-				minifs_put_page(page);
	+				minifs_put_page(page, de);
	 				return ino;
	 			}
	 		}
	-		minifs_put_page(page);
	+		minifs_put_page(page, de);
	 	}
	 	return 0;
	 }
	@@ -86,11 +86,10 @@ int minifs_unlink(struct address_space *mapping, unsigned long n, unsigned int i
	 	struct page *page;
	 	int err = 0;
	 
	-	page = minifs_get_page(mapping, n);
	+	de = minifs_get_page(mapping, n, &page);
	 	if (IS_ERR(page))
	 		return PTR_ERR(page);
	 	lock_page(page);
	-	de = page_address(page);
	 	if (i >= MINIFS_PER_PAGE) {
	 		err = -EINVAL;
	 		goto out;
	@@ -99,6 +98,6 @@ int minifs_unlink(struct address_space *mapping, unsigned long n, unsigned int i
	 	set_page_dirty(page);
	 out:
	 	unlock_page(page);
	-	minifs_put_page(page);
	+	minifs_put_page(page, de);
	 	return err;
	 }
	EOF
	kmap_local -C repo diff -q fs/minifs/dir.c >out &&
	test_cmp expect out
'

test_expect_success 'the whole diff applies to the base, file by file in path order' '
	kmap_local -C repo diff -q >all.diff &&
	grep "^diff --git" all.diff >files &&
	cat >expect <<-\EOF &&
	diff --git a/drivers/block/ramdisk-mini.c b/drivers/block/ramdisk-mini.c
	diff --git a/drivers/md/raid-mini.c b/drivers/md/raid-mini.c
	diff --git a/fs/minifs/dir.c b/fs/minifs/dir.c
	diff --git a/fs/minifs/file.c b/fs/minifs/file.c
	diff --git a/mm/highmem-mini.c b/mm/highmem-mini.c
	EOF
	test_cmp expect files &&
	git -C repo apply --check "$TRASH/all.diff"
'

test_expect_success 'the diff is what git diff shows after applying it' '
	git clone -q repo applied &&
	git -C applied apply "$TRASH/all.diff" &&
	git -C applied diff >git.diff &&
	test_cmp git.diff all.diff
'

test_expect_success 'diff --stat' '
	cat >expect <<-\EOF &&
	 drivers/block/ramdisk-mini.c | 12 +++++-------
	 drivers/md/raid-mini.c       | 12 ++++++------
	 fs/minifs/dir.c              | 33 ++++++++++++++++-----------------
	 fs/minifs/file.c             | 10 +++-------
	 mm/highmem-mini.c            |  8 ++++----
	 5 files changed, 34 insertions(+), 41 deletions(-)
	EOF
	kmap_local -C repo diff -q --stat >out &&
	test_cmp expect out &&
	git -C applied diff --stat >git.stat &&
	test_cmp git.stat out
'

test_expect_success 'no color when stdout is not a terminal; --color forces it' '
	! grep -q "$(printf "\033")" all.diff &&
	kmap_local -C repo diff -q --color fs/minifs/dir.c >color.diff &&
	grep -q "$(printf "\033\\[32m+\tde = kmap_local_page(page);\033\\[m")" color.diff &&
	grep -q "$(printf "\033\\[31m-\tde = kmap_atomic(page);\033\\[m")" color.diff &&
	grep -q "$(printf "^\033\\[1mdiff --git")" color.diff &&
	grep -q "$(printf "^\033\\[36m@@ -27,9 +27,9 @@\033\\[m u32 minifs_first_inode")" color.diff
'

test_expect_success 'on a terminal the diff is colored and paged through $PAGER' '
	cat >pager.sh <<-\EOF &&
	#!/bin/sh
	sed "s/^/PAGED: /"
	EOF
	chmod +x pager.sh &&
	TERM=xterm PAGER="$TRASH/pager.sh" \
		script -qec "$KMAP_LOCAL -C repo diff -q fs/minifs/dir.c" /dev/null >tty.out &&
	grep -q "^PAGED: .*diff --git a/fs/minifs/dir.c" tty.out &&
	grep -q "$(printf "\033\\[32m")" tty.out
'

test_expect_success '$GIT_PAGER wins over $PAGER, and --no-pager skips it' '
	GIT_PAGER="sed s/^/GIT:/" PAGER="$TRASH/pager.sh" \
		script -qec "$KMAP_LOCAL -C repo diff -q fs/minifs/dir.c" /dev/null >tty.out &&
	grep -q "^GIT:" tty.out &&
	! grep -q "^PAGED:" tty.out &&
	PAGER="$TRASH/pager.sh" \
		script -qec "$KMAP_LOCAL -C repo diff -q --no-pager fs/minifs/dir.c" /dev/null >tty.out &&
	! grep -q "PAGED:" tty.out &&
	grep -q "diff --git" tty.out
'

# on_tty CMD...: run CMD on a terminal (TERM=xterm), its output in tty.out
on_tty () {
	TERM=${TERM_FOR_TTY:-xterm} script -qec "$*" /dev/null >tty.out
}

has_color () {
	grep -q "$(printf "\033\\[32m")" "$1"
}

test_expect_success '--color=WHEN, --no-color and the color.ui/color.diff settings, as git' '
	D="$KMAP_LOCAL -C repo diff -q --no-pager fs/minifs/dir.c" &&
	kmap_local -C repo diff -q --color=always fs/minifs/dir.c >out && has_color out &&
	kmap_local -C repo diff -q --color=auto fs/minifs/dir.c >out && ! has_color out &&
	kmap_local -C repo diff -q --color --no-color fs/minifs/dir.c >out && ! has_color out &&
	on_tty $D --color=never && ! has_color tty.out &&
	on_tty $D && has_color tty.out &&
	TERM_FOR_TTY=dumb on_tty $D && ! has_color tty.out &&
	git -C repo config color.ui false &&
	on_tty $D && ! has_color tty.out &&
	on_tty $D --color && has_color tty.out &&
	git -C repo config color.ui always &&
	kmap_local -C repo diff -q fs/minifs/dir.c >out && has_color out &&
	git -C repo config color.diff never &&
	kmap_local -C repo diff -q fs/minifs/dir.c >out && ! has_color out &&
	git -C repo config --unset color.diff &&
	git -C repo config color.ui auto &&
	kmap_local -C repo diff -q fs/minifs/dir.c >out && ! has_color out &&
	git -C repo config --unset color.ui &&
	test_expect_code 129 kmap_local -C repo diff -q --color=sometimes 2>err &&
	test_one_error_line err "option .--color. expects \"always\", \"auto\", or \"never\""
'

test_expect_success 'NO_COLOR turns auto off; --color and color.ui still win' '
	D="$KMAP_LOCAL -C repo diff -q --no-pager fs/minifs/dir.c" &&
	NO_COLOR=1 on_tty $D && ! has_color tty.out &&
	NO_COLOR= on_tty $D && has_color tty.out &&
	NO_COLOR=1 on_tty $D --color && has_color tty.out &&
	git -C repo config color.ui always &&
	NO_COLOR=1 kmap_local -C repo diff -q fs/minifs/dir.c >out && has_color out &&
	git -C repo config --unset color.ui
'

test_expect_success 'core.pager: after $GIT_PAGER, before $PAGER' '
	git -C repo config core.pager "sed s/^/CORE:/" &&
	PAGER="$TRASH/pager.sh" on_tty "$KMAP_LOCAL" -C repo diff -q fs/minifs/dir.c &&
	grep -q "^CORE:" tty.out && ! grep -q "^PAGED:" tty.out &&
	GIT_PAGER="sed s/^/GIT:/" on_tty "$KMAP_LOCAL" -C repo diff -q fs/minifs/dir.c &&
	grep -q "^GIT:" tty.out && ! grep -q "^CORE:" tty.out &&
	git -C repo config core.pager cat &&
	PAGER="$TRASH/pager.sh" on_tty "$KMAP_LOCAL" -C repo diff -q fs/minifs/dir.c &&
	! grep -q "^PAGED:" tty.out && grep -q "diff --git" tty.out &&
	git -C repo config --unset core.pager
'

test_expect_success 'diff of a tree with nothing to convert is empty' '
	kmap_local -C repo diff -q lib >out &&
	test_must_be_empty out
'

test_expect_success 'hunk headers follow the base tree'"'"'s .gitattributes' '
	git init -q attrs &&
	mkdir -p attrs/fs/a &&
	printf "*.c diff=cpp\n" >attrs/fs/.gitattributes &&
	sed "s/Q/	/g" >attrs/fs/a/t.c <<-\EOF &&
	int t_copy(struct page *page, char *dst)
	{
	Qchar *p;
	Qint ret = 0;

	Qif (!dst)
	QQgoto out;
	out:
	Qret = 1;
	Qret++;
	Qret++;
	Qp = kmap_atomic(page);
	Qdst[0] = p[0];
	Qkunmap_atomic(p);
	Qreturn ret;
	}
	EOF
	git -C attrs add . && git -C attrs commit -q -m base &&
	kmap_local -C attrs diff -q >out &&
	grep "^@@ .* @@ int t_copy(struct page \*page, char \*dst)$" out &&
	rm attrs/fs/.gitattributes &&
	kmap_local -C attrs diff -q >out2 &&
	test_cmp out out2 &&
	git -C attrs rm -q --cached fs/.gitattributes &&
	kmap_local -C attrs diff -q >out3 &&
	test_cmp out out3 &&
	git -C attrs commit -q -m "no attributes" &&
	kmap_local -C attrs diff -q >out4 &&
	grep "^@@ .* @@ out:$" out4
'

test_expect_success 'diff and scan leave the repository as it was' '
	test "$before" = "$(repo_snapshot repo)"
'

test_done
