#ifndef KMAP_FS_H
#define KMAP_FS_H
/* Small file-system helpers; all return 0 or a negative error (printed). */
#include "buf.h"
#include <stddef.h>

int mkdir_p(const char *path);
/* Create the parent directories of `path`, then write `len` bytes to it. */
int write_file_p(const char *path, const void *data, size_t len);
/* Write all of `data` to fd, through short writes and EINTR: 0, or -1 with errno set. */
int write_in_full(int fd, const void *data, size_t len);
/* The same, replacing `path` atomically (buf_write_file_atomic()). */
int write_file_atomic_p(const struct buf *b, const char *path);
/* Remove a directory tree we created (scratch space); errors are ignored. */
void remove_tree(const char *path);
/*
 * Where the bundled data directory `name` (cocci, series) is: $env_var, else
 * beside the binary (name, ../name, ../share/kmap-local/name), else the
 * installed KMAP_DATA_DIR/name.  NULL when none exists.
 */
const char *data_dir(char *buf, size_t size, const char *name, const char *env_var);

#endif
