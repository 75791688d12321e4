#ifndef PERSONABANK_CZLIB_SHIM_H
#define PERSONABANK_CZLIB_SHIM_H

/* zlib (Debian zlib1g-dev), for gzip streams; only the Codecs module imports it.
   z_stream holds buffer pointers and zlib keeps a pointer back to it, so every z_stream lives
   in these helpers and Swift only passes [UInt8] arrays, lengths and plain integers (issue 23). */
#include <zlib.h>
#include <string.h>

/* deflateBound for a gzip stream with these parameters. Returns deflateInit2's status; *bound
   is set only when it is Z_OK. */
static inline int personabank_gzip_bound(unsigned long input_length, int level, int window_bits, unsigned long *bound) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    int status = deflateInit2(&stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    if (status != Z_OK) return status;
    *bound = deflateBound(&stream, input_length);
    deflateEnd(&stream);
    return Z_OK;
}

/* Deflates all of input into output (at least personabank_gzip_bound bytes) with Z_FINISH.
   Returns deflateInit2's status; when that is Z_OK, *deflate_status is deflate's status
   (Z_STREAM_END on success) and *written the bytes produced. */
static inline int personabank_gzip_compress(const void *input, size_t input_length, void *output, size_t output_capacity,
                                            int level, int window_bits, int *deflate_status, size_t *written) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    int status = deflateInit2(&stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    if (status != Z_OK) return status;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)input_length;
    stream.next_out = (Bytef *)output;
    stream.avail_out = (uInt)output_capacity;
    *deflate_status = deflate(&stream, Z_FINISH);
    *written = output_capacity - stream.avail_out;
    deflateEnd(&stream);
    return Z_OK;
}

/* Outcomes of personabank_gunzip. */
#define PERSONABANK_GUNZIP_OK 0           /* the input ended, or the output filled up */
#define PERSONABANK_GUNZIP_INIT_FAILED 1  /* inflateInit2 failed */
#define PERSONABANK_GUNZIP_RESET_FAILED 2 /* inflateReset between members failed */
#define PERSONABANK_GUNZIP_TRUNCATED 3    /* Z_BUF_ERROR with output space left */
#define PERSONABANK_GUNZIP_NO_MEMORY 4    /* Z_MEM_ERROR */
#define PERSONABANK_GUNZIP_CORRUPT 5      /* any other status; *zlib_status and message say which */

/* Inflates every gzip member (or a zlib stream) of input into output, counting the bytes
   produced in *produced. Concatenated members are joined; trailing zero padding is ignored.
   For PERSONABANK_GUNZIP_CORRUPT, *zlib_status is inflate's status and message (of
   message_capacity bytes) holds zlib's NUL-terminated message, or is empty when it gave none. */
static inline int personabank_gunzip(const void *input, size_t input_length, void *output, size_t output_capacity,
                                     int window_bits, size_t *produced, int *zlib_status,
                                     void *message, size_t message_capacity) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    *produced = 0;
    *zlib_status = Z_OK;
    if (message_capacity > 0) ((char *)message)[0] = '\0';
    if (inflateInit2(&stream, window_bits) != Z_OK) return PERSONABANK_GUNZIP_INIT_FAILED;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)input_length;
    stream.next_out = (Bytef *)output;
    stream.avail_out = (uInt)output_capacity;
    int outcome;
    while (1) {
        int status = inflate(&stream, Z_NO_FLUSH);
        *produced = output_capacity - stream.avail_out;
        *zlib_status = status;
        if (status == Z_STREAM_END) {
            /* Another member may follow; trailing zero padding is ignored. */
            if (stream.avail_in == 0 || stream.avail_out == 0 || *stream.next_in == 0) { outcome = PERSONABANK_GUNZIP_OK; break; }
            if (inflateReset(&stream) != Z_OK) { outcome = PERSONABANK_GUNZIP_RESET_FAILED; break; }
        } else if (status == Z_OK) {
            continue;
        } else if (status == Z_BUF_ERROR) {
            outcome = stream.avail_out == 0 ? PERSONABANK_GUNZIP_OK : PERSONABANK_GUNZIP_TRUNCATED;
            break;
        } else if (status == Z_MEM_ERROR) {
            outcome = PERSONABANK_GUNZIP_NO_MEMORY;
            break;
        } else {
            if (stream.msg != NULL && message_capacity > 0) {
                strncpy((char *)message, stream.msg, message_capacity - 1);
                ((char *)message)[message_capacity - 1] = '\0';
            }
            outcome = PERSONABANK_GUNZIP_CORRUPT;
            break;
        }
    }
    inflateEnd(&stream);
    return outcome;
}

#endif
