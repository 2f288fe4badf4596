// Starting the disk write of a file's dirty pages without waiting for it (Linux's
// sync_file_range, which Swift's Glibc module does not expose: it needs _GNU_SOURCE).
// Header-only: the function is glibc's.
#ifndef PSD_WRITEBACK_H
#define PSD_WRITEBACK_H

#ifdef __linux__
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
