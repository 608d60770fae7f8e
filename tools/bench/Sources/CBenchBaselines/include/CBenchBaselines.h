// The raw C loops the Swift benchmarks compare against: the cost floor of each operation with
// no Swift wrapper in between.
#ifndef C_BENCH_BASELINES_H
#define C_BENCH_BASELINES_H

#include <stddef.h>

// Copies `length` bytes from `input` to `output`, `iterations` times.
void swarm_bench_memcpy_loop(unsigned char *output, const unsigned char *input, size_t length,
                             size_t iterations);

// Seals `length` bytes with a fresh random nonce each time (randombytes_buf, then
// crypto_aead_xchacha20poly1305_ietf_encrypt, no associated data), `iterations` times.
// `output` holds length + 16 bytes.
void swarm_bench_sodium_seal_loop(unsigned char *output, const unsigned char *input, size_t length,
                                  const unsigned char *key, size_t iterations);

// Seals `input` once, then opens it `iterations` times with
// crypto_aead_xchacha20poly1305_ietf_decrypt. Returns 0 if every open succeeded.
int swarm_bench_sodium_open_loop(unsigned char *plaintext, const unsigned char *input, size_t length,
                                 const unsigned char *key, size_t iterations);

#endif
