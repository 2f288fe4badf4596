// glibc functions Swift's Glibc module does not expose (sync_file_range needs _GNU_SOURCE),
// behind small wrappers that do nothing on other systems.
// Header-only: the function is glibc's.
#ifndef PSD_GLIBC_EXTRAS_H
#define PSD_GLIBC_EXTRAS_H

#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ (musl's does not)
#endif

#if defined(__linux__) && defined(__GLIBC__)
// glibc's prototype, with __off64_t spelled as the `long` it is on 64-bit Linux.
int sync_file_range(int fd, long offset, long count, unsigned int flags);

/// Starts writeback of the dirty pages of `fd`'s first `length` bytes that are not already being
/// written (flag 2 is SYNC_FILE_RANGE_WRITE). Returns at once; errors are left to the fsync that
/// follows.
static inline void psd_start_writeback(int fd, long length) {
  if (length > 0) (void)sync_file_range(fd, 0, length, 2);
}
#else
static inline void psd_start_writeback(int fd, long length) { (void)fd; (void)length; }
#endif

#endif
