#ifndef PERSONABANK_CZLIB_SHIM_H
#define PERSONABANK_CZLIB_SHIM_H

/* zlib (Debian zlib1g-dev), for gzip streams; only the Codecs module imports it. */
#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros that Swift cannot import; these wrap them. */
static inline int personabank_inflate_init(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}

static inline int personabank_deflate_init(z_stream *stream, int level, int window_bits) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}

#endif
