/* Run-time choice of the int8 kernels, and the portable parts: weight packing, the work buffer. */
#include "CEncoderKernels.h"
#include "Int8Kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

cek_isa cek_int8_isa(void) {
    static int cached = -1; /* atomic: threads racing here all store the same value */
    int isa = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (isa < 0) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_cpu_init();
        isa = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? CEK_ISA_AVX2 : CEK_ISA_NONE;
#else
        isa = CEK_ISA_NONE;
#endif
        __atomic_store_n(&cached, isa, __ATOMIC_RELAXED);
    }
    return (cek_isa)isa;
}

const char *cek_isa_name(cek_isa isa) {
    switch (isa) {
    case CEK_ISA_AVX2: return "avx2";
    case CEK_ISA_NONE: break;
    }
    return "none";
}

int cek_int8_rotation_block(int width) {
    int block = 1;
    while (block < 128 && width % (2 * block) == 0) block *= 2;
    return block >= 8 ? block : 1;
}

size_t cek_int8_packed_size(int out_width, int width) {
    return (size_t)cek_round_up(out_width, CEK_NR) * (size_t)cek_round_up(width, 4);
}

/* In-place unnormalised Walsh-Hadamard transform of each `block` values of `x` (`count` values). */
static void hadamard_blocks(float *x, int count, int block) {
    for (int start = 0; start < count; start += block)
        for (int half = 1; half < block; half *= 2)
            for (int i = start; i < start + block; i += 2 * half)
                for (int j = i; j < i + half; j++) {
                    const float a = x[j], b = x[j + half];
                    x[j] = a + b;
                    x[j + half] = a - b;
                }
}

void cek_int8_pack(const float *weights, int out_width, int width, int8_t *packed, float *scales) {
    const int k4 = cek_round_up(width, 4), block = cek_int8_rotation_block(width);
    float *row = malloc((size_t)width * sizeof(float));
    if (row == NULL) abort(); /* out of memory, as a Swift array allocation would trap */
    memset(packed, 0, cek_int8_packed_size(out_width, width));
    for (int j = 0; j < out_width; j++) {
        /* (W·H)[j] with H = Hadamard / √block, as the unnormalised transform divided by `block`
         * once here: the activations get the unnormalised transform, so the product is x·Wᵀ. */
        memcpy(row, weights + (size_t)j * width, (size_t)width * sizeof(float));
        hadamard_blocks(row, width, block);
        float largest = 0;
        for (int k = 0; k < width; k++) largest = fmaxf(largest, fabsf(row[k]));
        const float scale = largest > 0 ? largest / 127 : 1;
        int8_t *column = packed + (size_t)(j / CEK_NR) * k4 * CEK_NR + (j % CEK_NR) * 4;
        for (int k = 0; k < width; k++) column[(size_t)(k / 4) * CEK_NR * 4 + k % 4] = (int8_t)lrintf(row[k] / scale);
        scales[j] = scale / (float)block;
    }
    free(row);
}

void cek_int8_linear(const float *x, int rows, int width, const int8_t *packed, const float *scales,
                     const float *bias, int out_width, float *y) {
    if (rows <= 0 || out_width <= 0) return;
    const int k4 = cek_round_up(width, 4), padded_rows = cek_round_up(rows, CEK_MR);
    /* One block: the codes and their magnitudes (padding rows zero), the row scales, then one
     * float row of scratch. */
    const size_t codes_bytes = ((size_t)padded_rows * k4 + 63) / 64 * 64;
    const size_t floats_bytes = (((size_t)padded_rows + (size_t)k4) * sizeof(float) + 63) / 64 * 64;
    unsigned char *block = aligned_alloc(64, 2 * codes_bytes + floats_bytes);
    if (block == NULL) abort(); /* out of memory, as a Swift array allocation would trap */
    cek_quantized_rows q = {.codes = (int8_t *)block, .magnitudes = block + codes_bytes,
                            .scales = (float *)(block + 2 * codes_bytes), .stride = k4};
    float *scratch = q.scales + padded_rows;
    memset(q.codes + (size_t)rows * k4, 0, (size_t)(padded_rows - rows) * k4);
    memset(q.magnitudes + (size_t)rows * k4, 0, (size_t)(padded_rows - rows) * k4);
    for (int r = rows; r < padded_rows; r++) q.scales[r] = 0;
#if defined(__x86_64__) || defined(__i386__)
    cek_avx2_quantize_rows(x, rows, width, cek_int8_rotation_block(width), scratch, &q);
    cek_avx2_gemm(&q, rows, packed, scales, bias, out_width, y);
#else
    (void)x; (void)packed; (void)scales; (void)bias; (void)y; (void)scratch;
    abort(); /* unreachable: cek_int8_isa() is CEK_ISA_NONE here, and callers check it */
#endif
    free(block);
}
