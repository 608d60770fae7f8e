#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>

#include "CFileSystemCalls.h"

int swarm_start_writeback(int descriptor, int64_t offset, int64_t count) {
    return sync_file_range(descriptor, offset, count, SYNC_FILE_RANGE_WRITE);
}

int swarm_rename_no_replace(const char *source, const char *destination) {
    return renameat2(AT_FDCWD, source, AT_FDCWD, destination, RENAME_NOREPLACE);
}
