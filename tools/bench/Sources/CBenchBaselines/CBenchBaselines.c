#include "CBenchBaselines.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

// Keeps the compiler from proving a copy dead and deleting it.
#define SWARM_BENCH_CLOBBER() __asm__ volatile("" ::: "memory")

void swarm_bench_memcpy_loop(unsigned char *output, const unsigned char *input, size_t length,
                             size_t iterations) {
    for (size_t i = 0; i < iterations; i++) {
        memcpy(output, input, length);
        SWARM_BENCH_CLOBBER();
    }
}

void swarm_bench_sodium_seal_loop(unsigned char *output, const unsigned char *input, size_t length,
                                  const unsigned char *key, size_t iterations) {
    unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
    for (size_t i = 0; i < iterations; i++) {
        randombytes_buf(nonce, sizeof nonce);
        crypto_aead_xchacha20poly1305_ietf_encrypt(output, NULL, input, length, NULL, 0, NULL, nonce,
                                                   key);
        SWARM_BENCH_CLOBBER();
    }
}

int swarm_bench_sodium_open_loop(unsigned char *plaintext, const unsigned char *input, size_t length,
                                 const unsigned char *key, size_t iterations) {
    unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
    size_t sealed_length = length + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    unsigned char *sealed = malloc(sealed_length);
    if (sealed == NULL) {
        return -1;
    }
    randombytes_buf(nonce, sizeof nonce);
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, NULL, input, length, NULL, 0, NULL, nonce, key);
    int failures = 0;
    for (size_t i = 0; i < iterations; i++) {
        failures |= crypto_aead_xchacha20poly1305_ietf_decrypt(plaintext, NULL, NULL, sealed,
                                                               sealed_length, NULL, 0, nonce, key);
        SWARM_BENCH_CLOBBER();
    }
    free(sealed);
    return failures;
}
