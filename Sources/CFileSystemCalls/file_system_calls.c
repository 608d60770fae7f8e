#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>

#include "CFileSystemCalls.h"

int swarm_start_writeback(int descriptor, int64_t offset, int64_t count) {
    return sync_file_range(descriptor, offset, count, SYNC_FILE_RANGE_WRITE);
}

int swarm_exchange_names(const char *first, const char *second) {
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
}
