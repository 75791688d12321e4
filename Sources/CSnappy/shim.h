#ifndef PERSONABANK_CSNAPPY_SHIM_H
#define PERSONABANK_CSNAPPY_SHIM_H

/* Snappy's C interface (Debian libsnappy-dev); only the Codecs module imports it. */
#include <snappy-c.h>

/* Snappy's functions take char*; these take void* so Swift passes [UInt8] arrays as they are
   and no pointer is formed in Swift (issue 23). */
static inline snappy_status personabank_snappy_compress(const void *input, size_t input_length,
                                                        void *compressed, size_t *compressed_length) {
    return snappy_compress((const char *)input, input_length, (char *)compressed, compressed_length);
}

static inline snappy_status personabank_snappy_uncompressed_length(const void *compressed, size_t compressed_length,
                                                                   size_t *result) {
    return snappy_uncompressed_length((const char *)compressed, compressed_length, result);
}

static inline snappy_status personabank_snappy_uncompress(const void *compressed, size_t compressed_length,
                                                          void *uncompressed, size_t *uncompressed_length) {
    return snappy_uncompress((const char *)compressed, compressed_length, (char *)uncompressed, uncompressed_length);
}

#endif
