#ifndef KMAP_MESSAGE_H
#define KMAP_MESSAGE_H
/*
 * Commit messages and cover letters from the templates in series/.
 *
 * A template is plain text with ${name} placeholders.  A line holding only
 * a placeholder whose value is empty disappears with the blank line after
 * it; every line is then wrapped at 72 columns ("- " items continue under
 * their text), so checkpatch's 75-column limit holds whatever the values.
 *
 * A commit message is: the subject, one paragraph on the calls replaced
 * and what a local mapping is (intro.txt), then one line per group of
 * functions that share a verdict kind and a reason (local.txt,
 * local+pagefault_disable.txt, local+preempt_disable.txt, helper.txt),
 * footer.txt (how it was checked), and a Signed-off-by: line.
 */
#include "buf.h"
#include "split.h"
#include "strvec.h"

#define WRAP_COLUMNS 72

/* Find the template directory: $KMAP_LOCAL_SERIES_DIR or the bundled series/. */
const char *message_template_dir(void);
/* Render template `name` ("cover") with vars "key=value". */
int message_render(struct buf *out, const char *dir, const char *name,
		   const struct strvec *vars);
/* Wrap every line of `text` at `columns`. */
void message_wrap(struct buf *out, const char *text, size_t columns);
int message_commit(struct buf *out, const char *dir, const struct plan_patch *p,
		   const char *signoff);

#endif
