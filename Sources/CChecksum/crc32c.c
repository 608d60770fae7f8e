#include "CChecksum.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

static uint32_t table[256];

// Runs when the library loads, before any thread can call in.
__attribute__((constructor)) static void build_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t crc = i;
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
        }
        table[i] = crc;
    }
}

static uint32_t crc32c_table(uint32_t crc, const unsigned char *bytes, size_t length) {
    for (size_t i = 0; i < length; i++) {
        crc = table[(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
    }
    return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t crc32c_sse42(uint32_t crc, const unsigned char *bytes,
                                                               size_t length) {
    uint64_t wide = crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        wide = _mm_crc32_u64(wide, word);
        bytes += 8;
        length -= 8;
    }
    crc = (uint32_t)wide;
    while (length > 0) {
        crc = _mm_crc32_u8(crc, *bytes);
        bytes++;
        length--;
    }
    return crc;
}
#endif

uint32_t swarm_crc32c(uint32_t crc, const void *data, size_t length) {
    const unsigned char *bytes = data;
    crc = ~crc;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2")) {
        return ~crc32c_sse42(crc, bytes, length);
    }
#endif
    return ~crc32c_table(crc, bytes, length);
}

uint32_t swarm_crc32c_portable(uint32_t crc, const void *data, size_t length) {
    return ~crc32c_table(~crc, data, length);
}
