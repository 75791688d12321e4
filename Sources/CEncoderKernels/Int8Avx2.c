/* The AVX2 + FMA int8 kernels. Built for any x86-64 CPU: only these functions carry the target
 * attribute, and cek_int8_linear calls them after cek_int8_isa() found AVX2 and FMA. */
#include "Int8Kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <math.h>
#include <string.h>

#define CEK_AVX2 __attribute__((target("avx2,fma")))

/* Output channels per pass of the column loop: 128 channels of packed weights (width · 128
 * bytes, 192 KiB for the 1536-wide FFN output) stay in L2 while every row block passes over them. */
enum { CEK_NC = 128 };

/* The Hadamard butterflies between lanes 1, 2 and 4 apart, inside one register of 8 floats. */
CEK_AVX2 static inline __m256 hadamard8(__m256 v) {
    __m256 swapped = _mm256_permute_ps(v, 0xB1);
    v = _mm256_blend_ps(_mm256_add_ps(v, swapped), _mm256_sub_ps(swapped, v), 0xAA);
    swapped = _mm256_permute_ps(v, 0x4E);
    v = _mm256_blend_ps(_mm256_add_ps(v, swapped), _mm256_sub_ps(swapped, v), 0xCC);
    swapped = _mm256_permute2f128_ps(v, v, 1);
    return _mm256_blend_ps(_mm256_add_ps(v, swapped), _mm256_sub_ps(swapped, v), 0xF0);
}

/* In-place unnormalised Walsh-Hadamard transform of each `block` (8...128) floats of `x`. */
CEK_AVX2 static void hadamard_blocks(float *x, int count, int block) {
    for (int start = 0; start < count; start += block) {
        for (int j = start; j < start + block; j += 8) _mm256_storeu_ps(x + j, hadamard8(_mm256_loadu_ps(x + j)));
        for (int half = 8; half < block; half *= 2)
            for (int i = start; i < start + block; i += 2 * half)
                for (int j = i; j < i + half; j += 8) {
                    const __m256 a = _mm256_loadu_ps(x + j), b = _mm256_loadu_ps(x + j + half);
                    _mm256_storeu_ps(x + j, _mm256_add_ps(a, b));
                    _mm256_storeu_ps(x + j + half, _mm256_sub_ps(a, b));
                }
    }
}

CEK_AVX2 void cek_avx2_quantize_rows(const float *x, int rows, int width, int block, float *scratch, cek_quantized_rows *q) {
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7), bottom = _mm256_set1_epi8(-127);
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    for (int r = 0; r < rows; r++) {
        memcpy(scratch, x + (size_t)r * width, (size_t)width * sizeof(float));
        for (int k = width; k < q->stride; k++) scratch[k] = 0;
        if (block > 1) hadamard_blocks(scratch, width, block);
        __m256 largest8 = _mm256_setzero_ps();
        int k = 0;
        for (; k + 8 <= width; k += 8) largest8 = _mm256_max_ps(largest8, _mm256_and_ps(_mm256_loadu_ps(scratch + k), magnitude));
        float lanes[8], largest = 0;
        _mm256_storeu_ps(lanes, largest8);
        for (int lane = 0; lane < 8; lane++) largest = fmaxf(largest, lanes[lane]);
        for (; k < width; k++) largest = fmaxf(largest, fabsf(scratch[k]));

        const float scale = largest > 0 ? largest / 127 : 1, inverse = 1 / scale;
        q->scales[r] = scale;
        int8_t *codes = q->codes + (size_t)r * q->stride;
        uint8_t *magnitudes = q->magnitudes + (size_t)r * q->stride;
        const __m256 factor = _mm256_set1_ps(inverse);
        k = 0;
        for (; k + 32 <= q->stride; k += 32) {
            __m256i part[4];
            for (int p = 0; p < 4; p++) part[p] = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(scratch + k + 8 * p), factor));
            const __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(part[0], part[1]), _mm256_packs_epi32(part[2], part[3]));
            const __m256i signed_codes = _mm256_max_epi8(_mm256_permutevar8x32_epi32(bytes, order), bottom);
            _mm256_storeu_si256((__m256i *)(codes + k), signed_codes);
            _mm256_storeu_si256((__m256i *)(magnitudes + k), _mm256_abs_epi8(signed_codes));
        }
        for (; k < q->stride; k++) {
            const long code = lrintf(scratch[k] * inverse);
            codes[k] = (int8_t)(code < -127 ? -127 : (code > 127 ? 127 : code));
            magnitudes[k] = (uint8_t)(codes[k] < 0 ? -codes[k] : codes[k]);
        }
    }
}

/* y[r][j] = acc · scale_r · scale_j + bias_j for one tile of up to 4 rows × 16 channels. */
CEK_AVX2 static inline void store_tile(__m256i acc[CEK_MR][2], const cek_quantized_rows *q, int row, int rows,
                                       const float *scales, const float *bias, int column, int out_width, float *y) {
    for (int r = 0; r < CEK_MR && row + r < rows; r++) {
        const __m256 row_scale = _mm256_set1_ps(q->scales[row + r]);
        float *out = y + (size_t)(row + r) * out_width;
        for (int half = 0; half < 2; half++) {
            const int j = column + 8 * half;
            if (j + 8 <= out_width) {
                const __m256 scale = _mm256_mul_ps(row_scale, _mm256_loadu_ps(scales + j));
                _mm256_storeu_ps(out + j, _mm256_fmadd_ps(_mm256_cvtepi32_ps(acc[r][half]), scale, _mm256_loadu_ps(bias + j)));
            } else {
                int32_t lanes[8];
                _mm256_storeu_si256((__m256i *)lanes, acc[r][half]);
                for (int lane = 0; j + lane < out_width; lane++)
                    out[j + lane] = (float)lanes[lane] * q->scales[row + r] * scales[j + lane] + bias[j + lane];
            }
        }
    }
}

CEK_AVX2 void cek_avx2_gemm(const cek_quantized_rows *q, int rows, const int8_t *packed, const float *scales,
                            const float *bias, int out_width, float *y) {
    const int k4 = q->stride, padded_out = cek_round_up(out_width, CEK_NR);
    const __m256i ones = _mm256_set1_epi16(1);
    for (int j0 = 0; j0 < padded_out; j0 += CEK_NC) {
        const int j1 = j0 + CEK_NC < padded_out ? j0 + CEK_NC : padded_out;
        for (int i = 0; i < rows; i += CEK_MR) {
            const int8_t *a = q->codes + (size_t)i * k4;
            const uint8_t *m = q->magnitudes + (size_t)i * k4;
            for (int j = j0; j < j1; j += CEK_NR) {
                const int8_t *b = packed + (size_t)(j / CEK_NR) * k4 * CEK_NR;
                __m256i acc[CEK_MR][2];
                for (int r = 0; r < CEK_MR; r++) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
                for (int k = 0; k < k4; k += 4, b += 4 * CEK_NR) {
                    const __m256i b0 = _mm256_loadu_si256((const __m256i *)b), b1 = _mm256_loadu_si256((const __m256i *)(b + 32));
                    for (int r = 0; r < CEK_MR; r++) {
                        int32_t four, four_magnitudes;
                        memcpy(&four, a + (size_t)r * k4 + k, 4);
                        memcpy(&four_magnitudes, m + (size_t)r * k4 + k, 4);
                        /* vpmaddubsw multiplies unsigned by signed bytes: |a| times b with a's
                         * sign moved onto b. Both are at most 127 in magnitude, so its int16 pair
                         * sums (≤ 2 · 127²) never saturate. */
                        const __m256i av = _mm256_set1_epi32(four), magnitude = _mm256_set1_epi32(four_magnitudes);
                        acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(b0, av)), ones));
                        acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(b1, av)), ones));
                    }
                }
                store_tile(acc, q, i, rows, scales, bias, j, out_width, y);
            }
        }
    }
}

#endif
