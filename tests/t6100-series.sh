#!/bin/sh
# kmap-local series: per-maintainer commits on a topic branch, written as
# git format-patch compatible mail series, without touching the work tree,
# the index, HEAD or any other ref.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_DATE='@1700000000 +0000'
TOPIC=kmap-local/2023-11-14
OUT=series/$TOPIC/v1

# HEAD, the index and the work tree (refs are checked separately).
worktree_snapshot () {
	(
		cd "$1" &&
		git status --porcelain >/dev/null
		git symbolic-ref -q HEAD
		git rev-parse -q --verify HEAD
		sha1sum .git/index
		find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 -r sha1sum
		git status --porcelain --ignored
	) | sha1sum
}

refs () {
	git -C "${1:-repo}" for-each-ref --format='%(refname) %(objectname)'
}

test_expect_success 'setup' '
	make_mini_repo repo &&
	wt=$(worktree_snapshot repo) &&
	refs >refs.before &&
	base=$(git -C repo rev-parse HEAD)
'

test_expect_success '--dry-run prints the plan and writes nothing' '
	kmap_local -C repo series --dry-run >actual &&
	cat >expect <<-EOF &&
	topic $TOPIC: 5 patches in 3 series (dry run: nothing written)

	series block v1
	  [1/2] block: Convert kmap_atomic() to kmap_local_page() in ramdisk-mini.c
	    files: drivers/block/ramdisk-mini.c
	    To: Dan Block <dan@example.org>, Gus Ram <gus@example.org>
	    Cc: linux-block@example.org, linux-kernel@example.org
	    verdicts: 1 helper:memzero_page, 1 local+preempt_disable
	  [2/2] md/raid-mini: Convert kmap_atomic() to kmap_local_page() in raid-mini.c
	    files: drivers/md/raid-mini.c
	    To: Bob Raid <bob@example.org>, Carol Review <carol@example.org>
	    Cc: linux-raid@example.org, linux-kernel@example.org
	    verdicts: 3 local

	series minifs v1
	  [1/2] minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in dir.c
	    files: fs/minifs/dir.c
	    To: Ada Maintainer <ada@example.org>, Frank Dir <frank@example.org>
	    Cc: linux-fsdevel@example.org, linux-kernel@example.org
	    verdicts: 3 local
	  [2/2] minifs: Convert kmap_atomic() to kmap_local_page() in file.c
	    files: fs/minifs/file.c
	    To: Ada Maintainer <ada@example.org>
	    Cc: linux-fsdevel@example.org, linux-kernel@example.org
	    verdicts: 1 helper:memcpy_from_page, 1 local

	series mm-highmem v1
	  [1/1] mm/highmem: Convert kmap_atomic*() to kmap_local_*() in highmem-mini.c
	    files: mm/highmem-mini.c
	    To: Eve Memory <eve@example.org>
	    Cc: linux-mm@example.org, linux-kernel@example.org
	    verdicts: 2 local
	EOF
	test_cmp expect actual &&
	test ! -e series &&
	refs >refs.now && test_cmp refs.before refs.now &&
	test "$wt" = "$(worktree_snapshot repo)"
'

test_expect_success 'series commits onto the topic branch and writes the mails' '
	kmap_local -C repo series --no-build >files 2>err &&
	cat err &&
	cat >expect <<-EOF &&
	$OUT/block/0000-cover-letter.patch
	$OUT/block/0001-block-Convert-kmap_atomic-to-kmap_local_page-in-ramd.patch
	$OUT/block/0002-md-raid-mini-Convert-kmap_atomic-to-kmap_local_page-.patch
	$OUT/minifs/0000-cover-letter.patch
	$OUT/minifs/0001-minifs-Convert-kmap_atomic-and-kmap-to-kmap_local_pa.patch
	$OUT/minifs/0002-minifs-Convert-kmap_atomic-to-kmap_local_page-in-fil.patch
	$OUT/mm-highmem/0001-mm-highmem-Convert-kmap_atomic-to-kmap_local_-in-hig.patch
	EOF
	test_cmp expect files &&
	test "$(find series -type f | wc -l)" = 8 &&
	test -f $OUT/report.json &&
	grep -q "topic $TOPIC: 5 patches in 3 series under $OUT" err &&
	grep -q "^  minifs v1: 2 patches to .* on branch $TOPIC/minifs" err
'

test_expect_success 'only the series refs were added; HEAD, index and files untouched' '
	test "$wt" = "$(worktree_snapshot repo)" &&
	refs | grep -v -F -f refs.before | cut -d" " -f1 >added &&
	cat >expect <<-EOF &&
	refs/heads/$TOPIC/block
	refs/heads/$TOPIC/minifs
	refs/heads/$TOPIC/mm-highmem
	refs/tags/sent/$TOPIC/block-v1
	refs/tags/sent/$TOPIC/minifs-v1
	refs/tags/sent/$TOPIC/mm-highmem-v1
	EOF
	test_cmp expect added &&
	test "$(git -C repo rev-parse $TOPIC/minifs~3)" = "$base" &&
	test "$(git -C repo rev-parse sent/$TOPIC/minifs-v1~2)" = "$base" &&
	git -C repo cat-file tag sent/$TOPIC/minifs-v1 >tag &&
	grep -q "^base-commit: $base$" tag &&
	grep -q "^change-id: 20231114-minifs-[0-9a-f]\{12\}$" tag &&
	git -C repo log -1 --format=%B $TOPIC/minifs~2 >cover &&
	grep -q "^--- b4-submit-tracking ---$" cover &&
	test "$(git -C repo rev-parse $TOPIC/minifs^{tree})" = \
		"$(git -C repo rev-parse sent/$TOPIC/minifs-v1^{tree})" &&
	test -z "$(ls repo/.git/kmap-local/series)"
'

# same_as_format_patch DIR REPO [GIT-FORMAT-PATCH-OPTION...]: every patch of
# the report in DIR is what git format-patch writes for its commit, apart from
# threading and recipients, and, in a one-patch series, the cover text
# below the "---" and the base-commit/change-id block, which b4 adds there.
same_as_format_patch () {
	python3 - "$@" <<-\PY
	import json, re, subprocess, sys
	out, repo, args = sys.argv[1], sys.argv[2], sys.argv[3:]
	report = json.load(open(out + "/report.json"))
	def subject(m):
	    return "Subject: [%s] " % m.group(1) if m.group(1) else "Subject: "
	def strip(text):
	    text = re.sub(r"(?m)^(Subject: .*)\n (.*)$", r"\1 \2", text)
	    text = re.sub(r"(?m)^(Message-ID|In-Reply-To|References): .*\n", "", text)
	    text = re.sub(r"(?m)^(To|Cc): .*\n(    .*\n)*", "", text)
	    return re.sub(r"(?m)^Subject: \[(.*?) ?[0-9]+/[0-9]+\] ", subject, text)
	def unmix(text):
	    head, cover, rest = text.split("\n---\n", 2)
	    assert "base-commit" not in cover and "diff --git" in rest, text
	    rest, basement = rest.rsplit("\n---\nbase-commit: ", 1)
	    assert re.match(r"[0-9a-f]{40}\nchange-id: \S+\n(-- \n|$)", basement), basement
	    return head + "\n---\n" + rest + basement[basement.index("\n", 52) + 1:]
	n = 0
	for s in report["series"]:
	    for p in s["patches"]:
	        ours = open(out + "/" + p["file"]).read()
	        if s["cover"] is None:
	            ours = unmix(ours)
	        git = subprocess.run(["git", "-C", repo, "format-patch", "-1", "--stdout"] +
	                             args + [p["commit"]],
	                             check=True, capture_output=True, text=True).stdout
	        assert strip(ours) == strip(git), (p["file"], strip(ours), git)
	        n += 1
	assert n == 5, n
	PY
}

test_expect_success 'each patch file is what git format-patch writes for its commit' '
	same_as_format_patch $OUT repo --signature "$("$KMAP_LOCAL" --version | cut -d" " -f1,3)"
'

test_expect_success 'patches thread to their cover letter, which has the union of To/Cc' '
	(
		for d in block minifs; do
			cover=$(sed -n "s/^Message-ID: //p" $OUT/$d/0000-cover-letter.patch) &&
			for p in $OUT/$d/000[1-9]-*.patch; do
				grep -q "^In-Reply-To: $cover$" $p &&
				grep -q "^References: $cover$" $p || exit 1
			done
		done
	) &&
	sed -n "/^To:/,/^Cc:/p" $OUT/block/0000-cover-letter.patch >to &&
	grep -q "Dan Block <dan@example.org>" to &&
	grep -q "Bob Raid <bob@example.org>" to &&
	grep -q "Carol Review <carol@example.org>" to &&
	grep -q "^Subject: \[PATCH 0/2\] Convert kmap_atomic() and kmap() to kmap_local_page()" \
		$OUT/block/0000-cover-letter.patch &&
	grep -q "^Subject: \[PATCH 2/2\] minifs: " $OUT/minifs/0002-*.patch
'

test_expect_success 'the cover letter explains, summarises, lists flagged sites and the base' '
	cover=$OUT/minifs/0000-cover-letter.patch &&
	grep -q "deprecated in favour of kmap_local_page()" $cover &&
	grep -q "^the task that made it; on HIGHMEM systems it disables migration, never$" $cover &&
	! grep -q "valid across preemption and migration" $cover &&
	grep -q "^This series converts 5 call sites in 2 files, in 2 patches:" $cover &&
	grep -q "^- 1/2 minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in$" $cover &&
	grep -q "^  dir.c$" $cover &&
	grep -q "^- 2/2 minifs: Convert kmap_atomic() to kmap_local_page() in file.c$" $cover &&
	grep -q "^  (memcpy_from_page())$" $cover &&
	test "$(grep -c "^- [0-9]/2 " $cover)" = 2 &&
	! grep -q "helper:\|local+" $cover &&
	grep -q "^- fs/minifs/file.c:27 minifs_copy_to_user(): relies on kmap_atomic()$" $cover &&
	grep -q "^The Coccinelle rules checked the reasons and the unmap order; not$" $cover &&
	grep -q "^compile-tested; not run-time tested.$" $cover &&
	grep -q "^base-commit: $base$" $cover &&
	grep -q "^change-id: 20231114-minifs-[0-9a-f]\{12\}$" $cover &&
	grep -q "^A U Thor (2):" $cover
'

test_expect_success 'commit messages argue each site once and are signed off' '
	git -C repo log --format=%B -1 $TOPIC/minifs~1 >msg &&
	grep -q "^minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in dir.c$" msg &&
	grep -q "^faults and, on !PREEMPT_RT kernels, preemption.  kmap() takes a global$" msg &&
	grep -q "^(see Documentation/mm/highmem.rst)" msg &&
	grep -q "disables migration" msg &&
	! grep -q "valid across preemption and migration" msg &&
	grep -q "^- minifs_find_entry(): the address stays in a local variable" msg &&
	test "$(grep -c "minifs_find_entry()" msg)" = 1 &&
	! grep -q "not edited by hand" msg &&
	test "$(wc -l <msg)" -le 32 &&
	grep -q "^Signed-off-by: A U Thor <author@example.org>$" msg &&
	test "$(git -C repo log -1 --format="%an <%ae> %at" $TOPIC/minifs~1)" = \
		"A U Thor <author@example.org> 1700000000" &&
	for d in block minifs mm-highmem; do
		git -C repo log --format=%B $base..sent/$TOPIC/$d-v1 || return 1
	done >all &&
	! awk "length > 75" all | grep .
'

test_expect_success 'each per-maintainer series applies alone with git am' '
	(
	for d in block minifs mm-highmem; do
		rm -rf am &&
		git clone -q repo am &&
		git -C am am -q $(ls $PWD/$OUT/$d/000[1-9]-*.patch) &&
		git -C am diff --name-only $base HEAD >changed &&
		test -s changed &&
		git -C am diff --quiet origin/$TOPIC/$d -- $(cat changed) || exit 1
	done
	)
'

test_expect_success '--treewide writes one series that git am turns into the topic tree' '
	kmap_local -C repo series --no-build --treewide --topic tw -o tw >files 2>err &&
	test "$(wc -l <files)" = 6 &&
	grep -q "^Subject: \[PATCH 0/5\] Convert" tw/0000-cover-letter.patch &&
	grep -q "^- fs/minifs/file.c:27 minifs_copy_to_user(): relies on kmap_atomic()$" \
		tw/0000-cover-letter.patch &&
	rm -rf am && git clone -q repo am &&
	git -C am am -q $(ls $PWD/tw/000[1-9]-*.patch) &&
	test "$(git -C am rev-parse HEAD^{tree})" = "$(git -C repo rev-parse tw/treewide^{tree})" &&
	git -C am log --format=%B $base..HEAD >am.msgs &&
	git -C repo log --format=%B $base..sent/tw/treewide-v1 >tw.msgs &&
	test_cmp tw.msgs am.msgs
'

test_expect_success 'the same series again: refused; with --force, identical mails' '
	tip=$(git -C repo rev-parse $TOPIC/minifs) &&
	refs >refs.mid &&
	test_expect_code 1 kmap_local -C repo series --no-build 2>err &&
	test_one_error_line err "no series changed since its last version (block v1 and the others); re-roll with -v N or replace it with --force" &&
	test_expect_code 1 kmap_local -C repo series --no-build -v 1 2>err &&
	test_one_error_line err "series .block. already has v1; re-roll it with -v 2 or replace it with --force" &&
	refs >refs.now && test_cmp refs.mid refs.now &&
	kmap_local -C repo series --no-build --force -o again >/dev/null 2>&1 &&
	diff -r $OUT again &&
	test "$(git -C repo rev-parse $TOPIC/minifs)" = "$tip"
'

test_expect_success '-v 2 re-rolls: new files, v1 kept, a range-diff in the cover' '
	v1=$(git -C repo rev-parse sent/$TOPIC/minifs-v1) &&
	sed -i "1i /* minifs directories */" repo/fs/minifs/dir.c &&
	git -C repo commit -qam "minifs: say what dir.c holds" &&
	wt2=$(worktree_snapshot repo) &&
	kmap_local -C repo series --no-build -v 2 >files 2>err &&
	grep -q "^series/$TOPIC/v2/minifs/v2-0001-minifs-Convert" files &&
	test -d $OUT &&
	test "$(git -C repo rev-parse sent/$TOPIC/minifs-v1)" = "$v1" &&
	test "$(git -C repo rev-parse $TOPIC/minifs^{tree})" = \
		"$(git -C repo rev-parse sent/$TOPIC/minifs-v2^{tree})" &&
	cover=series/$TOPIC/v2/minifs/v2-0000-cover-letter.patch &&
	grep -q "^Subject: \[PATCH v2 0/2\]" $cover &&
	grep -q "^Changes in v2:" $cover &&
	grep -q "^- Link to v1: https://lore.kernel.org/r/cover\.[0-9a-f]*\.1700000000\.v1\.kmap-local@example.org$" $cover &&
	grep -q "^Changes since v1 (as git range-diff" $cover &&
	grep -q "^1:  [0-9a-f]\{7\} = 1:  [0-9a-f]\{7\} minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in dir.c" $cover &&
	grep -q "^2:  [0-9a-f]\{7\} = 2:  [0-9a-f]\{7\} minifs: Convert kmap_atomic() to kmap_local_page() in file.c" $cover &&
	test "$wt2" = "$(worktree_snapshot repo)"
'

test_expect_success '--split=file and --split=directory' '
	kmap_local -C repo series --dry-run --split=file >plan &&
	grep -q "^topic .*: 5 patches in 3 series" plan &&
	kmap_local -C repo series --dry-run --split=directory --treewide >plan &&
	grep -q "^topic .*: 4 patches in 1 series" plan &&
	grep -q "files: fs/minifs/dir.c fs/minifs/file.c" plan
'

test_expect_success 'without history the prefix comes from the paths' '
	mkdir flat && cp -R repo/. flat/ && rm -rf flat/.git &&
	git -C flat init -q && git -C flat add . &&
	git -C flat commit -qm "Initial import" &&
	kmap_local -C flat series --dry-run >plan &&
	grep "^  \[" plan | sed "s/:.*//" >prefixes &&
	cat >expect <<-\EOF &&
	  [1/2] block
	  [2/2] md
	  [1/2] minifs
	  [2/2] minifs
	  [1/1] mm/highmem-mini
	EOF
	test_cmp expect prefixes
'

test_expect_success 'the tree'"'"'s checkpatch.pl runs on every patch' '
	git clone -q --no-tags repo cp &&
	mkdir -p cp/scripts &&
	cp "$TEST_DIR/fixtures/checkpatch-standin.pl" cp/scripts/checkpatch.pl &&
	git -C cp add scripts && git -C cp commit -qm "scripts: add checkpatch" &&
	kmap_local -C cp series --no-build -o cpout >/dev/null 2>err &&
	checks=$(cat cpout/minifs/000[1-9]-*.patch | grep -c "^+.*kunmap_local(") &&
	grep -q "^checkpatch.pl of the base tree: 0 errors, 0 warnings, $checks checks$" \
		cpout/minifs/0000-cover-letter.patch &&
	grep -q "CHECK: added kunmap_local()" cpout/minifs/0000-cover-letter.patch &&
	python3 -c "import json,sys; r=json.load(open(\"cpout/report.json\")); \
		assert sum(s[\"checkpatch\"][\"checks\"] for s in r[\"series\"]) > 0, r" &&
	grep -q "^  minifs v1: .*; checkpatch: 0 errors, 0 warnings, $checks checks$" err
'

test_expect_success 'with --no-checkpatch the summary says checkpatch did not run' '
	kmap_local -C cp series --no-build --no-checkpatch --topic nocp -o nocp >/dev/null 2>err &&
	grep -q "^  minifs v1: .*; checkpatch not run$" err &&
	! grep -q "checkpatch: 0 errors" err
'

test_expect_success 'an interrupted run leaves no branch and resumes with the same date' '
	git clone -q cp int &&
	refs int >int.before &&
	test_expect_code 143 env KMAP_TEST_INTERRUPT=1 "$KMAP_LOCAL" -C int series --no-build --topic t \
		-o int-out 2>err &&
	refs int >int.now && test_cmp int.before int.now &&
	test ! -e int-out &&
	test -d int-out.kmap-local-partial &&
	test -n "$(ls int/.git/kmap-local/series)" &&
	(
		unset GIT_AUTHOR_DATE &&
		kmap_local -C int series --no-build --topic t -o int-out >/dev/null 2>err
	) &&
	grep -q "removing .int-out.kmap-local-partial., left by an interrupted run" err &&
	grep -q "resuming the interrupted run of topic .t.$" err &&
	test "$(git -C int log -1 --format=%at t/minifs)" = 1700000000 &&
	test ! -e int-out.kmap-local-partial &&
	test -z "$(ls int/.git/kmap-local/series)"
'

test_expect_success 'series compile-checks its commits; the matrix goes into the covers' '
	kmap_local -C repo series --topic built --toolchain llvm -o built >/dev/null 2>err &&
	cover=$(ls built/mm-highmem/0001-*.patch) &&
	sed -n "/^Signed-off-by:/,/^diff --git/p" $cover >below &&
	cover=below &&
	grep -q "^Build matrix (x86_64 allmodconfig, i386 allmodconfig, arm allmodconfig):" $cover &&
	grep -q "^  x86_64 *not-built: mm/highmem-mini.o: needs CONFIG_HIGHMEM" $cover &&
	grep -q "^  arm *ok (1 object)" $cover &&
	! grep -q "minifs" $cover &&
	test $(grep -c " ok (1 object)" built/minifs/0000-cover-letter.patch) = 6 &&
	python3 -c "import json; b = json.load(open(\"built/report.json\"))[\"build\"]; \
		assert len(b[\"commits\"]) == 5 and b[\"arches\"] == [\"x86_64\", \"i386\", \"arm\"], b"
'

test_expect_success '--drop-failing leaves a commit that does not build out of the mails' '
	git clone -q --no-tags repo drop &&
	sed -i "s/^void \*kmap_local_pfn(unsigned long pfn);/void *kmap_local_pfn(void);/" \
		drop/include/linux/highmem.h &&
	git -C drop commit -qam "highmem: break kmap_local_pfn()" &&
	kmap_local -C drop series --toolchain llvm --arch i386 --drop-failing -o dropped \
		>files 2>err &&
	grep -q "^warning: .mm/highmem: Convert .*. does not build; left out of the mails" err &&
	! grep -q mm-highmem files &&
	grep -q "^Left out, they do not build:" dropped/minifs/0000-cover-letter.patch &&
	grep -q "^  mm/highmem: Convert" dropped/minifs/0000-cover-letter.patch &&
	git -C drop for-each-ref --format="%(refname)" refs/heads/ >branches &&
	grep -q "/minifs$" branches && ! grep -q "/mm-highmem$" branches
'

test_expect_success 'an address in To is not repeated in Cc' '
	git clone -q --no-tags repo once &&
	kmap_local -C once series --no-build --topic once -o once-out \
		--cc "Ada Maintainer <ada@example.org>" --to linux-fsdevel@example.org >/dev/null 2>&1 &&
	sed -n "/^To:/,/^$/p" once-out/minifs/0000-cover-letter.patch >hdr &&
	test "$(grep -c "ada@example.org" hdr)" = 1 &&
	test "$(grep -c "linux-fsdevel@example.org" hdr)" = 1
'

test_expect_success 'a one-patch series has no 0/1 cover: its cover text is below the ---' '
	patch=$(ls $OUT/mm-highmem/*.patch) &&
	test "$(basename $patch)" = 0001-mm-highmem-Convert-kmap_atomic-to-kmap_local_-in-hig.patch &&
	grep -q "^Subject: \[PATCH\] mm/highmem: Convert" $patch &&
	! grep -q "^In-Reply-To:" $patch &&
	sed -n "/^Signed-off-by:/,/^diff --git/p" $patch >below &&
	cat >expect <<-\EOF &&
	Signed-off-by: A U Thor <author@example.org>
	---
	This patch converts 2 call sites in 1 file as part of a tree-wide
	conversion of kmap_atomic() and kmap() to kmap_local_page(); it does not
	depend on the rest of it, so please take it through your tree.

	The Coccinelle rules checked the reasons and the unmap order; not
	compile-tested; not run-time tested.
	---
	 mm/highmem-mini.c | 8 ++++----
	 1 file changed, 4 insertions(+), 4 deletions(-)

	diff --git a/mm/highmem-mini.c b/mm/highmem-mini.c
	EOF
	test_cmp expect below &&
	tail -n 7 $patch >tail &&
	printf "%s\n" "" "---" "base-commit: $base" >expect &&
	head -n 3 tail >tail3 && test_cmp expect tail3 &&
	grep -q "^change-id: 20231114-mm-highmem-[0-9a-f]\{12\}$" tail &&
	python3 -c "import json; s = [s for s in json.load(open(\"$OUT/report.json\"))[\"series\"] \
		if s[\"name\"] == \"mm-highmem\"][0]; assert s[\"cover\"] is None, s; \
		assert s[\"message_id\"] == s[\"patches\"][0][\"message_id\"], s"
'

test_expect_success '--subject-prefix, --rfc, format.subjectPrefix and format.signature' '
	git clone -q --no-tags repo fmt &&
	git -C fmt config format.subjectPrefix "PATCH net" &&
	git -C fmt config format.signature "$(printf "Sig Nature\nsecond line")" &&
	kmap_local -C fmt series --no-build --topic fmt -o fmt-out >/dev/null 2>&1 &&
	grep -q "^Subject: \[PATCH net 0/2\] minifs: Convert" fmt-out/minifs/0000-cover-letter.patch &&
	grep -q "^Subject: \[PATCH net 2/2\] minifs: " fmt-out/minifs/0002-*.patch &&
	grep -q "^Subject: \[PATCH net\] mm/highmem: " fmt-out/mm-highmem/0001-*.patch &&
	printf -- "-- \nSig Nature\nsecond line\n\n" >expect &&
	for f in fmt-out/*/*.patch; do
		tail -n 4 $f >sig && test_cmp expect sig || return 1
	done &&
	same_as_format_patch fmt-out fmt &&
	git -C fmt log -1 --format=%B fmt/minifs~2 | sed -n "/b4-submit-tracking/,\$p" >tracking &&
	grep -q "\"prefixes\": \[\"net\"\]" tracking &&

	kmap_local -C fmt series --no-build --topic rfc --rfc --subject-prefix "PATCH net-next" \
		-o rfc-out >/dev/null 2>&1 &&
	grep -q "^Subject: \[RFC PATCH net-next 0/2\] minifs: " rfc-out/minifs/0000-cover-letter.patch &&
	grep -q "^Subject: \[RFC PATCH net-next 1/2\] minifs: " rfc-out/minifs/0001-*.patch &&

	git -C fmt config --unset format.subjectPrefix &&
	git -C fmt config format.signature "" &&
	kmap_local -C fmt series --no-build --topic rfc2 --rfc -o rfc2-out >/dev/null 2>&1 &&
	! grep -q "^-- $" rfc2-out/*/*.patch &&
	same_as_format_patch rfc2-out fmt --rfc &&
	grep -q "^Subject: \[RFC PATCH 0/2\] minifs: " rfc2-out/minifs/0000-cover-letter.patch
'

test_expect_success 'names with "." or "," quoted as git does; a maintainer who is a list once' '
	git clone -q --no-tags repo names &&
	sed -i "s/^L:\tlinux-fsdevel@example.org/&\nL:\tADA@example.org/" names/MAINTAINERS &&
	git -C names commit -qam "MAINTAINERS: Ada reads mail as a list" &&
	(
		GIT_AUTHOR_NAME="A. U. Thor, Jr" &&
		export GIT_AUTHOR_NAME &&
		kmap_local -C names series --no-build --topic names -o names-out >/dev/null 2>&1 &&
		git -C names format-patch -1 --stdout names/minifs >git.mail
	) &&
	grep -q "^From: \"A. U. Thor, Jr\" <author@example.org>$" names-out/minifs/0001-*.patch &&
	grep -q "^From: \"A. U. Thor, Jr\" <author@example.org>$" names-out/minifs/0000-cover-letter.patch &&
	test "$(grep ^From: git.mail)" = "$(grep ^From: names-out/minifs/0002-*.patch)" &&
	for f in names-out/minifs/*.patch; do
		sed -n "/^To:/,/^\$/p" $f >hdr &&
		test "$(grep -ci "ada@example.org" hdr)" = 1 || return 1
	done &&
	git -C names log -1 --format=%B names/minifs~2 >cover &&
	test "$(grep -ci "^[a-z]*: .*ada@example.org" cover)" = 1
'

test_done
