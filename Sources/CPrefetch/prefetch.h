// Cache prefetch hints for the GBDT histogram loops (Swift has no prefetch of its own).
// Header-only: nothing to link.
#ifndef PSD_PREFETCH_H
#define PSD_PREFETCH_H

/// Asks for the cache line holding `address` to be loaded for reading; never faults.
static inline __attribute__((always_inline)) void psd_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#endif
