#ifndef KMAP_PAGER_H
#define KMAP_PAGER_H
/*
 * Send our stdout through a pager, as git does: only when stdout is a
 * terminal, using $GIT_PAGER, then core.pager, then $PAGER, then "less" (with LESS=FRX and
 * LV=-c unless set); an empty value or "cat" means no pager.  The pager
 * command is split on blanks into an argv: no shell is involved.
 */
#include <stdbool.h>

/* Page stdout through $GIT_PAGER, else `core_pager` (may be NULL), else $PAGER, else less. */
void pager_start(const char *core_pager);
/* Wait for the pager to exit; called before the process exits. */
void pager_finish(void);
bool pager_in_use(void);

#endif
