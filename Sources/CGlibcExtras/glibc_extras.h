// glibc functions Swift's Glibc module does not expose (sync_file_range needs _GNU_SOURCE;
// mallopt lives in <malloc.h>), behind small wrappers that do nothing on other systems.
// Header-only: the functions are glibc's.
#ifndef PSD_GLIBC_EXTRAS_H
#define PSD_GLIBC_EXTRAS_H

#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ (musl's does not)
#endif

#if defined(__linux__) && defined(__GLIBC__)
// glibc's prototypes, with __off64_t spelled as the `long` it is on 64-bit Linux.
int sync_file_range(int fd, long offset, long count, unsigned int flags);
int mallopt(int param, int value);

/// Starts writeback of the dirty pages of `fd`'s first `length` bytes that are not already being
/// written (flag 2 is SYNC_FILE_RANGE_WRITE). Returns at once; errors are left to the fsync that
/// follows.
static inline void psd_start_writeback(int fd, long length) {
  if (length > 0) (void)sync_file_range(fd, 0, length, 2);
}

/// Keeps freed memory in the process for reuse instead of handing it back to the kernel: one
/// arena (M_ARENA_MAX, -8), no mmap per large block (M_MMAP_MAX, -4), no trimming of the heap's
/// top below 2 GB (M_TRIM_THRESHOLD, -1). Returns 1 when all three were set.
static inline int psd_retain_freed_memory(void) {
  return mallopt(-8, 1) == 1 && mallopt(-4, 0) == 1 && mallopt(-1, 0x7fffffff) == 1;
}
#else
static inline void psd_start_writeback(int fd, long length) { (void)fd; (void)length; }
static inline int psd_retain_freed_memory(void) { return 0; }
#endif

#endif
