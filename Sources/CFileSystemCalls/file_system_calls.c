#define _GNU_SOURCE
#include <fcntl.h>

#include "CFileSystemCalls.h"

int swarm_start_writeback(int descriptor, int64_t offset, int64_t count) {
    return sync_file_range(descriptor, offset, count, SYNC_FILE_RANGE_WRITE);
}

