#ifndef KMAP_INTERRUPT_H
#define KMAP_INTERRUPT_H
/*
 * Ctrl-C, SIGTERM and SIGHUP end a run cleanly: a dedicated thread takes
 * the signal, stops our children (their process groups get SIGTERM, then
 * SIGKILL after two seconds), removes our scratch directories, and then
 * the process dies of the same signal, so the shell sees the usual status.
 * Nothing is printed after that point.  A signal the caller ignores (nohup,
 * a background job's SIGINT) stays ignored.  SIGXFSZ is ignored, so a file
 * size limit (`ulimit -f`) turns into an EFBIG write error with a message.
 *
 * interrupt_setup() must run before any thread is started.
 */
#include <stdbool.h>

void interrupt_setup(void);
/* Has a terminating signal arrived? */
bool interrupted(void);

#endif
