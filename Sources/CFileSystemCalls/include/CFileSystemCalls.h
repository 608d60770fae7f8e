// Linux file calls that Swift's Glibc module does not expose (they need _GNU_SOURCE).
#ifndef C_FILE_SYSTEM_CALLS_H
#define C_FILE_SYSTEM_CALLS_H

#include <stdint.h>

// Starts writing back the dirty pages of `count` bytes at `offset` of `descriptor`, without
// waiting and without syncing metadata: sync_file_range(SYNC_FILE_RANGE_WRITE).
// Returns 0, or -1 with errno set.
int swarm_start_writeback(int descriptor, int64_t offset, int64_t count);

// Exchanges the names `first` and `second` atomically (both must exist):
// renameat2(RENAME_EXCHANGE). Returns 0, or -1 with errno set.
int swarm_exchange_names(const char *first, const char *second);

#endif
