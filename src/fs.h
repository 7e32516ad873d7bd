#ifndef KMAP_FS_H
#define KMAP_FS_H
/* Small file-system helpers; all return 0 or a negative error (printed). */
#include "buf.h"

int mkdir_p(const char *path);
/* Create the parent directories of `path`, then write `len` bytes to it. */
int write_file_p(const char *path, const void *data, size_t len);
/* Remove a directory tree we created (scratch space); errors are ignored. */
void remove_tree(const char *path);

#endif
