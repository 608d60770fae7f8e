// CRC-32C (Castagnoli), the checksum of every WAL record: hardware-accelerated with SSE 4.2
// where the CPU has it (about 10 bytes per cycle), a table otherwise.
#ifndef C_CHECKSUM_H
#define C_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

// Extends `crc` (0 to start) over `length` bytes at `data`. Same result on every CPU.
uint32_t swarm_crc32c(uint32_t crc, const void *data, size_t length);

// The same, always through the table: lets tests check the fast path against it.
uint32_t swarm_crc32c_portable(uint32_t crc, const void *data, size_t length);

#endif
